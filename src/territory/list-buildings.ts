import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { building, dwelling } from './schema.ts';
import { sectorScope } from './scope.ts';

/** A sector's buildings, by address, a page at a time (keyset on the building id). */
export async function listBuildings({
  db,
  actor,
  sectorId,
  after,
  limit = 100,
}: {
  db: DbOrTx;
  actor: Actor;
  sectorId: number;
  after?: number;
  limit?: number;
}) {
  const rows = await db
    .select({
      id: building.id,
      reference: building.reference,
      address: building.address,
      postcode: building.postcode,
      city: building.city,
      inseeCode: building.inseeCode,
      latitude: building.latitude,
      longitude: building.longitude,
      sectorId: building.sectorId,
      dwellingCount: sql<number>`(select count(*)::int from ${dwelling} where ${dwelling.buildingId} = ${building.id})`,
    })
    .from(building)
    .where(
      and(
        eq(building.programmeId, actor.programmeId),
        eq(building.sectorId, sectorId),
        sectorScope(actor, 'territory.read', building.sectorId),
        after ? gt(building.id, after) : undefined,
      ),
    )
    .orderBy(asc(building.id))
    .limit(limit + 1);
  return { items: rows.slice(0, limit), nextCursor: rows.length > limit ? rows[limit - 1]!.id : null };
}
