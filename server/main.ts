// Palier's process: start the database (embedded unless DATABASE_URL), migrate, seed the demo, serve.

import * as build from 'virtual:react-router/server-build';
import { serve } from '@hono/node-server';
import type { ServerBuild } from 'react-router';
import { seedDemo } from '../src/demo/index.ts';
import { listProgrammes } from '../src/partners/index.ts';
import { createAuth, createLoginLimiter } from '../src/platform/auth/index.ts';
import { ConfigError, loadConfig } from '../src/platform/config.ts';
import { openDatabase, runMigrations } from '../src/platform/db/index.ts';
import { createApp } from './app.ts';

const log = (line: string) => console.log(`[palier] ${line}`);

async function main() {
  const config = loadConfig();
  log(
    config.databaseUrl
      ? 'connecting to PostgreSQL (DATABASE_URL)…'
      : `starting the embedded PostgreSQL in ${config.dataDir}…`,
  );
  const database = await openDatabase(config, { max: 20 });
  await runMigrations(database.db);
  log('database ready, migrations applied');
  if (config.demo && (await listProgrammes(database.db)).length === 0) {
    log('empty database: seeding the demo programme…');
    const started = Date.now();
    await seedDemo(database.db, (step) => log(`  demo: ${step}`));
    log(`demo programme seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const services = {
    db: database.db,
    auth: createAuth({ db: database.db, secret: config.secret, baseUrl: config.baseUrl }),
    config,
    dbKind: database.kind,
    loginLimiter: createLoginLimiter(),
  };
  const app = createApp(services, build as unknown as ServerBuild);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: process.env.HOST ?? '0.0.0.0' }, () =>
    log(`Palier is running on http://localhost:${config.port}${config.demo ? ' (demo mode)' : ''}`),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping…`);
    server.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`[palier] configuration error: ${error.message}`);
  else console.error(`[palier] could not start: ${describe(error)}`);
  process.exit(1);
});

/** One readable line: database errors carry their whole query, which is no use to the person starting Palier. */
function describe(error: unknown): string {
  const cause = (error as { cause?: { message?: string } })?.cause?.message;
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  return (cause ? `${message.slice(0, 200)} — ${cause}` : message).slice(0, 1000);
}
