import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createReport, publishReport } from '../src/impact/index.ts';
import { testDatabase } from '../test/database.ts';
import { buildProgramme } from '../test/programme.ts';

// Each test starts `palier` processes (about 2 s each, more on a loaded machine).
vi.setConfig({ testTimeout: 120_000 });

let env: NodeJS.ProcessEnv;
const dir = mkdtempSync(path.join(os.tmpdir(), 'palier-cli-report-'));
const ids = { published: 0, draft: 0 };

beforeAll(async () => {
  const { db, url } = await testDatabase();
  const p = await buildProgramme(db, 'report-cli');
  const report = async (title: string) => {
    const created = await createReport({
      db,
      actor: p.actors.coordinator,
      input: { title, periodFrom: '2026-01-01', periodTo: '2026-06-30', sectorId: p.sectorIds.S3 },
    });
    if (!created.ok) throw new Error(created.message);
    return created.reportId;
  };
  ids.published = await report('Bilan publié de S3');
  await publishReport({ db, actor: p.actors.coordinator, reportId: ids.published });
  ids.draft = await report('Projet de bilan');
  env = { ...process.env, DATABASE_URL: url, PALIER_SECRET: 'cli-test-secret-cli-test-secret-0123' };
});

const palier = (...args: string[]) => {
  const run = spawnSync(process.execPath, [path.resolve(import.meta.dirname, 'palier.ts'), ...args], {
    env,
    encoding: 'utf8',
  });
  return { code: run.status, out: run.stdout.trim(), err: run.stderr.trim() };
};

async function pdfText(file: string): Promise<string> {
  const bytes = new Uint8Array(readFileSync(file));
  const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

describe('palier report', () => {
  it('writes the report of a period and an area as a PDF, saying what it does and where it wrote it', async () => {
    const file = path.join(dir, 'bilan.pdf');
    const run = palier(
      'report',
      '--from',
      '2026-01-01',
      '--to',
      '2026-06-30',
      '--sector',
      'n1',
      '--out',
      file,
    );
    expect(run.code, run.err).toBe(0);
    expect(run.err.split('\n')).toEqual([
      'computing the indicators from 2026-01-01 to 2026-06-30…',
      'drawing the PDF of « Bilan du 1er janvier 2026 au 30 juin 2026 » (Secteur N1 — Secteur N1)…',
    ]);
    expect(run.out).toMatch(
      new RegExp(`^report written to ${file.replace(/[.]/g, '\\.')} \\(\\d+ pages, \\d+\\.\\d s\\)$`),
    );
    const text = await pdfText(file);
    expect(text).toContain('Bilan du 1er janvier 2026 au 30 juin 2026');
    expect(text).toContain('Secteur N1 — Secteur N1');
    expect(text).toContain('Couverture : secteurs par étape du déploiement');
    expect(text).toContain('Document de travail, non enregistré');
  });

  it('prints a stored, published report by its number; a draft stays the coordinator’s', async () => {
    const file = path.join(dir, 'publie.pdf');
    const run = palier('report', '--id', String(ids.published), '--out', file);
    expect(run.code, run.err).toBe(0);
    const text = await pdfText(file);
    expect(text).toContain('Bilan publié de S3');
    expect(text).toContain('Secteur S3 — Secteur S3');
    expect(palier('report', '--id', String(ids.draft), '--out', file)).toMatchObject({
      code: 1,
      err: expect.stringContaining(
        `palier: report ${ids.draft} not found (a draft is the coordinator's only`,
      ),
    });
  });

  it.each([
    [['--from', '2026-13-01', '--to', '2026-06-30'], 'palier: --from must be a day, YYYY-MM-DD'],
    [['--from', '2026-06-01', '--to', '2026-01-31'], 'palier: --to must be on or after --from'],
    [['--from', '2026-01-01', '--to', '2199-01-01'], 'palier: --to cannot be after today'],
    [
      ['--from', '2026-01-01', '--to', '2026-06-30', '--sector', 'ZZ'],
      'palier: unknown sector "ZZ" (existing: N1, N2, S3)',
    ],
    [
      ['--from', '2026-01-01', '--to', '2026-06-30', '--neighbourhood', 'Est'],
      'palier: unknown neighbourhood "Est" (existing: Nord, Sud)',
    ],
  ])('refuses %j in one clear line', (args, message) => {
    const run = palier('report', ...args, '--out', path.join(dir, 'refus.pdf'));
    expect(run.code).toBe(1);
    expect(run.err.split('\n')).toHaveLength(1);
    expect(run.err).toContain(message);
  });
});
