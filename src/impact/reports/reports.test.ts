// Reports (bilans) on a small programme: the coordinator writes a draft, chooses testimonies and publishes it; the
// published figures are frozen and under statistical secrecy; a withdrawn testimony disappears from every report;
// drafts are the coordinator's alone, published reports are public. The PDF is readable (its text extracted).
import { sql } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../../test/programme.ts';
import { listAuditEvents } from '../../platform/audit/index.ts';
import type { Db } from '../../platform/db/index.ts';
import { ForbiddenError, NotFoundError, type Role, roles } from '../../platform/permissions/index.ts';
import { importDwellings } from '../../territory/index.ts';
import { recordTestimony } from '../testimonies/record-testimony.ts';
import { withdrawTestimony } from '../testimonies/withdraw-testimony.ts';
import { createReport } from './create-report.ts';
import { getReport } from './get-report.ts';
import { listReports } from './list-reports.ts';
import { publishReport } from './publish-report.ts';
import { getReportContent, reportTestimonyChoices } from './report-content.ts';
import { renderReportPdf, reportPdf } from './report-pdf.ts';
import { updateReport } from './update-report.ts';

let db: Db;
let p: TestProgramme;
const today = '2026-11-26';
const period = { periodFrom: '2026-01-01', periodTo: '2026-06-30' };
const words = {
  kept: 'Avant je ne savais pas allumer un ordinateur, maintenant j’écris à mes petits-enfants.',
  withdrawn: 'Grâce aux ateliers, j’ai fait ma déclaration de revenus toute seule cette année.',
};
let kept: number;
let withdrawn: number;

async function pdfTextOf(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(bytes.slice()), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db, 'reports');
  const pid = p.programmeId;
  const operator = p.actors.operator_agent.organisationId!;
  // N1 opened in 2020: its households count among the open sectors' (2 households: hidden under secrecy).
  await db.execute(sql`
    insert into sector_service (programme_id, sector_id, operator_id, description, opens_on)
    values (${pid}, ${p.sectorIds.N1}, ${operator}, 'Internet N1', '2020-01-01')`);
  await db.execute(sql`
    insert into sector_stage_event (programme_id, sector_id, from_stage, stage, decided_on, source, decided_by)
    values (${pid}, ${p.sectorIds.N1}, 'identified', 'service_open', '2020-01-01', 'history', 'test')`);
  const testimony = async (quote: string, firstName?: string) => {
    const result = await recordTestimony({
      db,
      actor: p.actors.coordinator,
      input: {
        quote,
        attribution: firstName ? 'first_name' : 'anonymous',
        firstName,
        context: 'Atelier débutants, Kerourien',
        consentOn: '2026-05-02',
        consentForm: 'signed',
        sectorId: p.sectorIds.N1,
      },
      today,
    });
    if (!result.ok) throw new Error(result.message);
    return result.testimonyId;
  };
  kept = await testimony(words.kept, 'Aïcha');
  withdrawn = await testimony(words.withdrawn);
});

const create = (role: Role, input: Record<string, unknown>) =>
  createReport({ db, actor: p.actors[role], input: { title: 'Bilan', ...period, ...input } as never, today });

