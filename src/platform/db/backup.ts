// Backups without pg_dump (ADR 039): a consistent logical dump that Palier writes itself, in PostgreSQL's plain dump
// style (COPY blocks in text format, then the sequences), gzip-compressed; and its restore, in one transaction, into
// an empty database whose schema comes from Palier's own migrations.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, readFileSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { projectRoot } from '../config.ts';
import { type Db, migrationsFolder, runMigrations } from './index.ts';

/** Raised with a message for the person running the command; the database is as it was. */
export class BackupError extends Error {}

/** Bumped when the file's layout changes in a way an older restore could not read. */
export const backupFormat = 1;
const marker = '-- Palier backup';
const migrationsTable = 'drizzle.__drizzle_migrations';

export interface BackupHeader {
  format: number;
  palierVersion: string;
  /** How many migrations the database had applied: the schema level the data belongs to. */
  migrations: number;
  /** `created_at` of the last applied migration (its folder time in drizzle's journal). */
  lastMigration: string;
  createdAt: string;
  server: string;
  tables: number;
  estimatedRows: number;
}

export interface BackupProgress {
  table: string;
  tablesDone: number;
  tables: number;
  rows: number;
  /** From the planner's statistics: a guide for a progress bar, not a promise. */
  estimatedRows: number;
}

export interface BackupSummary {
  file: string;
  tables: number;
  rows: number;
  bytes: number;
  migrations: number;
  seconds: number;
}

export interface RestoreProgress {
  step: 'schema' | 'load' | 'indexes' | 'upgrade' | 'analyze';
  table: string;
  tablesDone: number;
  tables: number;
  rows: number;
  /** Compressed bytes of the file read so far, out of `bytes`. */
  bytesRead: number;
  bytes: number;
}

export interface RestoreSummary {
  header: BackupHeader;
  tables: number;
  rows: number;
  /** Tables and sequences in the backup that Palier's migrations do not make (added by hand): left out. */
  skipped: { name: string; rows: number }[];
  /** Migrations applied once the data was in: the database is at this Palier's level. */
  migrations: number;
  seconds: number;
}

interface TableInfo {
  /** `schema.table`, quoted where PostgreSQL needs it (`public."user"`). */
  name: string;
  /** The columns COPY reads and writes (not generated ones), quoted likewise, in table order. */
  columns: string[];
  estimate: number;
}

/** Every table of the public schema (not an extension's) and drizzle's migration table; the latter first. */
async function listTables(sql: postgres.Sql | postgres.TransactionSql): Promise<TableInfo[]> {
  return sql<TableInfo[]>`
    select format('%I.%I', n.nspname, c.relname) as name,
           greatest(c.reltuples, 0)::bigint::float8 as estimate,
           array(select quote_ident(a.attname) from pg_attribute a
                  where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
                  order by a.attnum) as columns
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind = 'r'
       and (n.nspname = 'public' or (n.nspname = 'drizzle' and c.relname = '__drizzle_migrations'))
       and not exists (select 1 from pg_depend d
                        where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
     order by n.nspname = 'drizzle' desc, c.relname`;
}

