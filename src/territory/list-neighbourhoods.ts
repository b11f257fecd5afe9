import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Actor, scopeOf } from '../platform/permissions/index.ts';
import { neighbourhood, sector } from './schema.ts';
import { sectorScope } from './scope.ts';

/** Neighbourhoods with the number of sectors the actor sees; a scoped actor sees only those it serves. */
export async function listNeighbourhoods({ db, actor }: { db: DbOrTx; actor: Actor }) {
  const visible = sectorScope(actor, 'territory.read', sector.id);
  return db
    .select({
      id: neighbourhood.id,
      name: neighbourhood.name,
      inseeCode: neighbourhood.inseeCode,
      qpvCode: neighbourhood.qpvCode,
      sectorCount: sql<number>`count(${sector.id})::int`,
    })
    .from(neighbourhood)
    .leftJoin(sector, and(eq(sector.neighbourhoodId, neighbourhood.id), visible))
    .where(eq(neighbourhood.programmeId, actor.programmeId))
    .groupBy(neighbourhood.id)
    .having(scopeOf(actor, 'territory.read') === 'programme' ? undefined : sql`count(${sector.id}) > 0`)
    .orderBy(asc(neighbourhood.name));
}
