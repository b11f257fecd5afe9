// Shared by the benchmarks: a database to measure on (DATABASE_URL, or a throw-away embedded server), and percentiles.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { seedScale } from '../src/demo/index.ts';
import { findProgramme } from '../src/partners/index.ts';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { connect, type Db, runMigrations } from '../src/platform/db/index.ts';

export async function benchDatabase(
  name: string,
): Promise<{ db: Db; url: string; kind: string; close: () => Promise<void> }> {
  let adminUrl = process.env.DATABASE_URL;
  let stopServer = async () => {};
  if (!adminUrl) {
    const dir = process.env.PALIER_BENCH_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'palier-bench-'));
    const server = await startEmbeddedPostgres(dir);
    adminUrl = server.url('postgres');
    stopServer = async () => {
      await server.stop();
      if (!process.env.PALIER_BENCH_DIR) rmSync(dir, { recursive: true, force: true });
    };
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
  if (!exists) await admin.unsafe(`create database ${name}`);
  const [row] = await admin<{ v: string }[]>`select current_setting('server_version') as v`;
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const { db, sql } = connect(url.toString(), { max: 4 });
  await runMigrations(db);
  return {
    db,
    url: url.toString(),
    kind: `${process.env.DATABASE_URL ? 'external' : 'embedded'} PostgreSQL ${row?.v}`,
    close: async () => {
      await sql.end();
      await stopServer();
    },
  };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** The `scale` programme with exactly `dwellings` dwellings, seeded once and reused by the next runs. */
export async function ensureScaleProgramme(db: Db, dwellings: number): Promise<number> {
  let programme = await findProgramme(db, 'scale');
  const count = programme
    ? Number(
        (
          await db.execute<{ n: string }>(
            sql`select count(*) as n from dwelling where programme_id = ${programme.id}`,
          )
        )[0]!.n,
      )
    : 0;
  if (count !== dwellings) {
    console.log(`seeding ${dwellings} dwellings (once; reused by the next runs)…`);
    const started = performance.now();
    await seedScale(db, { dwellings, slug: 'scale' });
    console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    programme = await findProgramme(db, 'scale');
  }
  return programme!.id;
}