async function listSequences(sql: postgres.TransactionSql): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    select format('%I.%I', n.nspname, c.relname) as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind = 'S' and n.nspname in ('public', 'drizzle')
       and not exists (select 1 from pg_depend d
                        where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
     order by 1`;
  return rows.map((r) => r.name);
}

async function sequenceValues(
  tx: postgres.TransactionSql,
): Promise<{ name: string; last: string; called: boolean }[]> {
  const sequences = await listSequences(tx);
  if (!sequences.length) return [];
  return tx.unsafe(
    sequences
      .map((s) => `select ${literal(s)} as name, last_value::text as last, is_called as called from ${s}`)
      .join(' union all '),
  );
}

/** A connection of its own, outside the application's pool and its row-security wrapper. */
function client(url: string, name: string): postgres.Sql {
  return postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: name } });
}

/** Long work in one transaction: no statement or idle timeout a server may impose; UTF-8 on the wire. */
async function settle(tx: postgres.TransactionSql): Promise<void> {
  await tx`select set_config('statement_timeout', '0', true),
                  set_config('idle_in_transaction_session_timeout', '0', true),
                  set_config('client_encoding', 'UTF8', true),
                  set_config('row_security', 'off', true)`;
}

export function palierVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

const lineCount = (chunk: Uint8Array): number => {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
};

function headerText(h: BackupHeader): string {
  return [
    marker,
    '--',
    '-- A consistent snapshot of the database in PostgreSQL plain dump style: one COPY block per table (text',
    '-- format), then the sequences. The schema is not here: it comes from Palier’s migrations, up to the number',
    '-- below. Restore with `npm run palier -- restore FILE` (ADR 039). It holds personal data: keep it safe.',
    '--',
    `-- format: ${h.format}`,
    `-- palier-version: ${h.palierVersion}`,
    `-- migrations: ${h.migrations}`,
    `-- last-migration: ${h.lastMigration}`,
    `-- created-at: ${h.createdAt}`,
    `-- server: ${h.server}`,
    `-- tables: ${h.tables}`,
    `-- estimated-rows: ${h.estimatedRows}`,
    '',
    "SET client_encoding = 'UTF8';",
    'SET standard_conforming_strings = on;',
    '',
    '',
  ].join('\n');
}

/**
 * Writes a backup of the database at `url` to `file`: one REPEATABLE READ READ ONLY transaction (every table as of
 * the same instant, while Palier keeps running), streamed table by table through gzip into a temporary file that is
 * flushed to disk and renamed over `file` only when complete.
 */
export async function backupDatabase({
  url,
  file,
  onProgress,
  signal,
}: {
  url: string;
  file: string;
  /** Awaited: the snapshot is taken before the first call. */
  onProgress?: (progress: BackupProgress) => void | Promise<void>;
  signal?: AbortSignal;
}): Promise<BackupSummary> {
  const started = performance.now();
  const target = path.resolve(file);
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.partial`,
  );
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(temporary, 'wx', 0o600);
  } catch {
    throw new BackupError(`cannot write ${file}`);
  }
  const gzip = createGzip();
  const out = handle.createWriteStream({ flush: true });
  const written = pipeline(gzip, out);
  written.catch(() => {});
  const write = async (chunk: string | Uint8Array) => {
    if (!gzip.write(chunk)) await Promise.race([once(gzip, 'drain'), written]);
  };
  const sql = client(url, 'palier-backup');
  try {
    const counted = await sql.begin('isolation level repeatable read read only', async (tx) => {
      await settle(tx);
      const tables = await listTables(tx);
      if (!tables.some((t) => t.name === migrationsTable))
        throw new BackupError('nothing to back up: the database has no Palier tables (no migration applied)');
      // As pg_dump does: no one may drop or alter a table while it is being read.
      await tx.unsafe(`lock table ${tables.map((t) => t.name).join(', ')} in access share mode`);
      const [level] = await tx<{ applied: number; last: string | null }[]>`
        select count(*)::int as applied, max(created_at)::text as last from drizzle.__drizzle_migrations`;
      const [server] = await tx<{ version: string }[]>`select current_setting('server_version') as version`;
      // Read now, right after the snapshot: any number a row in it holds was handed out by then.
      const sequences = await sequenceValues(tx);
      const estimatedRows = tables.reduce((sum, t) => sum + t.estimate, 0);
      await write(
        headerText({
          format: backupFormat,
          palierVersion: palierVersion(),
          migrations: level?.applied ?? 0,
          lastMigration: level?.last ?? '',
          createdAt: new Date().toISOString(),
          server: `PostgreSQL ${server?.version ?? 'unknown'}`,
          tables: tables.length,
          estimatedRows,
        }),
      );
      let rows = 0;
      for (const [index, table] of tables.entries()) {
        const progress = () =>
          onProgress?.({ table: table.name, tablesDone: index, tables: tables.length, rows, estimatedRows });
        await progress();
        const columns = table.columns.join(', ');
        await write(
          `--\n-- Data for Name: ${table.name}; Type: TABLE DATA\n--\n\nCOPY ${table.name} (${columns}) FROM stdin;\n`,
        );
        let tableRows = 0;
        // PostgreSQL sends a message per row: gather them into larger writes.
        let batch: Buffer[] = [];
        let batched = 0;
        const flush = async () => {
          await write(Buffer.concat(batch, batched));
          batch = [];
          batched = 0;
          await progress();
        };
        const stream = await tx.unsafe(`copy ${table.name} (${columns}) to stdout`).readable();
        // On an interruption or a write error the rest of the rows is read and dropped: a COPY left in the middle
        // leaves the connection unusable, even to roll back.
        let stopped: unknown = null;
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          if (stopped) continue;
          try {
            signal?.throwIfAborted();
            const n = lineCount(chunk);
            tableRows += n;
            rows += n;
            batch.push(chunk);
            batched += chunk.length;
            if (batched >= 256 * 1024) await flush();
          } catch (error) {
            stopped = error;
          }
        }
        // postgres.js pauses its socket while the stream's buffer is full, and if the COPY ends meanwhile nothing
        // resumes it: the next query would wait forever (porsager/postgres#499). Asking for more resumes it.
        (stream as Readable & { _read(size: number): void })._read(0);
        if (stopped) throw stopped;
        if (batched) await flush();
        await write(`\\.\n-- rows: ${tableRows}\n\n`);
      }
      await write('--\n-- Sequences\n--\n\n');
      for (const v of sequences)
        await write(`SELECT pg_catalog.setval(${literal(v.name)}, ${v.last}, ${v.called});\n`);
      await write(`\n--\n-- Palier backup complete: ${tables.length} tables, ${rows} rows\n--\n`);
      await onProgress?.({
        table: '',
        tablesDone: tables.length,
        tables: tables.length,
        rows,
        estimatedRows,
      });
      return { tables: tables.length, rows, migrations: level?.applied ?? 0 };
    });
    gzip.end();
    await written;
    if (!out.closed) await once(out, 'close');
    await rename(temporary, target);
    await syncDirectory(path.dirname(target));
    const { size } = await stat(target);
    return { file: target, ...counted, bytes: size, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    gzip.destroy();
    out.destroy();
    await rm(temporary, { force: true });
    if (signal?.aborted) throw new BackupError('backup interrupted: no file written');
    if (error instanceof BackupError) throw error;
    if ((error as { code?: string }).code === 'ENOSPC')
      throw new BackupError(`no space left to write ${file}: no file written`);
    throw new BackupError(`backup failed: ${(error as Error).message} (no file written)`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The rename itself must reach the disk too. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not every system can fsync a directory; the file itself is already on disk.
  }
}

