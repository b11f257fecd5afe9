// The competency frameworks (public reference data): areas, competencies with what to observe, certificate levels.
import { asc, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import { certificateLevel, competency, competencyFramework } from './schema.ts';

export async function listFrameworks({ db }: { db: DbOrTx }) {
  const frameworks = await db
    .select()
    .from(competencyFramework)
    .orderBy(asc(competencyFramework.code), asc(competencyFramework.version));
  const competencies = await db.select().from(competency).orderBy(asc(competency.position));
  const levels = await db.select().from(certificateLevel).orderBy(asc(certificateLevel.id));
  return frameworks.map((f) => ({
    ...f,
    competencies: competencies.filter((c) => c.frameworkId === f.id),
    levels: levels.filter((l) => l.frameworkId === f.id),
  }));
}

/** A level with its framework, by its code (the newest framework version that has it, by publication date). */
export async function levelByCode(db: DbOrTx, code: string) {
  // Not by comparing version strings: "2026.10" sorts before "2026.9".
  const [row] = await db
    .select({ level: certificateLevel, framework: competencyFramework })
    .from(certificateLevel)
    .innerJoin(competencyFramework, eq(competencyFramework.id, certificateLevel.frameworkId))
    .where(eq(certificateLevel.code, code))
    .orderBy(desc(competencyFramework.publishedOn), desc(competencyFramework.id))
    .limit(1);
  return row ?? null;
}
