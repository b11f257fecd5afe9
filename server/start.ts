// Palier's process: start the database (embedded unless DATABASE_URL), migrate, seed the demo, then serve from
// one process, or PALIER_WORKERS worker processes that share the port and the database (bigger machines).
import cluster from 'node:cluster';
import os from 'node:os';
import * as build from 'virtual:react-router/server-build';
import { serve } from '@hono/node-server';
import type { ServerBuild } from 'react-router';
import { createVerifyLimiter } from '../src/certificates/index.ts';
import { seedDemo } from '../src/demo/index.ts';
import { listProgrammes } from '../src/partners/index.ts';
import { createAuth, createLoginLimiter, startLimiterPrimary } from '../src/platform/auth/index.ts';
import { type Config, ConfigError, loadConfig } from '../src/platform/config.ts';
import { connect, openDatabase, runMigrations } from '../src/platform/db/index.ts';
import { createBallotLimiter } from '../src/votes/index.ts';
import { createApp } from './app.ts';
import { startOutbox } from './outbox.ts';
import { startRetention } from './retention.ts';

const log = (line: string) => console.log(`[palier] ${line}`);

function workerCount(): number {
  const wanted = Number(process.env.PALIER_WORKERS ?? 1);
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > 64)
    throw new ConfigError('PALIER_WORKERS must be a whole number from 1 to 64');
  return wanted;
}

/** Database connections per process: a few busy connections beat many competing ones for a machine's cores. */
function poolSize(): number {
  const wanted = Number(process.env.PALIER_DB_POOL ?? Math.max(4, 2 * os.availableParallelism()));
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > 200)
    throw new ConfigError('PALIER_DB_POOL must be a whole number from 1 to 200');
  return wanted;
}

async function primary() {
  const config = loadConfig();
  const workers = workerCount();
  log(
    config.databaseUrl
      ? 'connecting to PostgreSQL (DATABASE_URL)…'
      : `starting the embedded PostgreSQL in ${config.dataDir}…`,
  );
  const database = await openDatabase(config, { max: workers > 1 ? 2 : poolSize() });
  await runMigrations(database.db);
  log('database ready, migrations applied');
  if (config.demo && (await listProgrammes(database.db)).length === 0) {
    log('empty database: seeding the demo programme…');
    const started = Date.now();
    await seedDemo(database.db, (step) => log(`  demo: ${step}`));
    log(`demo programme seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  // The primary alone runs the outbox's clock (reminders, e-mail and SMS delivery).
  const stopOutbox = startOutbox(database.db, config, log);
  // And the retention rules' daily run (PALIER_RETENTION_SCHEDULE).
  const stopRetention = startRetention(database.db, config, log);

  if (workers === 1) {
    const stopServer = serveWith(config, database.db, database.kind, false);
    onStop(async () => {
      stopOutbox();
      stopRetention();
      await stopServer();
      await database.close();
    });
    return;
  }

  startLimiterPrimary();
  const env = {
    PALIER_WORKER_DATABASE_URL: database.url,
    PALIER_WORKER_DB_KIND: database.kind,
    PALIER_SECRET: config.secret,
    PALIER_DEMO: String(config.demo),
  };
  let stopping = false;
  let ready = 0;
  cluster.on('listening', () => {
    if (++ready === workers)
      log(
        `Palier is running on http://localhost:${config.port}${config.demo ? ' (demo mode)' : ''} with ${workers} workers`,
      );
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    log(`worker ${worker.process.pid} stopped (${signal ?? code}); starting another`);
    cluster.fork(env);
  });
  for (let i = 0; i < workers; i++) cluster.fork(env);
  onStop(async () => {
    stopping = true;
    stopOutbox();
    stopRetention();
    await Promise.all(
      Object.values(cluster.workers ?? {}).map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (!worker || worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            worker.kill('SIGTERM');
          }),
      ),
    );
    await database.close();
  });
}

async function worker() {
  // A worker never outlives its primary (killed with -9, say): it would hold the port for nothing.
  process.on('disconnect', () => process.exit(1));
  const config: Config = { ...loadConfig(), databaseUrl: process.env.PALIER_WORKER_DATABASE_URL! };
  const { db, sql } = connect(config.databaseUrl!, { max: poolSize() });
  const stopServer = serveWith(
    config,
    db,
    process.env.PALIER_WORKER_DB_KIND as 'embedded' | 'external',
    true,
  );
  onStop(async () => {
    await stopServer();
    await sql.end({ timeout: 5 });
  });
}

function serveWith(
  config: Config,
  db: ReturnType<typeof connect>['db'],
  dbKind: 'embedded' | 'external',
  clustered: boolean,
) {
  const services = {
    db,
    auth: createAuth({ db, secret: config.secret, baseUrl: config.baseUrl }),
    config,
    dbKind,
    loginLimiter: createLoginLimiter({ clustered }),
    ballotLimiter: createBallotLimiter({ clustered }),
    verifyLimiter: createVerifyLimiter({ clustered }),
  };
  const app = createApp(services, build as unknown as ServerBuild);
  const server = serve(
    { fetch: app.fetch, port: config.port, hostname: process.env.HOST ?? '0.0.0.0' },
    () => {
      if (!clustered)
        log(`Palier is running on http://localhost:${config.port}${config.demo ? ' (demo mode)' : ''}`);
    },
  );
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

function onStop(stop: () => Promise<void>) {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (cluster.isPrimary) log(`${signal}: stopping…`);
    // Open keep-alive connections must not hold the stop for ever.
    setTimeout(() => process.exit(0), 10_000).unref();
    void stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}

(cluster.isPrimary ? primary() : worker()).catch((error: unknown) => {
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