/**
 * Reads the decompressed dump: lines for the statements, and for COPY blocks the raw rows up to the `\.` line,
 * handed on in large chunks (never a whole table, never split into strings). Exported for its tests.
 */
export class DumpReader {
  line = 0;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly chunks: AsyncIterator<Buffer>;
  private readonly onError: (error: unknown) => BackupError;
  constructor(stream: Readable, onError: (error: unknown) => BackupError) {
    this.chunks = stream[Symbol.asyncIterator]();
    this.onError = onError;
  }

  private async more(): Promise<boolean> {
    let next: IteratorResult<Buffer>;
    try {
      next = await this.chunks.next();
    } catch (error) {
      throw this.onError(error);
    }
    if (next.done) return false;
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, next.value]) : next.value;
    return true;
  }

  /** The next line without its newline; null at the end of the file. */
  async nextLine(): Promise<string | null> {
    for (;;) {
      const end = this.buffer.indexOf(10);
      if (end !== -1) {
        const text = this.buffer.toString('utf8', 0, end);
        this.buffer = this.buffer.subarray(end + 1);
        this.line++;
        return text;
      }
      if (this.buffer.length > 1_000_000) throw damaged(`line ${this.line + 1} is not a statement`);
      if (!(await this.more())) {
        if (this.buffer.length) throw damaged('it ends in the middle of a line (truncated?)');
        return null;
      }
    }
  }

  /** The rows of a COPY block, passed to `sink` as they come; returns how many. */
  async copyRows(sink: (data: Buffer, rows: number) => Promise<void>): Promise<number> {
    let rows = 0;
    let atLineStart = true;
    const terminator = Buffer.from('\\.\n');
    const pass = async (data: Buffer) => {
      if (!data.length) return;
      const n = lineCount(data);
      rows += n;
      this.line += n;
      await sink(data, n);
    };
    for (;;) {
      const buf: Buffer = this.buffer;
      let at = buf.indexOf(terminator);
      while (at !== -1 && !(at === 0 ? atLineStart : buf[at - 1] === 10))
        at = buf.indexOf(terminator, at + 1);
      if (at !== -1) {
        await pass(buf.subarray(0, at));
        this.buffer = buf.subarray(at + terminator.length);
        this.line++;
        return rows;
      }
      // Hand on everything but a last line that could still become the terminator ("\", "\.").
      // Where the last, unfinished line starts (-1: before this buffer, in rows already handed on).
      const lastLine: number = buf.lastIndexOf(10) + 1 || (atLineStart ? 0 : -1);
      const keep: boolean =
        lastLine !== -1 &&
        buf.length - lastLine < terminator.length &&
        terminator.subarray(0, buf.length - lastLine).equals(buf.subarray(lastLine));
      const cut: number = keep ? lastLine : buf.length;
      if (cut > 0) await pass(buf.subarray(0, cut));
      if (keep) atLineStart = true;
      else if (cut > 0) atLineStart = buf[cut - 1] === 10;
      this.buffer = buf.subarray(cut);
      if (!(await this.more())) throw damaged('a table’s rows stop before their end (truncated?)');
    }
  }
}

