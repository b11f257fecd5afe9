// Each test file gets its own database, cloned from the migrated template in a fraction of a second.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, inject } from 'vitest';
import { connect, type Db } from '../src/platform/db/index.ts';

export async function testDatabase(): Promise<{ db: Db; url: string }> {
  const adminUrl = inject('adminUrl');
  const name = `palier_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  // Cloning needs the template to have no other session; retry briefly when two files clone at once.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`create database ${name} template palier_test_template`);
      break;
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const { db, sql } = connect(url.toString(), { max: 8 });
  afterAll(async () => {
    await sql.end({ timeout: 5 });
    const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await cleanup.unsafe(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  });
  return { db, url: url.toString() };
}
