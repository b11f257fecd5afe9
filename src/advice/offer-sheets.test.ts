import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import type { Db } from '../platform/db/index.ts';
import { ForbiddenError, type Role } from '../platform/permissions/index.ts';
import {
  createSheet,
  getSheet,
  listSheets,
  type Offer,
  OfferLineForm,
  proposeSheet,
  publicSheet,
  publishSheet,
  SheetContent,
  sheetSectors,
  updateDraft,
} from './index.ts';

let db: Db;
let p: TestProgramme;

const collective: Offer = {
  operator: 'SFR',
  offer: 'Internet collectif',
  monthlyCents: 124,
  speed: 'Jusqu’à 100 Mbit/s',
  commitmentMonths: 0,
  fees: 'Aucun',
  termination: 'Rien à payer : le service s’arrête le mois suivant.',
};
const box: Offer = {
  operator: 'Orange',
  offer: 'Livebox Fibre',
  monthlyCents: 3299,
  speed: 'Jusqu’à 500 Mbit/s',
  commitmentMonths: 12,
  fees: 'Mise en service 48 €',
  termination: 'Avant 12 mois : les mois restants sont dus, et 50 € de frais de résiliation.',
};
const content = (title = 'Internet à Nord 1') => ({
  title,
  intro: 'Les offres pour se connecter chez soi.',
  offers: [collective, box],
  validOn: '2027-01-10',
});

async function published(sector: 'N1' | 'N2' | 'S3', title: string) {
  const created = await createSheet({
    db,
    actor: p.actors.coordinator,
    input: { sectorId: p.sectorIds[sector], ...content(title) },
  });
  if (!created.ok) throw new Error('create');
  const done = await publishSheet({ db, actor: p.actors.coordinator, sheetId: created.sheetId });
  if (!done.ok) throw new Error(done.reason);
  return created.sheetId;
}

/** The database's own refusal, under Drizzle's "Failed query" wrapper. */
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (e: { cause?: { message?: string }; message: string }) => e.cause?.message ?? e.message,
  );

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
});

