import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../config.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { openDatabase } from './index.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'palier-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the embedded database', () => {
  it('loses no acknowledged write when Palier is killed with -9, and the next start recovers the orphan server', async () => {
    const child = spawn(process.execPath, [path.join(projectRoot(), 'test/fixtures/writer.ts'), dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let lastAck = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        for (const match of chunk.matchAll(/ack (\d+)/g)) lastAck = Number(match[1]);
        if (lastAck >= 300) resolve();
      });
      child.on('exit', () => reject(new Error('writer stopped early')));
      setTimeout(() => reject(new Error('writer too slow')), 60_000);
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const acknowledged = lastAck;

    // The server PostgreSQL process outlived its parent and still holds the folder.
    const orphanPid = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(isAlive(orphanPid)).toBe(true);

    const database = await openDatabase({ databaseUrl: null, dataDir }, { max: 1 });
    try {
      expect(isAlive(orphanPid)).toBe(false);
      const [row] = await database.sql<
        { n: number; max: number }[]
      >`select count(*)::int as n, max(id) as max from crash_probe`;
      expect(row!.n).toBeGreaterThanOrEqual(acknowledged);
      expect(row!.n).toBe(row!.max);
    } finally {
      await database.close();
    }
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 120_000);

  it('a second Palier process on the same folder shares the running server instead of starting another', async () => {
    const first = await startEmbeddedPostgres(dataDir);
    try {
      // The owner file names this process; pretend to be another one by checking from a child.
      const child = spawn(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { startEmbeddedPostgres } from '${path.join(projectRoot(), 'src/platform/db/embedded.ts')}'; const s = await startEmbeddedPostgres(${JSON.stringify(dataDir)}); console.log(JSON.stringify({ reused: s.reused, url: s.url() })); await s.stop();`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout.on('data', (c) => {
        out += c;
      });
      await new Promise((resolve) => child.once('exit', resolve));
      const answer = JSON.parse(out) as { reused: boolean; url: string };
      expect(answer.reused).toBe(true);
      expect(answer.url).toBe(first.url());
      // The child's stop() must not have stopped our server.
      const pid = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
      expect(isAlive(pid)).toBe(true);
    } finally {
      await first.stop();
    }
  }, 60_000);
});
