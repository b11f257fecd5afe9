// Starts one PostgreSQL for the whole run (embedded, or DATABASE_URL's server) and migrates a template
// database that every test file clones (CREATE DATABASE … TEMPLATE), so each file has its own database.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { connect, runMigrations } from '../src/platform/db/index.ts';

export const TEMPLATE = 'palier_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    databaseKind: string;
  }
}

export default async function setup(project: TestProject) {
  let adminUrl: string;
  let stop = async () => {};
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'palier-test-'));
    const server = await startEmbeddedPostgres(dir);
    adminUrl = server.url('postgres');
    stop = async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${TEMPLATE} with (force)`);
  await admin.unsafe(`create database ${TEMPLATE}`);
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE}`;
  const { db, sql } = connect(templateUrl.toString(), { max: 1 });
  await runMigrations(db);
  await sql.end();
  const [row] = await admin<{ version: string }[]>`select current_setting('server_version') as version`;
  const version = row?.version ?? 'unknown';
  await admin.end();
  project.provide('adminUrl', adminUrl);
  project.provide(
    'databaseKind',
    `${process.env.DATABASE_URL ? 'external' : 'embedded'} PostgreSQL ${version}`,
  );
  console.log(`tests run on ${process.env.DATABASE_URL ? 'external' : 'embedded'} PostgreSQL ${version}`);
  return async () => {
    const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
    const leftovers = await cleanup<
      { datname: string }[]
    >`select datname from pg_database where datname like 'palier_test_%'`;
    for (const { datname } of leftovers)
      await cleanup.unsafe(`drop database if exists ${datname} with (force)`);
    await cleanup.end();
    await stop();
  };
}
