// Opens Palier's database: the embedded server by default, or DATABASE_URL; applies migrations.
import path from 'node:path';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { type Claims, claimsParameters, claimsStatement, currentClaims } from '../claims/index.ts';
import { type Config, projectRoot } from '../config.ts';
import { type EmbeddedServer, startEmbeddedPostgres } from './embedded.ts';
import * as schema from './schema.ts';

export type Db = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql };
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** A use case runs on the database or inside a caller's transaction alike. */
export type DbOrTx = Db | Tx;

export { BackupError, backupDatabase, readBackupHeader, restoreDatabase } from './backup.ts';
export { dropSecondaryStructures } from './bulk-load.ts';
export { schema };

export interface Database {
  db: Db;
  sql: postgres.Sql;
  /** Where the database is, for worker processes that connect to the same one. */
  url: string;
  kind: 'embedded' | 'external';
  close: () => Promise<void>;
}

export function connect(url: string, options: { max?: number } = {}): { db: Db; sql: postgres.Sql } {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: 'palier' },
  });
  const prepared = preparingStatements(sql);
  const db = drizzle({ client: underRowSecurity(prepared), schema }) as Db;
  return { db, sql: prepared };
}

/**
 * Inside a request with claims (see claims.ts), every statement Drizzle sends outside a transaction runs in its own
 * transaction that first takes the application role and the claims; a transaction takes them as it begins.
 */
function underRowSecurity(sql: postgres.Sql): postgres.Sql {
  type Unsafe = postgres.Sql['unsafe'];
  const unsafe = sql.unsafe.bind(sql) as Unsafe;
  const begin = sql.begin.bind(sql) as (...a: unknown[]) => Promise<unknown>;
  // postgres.js calls its own `unsafe` to begin a transaction: the client Drizzle gets is a view, the pool unchanged.
  const client = new Proxy(sql, {
    get: (target, key, receiver) =>
      key === 'begin' ? scopedBegin : key === 'unsafe' ? scopedUnsafe : Reflect.get(target, key, receiver),
  });
  const claimed =
    (claims: Claims, fn: (tx: postgres.TransactionSql) => unknown) => (tx: postgres.TransactionSql) =>
      tx.unsafe(claimsStatement, claimsParameters(claims)).then(() => fn(tx));
  const scopedBegin = ((...a: unknown[]) => {
    const claims = currentClaims();
    if (!claims) return begin(...a);
    const fn = a[a.length - 1] as (tx: postgres.TransactionSql) => unknown;
    return begin(...a.slice(0, -1), claimed(claims, fn));
  }) as never;
  const scopedUnsafe = ((query: string, args?: unknown[], opts?: object) => {
    const claims = currentClaims();
    if (!claims) return unsafe(query, args as never, opts);
    // Drizzle awaits the query or asks for `.values()`; the result is boxed so postgres.js does not take the rows
    // for a pipeline of queries, and keeps its `count`.
    const run = (values: boolean) =>
      begin(
        claimed(claims, async (tx) => {
          const pending = tx.unsafe(query, args as never, opts);
          return { rows: await (values ? pending.values() : pending) };
        }),
      ).then((boxed) => (boxed as { rows: unknown }).rows);
    return {
      values: () => run(true),
      // biome-ignore lint/suspicious/noThenProperty: a query is awaitable, like postgres.js's own
      then: (ok: (v: unknown) => unknown, ko: (e: unknown) => unknown) => run(false).then(ok, ko),
    };
  }) as never;
  return client;
}

/**
 * Drizzle sends every query as an unnamed statement, which PostgreSQL parses and plans again each time. The
 * same few query shapes serve every request, so they are prepared once per connection instead (postgres.js keeps
 * them by text; PostgreSQL re-plans them by itself when the schema changes). Applies inside transactions too.
 */
function preparingStatements(sql: postgres.Sql): postgres.Sql {
  type Unsafe = postgres.Sql['unsafe'];
  const patch = (target: postgres.Sql | postgres.TransactionSql) => {
    const unsafe = target.unsafe.bind(target) as Unsafe;
    target.unsafe = ((query: string, args?: unknown[], opts?: object) =>
      unsafe(query, args as never, { ...opts, prepare: true })) as Unsafe;
    if ('savepoint' in target) {
      const savepoint = target.savepoint.bind(target);
      target.savepoint = ((...a: unknown[]) => {
        const fn = a[a.length - 1] as (tx: postgres.TransactionSql) => unknown;
        return (savepoint as (...x: unknown[]) => unknown)(...a.slice(0, -1), (tx: postgres.TransactionSql) =>
          fn(patch(tx) as postgres.TransactionSql),
        );
      }) as never;
    }
    return target;
  };
  const begin = sql.begin.bind(sql);
  sql.begin = ((...a: unknown[]) => {
    const fn = a[a.length - 1] as (tx: postgres.TransactionSql) => unknown;
    return (begin as (...x: unknown[]) => unknown)(...a.slice(0, -1), (tx: postgres.TransactionSql) =>
      fn(patch(tx) as postgres.TransactionSql),
    );
  }) as never;
  return patch(sql) as postgres.Sql;
}

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: { max?: number; log?: (line: string) => void } = {},
): Promise<Database> {
  let embedded: EmbeddedServer | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.dataDir, { log: options.log });
    const admin = postgres(embedded.url(), { max: 1, onnotice: () => {} });
    const [exists] = await admin`select 1 from pg_database where datname = 'palier'`;
    if (!exists) await admin.unsafe('create database palier');
    await admin.end();
    url = embedded.url('palier');
  }
  const { db, sql } = connect(url, options);
  return {
    db,
    sql,
    url,
    kind: embedded ? 'embedded' : 'external',
    close: async () => {
      await sql.end({ timeout: 5 });
      await embedded?.stop();
    },
  };
}

export const migrationsFolder = () => path.join(projectRoot(), 'drizzle');

export async function runMigrations(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder: migrationsFolder() });
}

/** Migration state for /healthz: how many are applied against how many ship with this version. */
export async function migrationState(
  db: Db,
): Promise<{ applied: number; expected: number; upToDate: boolean }> {
  const { readMigrationFiles } = await import('drizzle-orm/migrator');
  const expected = readMigrationFiles({ migrationsFolder: migrationsFolder() }).length;
  const rows = await db.$client<{ n: number }[]>`
    select count(*)::int as n from drizzle.__drizzle_migrations`.catch(() => [{ n: 0 }]);
  const applied = rows[0]?.n ?? 0;
  return { applied, expected, upToDate: applied === expected };
}
