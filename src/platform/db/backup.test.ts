// Backups and restores on a real database: a programme with rows in most tables goes to a file and back into a fresh
// database, identical table by table (rows, sequences, indexes, keys, triggers); what must be refused is refused and
// leaves the database as it was.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { testDatabase } from '../../../test/database.ts';
import { placeOpenDataScenario } from '../../../test/open-data.ts';
import { buildProgramme, type TestProgramme } from '../../../test/programme.ts';
import { placeRolloutFixture } from '../../../test/rollout.ts';
import { BackupError, backupDatabase, readBackupHeader, restoreDatabase } from './backup.ts';
import { connect, type Db, migrationsFolder, runMigrations } from './index.ts';

vi.setConfig({ testTimeout: 120_000 });

const dir = mkdtempSync(path.join(os.tmpdir(), 'palier-backup-'));
const file = path.join(dir, 'palier.sql.gz');
const clients: postgres.Sql[] = [];
const created: string[] = [];
let source: { db: Db; url: string };
let p: TestProgramme;
let before: Fingerprint;

const admin = () => postgres(inject('adminUrl'), { max: 1, onnotice: () => {} });

/** A database with nothing in it (not even the migrations). */
async function emptyDatabase(): Promise<string> {
  const name = `palier_test_${randomBytes(6).toString('hex')}`;
  const sql = admin();
  await sql.unsafe(`create database ${name}`);
  await sql.end();
  created.push(name);
  const url = new URL(inject('adminUrl'));
  url.pathname = `/${name}`;
  return url.toString();
}

const open = (url: string) => {
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  clients.push(sql);
  return sql;
};

interface Fingerprint {
  tables: Record<string, string>;
  sequences: Record<string, string>;
  schema: string[];
}

/** Every table's row count and a digest of its rows, every sequence's position, and the schema's structures. */
async function fingerprint(url: string): Promise<Fingerprint> {
  const sql = open(url);
  const names = await sql<{ name: string }[]>`
    select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind = 'r' and (n.nspname = 'public' or (n.nspname = 'drizzle' and c.relname = '__drizzle_migrations'))
     order by 1`;
  const tables: Record<string, string> = {};
  for (const { name } of names) {
    const [row] = await sql.unsafe<{ n: string; digest: string }[]>(
      `select count(*) as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as digest from ${name} t`,
    );
    tables[name] = `${row!.n} ${row!.digest}`;
  }
  const seqs = await sql<{ name: string }[]>`
    select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind = 'S' and n.nspname in ('public', 'drizzle') order by 1`;
  const sequences: Record<string, string> = {};
  for (const { name } of seqs) {
    const [row] = await sql.unsafe<{ v: string }[]>(
      `select last_value || ' ' || is_called as v from ${name}`,
    );
    sequences[name] = row!.v;
  }
  const schema = (
    await sql<{ line: string }[]>`
      select 'index ' || pg_get_indexdef(i.indexrelid) as line from pg_index i
        join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'
      union all
      select 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(k.oid)
        from pg_constraint k join pg_namespace n on n.oid = k.connamespace where n.nspname = 'public'
      union all
      select 'trigger ' || tgrelid::regclass::text || ' ' || tgname || ' ' || tgenabled::text from pg_trigger
       where not tgisinternal
      union all
      select 'policy ' || tablename || ' ' || policyname || ' ' || coalesce(qual, '') from pg_policies
      union all
      select 'rls ' || relname || ' ' || relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r'
      union all
      select 'grant ' || table_name || ' ' || grantee || ' ' || privilege_type
        from information_schema.role_table_grants where table_schema = 'public' and grantee = 'palier_app'
      order by 1`
  ).map((r) => r.line);
  await sql.end();
  clients.splice(clients.indexOf(sql), 1);
  return { tables, sequences, schema };
}

