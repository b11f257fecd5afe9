import { and, asc, eq, gt } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { type DwellingRow, dwellingColumns } from './dwelling-row.ts';
import { building, dwelling, sector } from './schema.ts';
import { sectorScope } from './scope.ts';

export interface DwellingPage {
  items: DwellingRow[];
  /** Pass as `after` to get the next page; null on the last one. */
  nextCursor: string | null;
}

/** Dwellings of a sector or a building, ordered by landlord reference, paged by keyset (fast at any depth). */
export async function listDwellings({
  db,
  actor,
  sectorId,
  buildingId,
  after,
  limit = 50,
}: {
  db: DbOrTx;
  actor: Actor;
  sectorId?: number;
  buildingId?: number;
  after?: string;
  limit?: number;
}): Promise<DwellingPage> {
  const rows = await db
    .select(dwellingColumns)
    .from(dwelling)
    .innerJoin(building, eq(building.id, dwelling.buildingId))
    .innerJoin(sector, eq(sector.id, dwelling.sectorId))
    .where(
      and(
        eq(dwelling.programmeId, actor.programmeId),
        sectorScope(actor, 'dwelling.read', dwelling.sectorId),
        sectorId ? eq(dwelling.sectorId, sectorId) : undefined,
        buildingId ? eq(dwelling.buildingId, buildingId) : undefined,
        after ? gt(dwelling.landlordReference, after) : undefined,
      ),
    )
    .orderBy(asc(dwelling.landlordReference))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.landlordReference : null };
}
