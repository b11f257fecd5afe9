// Starts the built Palier (embedded database, demo data) on a free port in a fresh folder, for the journeys.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../src/platform/db/embedded.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The server's data folder: its embedded PostgreSQL, for tests that read or add rows (route-matrix). */
    dataDir: string;
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync('build/server/index.js'))
    throw new Error('run `npm run build` before the browser journeys');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'palier-e2e-'));
  const port = await freePort();
  const server: ChildProcess = spawn(process.execPath, ['build/server/index.js'], {
    env: {
      ...process.env,
      PORT: String(port),
      PALIER_DATA_DIR: dataDir,
      PALIER_DEMO: 'true',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  server.stdout?.on('data', (c) => {
    log += c;
  });
  server.stderr?.on('data', (c) => {
    log += c;
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {}
    if (Date.now() > deadline || server.exitCode !== null) throw new Error(`Palier did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  project.provide('baseUrl', baseUrl);
  project.provide('dataDir', dataDir);
  return async () => {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    if (process.env.E2E_LOG) console.log(log);
    rmSync(dataDir, { recursive: true, force: true });
  };
}
