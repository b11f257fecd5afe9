import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { neighbourhood, sector } from './schema.ts';
import { sectorScope } from './scope.ts';
import type { RolloutStage } from './values.ts';

export interface SectorSummary {
  id: number;
  code: string;
  name: string;
  neighbourhoodId: number;
  neighbourhoodName: string;
  qpvCode: string | null;
  buildingCount: number;
  dwellingCount: number;
  rolloutStage: RolloutStage;
  rolloutStageSince: Date;
}

/** Sectors with their building and dwelling counts (kept up to date by every write, see refreshSectorCounts). */
export async function listSectors({
  db,
  actor,
  neighbourhoodId,
  sectorId,
}: {
  db: DbOrTx;
  actor: Actor;
  neighbourhoodId?: number;
  sectorId?: number;
}): Promise<SectorSummary[]> {
  const where: SQL[] = [
    eq(sector.programmeId, actor.programmeId),
    sectorScope(actor, 'territory.read', sector.id),
  ];
  if (neighbourhoodId) where.push(eq(sector.neighbourhoodId, neighbourhoodId));
  if (sectorId) where.push(eq(sector.id, sectorId));
  return db
    .select({
      id: sector.id,
      code: sector.code,
      name: sector.name,
      neighbourhoodId: sector.neighbourhoodId,
      neighbourhoodName: neighbourhood.name,
      qpvCode: neighbourhood.qpvCode,
      buildingCount: sector.buildingCount,
      dwellingCount: sector.dwellingCount,
      rolloutStage: sector.rolloutStage,
      rolloutStageSince: sector.rolloutStageSince,
    })
    .from(sector)
    .innerJoin(neighbourhood, eq(neighbourhood.id, sector.neighbourhoodId))
    .where(and(...where))
    .orderBy(asc(neighbourhood.name), asc(sector.name));
}
