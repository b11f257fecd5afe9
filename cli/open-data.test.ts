import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildOpenData } from '../src/impact/index.ts';
import { testDatabase } from '../test/database.ts';
import { type OpenDataScenario, placeOpenDataScenario } from '../test/open-data.ts';
import { buildProgramme } from '../test/programme.ts';

// Each test starts one or several `palier` processes (about 2 s each, more on a loaded machine).
vi.setConfig({ testTimeout: 120_000 });

let env: NodeJS.ProcessEnv;
let s: OpenDataScenario;
let expectedCsv: string;
const dir = mkdtempSync(path.join(os.tmpdir(), 'palier-cli-open-data-'));

beforeAll(async () => {
  const { db, url } = await testDatabase();
  const p = await buildProgramme(db, 'open-data-cli');
  s = await placeOpenDataScenario(db, p);
  expectedCsv = (await buildOpenData(db, { programmeId: p.programmeId })).csv;
  env = { ...process.env, DATABASE_URL: url, PALIER_SECRET: 'cli-test-secret-cli-test-secret-0123' };
});

const palier = (...args: string[]) => {
  const run = spawnSync(process.execPath, [path.resolve(import.meta.dirname, 'palier.ts'), ...args], {
    env,
    encoding: 'utf8',
  });
  return { code: run.status, out: run.stdout.trim(), raw: run.stdout, err: run.stderr.trim() };
};

describe('palier open-data', () => {
  it('writes the CSV and its schema into a folder, telling each step', () => {
    const out = path.join(dir, 'publication');
    const run = palier('open-data', '--out', out);
    expect(run.code, run.err).toBe(0);
    expect(run.err.split('\n')).toEqual([
      'open data: reading the sectors and the flows…',
      'open data: applying statistical secrecy…',
      'open data: writing the rows…',
    ]);
    expect(run.out).toMatch(
      new RegExp(
        `^9 lines \\(${s.first}–${s.last}, 3 sectors, \\d+ values hidden as « s »\\) written to .*impact-secteurs\\.csv; schema: .*impact-secteurs\\.schema\\.json`,
      ),
    );
    expect(readFileSync(path.join(out, 'impact-secteurs.csv'), 'utf8')).toBe(expectedCsv);
    const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
    expect(json(path.join(out, 'impact-secteurs.schema.json'))).toEqual(
      json(path.resolve(import.meta.dirname, '../docs/open-data/impact-secteurs.schema.json')),
    );
  });
});

describe('palier indicators', () => {
  it('prints the main indicators of a period and a sector under statistical secrecy', () => {
    const run = palier(
      'indicators',
      '--from',
      `${s.first}-01-01`,
      '--to',
      `${s.first}-12-31`,
      '--sector',
      'n1',
    );
    expect(run.code, run.err).toBe(0);
    const lines = run.out.split('\n');
    expect(lines[0]).toBe(
      `Indicateurs — Secteur N1 — Secteur N1, du ${s.first}-01-01 au ${s.first}-12-31 (secret statistique, seuil 11)`,
    );
    // 32 households living in N1 on 31 December, 7 signed up: hidden.
    expect(lines).toContain('  Foyers des secteurs ouverts : Foyers 32');
    expect(lines).toContain('  Inscrits : Foyers < 11');
    expect(run.out).not.toMatch(/Inscrits : Foyers 7\b/);
    expect(run.out).toContain('« < 11 » : moins de 11 personnes');
  });

  it('writes one table as CSV for French spreadsheets', () => {
    const run = palier(
      'indicators',
      '--from',
      `${s.first}-01-01`,
      '--to',
      `${s.first}-12-31`,
      '--format',
      'csv',
      '--table',
      'funnel',
    );
    expect(run.code, run.err).toBe(0);
    // The BOM French spreadsheets need (trim() would take it away).
    expect(run.raw.charCodeAt(0)).toBe(0xfeff);
    expect(run.out.split('\r\n')[1]).toBe('Foyers des secteurs ouverts;32');
    expect(run.out).toContain('Inscrits;< 11');
  });

  it('refuses a wrong day, an unknown sector or table in one clear line, with exit code 1', () => {
    const day = palier('indicators', '--from', '2026-13-01');
    expect([day.code, day.err]).toEqual([
      1,
      'palier: --from must be a day written YYYY-MM-DD (got "2026-13-01")',
    ]);
    const sector = palier('indicators', '--sector', 'XX');
    expect([sector.code, sector.err]).toEqual([
      1,
      'palier: no sector with the code "XX" (codes: N1, N2, S3)',
    ]);
    const table = palier('indicators', '--format', 'csv', '--table', 'nope');
    expect(table.code).toBe(1);
    expect(table.err).toMatch(/^palier: --table must be one of coverage, /);
  });
});