const damaged = (why: string) => new BackupError(`the backup is damaged: ${why}`);

async function readHeader(reader: DumpReader, file: string): Promise<BackupHeader> {
  const notBackup = new BackupError(`${file} is not a Palier backup`);
  if ((await reader.nextLine()) !== marker) throw notBackup;
  const fields = new Map<string, string>();
  for (;;) {
    const line = await reader.nextLine();
    if (line === null) throw notBackup;
    if (line === '') break;
    const field = /^-- ([a-z-]+): (.*)$/.exec(line);
    if (field) fields.set(field[1]!, field[2]!);
    else if (!line.startsWith('--')) throw notBackup;
  }
  const number = (key: string) => {
    const n = Number(fields.get(key));
    if (!fields.has(key) || !Number.isSafeInteger(n) || n < 0) throw notBackup;
    return n;
  };
  const format = number('format');
  if (format > backupFormat)
    throw new BackupError(
      `${file} was written by a newer Palier (backup format ${format}): upgrade Palier to restore it`,
    );
  return {
    format,
    palierVersion: fields.get('palier-version') ?? '?',
    migrations: number('migrations'),
    lastMigration: fields.get('last-migration') ?? '',
    createdAt: fields.get('created-at') ?? '?',
    server: fields.get('server') ?? '?',
    tables: number('tables'),
    estimatedRows: number('estimated-rows'),
  };
}

/** The header of a backup file, checked; throws a BackupError for anything that is not one. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const opened = await openDump(file);
  try {
    return await readHeader(opened.reader, file);
  } finally {
    opened.close();
  }
}

async function openDump(file: string) {
  let bytes: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    bytes = info.size;
  } catch {
    throw new BackupError(`cannot read ${file}`);
  }
  const raw = createReadStream(file);
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  const state = { bytesRead: 0, headerRead: false };
  raw.on('data', (chunk) => {
    state.bytesRead += chunk.length;
  });
  pipeline(raw, gunzip).catch(() => {});
  const reader = new DumpReader(gunzip, (error) => {
    const code = (error as { code?: string }).code ?? '';
    if (!code.startsWith('Z_')) return new BackupError(`cannot read ${file}`);
    return state.headerRead
      ? damaged(`it is not valid gzip any more (${(error as Error).message}; truncated or altered?)`)
      : new BackupError(`${file} is not a Palier backup (not a gzip file)`);
  });
  return {
    reader,
    state,
    bytes,
    close: () => {
      raw.destroy();
      gunzip.destroy();
    },
  };
}

/** What the target database holds already: Palier's tables (and other relations) and applied migrations. */
async function contents(
  tx: postgres.TransactionSql,
): Promise<{ tables: number; relations: number; migrations: number }> {
  const [row] = await tx<{ tables: number; relations: number; migrations: boolean }[]>`
    select count(*) filter (where c.relkind in ('r', 'p'))::int as tables, count(*)::int as relations,
           to_regclass('drizzle.__drizzle_migrations') is not null as migrations
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
       and not exists (select 1 from pg_depend d
                        where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')`;
  let migrations = 0;
  if (row?.migrations) {
    const [count] = await tx<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    migrations = count?.n ?? 0;
  }
  return { tables: row?.tables ?? 0, relations: row?.relations ?? 0, migrations };
}