/** Nothing of Palier in it: no table, no migration. */
async function isEmpty(url: string): Promise<boolean> {
  const sql = open(url);
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('public', 'drizzle') and c.relkind = 'r'`;
  return row!.n === 0;
}

/** The backup decompressed, changed by `edit`, compressed again. */
function forged(edit: (text: string) => string, name = `forged-${randomBytes(3).toString('hex')}.sql.gz`) {
  const target = path.join(dir, name);
  writeFileSync(target, gzipSync(Buffer.from(edit(gunzipSync(readFileSync(file)).toString('utf8')))));
  return target;
}

const refusal = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackupError);
  return (error as Error).message;
};

beforeAll(async () => {
  source = await testDatabase();
  p = await buildProgramme(source.db, 'backup');
  await placeOpenDataScenario(source.db, p);
  await placeRolloutFixture(source.db, p);
  // Text COPY must escape: tabs, line breaks, backslashes, a line that reads like the end of rows, quotes, emoji.
  await source.db.$client`
    insert into audit_event (programme_id, actor_label, channel, action, entity_type, entity_id, details)
    values (${p.programmeId}, ${'tab\there\nnew line\r\\.\n\\'}, 'cli', 'test.escape', 'test', ${''},
            ${JSON.stringify({ text: 'a\tb\n\\.\n"q" é 😀', list: [1, null, 'x'] })}::jsonb),
           (${p.programmeId}, ${'\\.'}, 'cli', 'test.escape', 'test', null, null)`;
  before = await fingerprint(source.url);
}, 300_000);

afterAll(async () => {
  for (const sql of clients) await sql.end({ timeout: 1 });
  const sql = admin();
  for (const name of created) await sql.unsafe(`drop database if exists ${name} with (force)`);
  await sql.end();
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('palier backup', () => {
  it('writes one snapshot: rows committed while it runs are not in it, and no temporary file remains', async () => {
    const writer = open(source.url);
    let first = true;
    const summary = await backupDatabase({
      url: source.url,
      file,
      onProgress: async () => {
        if (!first) return;
        first = false;
        // Committed after the snapshot was taken: neither row may be in the backup.
        await writer`insert into audit_event (programme_id, actor_label, channel, action, entity_type)
                     values (${p.programmeId}, 'late', 'cli', 'test.late', 'test')`;
        await writer`update household set archived_at = now() where id = ${p.households['L-001']!}`;
      },
    });
    expect(summary.tables).toBe(Object.keys(before.tables).length);
    expect(summary.rows).toBe(
      Object.values(before.tables).reduce((sum, v) => sum + Number(v.split(' ')[0]), 0),
    );
    expect(readdirSync(dir)).toEqual(['palier.sql.gz']);
    const nonEmpty = Object.values(before.tables).filter((v) => !v.startsWith('0 ')).length;
    console.log(
      `backup: ${summary.tables} tables (${nonEmpty} with rows), ${summary.rows} rows, ${summary.bytes} bytes`,
    );
    // (The CLI test restores the demo programme, with rows in nearly every table.)
    expect(nonEmpty).toBeGreaterThanOrEqual(30);

    const header = await readBackupHeader(file);
    expect(header).toMatchObject({
      format: 1,
      migrations: readMigrationFiles({ migrationsFolder: migrationsFolder() }).length,
      tables: summary.tables,
    });
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    expect(text).toMatch(/^-- Palier backup\n/);
    expect(text).toContain('\nCOPY public.household (id, programme_id, ');
    expect(text).toContain('\nCOPY public."user" (');
    expect(text).toMatch(/\nSELECT pg_catalog\.setval\('public\.household_id_seq', \d+, true\);\n/);
    expect(text).toMatch(/\n-- Palier backup complete: \d+ tables, \d+ rows\n--\n$/);
    // Generated columns are computed again on restore, not copied.
    expect(text).not.toMatch(/COPY public\.building \([^)]*search_text/);
  });

  it('refuses a file it cannot write, and leaves no partial file when interrupted', async () => {
    expect(
      await refusal(backupDatabase({ url: source.url, file: path.join(dir, 'missing', 'x.sql.gz') })),
    ).toBe(`cannot write ${path.join(dir, 'missing', 'x.sql.gz')}`);
    const controller = new AbortController();
    const target = path.join(dir, 'interrupted.sql.gz');
    const message = await refusal(
      backupDatabase({
        url: source.url,
        file: target,
        signal: controller.signal,
        onProgress: (progress) => {
          if (progress.tablesDone === 3) controller.abort();
        },
      }),
    );
    expect(message).toBe('backup interrupted: no file written');
    expect(readdirSync(dir)).toEqual(['palier.sql.gz']);
  });
});

describe('palier restore', () => {
  it('restores into an empty database an identical copy: every row, sequence, index, key, trigger and policy', async () => {
    const target = await emptyDatabase();
    const steps = new Set<string>();
    const summary = await restoreDatabase({ url: target, file, onProgress: (p) => void steps.add(p.step) });
    expect([...steps]).toEqual(['schema', 'load', 'indexes', 'upgrade', 'analyze']);
    expect(summary.tables).toBe(Object.keys(before.tables).length);
    const after = await fingerprint(target);
    expect(after.tables).toEqual(before.tables);
    expect(after.sequences).toEqual(before.sequences);
    expect(after.schema).toEqual(before.schema);

    // New rows take the next numbers; the planner has statistics for every table with rows.
    const sql = open(target);
    const [audit] = await sql<{ id: number; max: number }[]>`
      insert into audit_event (programme_id, actor_label, channel, action, entity_type)
      values (${p.programmeId}, 'after', 'cli', 'test.after', 'test')
      returning id::int, (select max(id)::int from audit_event) as max`;
    expect(audit!.id).toBe(audit!.max + 1);
    const [statistics] = await sql<{ n: number }[]>`
      select count(distinct tablename)::int as n from pg_stats where schemaname = 'public'`;
    expect(statistics!.n).toBeGreaterThan(30);
  });

  it('refuses a database that is not empty and changes nothing; --force replaces it, in one transaction', async () => {
    const message = await refusal(restoreDatabase({ url: source.url, file }));
    expect(message).toMatch(
      /^the database is not empty \(\d+ tables, \d+ migrations applied\): restore into an empty database, or add --force to erase this one first; nothing was changed$/,
    );

    // Another programme in another database: --force erases it and puts the backup's in its place.
    const target = await emptyDatabase();
    const other = connect(target, { max: 2 });
    await runMigrations(other.db);
    await buildProgramme(other.db, 'other');
    // While Palier is connected, it is refused.
    expect(await refusal(restoreDatabase({ url: target, file, force: true }))).toMatch(
      /^Palier is using this database \(\d connections\): stop it before restoring; nothing was changed$/,
    );
    await other.sql.end();
    const replaced = await fingerprint(target);

    // A truncated backup fails late, after the old content was dropped: it is all still there.
    const bytes = readFileSync(file);
    const truncated = path.join(dir, 'truncated.sql.gz');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    expect(await refusal(restoreDatabase({ url: target, file: truncated, force: true }))).toMatch(
      /^the backup is damaged: /,
    );
    expect(await fingerprint(target)).toEqual(replaced);

    await restoreDatabase({ url: target, file, force: true });
    const after = await fingerprint(target);
    expect(after.tables).toEqual(before.tables);
    expect(after.sequences).toEqual(before.sequences);
    expect(after.schema).toEqual(before.schema);
  });

  it('refuses what is not a Palier backup, or a damaged one, and changes nothing', async () => {
    const target = await emptyDatabase();
    const text = path.join(dir, 'notes.txt');
    writeFileSync(text, 'hello\n');
    expect(await refusal(restoreDatabase({ url: target, file: text }))).toBe(
      `${text} is not a Palier backup (not a gzip file)`,
    );
    const gz = path.join(dir, 'notes.txt.gz');
    writeFileSync(gz, gzipSync('hello\n'));
    expect(await refusal(restoreDatabase({ url: target, file: gz }))).toBe(`${gz} is not a Palier backup`);
    expect(await refusal(restoreDatabase({ url: target, file: path.join(dir, 'none.gz') }))).toBe(
      `cannot read ${path.join(dir, 'none.gz')}`,
    );

    const bytes = readFileSync(file);
    for (const cut of [0.3, 0.95, 1 - 4 / bytes.length]) {
      const truncated = path.join(dir, 'truncated.sql.gz');
      writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * cut)));
      expect(await refusal(restoreDatabase({ url: target, file: truncated }))).toMatch(
        /^the backup is damaged: /,
      );
    }
    const corrupted = Buffer.from(bytes);
    corrupted[Math.floor(bytes.length / 2)]! ^= 0x5a;
    const altered = path.join(dir, 'altered.sql.gz');
    writeFileSync(altered, corrupted);
    expect(await refusal(restoreDatabase({ url: target, file: altered }))).toMatch(
      /^the backup is damaged: /,
    );

    // Valid gzip, but the text was cut or changed.
    const noEnd = forged((t) => t.slice(0, t.lastIndexOf('-- Palier backup complete')));
    expect(await refusal(restoreDatabase({ url: target, file: noEnd }))).toBe(
      'the backup is damaged: it stops before its end (truncated?)',
    );
    const fewerRows = forged((t) =>
      t.replace(/\n(\d+\t[^\n]*)\n\\\.\n-- rows: (\d+)\n/, '\n\\.\n-- rows: $2\n'),
    );
    expect(await refusal(restoreDatabase({ url: target, file: fewerRows }))).toMatch(
      /^the backup is damaged: the rows of .* are incomplete/,
    );
    const badValue = forged((t) =>
      t.replace(/\nCOPY public\.programme \(id, [^\n]*\n\d+\t/, (m) => m.replace(/\d+\t$/, 'x\t')),
    );
    expect(await refusal(restoreDatabase({ url: target, file: badValue }))).toMatch(
      /^the backup is damaged: the database refused the rows of public\.programme/,
    );
    const injected = forged((t) =>
      t.replace('\nSET standard_conforming_strings = on;\n', '\ndrop table programme;\n'),
    );
    expect(await refusal(restoreDatabase({ url: target, file: injected }))).toMatch(
      /^the backup is damaged: line \d+ is not part of a backup$/,
    );
    const newer = forged((t) => t.replace(/\n-- migrations: \d+\n/, '\n-- migrations: 999\n'));
    expect(await refusal(restoreDatabase({ url: target, file: newer }))).toMatch(
      /^this backup comes from a newer Palier \(.*, 999 migrations; this one has \d+\): upgrade Palier first, nothing was changed$/,
    );
    const controller = new AbortController();
    expect(
      await refusal(
        restoreDatabase({
          url: target,
          file,
          signal: controller.signal,
          onProgress: (p) => {
            if (p.tablesDone === 10) controller.abort();
          },
        }),
      ),
    ).toBe('restore interrupted: nothing was changed');
    expect(await isEmpty(target)).toBe(true);
  });

  it('restores a backup of an older Palier at its level, then applies the migrations added since', async () => {
    const old = await emptyDatabase();
    const sql = open(old);
    const migrations = readMigrationFiles({ migrationsFolder: migrationsFolder() });
    await sql.begin(async (tx) => {
      await tx.unsafe('create schema drizzle');
      await tx.unsafe(
        'create table drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)',
      );
      for (const m of migrations.slice(0, 2)) {
        for (const statement of m.sql) await tx.unsafe(statement);
        await tx`insert into drizzle.__drizzle_migrations (hash, created_at) values (${m.hash}, ${m.folderMillis})`;
      }
      await tx`insert into programme (slug, name) values ('ancien', 'Programme d’avant')`;
    });
    const oldFile = path.join(dir, 'old.sql.gz');
    await backupDatabase({ url: old, file: oldFile });
    expect((await readBackupHeader(oldFile)).migrations).toBe(2);

    const target = await emptyDatabase();
    const summary = await restoreDatabase({ url: target, file: oldFile });
    expect(summary.migrations).toBe(migrations.length);
    const check = open(target);
    expect(await check`select slug, name from programme`).toEqual([
      { slug: 'ancien', name: 'Programme d’avant' },
    ]);
    const [level] = await check<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(level!.n).toBe(migrations.length);
  });
});

describe('tables beside Palier’s', () => {
  it('leaves out a table (and its sequence) that Palier’s migrations do not make, and says so', async () => {
    const extra = forged((t) =>
      t
        .replace(/\n-- tables: (\d+)\n/, (_, n) => `\n-- tables: ${Number(n) + 1}\n`)
        .replace(
          '\n--\n-- Sequences\n',
          '\nCOPY public.my_report (id, label) FROM stdin;\n1\tune ligne\n2\tune autre\n\\.\n-- rows: 2\n\n--\n-- Sequences\n',
        )
        .replace(
          /\n(SELECT pg_catalog\.setval)/,
          "\nSELECT pg_catalog.setval('public.my_report_id_seq', 2, true);\n$1",
        )
        .replace(
          /complete: (\d+) tables, (\d+) rows/,
          (_, n, r) => `complete: ${Number(n) + 1} tables, ${Number(r) + 2} rows`,
        ),
    );
    const target = await emptyDatabase();
    const summary = await restoreDatabase({ url: target, file: extra });
    expect(summary.skipped).toEqual([
      { name: 'public.my_report', rows: 2 },
      { name: 'public.my_report_id_seq', rows: 0 },
    ]);
    expect(summary.tables).toBe(Object.keys(before.tables).length);
    expect((await fingerprint(target)).tables).toEqual(before.tables);
  });
});

describe('a large table', () => {
  it('streams through both ways, and an interruption in the middle of it leaves nothing behind', async () => {
    const big = await testDatabase();
    await big.db.$client`
      insert into audit_event (programme_id, actor_label, channel, action, entity_type, entity_id, details)
      select null, 'agent ' || i, 'web', 'test.bulk', 'household', i::text,
             jsonb_build_object('i', i, 'text', repeat(md5(i::text), 3), 'tab', E'a\tb')
        from generate_series(1, 120000) i`;
    const bigFile = path.join(dir, 'big.sql.gz');

    // Stopped in the middle of the table's rows (PostgreSQL still sending them).
    const controller = new AbortController();
    expect(
      await refusal(
        backupDatabase({
          url: big.url,
          file: bigFile,
          signal: controller.signal,
          onProgress: (progress) => {
            if (progress.table === 'public.audit_event' && progress.rows > 50_000) controller.abort();
          },
        }),
      ),
    ).toBe('backup interrupted: no file written');
    expect(readdirSync(dir).filter((f) => f.includes('big'))).toEqual([]);

    let started = performance.now();
    const backup = await backupDatabase({ url: big.url, file: bigFile });
    const backupSeconds = (performance.now() - started) / 1000;
    const target = await emptyDatabase();
    started = performance.now();
    const restored = await restoreDatabase({ url: target, file: bigFile });
    const restoreSeconds = (performance.now() - started) / 1000;
    console.log(
      `${backup.rows} rows: backup ${backupSeconds.toFixed(1)} s (${backup.bytes} bytes), restore ${restoreSeconds.toFixed(1)} s`,
    );
    expect(restored.rows).toBe(backup.rows);
    const digest = async (url: string) => (await fingerprint(url)).tables['public.audit_event'];
    expect(await digest(target)).toBe(await digest(big.url));
  });
});
