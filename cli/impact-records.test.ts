import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recordQuestionnaire } from '../src/impact/index.ts';
import { testDatabase } from '../test/database.ts';
import { buildProgramme } from '../test/programme.ts';

// Each test starts `palier` processes (about 2 s each, more on a loaded machine).
vi.setConfig({ testTimeout: 120_000 });

let env: NodeJS.ProcessEnv;
const dir = mkdtempSync(path.join(os.tmpdir(), 'palier-cli-questionnaires-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const { db, url } = await testDatabase();
  const p = await buildProgramme(db);
  // L-001 (N1) answered on 10 January, L-201 (S3) on 1 March, L-101 (N2) on 1 May and again on 5 November.
  for (const [ref, moment, today] of [
    ['L-001', 'before', '2026-01-10'],
    ['L-201', 'before', '2026-03-01'],
    ['L-101', 'before', '2026-05-01'],
    ['L-101', 'after', '2026-11-05'],
  ] as const) {
    const done = await recordQuestionnaire({
      db,
      actor: p.actors.coordinator,
      householdId: p.households[ref]!,
      input: { moment, answers: {} },
      today,
    });
    if (!done.ok) throw new Error(done.reason);
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

describe('palier questionnaires due', () => {
  it('prints the call list on a day as CSV French spreadsheets open, or writes it to a file for one sector', () => {
    const run = palier('questionnaires', 'due', '--today', '2026-09-01');
    expect(run.code).toBe(0);
    const lines = run.out.split('\r\n');
    expect(lines[0]).toBe(
      '\uFEFFreference_foyer;nom;telephone;secteur;questionnaire_avant_le;a_reposer_a_partir_du',
    );
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^F-\d+;Aïcha Benali;06 12 34 56 78;Secteur N1;2026-01-10;2026-07-10$/),
      expect.stringMatching(/^F-\d+;Mamadou Diallo;06 12 34 56 78;Secteur S3;2026-03-01;2026-09-01$/),
      '',
    ]);
    expect(run.err).toBe('2 household(s) to ask the « after » questionnaire');

    const file = path.join(dir, 'a-rappeler.csv');
    const one = palier('questionnaires', 'due', '--today', '2026-09-01', '--sector', 'S3', '--out', file);
    expect(one.code).toBe(0);
    expect(readFileSync(file, 'utf8').split('\r\n').slice(1, -1)).toEqual([
      expect.stringContaining(';Mamadou Diallo;'),
    ]);
    expect(palier('questionnaires', 'due', '--today', '2026-13-01')).toMatchObject({
      code: 1,
      err: 'palier: --today must be a day, YYYY-MM-DD',
    });
  });
});
