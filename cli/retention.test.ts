import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { insertHouseholds } from '../src/households/index.ts';
import type { Db } from '../src/platform/db/index.ts';
import { testDatabase } from '../test/database.ts';
import { buildProgramme, type TestProgramme } from '../test/programme.ts';

// Each test starts `palier` processes (about 2 s each, more on a loaded machine).
vi.setConfig({ testTimeout: 120_000 });

let env: NodeJS.ProcessEnv;
let db: Db;
let p: TestProgramme;

beforeAll(async () => {
  const database = await testDatabase();
  db = database.db;
  p = await buildProgramme(db, 'retention-cli');
  // Two households gone long ago (erased), one gone two and a half years ago (archived).
  await insertHouseholds(
    db,
    p.programmeId,
    [
      ['L-003', '2019-01-01'],
      ['L-004', '2019-06-01'],
      ['L-102', '2024-05-01'],
    ].map(([dwelling, end]) => ({
      key: dwelling!,
      dwellingReference: dwelling!,
      tenancyStart: '2015-01-01',
      tenancyEnd: end!,
      channels: ['letter'],
      members: [{ firstName: 'Prénom', lastName: dwelling!, ageBand: 'not_given' }],
    })),
  );
  await db.execute(sql`
    update household h set updated_at = t.end_date::timestamptz from tenancy t
     where t.household_id = h.id and t.end_date is not null and h.programme_id = ${p.programmeId}`);
  env = { ...process.env, DATABASE_URL: database.url, PALIER_SECRET: 'cli-test-secret-cli-test-secret-0123' };
});

const palier = (...args: string[]) => {
  const run = spawnSync(process.execPath, [path.resolve(import.meta.dirname, 'palier.ts'), ...args], {
    env,
    encoding: 'utf8',
  });
  return { code: run.status, out: run.stdout.trim(), err: run.stderr.trim() };
};

const archivedAndErased = async () =>
  (
    await db.execute<{ archived: number; erased: number }>(sql`
      select count(*) filter (where archived_at is not null and anonymised_at is null)::int as archived,
             count(*) filter (where anonymised_at is not null)::int as erased
        from household where programme_id = ${p.programmeId}`)
  )[0];

describe('palier retention run', () => {
  it('with --dry-run, lists what would change per kind and the first households, and changes nothing', async () => {
    const run = palier('retention', 'run', '--dry-run', '--programme', 'retention-cli');
    expect(run.code, run.err).toBe(0);
    const lines = run.out.split('\n');
    expect(lines[0]).toMatch(
      /^retention retention-cli — simulation, rien n’est modifié \(au \d{4}-\d{2}-\d{2}\)$/,
    );
    expect(lines).toContain('  Dossier du foyer : 1 passés aux archives');
    expect(lines).toContain('  Dossier du foyer : 2 effacés');
    expect(lines.find((l) => l.startsWith('  premiers foyers à effacer : '))).toMatch(/F-\d{6}, F-\d{6}$/);
    expect(await archivedAndErased()).toEqual({ archived: 0, erased: 0 });
  });

  it('applies the rules, shows progress on the standard error, and a second run changes nothing', async () => {
    const run = palier('retention', 'run', '--programme', 'retention-cli', '--batch', '2');
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('appliquée');
    expect(run.out).toContain('Dossier du foyer : 1 passés aux archives');
    expect(run.out).toContain('Dossier du foyer : 2 effacés');
    expect(run.out).not.toMatch(/F-\d{6}/);
    expect(run.err).toContain('households');
    expect(await archivedAndErased()).toEqual({ archived: 1, erased: 2 });
    const [stored] = await db.execute<{ dry_run: boolean; summary: { counts: unknown } }>(sql`
      select dry_run, summary from retention_run where programme_id = ${p.programmeId} order by id desc limit 1`);
    expect(stored).toMatchObject({
      dry_run: false,
      summary: { counts: { household: { archived: 1, erased: 2 } } },
    });

    const again = palier('retention', 'run', '--programme', 'retention-cli');
    expect(again.code, again.err).toBe(0);
    expect(again.out.split('\n').slice(1)).toEqual(['  rien à changer']);
  });

  it('says which programme is unknown, and refuses a wrong batch size', () => {
    expect(palier('retention', 'run', '--programme', 'nowhere')).toMatchObject({
      code: 1,
      err: 'palier: programme "nowhere" not found',
    });
    expect(palier('retention', 'run', '--batch', '0')).toMatchObject({
      code: 1,
      err: 'palier: --batch must be a whole number from 1 to 10000',
    });
  });
});
