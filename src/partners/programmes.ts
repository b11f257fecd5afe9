import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import { programme } from './schema.ts';

export async function ensureProgramme(db: DbOrTx, slug: string, name: string): Promise<number> {
  await db.insert(programme).values({ slug, name }).onConflictDoNothing();
  const [row] = await db.select({ id: programme.id }).from(programme).where(eq(programme.slug, slug));
  return row!.id;
}

/** The programme a CLI command works on: the one named, or the only one. */
export async function findProgramme(db: DbOrTx, slug?: string) {
  const rows = await db.select().from(programme).orderBy(asc(programme.id));
  if (slug) return rows.find((p) => p.slug === slug) ?? null;
  return rows.length === 1 ? rows[0]! : null;
}

export async function listProgrammes(db: DbOrTx) {
  return db.select().from(programme).orderBy(asc(programme.id));
}
