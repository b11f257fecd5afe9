// Fills the roll-out's pure rules from the database in a handful of set-based queries: sectors and what is known of
// them, building coordinates, facilities offering workshops and their free seats. At national scale (200,000
// buildings, 20,000 facilities) this is a few sequential scans of narrow columns.
import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { organisation } from '../partners/index.ts';
import { localDate } from '../platform/dates.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import { intArray } from '../platform/sql/index.ts';
import { building, neighbourhood, sector, sectorPartner } from '../territory/index.ts';
import { course, facility, workshopSession } from '../workshops/index.ts';
import type { PlanFacility, PlanInput, PlanSector } from './model.ts';
import { partnerPosition, rolloutPin } from './schema.ts';
import { loadRolloutSettings } from './settings.ts';

/** Offers are counted up to this far ahead, so that a sector short of seats can wait for a later cycle. */
const offerLookaheadMonths = 36;
/** The standard's support mode that says a facility runs collective workshops. */
export const collectiveWorkshopMode = 'Dans un atelier collectif';
/**
 * Whether the facility row named `table` offers workshops: it runs courses in Palier, or declares collective
 * workshops under the national standard. Columns are written out with the row's name: in a one-table select Drizzle
 * leaves them unqualified, and a bare `id` inside the subquery would be the course's.
 */
export const offersWorkshops = (table = 'facility') =>
  sql`(${collectiveWorkshopMode} = any(${sql.identifier(table)}.support_modes)
    or exists (select 1 from ${course} c where c.facility_id = ${sql.identifier(table)}.id))`;
/** Degrees of latitude in a metre (to widen a bounding box by the walking distance). */
const degreesPerMetre = 1 / 111_320;

