import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../src/platform/db/index.ts';
import { testDatabase } from '../test/database.ts';
import { householdEverywhere, type PersonStrings } from '../test/privacy.ts';
import { buildProgramme } from '../test/programme.ts';

// Each test starts `palier` processes (about 2 s each, more on a loaded machine).
vi.setConfig({ testTimeout: 120_000 });

let env: NodeJS.ProcessEnv;
let db: Db;
let a: PersonStrings;
let reference: string;
const dir = mkdtempSync(path.join(os.tmpdir(), 'palier-cli-privacy-'));

beforeAll(async () => {
  const database = await testDatabase();
  db = database.db;
  const p = await buildProgramme(db, 'privacy-cli');
  a = await householdEverywhere(db, p, { dwelling: 'L-003', tag: 'A' });
  reference = `F-${String(a.householdId).padStart(6, '0')}`;
  env = { ...process.env, DATABASE_URL: database.url, PALIER_SECRET: 'cli-test-secret-cli-test-secret-0123' };
});

const palier = (...args: string[]) => {
  const run = spawnSync(process.execPath, [path.resolve(import.meta.dirname, 'palier.ts'), ...args], {
    env,
    encoding: 'utf8',
  });
  return { code: run.status, out: run.stdout.trim(), err: run.stderr.trim() };
};

describe('palier privacy', () => {
  it('exports a household as JSON and as PDF, each export in the audit trail', async () => {
    const json = path.join(dir, 'foyer.json');
    const run = palier('privacy', 'export', reference.toLowerCase(), '--out', json);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toBe(`Données du foyer ${reference} écrites dans ${json}`);
    const document = JSON.parse(readFileSync(json, 'utf8'));
    expect(document.modules.household.members[0].firstName).toBe('ZéphyrineA');
    const pdf = path.join(dir, 'foyer.pdf');
    expect(palier('privacy', 'export', reference, '--out', pdf).code).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const events = await db.execute<{ actor_label: string; details: unknown }>(sql`
      select actor_label, details from audit_event where action = 'personal_data.export' order by id`);
    expect(events).toEqual([
      { actor_label: 'palier CLI (droits des personnes)', details: { format: 'json' } },
      { actor_label: 'palier CLI (droits des personnes)', details: { format: 'pdf' } },
    ]);
  });

  it('refuses a wrong file name, an unknown household, a request without its date, in one line', () => {
    expect(palier('privacy', 'export', reference, '--out', path.join(dir, 'x.txt'))).toMatchObject({
      code: 1,
      err: 'palier: --out must end in .json or .pdf',
    });
    expect(palier('privacy', 'erase', 'F-999999', '--requested-on', '2026-11-01')).toMatchObject({
      code: 1,
      err: 'palier: Foyer F-999999 introuvable dans ce programme.',
    });
    expect(palier('privacy', 'erase', reference)).toMatchObject({
      code: 1,
      err: 'palier: --requested-on is required: the day the person asked for the erasure',
    });
    expect(palier('privacy', 'erase', reference, '--requested-on', '2999-01-01')).toMatchObject({ code: 1 });
  });

  it('erases a household, keeping its certificates when asked; a second time changes nothing', async () => {
    const run = palier('privacy', 'erase', reference, '--requested-on', '2026-11-01', '--keep-certificates');
    expect(run.code, run.err).toBe(0);
    expect(run.out.split('\n')[0]).toMatch(
      new RegExp(`^Foyer ${reference} effacé \\(registre n° \\d+\\)\\.$`),
    );
    expect(run.out).toContain('certificates: validationsAnonymised 1, certificatesRevokedOnRequest 0');
    const [erased] = await db.execute(sql`select cause, requested_on::text from erasure`);
    expect(erased).toEqual({ cause: 'request', requested_on: '2026-11-01' });
    const [cert] = await db.execute(
      sql`select revoked_at from certificate where household_id = ${a.householdId}`,
    );
    expect(cert).toEqual({ revoked_at: null });
    const again = palier('privacy', 'erase', reference, '--requested-on', '2026-11-01');
    expect(again).toMatchObject({ code: 0, out: 'Ce foyer est déjà effacé : il n’y a plus rien à effacer.' });
  });
});
