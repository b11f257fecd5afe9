import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Actor, NotFoundError } from '../platform/permissions/index.ts';
import { building, neighbourhood, sector } from './schema.ts';
import { sectorScope } from './scope.ts';

export async function getBuilding({
  db,
  actor,
  buildingId,
}: {
  db: DbOrTx;
  actor: Actor;
  buildingId: number;
}) {
  const [row] = await db
    .select({
      id: building.id,
      reference: building.reference,
      address: building.address,
      postcode: building.postcode,
      city: building.city,
      inseeCode: building.inseeCode,
      latitude: building.latitude,
      longitude: building.longitude,
      sectorId: sector.id,
      sectorName: sector.name,
      neighbourhoodId: neighbourhood.id,
      neighbourhoodName: neighbourhood.name,
    })
    .from(building)
    .innerJoin(sector, eq(sector.id, building.sectorId))
    .innerJoin(neighbourhood, eq(neighbourhood.id, sector.neighbourhoodId))
    .where(
      and(
        eq(building.id, buildingId),
        eq(building.programmeId, actor.programmeId),
        sectorScope(actor, 'territory.read', building.sectorId),
      ),
    );
  if (!row) throw new NotFoundError('building');
  return row;
}