export async function loadPlanInput(
  db: DbOrTx,
  programmeId: number,
  { sectorIds, today = localDate(new Date()) }: { sectorIds?: number[]; today?: string } = {},
): Promise<PlanInput> {
  const settings = await loadRolloutSettings(db, programmeId);
  const inSectors = (column: AnyPgColumn) => (sectorIds ? inArray(column, sectorIds) : undefined);

  const sectorRows = await db
    .select({
      id: sector.id,
      code: sector.code,
      name: sector.name,
      neighbourhood: neighbourhood.name,
      stage: sector.rolloutStage,
      stageSince: sql<string>`(${sector.rolloutStageSince} at time zone 'Europe/Paris')::date::text`,
      dwellings: sector.dwellingCount,
      qpv: sql<boolean>`${neighbourhood.qpvCode} is not null`,
    })
    .from(sector)
    .innerJoin(neighbourhood, eq(neighbourhood.id, sector.neighbourhoodId))
    .where(and(eq(sector.programmeId, programmeId), inSectors(sector.id)))
    .orderBy(sector.code);

  const positions = await db
    .select({
      sectorId: partnerPosition.sectorId,
      organisationId: partnerPosition.organisationId,
      organisationName: organisation.name,
      kind: organisation.kind,
      opinion: partnerPosition.opinion,
      agrees: partnerPosition.agrees,
    })
    .from(partnerPosition)
    .innerJoin(organisation, eq(organisation.id, partnerPosition.organisationId))
    .where(and(eq(partnerPosition.programmeId, programmeId), inSectors(partnerPosition.sectorId)));

  const tenants = await db
    .select({ sectorId: sectorPartner.sectorId, name: organisation.name })
    .from(sectorPartner)
    .innerJoin(organisation, eq(organisation.id, sectorPartner.organisationId))
    .where(
      and(
        eq(organisation.programmeId, programmeId),
        eq(organisation.kind, 'tenant_association'),
        inSectors(sectorPartner.sectorId),
      ),
    );

  // A pin holds while the sector stays where it was pinned: once it has moved (a vote, a decision), the pin is stale.
  const pins = await db
    .select({
      sectorId: rolloutPin.sectorId,
      startsOn: rolloutPin.startsOn,
      comment: rolloutPin.comment,
      pinnedBy: rolloutPin.pinnedBy,
      pinnedAt: rolloutPin.pinnedAt,
    })
    .from(rolloutPin)
    .innerJoin(sector, eq(sector.id, rolloutPin.sectorId))
    .where(
      and(
        eq(rolloutPin.programmeId, programmeId),
        inSectors(rolloutPin.sectorId),
        sql`${rolloutPin.pinnedAt} >= ${sector.rolloutStageSince}`,
      ),
    );

  const buildings = await db
    .select({ sectorId: building.sectorId, lat: building.latitude, lon: building.longitude })
    .from(building)
    .where(
      and(
        eq(building.programmeId, programmeId),
        isNotNull(building.latitude),
        isNotNull(building.longitude),
        inSectors(building.sectorId),
      ),
    );
  const unplaced = await db
    .select({ sectorId: building.sectorId, count: sql<number>`count(*)::int` })
    .from(building)
    .where(
      and(eq(building.programmeId, programmeId), isNull(building.latitude), inSectors(building.sectorId)),
    )
    .groupBy(building.sectorId);

  // For some sectors only: facilities within their buildings' bounding box widened by the walking distance.
  let near = sql`true`;
  if (sectorIds && buildings.length > 0) {
    const lats = buildings.map((b) => b.lat!);
    const lons = buildings.map((b) => b.lon!);
    const dLat = settings.walkingDistanceM * degreesPerMetre;
    const maxAbsLat = Math.max(...lats.map(Math.abs));
    const dLon = dLat / Math.max(Math.cos((maxAbsLat * Math.PI) / 180), 0.01);
    // …and the nearest one whatever the distance, to say how far it is when none is within reach.
    const lat = lats.reduce((a, b) => a + b, 0) / lats.length;
    const lon = lons.reduce((a, b) => a + b, 0) / lons.length;
    const cos = Math.cos((lat * Math.PI) / 180);
    near = sql`((${facility.latitude} between ${Math.min(...lats) - dLat} and ${Math.max(...lats) + dLat}
      and ${facility.longitude} between ${Math.min(...lons) - dLon} and ${Math.max(...lons) + dLon})
      or ${facility.id} = (select f.id from ${facility} f
        where f.programme_id = ${programmeId} and f.latitude is not null and f.longitude is not null
          and ${offersWorkshops('f')}
        order by power(f.latitude - ${lat}, 2) + power((f.longitude - ${lon}) * ${cos}, 2) limit 1))`;
  }
  const facilityRows = await db
    .select({ id: facility.id, name: facility.name, lat: facility.latitude, lon: facility.longitude })
    .from(facility)
    .where(
      and(
        eq(facility.programmeId, programmeId),
        isNotNull(facility.latitude),
        isNotNull(facility.longitude),
        near,
        offersWorkshops(),
      ),
    );
  const facilityIds = facilityRows.map((f) => f.id);
  // Free seats of each course still to come: a cycle's free places for each of its sessions ahead, a drop-in
  // session's own free places.
  const offers = facilityIds.length
    ? await db
        .select({
          facilityId: course.facilityId,
          courseId: course.id,
          title: course.title,
          startsOn: sql<string>`(min(${workshopSession.startsAt}) at time zone 'Europe/Paris')::date::text`,
          freeSeats: sql<number>`sum(case when ${course.kind} = 'cycle'
            then ${course.capacity} - ${course.seatsTaken}
            else ${workshopSession.capacity} - ${workshopSession.seatsTaken} end)::int`,
        })
        .from(course)
        .innerJoin(workshopSession, eq(workshopSession.courseId, course.id))
        .where(
          and(
            eq(course.programmeId, programmeId),
            eq(course.status, 'open'),
            eq(workshopSession.status, 'scheduled'),
            sql`${course.facilityId} = any(${intArray(facilityIds)})`,
            sql`${workshopSession.startsAt} >= (${today}::date at time zone 'Europe/Paris')`,
            sql`${workshopSession.startsAt} < ((${today}::date + make_interval(months => ${offerLookaheadMonths})) at time zone 'Europe/Paris')`,
          ),
        )
        .groupBy(course.facilityId, course.id, course.title)
    : [];

  const facilities = new Map<number, PlanFacility>(
    facilityRows.map((f) => [f.id, { id: f.id, name: f.name, lat: f.lat!, lon: f.lon!, offers: [] }]),
  );
  for (const o of offers.sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.courseId - b.courseId)) {
    if (o.freeSeats > 0)
      facilities.get(o.facilityId)?.offers.push({
        courseId: o.courseId,
        title: o.title,
        startsOn: o.startsOn,
        freeSeats: o.freeSeats,
      });
  }

  const bySector = <T extends { sectorId: number }>(rows: T[]) => {
    const map = new Map<number, T[]>();
    for (const r of rows) map.set(r.sectorId, [...(map.get(r.sectorId) ?? []), r]);
    return map;
  };
  const positionsOf = bySector(positions);
  const tenantsOf = bySector(tenants);
  const pinOf = new Map(pins.map((p) => [p.sectorId, p]));
  const sectors: PlanSector[] = sectorRows.map((s) => {
    const pin = pinOf.get(s.id);
    return {
      ...s,
      positions: (positionsOf.get(s.id) ?? []).map(({ sectorId: _, ...p }) => p),
      tenantAssociations: (tenantsOf.get(s.id) ?? []).map((t) => t.name),
      pin: pin
        ? {
            startsOn: pin.startsOn,
            comment: pin.comment,
            pinnedBy: pin.pinnedBy,
            pinnedOn: localDate(pin.pinnedAt),
          }
        : null,
    };
  });
  return {
    today,
    settings,
    sectors,
    buildings: buildings.map((b) => ({ sectorId: b.sectorId, lat: b.lat!, lon: b.lon! })),
    facilities: [...facilities.values()],
    unplacedBuildings: Object.fromEntries(unplaced.map((u) => [u.sectorId, u.count])),
  };
}
