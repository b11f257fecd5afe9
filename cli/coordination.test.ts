import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  commitSubsidy,
  createAgreement,
  planSubsidy,
  recordSubsidyPayment,
} from '../src/coordination/index.ts';
import { testDatabase } from '../test/database.ts';
import { buildProgramme } from '../test/programme.ts';

// Each test starts several `palier` processes (about 2 s each, more on a loaded machine).
vi.setConfig({ testTimeout: 120_000 });

let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const { db, url } = await testDatabase();
  const p = await buildProgramme(db);
  const coordinator = p.actors.coordinator;
  for (const [role, reference, endsOn] of [
    ['facilitator', '=CONV-CS', '2024-12-31'],
    ['adviser', 'CONV-CLCV', '2025-03-31'],
    ['tenant_rep', 'CONV-LOC', '2026-12-31'],
  ] as const) {
    const created = await createAgreement({
      db,
      actor: coordinator,
      input: {
        organisationId: p.actors[role].organisationId!,
        reference,
        object: 'Accompagnement; ateliers',
        startsOn: '2024-01-01',
        endsOn,
        amountCents: 123_456,
      },
    });
    if (!created.ok) throw new Error(created.reason);
  }
  for (const [year, purpose, planned, committed, paid] of [
    [2023, 'Ateliers multimédia', 500_000, 500_000, 500_000],
    [2024, 'Ateliers multimédia', 600_000, 550_000, 200_000],
    [2024, 'Aide à l’installation', 150_000, null, 0],
  ] as const) {
    const planned_ = await planSubsidy({
      db,
      actor: coordinator,
      input: { organisationId: p.actors.facilitator.organisationId!, year, purpose, plannedCents: planned },
    });
    if (!planned_.ok) throw new Error(planned_.reason);
    if (committed === null) continue;
    await commitSubsidy({
      db,
      actor: coordinator,
      subsidyId: planned_.subsidyId,
      input: { committedCents: committed, committedOn: `${year}-02-01` },
    });
    await recordSubsidyPayment({
      db,
      actor: coordinator,
      subsidyId: planned_.subsidyId,
      input: { paidOn: `${year}-03-01`, amountCents: paid },
    });
  }
  env = { ...process.env, DATABASE_URL: url, PALIER_SECRET: 'cli-test-secret-cli-test-secret-0123' };
});

const palier = (...args: string[]) => {
  const run = spawnSync(process.execPath, [path.resolve(import.meta.dirname, 'palier.ts'), ...args], {
    env,
    encoding: 'utf8',
  });
  return { code: run.status, out: run.stdout, err: run.stderr.trim() };
};

describe('the coordination commands', () => {
  it('print the agreements due for renewal on a day, as CSV French spreadsheets open', () => {
    const run = palier('agreements', 'renewals', '--today', '2025-01-15');
    expect(run.code).toBe(0);
    expect(run.out.split('\r\n')).toEqual([
      '\uFEFFreference;partenaire;objet;debut;fin;preavis_jours;alerte_depuis;jours_restants;etat;montant_euros',
      // A reference typed as a formula stays text in the spreadsheet.
      `'=CONV-CS;Centre social;"Accompagnement; ateliers";2024-01-01;2024-12-31;90;2024-10-02;-15;échue;1234,56`,
      'CONV-CLCV;Association de consommateurs;"Accompagnement; ateliers";2024-01-01;2025-03-31;90;2024-12-31;75;à renouveler;1234,56',
      '',
    ]);
    expect(run.err).toBe('2 agreement(s) due for renewal');
    expect(palier('agreements', 'renewals', '--today', '2025-02-30')).toMatchObject({
      code: 1,
      err: 'palier: --today must be a day, YYYY-MM-DD',
    });
  });

  it('print the subsidies’ budget per year and purpose, for one year or all', () => {
    const all = palier('subsidies', 'budget');
    expect(all.code).toBe(0);
    expect(all.out.split('\r\n')).toEqual([
      '\uFEFFannee;objet;subventions;prevu_euros;vote_euros;verse_euros;reste_a_verser_euros',
      '2023;Ateliers multimédia;1;5000,00;5000,00;5000,00;0,00',
      '2024;Aide à l’installation;1;1500,00;0,00;0,00;0,00',
      '2024;Ateliers multimédia;1;6000,00;5500,00;2000,00;3500,00',
      '',
    ]);
    expect(palier('subsidies', 'budget', '--year', '2023').out.split('\r\n')).toHaveLength(3);
    expect(palier('subsidies', 'budget', '--year', 'deux mille')).toMatchObject({
      code: 1,
      err: 'palier: --year must be a year between 2000 and 2100',
    });
  });
});
