// The report `palier report` writes for the demo programme over a year — figures computed under statistical secrecy,
// charts and tables drawn into a PDF — takes under 10 s (the limit). The demo is seeded once (about a
// minute); the time is printed.
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/demo/index.ts';
import { loadIndicators, previewReportContent, renderReportPdf } from '../src/impact/index.ts';
import { addCalendarDays, addCalendarMonths, localDate } from '../src/platform/dates.ts';
import type { Db } from '../src/platform/db/index.ts';
import { cliActor } from '../src/platform/permissions/index.ts';
import { testDatabase } from '../test/database.ts';

let db: Db;
let programmeId: number;

beforeAll(async () => {
  ({ db } = await testDatabase());
  ({ programmeId } = await seedDemo(db));
}, 600_000);

describe('the demo programme’s report', () => {
  it('is generated for a year, figures and PDF, in under 10 s', async () => {
    const to = addCalendarDays(localDate(new Date()), -1);
    const from = addCalendarDays(addCalendarMonths(to, -12), 1);
    const started = performance.now();
    const content = await previewReportContent({ db, actor: cliActor(programmeId), filter: { from, to } });
    const computed = performance.now();
    const bytes = await renderReportPdf(content);
    const done = performance.now();
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `demo report ${from} → ${to}: ${seconds(done - started)} (figures ${seconds(computed - started)}, PDF ${seconds(done - computed)}, ${bytes.length.toLocaleString('fr-FR')} bytes)`,
    );
    expect(done - started).toBeLessThan(10_000);

    const { text } = await extractText(await getDocumentProxy(bytes.slice()), { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Synthèse');
    expect(flat).toContain('Parcours des foyers');
    expect(flat).toMatch(/foyers étaient inscrits, soit \d+,?\d* % des/);
    expect(content.chapters.some((c) => c.chart || c.tables.some((t) => t.chart))).toBe(true);
  }, 120_000);

  it('reproduces the programme’s profile: about 12 % take up, mostly on minimum benefits and first-time users', async () => {
    const to = addCalendarDays(localDate(new Date()), -1);
    const { publication } = await loadIndicators(db, { programmeId, from: addCalendarMonths(to, -12), to });
    const total = (table: string) => publication.tables.find((t) => t.id === table)!.total!.values;
    const sectors = total('sectors');
    expect(sectors.takeUp).toBeGreaterThanOrEqual(9);
    expect(sectors.takeUp).toBeLessThanOrEqual(15);
    // Participants against all households of the same sectors (published figures, under secrecy).
    const share = (table: string) => [total(table).p_share!, total(table).a_share!] as const;
    const [benefits, benefitsAll] = share('profile-minimum-benefits');
    expect(benefits).toBeGreaterThan(50);
    expect(benefits).toBeGreaterThan(benefitsAll);
    const [firstTime, firstTimeAll] = share('profile-first-time-user');
    expect(firstTime).toBeGreaterThan(50);
    expect(firstTime).toBeGreaterThan(firstTimeAll);
    const [singleParent, singleParentAll] = share('profile-single-parent');
    expect(singleParent).toBeGreaterThan(singleParentAll);
    const [alone] = share('profile-lives-alone');
    expect(alone).toBeGreaterThan(30);
    // The questionnaire's change appears: households answered before and six months after.
    const confident = publication.tables
      .find((t) => t.id === 'questionnaire')!
      .rows.find((r) => r.key === 'confident')!;
    expect(confident.values.afterShare!).toBeGreaterThan(confident.values.beforeShare!);
  });
});