describe('offer sheet versions', () => {
  it('publishing version 2 archives version 1, and the public page shows version 2', async () => {
    const v1 = await published('N1', 'Première fiche');
    const v2 = await createSheet({
      db,
      actor: p.actors.adviser,
      input: { fromSheetId: v1, title: 'Fiche corrigée' },
    });
    expect(v2).toMatchObject({ ok: true, version: 2 });
    if (!v2.ok) return;
    const copy = await getSheet({ db, actor: p.actors.adviser, sheetId: v2.sheetId });
    expect(copy).toMatchObject({ status: 'draft', title: 'Fiche corrigée', sectorCode: 'N1' });
    expect(copy.offers).toEqual([collective, box]);
    expect(copy.authorLabel).toBe('Association de consommateurs');

    expect(await proposeSheet({ db, actor: p.actors.adviser, sheetId: v2.sheetId })).toEqual({ ok: true });
    const done = await publishSheet({ db, actor: p.actors.coordinator, sheetId: v2.sheetId });
    expect(done).toEqual({ ok: true, archivedSheetId: v1 });
    const rows = await listSheets({ db, actor: p.actors.coordinator, sectorId: p.sectorIds.N1 });
    expect(rows.map((r) => [r.version, r.status])).toEqual([
      [2, 'published'],
      [1, 'archived'],
    ]);
    const shown = await publicSheet({ db, programmeId: p.programmeId, sectorCode: 'n1' });
    expect(shown).toMatchObject({ version: 2, title: 'Fiche corrigée', sectorName: 'Secteur N1' });
  });

  it('a published sheet cannot be edited: the use case refuses, and so does the database', async () => {
    const sheetId = await published('N2', 'Fiche figée');
    const refused = await updateDraft({
      db,
      actor: p.actors.coordinator,
      sheetId,
      input: content('Changée en douce'),
    });
    expect(refused).toEqual({ ok: false, reason: 'frozen' });
    await expect(
      refusal(db.execute(sql`update offer_sheet set title = 'Changée en douce' where id = ${sheetId}`)),
    ).resolves.toContain('offer_sheet_frozen');
    await expect(refusal(db.execute(sql`delete from offer_sheet where id = ${sheetId}`))).resolves.toContain(
      'offer_sheet_frozen',
    );
    expect(await publishSheet({ db, actor: p.actors.coordinator, sheetId })).toEqual({
      ok: false,
      reason: 'frozen',
    });
  });

  it('a draft and a proposed sheet are changed in place', async () => {
    const created = await createSheet({
      db,
      actor: p.actors.tenant_rep,
      input: { sectorId: p.sectorIds.S3, ...content('Brouillon') },
    });
    if (!created.ok) throw new Error('create');
    const edited = await updateDraft({
      db,
      actor: p.actors.tenant_rep,
      sheetId: created.sheetId,
      input: { ...content('Brouillon revu'), offers: [collective] },
    });
    expect(edited).toEqual({ ok: true });
    await proposeSheet({ db, actor: p.actors.tenant_rep, sheetId: created.sheetId });
    expect(
      await updateDraft({
        db,
        actor: p.actors.coordinator,
        sheetId: created.sheetId,
        input: content('Revu par la coordination'),
      }),
    ).toEqual({ ok: true });
    const sheet = await getSheet({ db, actor: p.actors.tenant_rep, sheetId: created.sheetId });
    expect(sheet).toMatchObject({ status: 'proposed', title: 'Revu par la coordination', version: 1 });
  });

  it('a sector id out of range is refused, not a server error', async () => {
    expect(
      await createSheet({
        db,
        actor: p.actors.coordinator,
        input: { sectorId: 3_000_000_000, ...content('Trop loin') },
      }),
    ).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('an empty sheet is neither proposed nor published', async () => {
    const created = await createSheet({
      db,
      actor: p.actors.coordinator,
      input: { sectorId: p.sectorIds.S3, title: 'Vide', validOn: '2027-01-10' },
    });
    if (!created.ok) throw new Error('create');
    expect(await proposeSheet({ db, actor: p.actors.coordinator, sheetId: created.sheetId })).toEqual({
      ok: false,
      reason: 'no_offers',
    });
    expect(await publishSheet({ db, actor: p.actors.coordinator, sheetId: created.sheetId })).toEqual({
      ok: false,
      reason: 'no_offers',
    });
  });
});

describe('who writes and who publishes', () => {
  it('a tenant association writes for its own sectors only', async () => {
    expect((await sheetSectors({ db, actor: p.actors.tenant_rep })).map((s) => s.code)).toEqual(['S3']);
    await expect(
      createSheet({ db, actor: p.actors.tenant_rep, input: { sectorId: p.sectorIds.N1, ...content() } }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const n1 = (await listSheets({ db, actor: p.actors.coordinator, sectorId: p.sectorIds.N1 }))[0]!;
    await expect(getSheet({ db, actor: p.actors.tenant_rep, sheetId: n1.id })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      createSheet({ db, actor: p.actors.tenant_rep, input: { fromSheetId: n1.id } }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const mine = await listSheets({ db, actor: p.actors.tenant_rep });
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((r) => r.sectorCode))).toEqual(new Set(['S3']));
  });

  it.each<Role>([
    'landlord_officer',
    'operator_agent',
    'facilitator',
    'recycling_agent',
    'resident',
    'admin',
  ])('a %s writes no sheet', async (role) => {
    await expect(
      createSheet({ db, actor: p.actors[role], input: { sectorId: p.sectorIds.S3, ...content() } }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listSheets({ db, actor: p.actors[role] })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it.each<Role>(['adviser', 'tenant_rep', 'landlord_officer', 'facilitator', 'admin'])(
    'a %s does not publish; only the coordinator does',
    async (role) => {
      const created = await createSheet({
        db,
        actor: p.actors.coordinator,
        input: { sectorId: p.sectorIds.S3, ...content(`Proposée (${role})`) },
      });
      if (!created.ok) throw new Error('create');
      await expect(
        publishSheet({ db, actor: p.actors[role], sheetId: created.sheetId }),
      ).rejects.toBeInstanceOf(ForbiddenError);
    },
  );
});

describe('the public sheet', () => {
  it('shows only a published sheet: no draft nor proposal, and nothing for an unknown sector', async () => {
    expect(await publicSheet({ db, sectorCode: 'S3' })).toBeNull();
    expect(await publicSheet({ db, sectorCode: 'ZZ' })).toBeNull();
    await published('S3', 'Fiche de S3');
    const shown = await publicSheet({ db, sectorCode: 'S3' });
    expect(shown).toMatchObject({ title: 'Fiche de S3', authorLabel: 'Ville' });
    expect(Object.keys(shown!)).not.toContain('publishedBy');
  });
});

describe('money in cents', () => {
  it.each([
    ['1,24', 124],
    ['1.24', 124],
    ['32,99 €', 3299],
    ['20', 2000],
  ])('a price typed « %s » is %i cents', (typed, cents) => {
    const parsed = OfferLineForm.safeParse({ ...collective, monthly: typed });
    expect(parsed.success && parsed.data.monthly).toBe(cents);
  });

  it.each([['1,234'], ['-1'], ['un euro'], ['']])('a price typed « %s » is refused', (typed) => {
    const parsed = OfferLineForm.safeParse({ ...collective, monthly: typed });
    expect(parsed.success).toBe(false);
  });

  it('a price that is not a whole number of cents is refused, and prices are stored as integers', async () => {
    const wrong = SheetContent.safeParse({ ...content(), offers: [{ ...collective, monthlyCents: 1.5 }] });
    expect(wrong.success).toBe(false);
    const [row] = await db.execute<{ cents: unknown }>(
      sql`select offers->0->'monthlyCents' as cents from offer_sheet where status = 'published' limit 1`,
    );
    expect(row!.cents).toBe(124);
  });
});