describe('writing a report', () => {
  it('refuses what is not valid with French messages, and changes nothing', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ title: '  ' }, 'title', 'Le titre est obligatoire'],
      [{ title: 'x'.repeat(161) }, 'title', '160 caractères au plus'],
      [
        { periodFrom: '2026-07-01', periodTo: '2026-06-30' },
        'periodTo',
        'La fin de la période doit venir après son début',
      ],
      [{ periodTo: '2026-12-31' }, 'periodTo', 'La période ne peut pas finir après aujourd’hui'],
      [{ periodFrom: '2026-02-30' }, 'periodFrom', 'Date attendue au format AAAA-MM-JJ'],
      [{ sectorId: p.sectorIds.N1, neighbourhoodId: 1 }, 'sectorId', 'pas les deux'],
    ];
    for (const [input, field, message] of cases) {
      const result = await create('coordinator', input);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (result.ok) continue;
      expect(result.reason).toBe('invalid');
      expect(result.issues?.find((i) => i.path === field)?.message ?? '').toContain(message);
    }
    expect(await create('coordinator', { sectorId: 999_999 })).toMatchObject({
      ok: false,
      reason: 'unknown_area',
    });
    expect(await listReports({ db, actor: p.actors.coordinator })).toEqual([]);
  });

  it('is the coordinator’s: every other role is refused', async () => {
    for (const role of roles.filter((r) => r !== 'coordinator'))
      await expect(create(role, {}), role).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('creates a draft, writes its sections and chooses testimonies, with an audit event each time', async () => {
    const created = await create('coordinator', {
      title: 'Bilan du premier semestre',
      sectorId: p.sectorIds.N1,
    });
    if (!created.ok) throw new Error(created.message);
    const id = created.reportId;
    const sections = Array.from({ length: 21 }, (_, i) => ({ heading: `Section ${i + 1}`, body: '' }));
    const tooMany = await updateReport({
      db,
      actor: p.actors.coordinator,
      reportId: id,
      input: { sections },
      today,
    });
    expect(tooMany).toMatchObject({
      ok: false,
      reason: 'invalid',
      issues: [{ path: 'sections', message: '20 sections au plus' }],
    });
    const untitled = await updateReport({
      db,
      actor: p.actors.coordinator,
      reportId: id,
      input: { sections: [{ heading: '', body: 'Sans titre' }] },
      today,
    });
    expect(untitled).toMatchObject({ ok: false, issues: [{ path: 'sections.0.heading' }] });
    expect(
      await updateReport({
        db,
        actor: p.actors.coordinator,
        reportId: id,
        input: { testimonyIds: [kept, 999_999] },
        today,
      }),
    ).toMatchObject({ ok: false, reason: 'unknown_testimony' });

    const written = await updateReport({
      db,
      actor: p.actors.coordinator,
      reportId: id,
      input: {
        summary: 'Un semestre de démarrage à Kerourien.',
        sections: [
          { heading: 'Les ateliers du printemps', body: 'Deux cycles complets.\n\nDes habitants fidèles.' },
          { heading: 'Ce qui reste à faire', body: 'Toucher les foyers isolés.' },
        ],
        testimonyIds: [withdrawn, kept],
      },
      today,
    });
    expect(written).toEqual({ ok: true, reportId: id });
    const choices = await reportTestimonyChoices({ db, actor: p.actors.coordinator, reportId: id });
    expect(choices.map((c) => [c.id, c.chosen, c.author])).toEqual([
      [withdrawn, true, 'Anonyme'],
      [kept, true, 'Aïcha'],
    ]);
    const events = await listAuditEvents(db, p.programmeId, {
      entityType: 'impact_report',
      entityId: String(id),
    });
    expect(events.map((e) => e.action)).toEqual(['impact.report_updated', 'impact.report_created']);
  });
});