/** Splits a COPY column list (`id, "user", name`) into its quoted-as-needed identifiers. */
function identifiers(list: string): string[] | null {
  const found = list.match(/"(?:[^"]|"")+"|[^\s,"]+/g) ?? [];
  return found.join(', ') === list ? found : null;
}

/**
 * Restores a backup into the database at `url`, in one transaction: the schema from Palier's migrations up to the
 * backup's level, every table's rows (triggers off, foreign keys and secondary indexes rebuilt once at the end, so
 * the order of tables does not matter and every key is checked), the sequences. Anything wrong (a damaged or
 * truncated file, a row the schema refuses, an interruption) and nothing is changed. Then the migrations added
 * since the backup run, and ANALYZE. The database must be empty, unless `force`: then it is emptied first, in the
 * same transaction.
 */
export async function restoreDatabase({
  url,
  file,
  force = false,
  onProgress,
  signal,
}: {
  url: string;
  file: string;
  force?: boolean;
  onProgress?: (progress: RestoreProgress) => void;
  /** Aborting before the data is committed rolls everything back. */
  signal?: AbortSignal;
}): Promise<RestoreSummary> {
  const started = performance.now();
  const dump = await openDump(file);
  const sql = client(url, 'palier-restore');
  /** Once the data is committed: the schema level it is at. */
  let committed = 0;
  try {
    const header = await readHeader(dump.reader, file);
    dump.state.headerRead = true;
    const migrations = readMigrationFiles({ migrationsFolder: migrationsFolder() });
    if (header.migrations > migrations.length)
      throw new BackupError(
        `this backup comes from a newer Palier (${header.palierVersion}, ${header.migrations} migrations; this one has ${migrations.length}): upgrade Palier first, nothing was changed`,
      );
    if (header.migrations === 0) throw damaged('it names no migration');
    if (String(migrations[header.migrations - 1]?.folderMillis) !== header.lastMigration)
      throw new BackupError(
        `this backup’s migrations are not this Palier’s (its migration ${header.migrations} differs): nothing was changed`,
      );
    let tablesDone = 0;
    let rows = 0;
    let table = '';
    const progress = (step: RestoreProgress['step']) => {
      if (!committed) signal?.throwIfAborted();
      onProgress?.({
        step,
        table,
        tablesDone,
        tables: header.tables,
        rows,
        bytesRead: dump.state.bytesRead,
        bytes: dump.bytes,
      });
    };

    const skipped: RestoreSummary['skipped'] = [];
    await sql.begin(async (tx) => {
      await settle(tx);
      // Emptying a database in use waits for its sessions' locks: not for long.
      await tx`select set_config('lock_timeout', '10s', true)`;
      const existing = await contents(tx);
      if (existing.relations || existing.migrations) {
        if (!force)
          throw new BackupError(
            `the database is not empty (${existing.tables} tables, ${existing.migrations} migrations applied): restore into an empty database, or add --force to erase this one first; nothing was changed`,
          );
        const [busy] = await tx<{ n: number }[]>`
          select count(*)::int as n from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid() and application_name = 'palier'`;
        if (busy?.n)
          throw new BackupError(
            `Palier is using this database (${busy.n} connections): stop it before restoring; nothing was changed`,
          );
        await tx.unsafe('drop schema if exists drizzle cascade');
        await tx.unsafe('drop schema if exists public cascade');
        await tx.unsafe('create schema public');
        // As PostgreSQL makes it (15 and later): anyone may use it, only its owner create in it.
        await tx.unsafe('grant usage on schema public to public');
      }

      // The schema at the backup's level, as drizzle's migrator builds it, inside this transaction.
      progress('schema');
      await tx.unsafe('create schema if not exists drizzle');
      await tx.unsafe(
        'create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)',
      );
      for (const migration of migrations.slice(0, header.migrations))
        for (const statement of migration.sql) await tx.unsafe(statement);

      const tables = new Map((await listTables(tx)).map((t) => [t.name, t]));
      const sequences = new Set(await listSequences(tx));
      const names = [...tables.keys()].join(', ');
      // Rows some migrations seed are in the backup as they were then.
      await tx.unsafe(`truncate ${names}`);
      const triggers = await tx<{ tbl: string; name: string; enabled: string }[]>`
        select format('%I.%I', n.nspname, c.relname) as tbl, quote_ident(t.tgname) as name, t.tgenabled as enabled
          from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
         where not t.tgisinternal and t.tgenabled <> 'D' and n.nspname in ('public', 'drizzle')`;
      for (const t of triggers) await tx.unsafe(`alter table ${t.tbl} disable trigger ${t.name}`);
      const rebuild = await dropSecondary(tx);

      const loaded = new Set<string>();
      let complete: { tables: number; rows: number } | null = null;
      for (;;) {
        const line = await dump.reader.nextLine();
        if (line === null) break;
        if (complete) {
          if (line === '' || line === '--') continue;
          throw damaged(`unexpected text after its end (line ${dump.reader.line})`);
        }
        const end = /^-- Palier backup complete: (\d+) tables, (\d+) rows$/.exec(line);
        if (end) {
          complete = { tables: Number(end[1]), rows: Number(end[2]) };
          continue;
        }
        if (line === '' || line.startsWith('--') || /^SET [a-z_]+ = [^;]*;$/.test(line)) continue;
        const copy = /^COPY (\S+) \((.*)\) FROM stdin;$/.exec(line);
        if (copy) {
          const info = tables.get(copy[1]!);
          const columns = identifiers(copy[2]!);
          if (loaded.has(copy[1]!)) throw damaged(`line ${dump.reader.line} loads ${copy[1]} again`);
          loaded.add(copy[1]!);
          if (!info) {
            // A table someone added beside Palier's: without its definition its rows cannot go anywhere.
            table = copy[1]!;
            const count = await dump.reader.copyRows(async (_, n) => {
              rows += n;
              progress('load');
            });
            const declared = /^-- rows: (\d+)$/.exec((await dump.reader.nextLine()) ?? '');
            if (!declared || Number(declared[1]) !== count)
              throw damaged(`the rows of ${copy[1]} are incomplete (truncated?)`);
            skipped.push({ name: copy[1]!, rows: count });
            continue;
          }
          if (
            !columns ||
            columns.length !== info.columns.length ||
            new Set(columns).size !== columns.length ||
            !columns.every((c) => info.columns.includes(c))
          )
            throw damaged(
              `the columns of ${info.name} do not match this Palier’s (line ${dump.reader.line})`,
            );
          table = info.name;
          progress('load');
          const count = await copyInto(
            tx,
            info.name,
            `copy ${info.name} (${columns.join(', ')}) from stdin`,
            (sink) =>
              dump.reader.copyRows(async (data, n) => {
                await sink(data);
                rows += n;
                progress('load');
              }),
          );
          const declared = /^-- rows: (\d+)$/.exec((await dump.reader.nextLine()) ?? '');
          if (!declared || Number(declared[1]) !== count)
            throw damaged(`the rows of ${info.name} are incomplete (truncated?)`);
          tablesDone++;
          continue;
        }
        const setval = /^SELECT pg_catalog\.setval\('((?:[^']|'')+)', (-?\d+), (true|false)\);$/.exec(line);
        if (setval) {
          const name = setval[1]!.replace(/''/g, "'");
          if (!sequences.has(name)) {
            skipped.push({ name, rows: 0 });
            continue;
          }
          await tx`select setval(${name}::regclass, ${setval[2]!}::bigint, ${setval[3] === 'true'})`;
          continue;
        }
        throw damaged(`line ${dump.reader.line} is not part of a backup`);
      }
      if (!complete) throw damaged('it stops before its end (truncated?)');
      if (complete.tables !== loaded.size || complete.rows !== rows || loaded.size !== header.tables)
        throw damaged('some tables are missing');
      const [level] = await tx<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
      if (level?.n !== header.migrations) throw damaged('its list of migrations does not match its header');

      table = '';
      progress('indexes');
      for (const statement of rebuild) await tx.unsafe(statement);
      const enable = { O: '', R: 'replica ', A: 'always ' } as Record<string, string>;
      for (const t of triggers)
        await tx.unsafe(`alter table ${t.tbl} enable ${enable[t.enabled] ?? ''}trigger ${t.name}`);
      progress('indexes');
    });
    committed = header.migrations;

    // The data is in at the backup's level; migrations added since then bring it to this Palier's.
    progress('upgrade');
    await runMigrations(drizzle({ client: sql }) as unknown as Db);
    progress('analyze');
    await sql`analyze`;
    const [level] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    return {
      header,
      tables: tablesDone,
      rows: rows - skipped.reduce((sum, t) => sum + t.rows, 0),
      skipped,
      migrations: level?.n ?? 0,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    if (signal?.aborted && !committed) throw new BackupError('restore interrupted: nothing was changed');
    if (error instanceof BackupError) throw error;
    if (committed)
      throw new BackupError(
        `the backup was restored (schema at migration ${committed}), but what follows failed: ${(error as Error).message}. Palier applies its migrations again when it starts.`,
      );
    const code = (error as { code?: string }).code;
    if (code === '55P03')
      throw new BackupError('the database is in use (is Palier running?): stop Palier before restoring');
    throw new BackupError(`the restore failed, nothing was changed: ${(error as Error).message}`);
  } finally {
    dump.close();
    await sql.end({ timeout: 1 });
  }
}

