// `palier backup` and `palier restore` as an administrator runs them, on the demo programme (rows in nearly every
// table) and a test programme: the restored database is the same, table by table.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { seedDemo } from '../src/demo/index.ts';
import { testDatabase } from '../test/database.ts';
import { buildProgramme } from '../test/programme.ts';

// Seeding the demo takes about a minute; each `palier` process a few seconds.
vi.setConfig({ testTimeout: 300_000 });

const dir = mkdtempSync(path.join(os.tmpdir(), 'palier-cli-backup-'));
const file = path.join(dir, 'palier.sql.gz');
const created: string[] = [];
let sourceUrl: string;

const palier = (url: string, ...args: string[]) => {
  const run = spawnSync(process.execPath, [path.resolve(import.meta.dirname, 'palier.ts'), ...args], {
    env: { ...process.env, DATABASE_URL: url, PALIER_SECRET: 'cli-test-secret-cli-test-secret-0123' },
    encoding: 'utf8',
  });
  return { code: run.status, out: run.stdout.trim(), err: run.stderr.trim() };
};

async function emptyDatabase(): Promise<string> {
  const name = `palier_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(inject('adminUrl'), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  created.push(name);
  const url = new URL(inject('adminUrl'));
  url.pathname = `/${name}`;
  return url.toString();
}

/** Per table (public, and drizzle's migrations): row count and digest of the rows; per sequence: its position. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const relations = await sql<{ name: string; kind: string }[]>`
      select format('%I.%I', n.nspname, c.relname) as name, c.relkind::text as kind
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'S')
         and (n.nspname = 'public' or (n.nspname = 'drizzle' and c.relname in ('__drizzle_migrations', '__drizzle_migrations_id_seq')))
       order by 1`;
    const result: Record<string, string> = {};
    for (const { name, kind } of relations) {
      const [row] = await sql.unsafe<{ v: string }[]>(
        kind === 'S'
          ? `select last_value || ' ' || is_called as v from ${name}`
          : `select count(*) || ' ' || md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as v from ${name} t`,
      );
      result[name] = row!.v;
    }
    return result;
  } finally {
    await sql.end();
  }
}

beforeAll(async () => {
  const { db, url } = await testDatabase();
  await seedDemo(db);
  await buildProgramme(db, 'cli-backup');
  sourceUrl = url;
}, 600_000);

afterAll(async () => {
  const admin = postgres(inject('adminUrl'), { max: 1, onnotice: () => {} });
  for (const name of created) await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
}, 300_000);

describe('palier backup and restore', () => {
  it('backs up the demo and restores it into an empty database, identical', async () => {
    const before = await fingerprint(sourceUrl);
    const backup = palier(sourceUrl, 'backup', file);
    expect(backup.code, backup.err).toBe(0);
    expect(backup.out).toMatch(
      new RegExp(
        `^backup written to ${file}: \\d+ tables, \\d+ rows, schema at migration \\d+, [\\d.]+ MB in [\\d.]+ s$`,
      ),
    );
    expect(readdirSync(dir)).toEqual(['palier.sql.gz']);
    const tables = Object.entries(before).filter(([name]) => !name.endsWith('_seq'));
    const withRows = tables.filter(([, v]) => !v.startsWith('0 ')).length;
    console.log(`${backup.out}; ${withRows} of ${tables.length} tables have rows`);
    expect(withRows).toBeGreaterThan(60);

    const target = await emptyDatabase();
    const restore = palier(target, 'restore', file);
    expect(restore.code, restore.err).toBe(0);
    expect(restore.err).toMatch(/^backup of \d{4}-\d\d-\d\dT[\d:.]+Z \(Palier [\d.]+, PostgreSQL /);
    expect(restore.out).toMatch(
      /^restored .*: \d+ tables, \d+ rows; schema at migration (\d+) \(the backup's: \1\) in [\d.]+ s$/,
    );
    expect(await fingerprint(target)).toEqual(before);
  });

  it('refuses a database that is not empty, and a file that is not a backup, with one clear line', () => {
    const again = palier(sourceUrl, 'restore', file);
    expect(again.code).toBe(1);
    expect(again.err.split('\n').at(-1)).toMatch(
      /^palier: the database is not empty \(\d+ tables, \d+ migrations applied\): restore into an empty database, or add --force to erase this one first; nothing was changed$/,
    );

    const notes = path.join(dir, 'notes.txt');
    writeFileSync(notes, 'hello\n');
    expect(palier(sourceUrl, 'restore', notes)).toMatchObject({
      code: 1,
      err: `palier: ${notes} is not a Palier backup (not a gzip file)`,
    });
    expect(palier(sourceUrl, 'backup', path.join(dir, 'missing', 'x.sql.gz'))).toMatchObject({
      code: 1,
      err: `palier: cannot write ${path.join(dir, 'missing', 'x.sql.gz')}`,
    });
  });
});