describe('reading and publishing a report', () => {
  let id: number;
  beforeAll(async () => {
    const [report] = await listReports({ db, actor: p.actors.coordinator });
    id = report!.id;
  });

  it('keeps a draft to the coordinator: for anyone else it does not exist', async () => {
    const draft = await getReportContent({ db, actor: p.actors.coordinator, reportId: id });
    expect(draft).toMatchObject({ status: 'draft', canManage: true, areaLabel: 'Secteur N1 — Secteur N1' });
    expect(draft.sections.map((s) => s.heading)).toEqual([
      'Les ateliers du printemps',
      'Ce qui reste à faire',
    ]);
    for (const role of roles.filter((r) => r !== 'coordinator'))
      await expect(getReport({ db, actor: p.actors[role], reportId: id }), role).rejects.toBeInstanceOf(
        NotFoundError,
      );
    await expect(getReport({ db, actor: null, reportId: id })).rejects.toBeInstanceOf(NotFoundError);
    expect(await listReports({ db, actor: p.actors.landlord_officer })).toEqual([]);
    await expect(listReports({ db, actor: p.actors.resident })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(publishReport({ db, actor: p.actors.admin, reportId: id })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('shows every figure under statistical secrecy, even to the coordinator', async () => {
    const draft = await getReportContent({ db, actor: p.actors.coordinator, reportId: id });
    expect(draft.indicators.protected).toBe(true);
    const funnel = draft.indicators.publication.tables.find((t) => t.id === 'funnel')!;
    // Two households live in N1: too few to publish.
    expect(funnel.rows[0]).toMatchObject({ values: { households: null }, secret: { households: 'small' } });
  });

  it('freezes the figures when published: the report no longer changes, and anyone may read it', async () => {
    const published = await publishReport({ db, actor: p.actors.coordinator, reportId: id });
    expect(published.ok).toBe(true);
    expect(await publishReport({ db, actor: p.actors.coordinator, reportId: id })).toMatchObject({
      ok: false,
      reason: 'published',
    });
    expect(
      await updateReport({ db, actor: p.actors.coordinator, reportId: id, input: { title: 'Autre' }, today }),
    ).toMatchObject({ ok: false, reason: 'published' });
    const events = await listAuditEvents(db, p.programmeId, {
      entityType: 'impact_report',
      entityId: String(id),
    });
    expect(events[0]).toMatchObject({ action: 'impact.report_published' });

    const coverageOf = async (actor: Parameters<typeof getReportContent>[0]['actor']) =>
      (await getReportContent({ db, actor, reportId: id })).indicators.publication.tables.find(
        (t) => t.id === 'coverage',
      )!.total!.values.dwellings;
    expect(await coverageOf(null)).toBe(4);
    // A new dwelling in N1 after publication: a new draft sees it, the published report does not.
    const imported = await importDwellings({
      db,
      actor: p.system,
      file: 'reference_logement;adresse;code_postal;code_insee;commune;reference_batiment;etage;pieces;secteur\nL-005;16 rue de Kérourien;29200;29019;Brest;B-2;2;3;N1',
    });
    expect(imported.imported).toBeTruthy();
    const again = await create('coordinator', { title: 'Même période', sectorId: p.sectorIds.N1 });
    if (!again.ok) throw new Error(again.message);
    expect(
      (
        await getReportContent({ db, actor: p.actors.coordinator, reportId: again.reportId })
      ).indicators.publication.tables.find((t) => t.id === 'coverage')!.total!.values.dwellings,
    ).toBe(5);
    expect(await coverageOf(p.actors.landlord_officer)).toBe(4);

    // Published: in the partners' list, readable without signing in; the other draft stays hidden.
    expect((await listReports({ db, actor: p.actors.landlord_officer })).map((r) => r.id)).toEqual([id]);
    expect((await listReports({ db, actor: p.actors.coordinator })).map((r) => r.status).sort()).toEqual([
      'draft',
      'published',
    ]);
    const visitor = await getReportContent({ db, actor: null, reportId: id });
    expect(visitor).toMatchObject({ status: 'published', canManage: false });
  });

  it('never carries a hidden value in its frozen publication', async () => {
    const report = await getReport({ db, actor: null, reportId: id });
    let hidden = 0;
    for (const table of report.snapshot!.publication.tables)
      for (const row of [...table.rows, ...(table.total ? [table.total] : [])])
        for (const column of Object.keys(row.secret ?? {})) {
          hidden++;
          expect(row.values[column], `${table.id} ${row.key} ${column}`).toBeNull();
        }
    expect(hidden).toBeGreaterThan(0);
    expect(report.snapshot!.protected).toBe(true);
  });

  it('quotes the testimonies still consented to; a withdrawal removes the words from every report at once', async () => {
    const before = await getReportContent({ db, actor: null, reportId: id });
    expect(before.testimonies.map((t) => t.quote)).toEqual([words.withdrawn, words.kept]);
    const withdrawal = await withdrawTestimony({
      db,
      actor: p.actors.coordinator,
      testimonyId: withdrawn,
      today,
    });
    expect(withdrawal.ok).toBe(true);
    const after = await getReportContent({ db, actor: null, reportId: id });
    expect(after.testimonies).toEqual([
      { id: kept, quote: words.kept, author: 'Aïcha', context: 'Atelier débutants, Kerourien' },
    ]);
    expect(JSON.stringify(after)).not.toContain('déclaration de revenus');
  });

  it('prints a PDF whose text can be read: title, tables, numbers, testimonies — never withdrawn words', async () => {
    const { fileName, bytes } = await reportPdf({ db, actor: null, reportId: id });
    expect(fileName).toBe(`bilan-${id}-2026-01-01-2026-06-30.pdf`);
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-');
    const text = await pdfTextOf(bytes);
    expect(text).toContain('Bilan du premier semestre');
    expect(text).toContain('Secteur N1 — Secteur N1');
    expect(text).toContain('du 1er janvier 2026 au 30 juin 2026');
    expect(text).toContain('Les ateliers du printemps');
    expect(text).toContain('Couverture : secteurs par étape du déploiement');
    expect(text).toContain('Parcours des foyers');
    expect(text).toMatch(/Logements.*\b4\b/);
    expect(text).toContain('< 11');
    expect(text).toContain('secret statistique');
    expect(text).toContain('j’écris à mes petits-enfants');
    expect(text).toContain('Aïcha');
    expect(text).not.toContain('déclaration de revenus');
    expect(text).toMatch(/page 1 \/ \d+/);
  });

  it('marks a draft’s PDF as a project', async () => {
    const [draft] = (await listReports({ db, actor: p.actors.coordinator })).filter(
      (r) => r.status === 'draft',
    );
    const content = await getReportContent({ db, actor: p.actors.coordinator, reportId: draft!.id });
    const text = await pdfTextOf(await renderReportPdf(content));
    expect(text).toContain('PROJET');
  });
});