/**
 * Streams rows into `copy … from stdin`. postgres.js reports an error the server finds after the last rows only
 * by aborting the transaction, so a query after the COPY tells whether it went through.
 */
async function copyInto(
  tx: postgres.TransactionSql,
  table: string,
  statement: string,
  feed: (sink: (data: Buffer) => Promise<void>) => Promise<number>,
): Promise<number> {
  const stream: Writable = await tx.unsafe(statement).writable();
  let failure: Error | null = null;
  const refused = () =>
    damaged(`the database refused the rows of ${table}${failure ? ` (${failure.message})` : ''}`);
  stream.on('error', (error) => {
    failure ??= error;
  });
  let flushed: Promise<void> = Promise.resolve();
  const sink = async (data: Buffer) => {
    if (failure) throw refused();
    let ready = true;
    flushed = new Promise((resolve) => {
      ready = stream.write(data, () => resolve());
    });
    if (!ready && !stream.destroyed)
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.off('drain', done);
          stream.off('close', done);
          resolve();
        };
        stream.on('drain', done);
        stream.on('close', done);
      });
  };
  let count: number;
  try {
    count = await feed(sink);
  } catch (error) {
    // Leave COPY mode (the server aborts it) so that the transaction can roll back.
    stream.destroy(error as Error);
    throw error;
  }
  await flushed;
  if (!failure) {
    stream.end();
    await new Promise((resolve) => setImmediate(resolve));
  }
  try {
    await tx`select 1`;
  } catch {
    throw refused();
  }
  if (failure) throw refused();
  return count;
}

/**
 * Drops the foreign keys and the non-unique indexes of the public tables; returns the statements that recreate
 * them (indexes first). Built once over the loaded rows, a key is checked for every row in one pass.
 */
async function dropSecondary(tx: postgres.TransactionSql): Promise<string[]> {
  const constraints = await tx<{ tbl: string; name: string; def: string }[]>`
    select c.conrelid::regclass::text as tbl, quote_ident(c.conname) as name, pg_get_constraintdef(c.oid) as def
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
     where n.nspname = 'public' and c.contype = 'f' order by 1, 2`;
  const indexes = await tx<{ name: string; def: string }[]>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
      from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and not i.indisunique and not i.indisprimary
       and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
       and not exists (select 1 from pg_depend d
                        where d.classid = 'pg_class'::regclass and d.objid = i.indexrelid and d.deptype = 'e')
     order by 1`;
  for (const c of constraints) await tx.unsafe(`alter table ${c.tbl} drop constraint ${c.name}`);
  for (const i of indexes) await tx.unsafe(`drop index ${i.name}`);
  return [
    ...indexes.map((i) => i.def),
    ...constraints.map((c) => `alter table ${c.tbl} add constraint ${c.name} ${c.def}`),
  ];
}
