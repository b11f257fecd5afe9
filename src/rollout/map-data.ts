// What the programme's map shows, read in a few set-based queries: the sectors the reader sees with their
// buildings' coordinates, and the facilities within walking distance of them with their hours in words.
import { and, asc, between, count, eq, isNotNull, type SQL, sql } from 'drizzle-orm';
import { around } from 'geokdbush';
import KDBush from 'kdbush';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan, NotFoundError, scopeOf } from '../platform/permissions/index.ts';
import { intArray } from '../platform/sql/index.ts';
import { building, neighbourhood, sector } from '../territory/index.ts';
import { describeState, facility, openingState } from '../workshops/index.ts';
import { offersWorkshops } from './load-plan-input.ts';
import type { MapData } from './model.ts';
import { distanceM } from './rules.ts';
import { loadRolloutSettings } from './settings.ts';

/** Beyond this many sectors the map asks for a neighbourhood first (drawing thousands helps no one). */
export const mapSectorLimit = 400;
/** Degrees of latitude in a metre (to widen a bounding box by the walking distance). */
const degreesPerMetre = 1 / 111_320;

export async function getRolloutMap({
  db,
  actor,
  neighbourhoodId,
  now = new Date(),
}: {
  db: DbOrTx;
  actor: Actor;
  neighbourhoodId?: number;
  now?: Date;
}): Promise<MapData> {
  // The coordinator and the landlord see the whole programme; other partners only the sectors they serve.
  assertCan(actor, 'rollout.read', { programmeId: actor.programmeId, sectorIds: actor.sectorIds });
  const seen: SQL[] = [eq(sector.programmeId, actor.programmeId)];
  if (scopeOf(actor, 'rollout.read') !== 'programme')
    seen.push(sql`${sector.id} = any(${intArray(actor.sectorIds)})`);

  const neighbourhoods = await db
    .select({ id: neighbourhood.id, name: neighbourhood.name, sectorCount: count(sector.id) })
    .from(sector)
    .innerJoin(neighbourhood, eq(neighbourhood.id, sector.neighbourhoodId))
    .where(and(...seen))
    .groupBy(neighbourhood.id, neighbourhood.name)
    .orderBy(asc(neighbourhood.name), asc(neighbourhood.id));
  const { walkingDistanceM } = await loadRolloutSettings(db, actor.programmeId);
  const base = {
    neighbourhoods,
    neighbourhoodId: neighbourhoodId ?? null,
    facilityReachM: walkingDistanceM,
  };
  if (neighbourhoodId !== undefined) {
    if (!neighbourhoods.some((n) => n.id === neighbourhoodId)) throw new NotFoundError('neighbourhood');
    seen.push(eq(sector.neighbourhoodId, neighbourhoodId));
  } else if (neighbourhoods.reduce((n, x) => n + x.sectorCount, 0) > mapSectorLimit) {
    return { ...base, sectors: [], facilities: [], needsNeighbourhood: true };
  }

  const sectors = await db
    .select({
      id: sector.id,
      code: sector.code,
      name: sector.name,
      neighbourhood: neighbourhood.name,
      stage: sector.rolloutStage,
      dwellings: sector.dwellingCount,
    })
    .from(sector)
    .innerJoin(neighbourhood, eq(neighbourhood.id, sector.neighbourhoodId))
    .where(and(...seen))
    .orderBy(asc(neighbourhood.name), asc(sector.code));
  const points = await db
    .select({ sectorId: building.sectorId, lat: building.latitude, lon: building.longitude })
    .from(building)
    .where(
      and(
        eq(building.programmeId, actor.programmeId),
        sql`${building.sectorId} in (select ${sector.id} from ${sector} where ${and(...seen)})`,
        // Web Mercator stops at ±85°; anything outside is a data error, not a place.
        between(building.latitude, -85, 85),
        between(building.longitude, -180, 180),
      ),
    )
    .orderBy(building.sectorId, building.id);
  const pointsOf = new Map<number, [number, number][]>();
  for (const p of points) {
    const list = pointsOf.get(p.sectorId) ?? [];
    list.push([p.lon!, p.lat!]);
    pointsOf.set(p.sectorId, list);
  }

  return {
    ...base,
    needsNeighbourhood: false,
    sectors: sectors.map((s) => ({ ...s, points: pointsOf.get(s.id) ?? [] })),
    facilities: await facilitiesNear(db, actor.programmeId, points, walkingDistanceM, now),
  };
}

/** Facilities of the programme within `reachM` of one of the buildings: a bounding box in SQL, then a k-d tree. */
async function facilitiesNear(
  db: DbOrTx,
  programmeId: number,
  buildings: { lat: number | null; lon: number | null }[],
  reachM: number,
  now: Date,
): Promise<MapData['facilities']> {
  if (buildings.length === 0) return [];
  const lats = buildings.map((b) => b.lat!);
  const lons = buildings.map((b) => b.lon!);
  const dLat = reachM * degreesPerMetre;
  const maxAbsLat = Math.max(...lats.map(Math.abs));
  const dLon = dLat / Math.max(Math.cos(((maxAbsLat + dLat) * Math.PI) / 180), 0.01);
  const rows = await db
    .select({
      id: facility.id,
      name: facility.name,
      address: sql<string>`${facility.address} || ', ' || ${facility.postcode} || ' ' || ${facility.commune}`,
      lat: facility.latitude,
      lon: facility.longitude,
      openingHours: facility.openingHours,
      offersWorkshops: sql<boolean>`${offersWorkshops()}`,
    })
    .from(facility)
    .where(
      and(
        eq(facility.programmeId, programmeId),
        isNotNull(facility.latitude),
        isNotNull(facility.longitude),
        between(facility.latitude, Math.min(...lats) - dLat, Math.max(...lats) + dLat),
        between(facility.longitude, Math.min(...lons) - dLon, Math.max(...lons) + dLon),
      ),
    )
    .orderBy(asc(facility.name), asc(facility.id));
  if (rows.length === 0) return [];

  const index = new KDBush(buildings.length);
  for (const b of buildings) index.add(b.lon!, b.lat!);
  index.finish();
  // geokdbush compares haversines; the nearest building is then measured with the readiness rule's own distance.
  const radiusKm = (reachM + 1) / 1000;
  const near = rows.filter((f) =>
    around(index, f.lon!, f.lat!, 1, radiusKm).some(
      (i) => distanceM({ lat: lats[i]!, lon: lons[i]! }, { lat: f.lat!, lon: f.lon! }) <= reachM,
    ),
  );
  return near.map(({ openingHours, ...f }) => ({
    id: f.id,
    name: f.name,
    address: f.address,
    lat: f.lat!,
    lon: f.lon!,
    hours: openingHours?.trim() ? describeState(openingState(openingHours, now), now) : null,
    offersWorkshops: f.offersWorkshops,
  }));
}
