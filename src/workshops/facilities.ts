// Facilities (lieux de médiation numérique): records people can find, with rooms; imported from and exported to
// the national standard.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { organisation } from '../partners/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import { CsvFormatError } from '../platform/csv/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan, assertCanAtAll, can, NotFoundError } from '../platform/permissions/index.ts';
import { type FacilityRecord, facilitiesCsv, parseFacilitiesCsv } from './facility-standard.ts';
import type { Refused } from './refusals.ts';
import { facility, room } from './schema.ts';
import type { FacilityInputValue } from './values.ts';

/** The standard's pivot when a place has no SIRET or RNA number. */
const noPivot = '00000000000000';

export type FacilityRow = typeof facility.$inferSelect;

async function facilityScope(db: DbOrTx, programmeId: number, facilityId: number) {
  const [row] = await db
    .select({ id: facility.id, organisationId: facility.organisationId })
    .from(facility)
    .where(and(eq(facility.id, facilityId), eq(facility.programmeId, programmeId)));
  if (!row) throw new NotFoundError('facility');
  return { programmeId, organisationId: row.organisationId };
}

/** The partner a facility is linked to must be a facility partner of the programme. */
async function checkPartner(db: DbOrTx, actor: Actor, organisationId: number | undefined) {
  if (organisationId === undefined) return true;
  const [org] = await db
    .select({ kind: organisation.kind })
    .from(organisation)
    .where(and(eq(organisation.id, organisationId), eq(organisation.programmeId, actor.programmeId)));
  return org?.kind === 'facility';
}

const columnsOf = (input: FacilityInputValue) => ({
  name: input.name,
  address: input.address,
  addressComplement: input.addressComplement ?? null,
  postcode: input.postcode,
  commune: input.commune,
  inseeCode: input.inseeCode ?? null,
  pivot: input.pivot ?? noPivot,
  latitude: input.latitude ?? null,
  longitude: input.longitude ?? null,
  phone: input.phone ?? null,
  emails: input.email ? [input.email] : [],
  openingHours: input.openingHours ?? null,
  summary: input.summary ?? null,
  accessibility: input.accessibility ?? null,
  wheelchairAccessible: input.wheelchairAccessible,
  computers: input.computers,
});

/**
 * A new facility. The coordinator links it to any facility partner; a facilitator creates its own organisation's.
 */
export async function createFacility({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: FacilityInputValue;
}): Promise<{ ok: true; facilityId: number } | Refused<'not_a_facility_partner'>> {
  const scope = assertCanAtAll(actor, 'facility.manage');
  const organisationId =
    scope === 'organisation' ? (actor.organisationId ?? undefined) : input.organisationId;
  assertCan(actor, 'facility.manage', { programmeId: actor.programmeId, organisationId });
  if (!(await checkPartner(db, actor, organisationId)))
    return { ok: false, reason: 'not_a_facility_partner', field: 'organisationId' };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(facility)
      .values({
        programmeId: actor.programmeId,
        organisationId: organisationId ?? null,
        externalId: `palier-${randomUUID()}`,
        updatedOn: localDate(new Date()),
        source: 'Palier',
        ...columnsOf(input),
      })
      .returning({ id: facility.id });
    await recordAudit(tx, actor, {
      action: 'facility.created',
      entityType: 'facility',
      entityId: row!.id,
      details: { name: input.name, organisationId },
    });
    return { ok: true as const, facilityId: row!.id };
  });
}

export async function updateFacility({
  db,
  actor,
  facilityId,
  input,
}: {
  db: Db;
  actor: Actor;
  facilityId: number;
  input: FacilityInputValue;
}): Promise<{ ok: true } | Refused<'not_a_facility_partner'>> {
  const resource = await facilityScope(db, actor.programmeId, facilityId);
  assertCan(actor, 'facility.manage', resource);
  // Only the coordinator moves a facility to another partner.
  const organisationId =
    assertCanAtAll(actor, 'facility.manage') === 'programme'
      ? input.organisationId
      : (resource.organisationId ?? undefined);
  if (!(await checkPartner(db, actor, organisationId)))
    return { ok: false, reason: 'not_a_facility_partner', field: 'organisationId' };
  return db.transaction(async (tx) => {
    await tx
      .update(facility)
      .set({
        ...columnsOf(input),
        organisationId: organisationId ?? null,
        updatedOn: localDate(new Date()),
        updatedAt: new Date(),
      })
      .where(eq(facility.id, facilityId));
    await recordAudit(tx, actor, {
      action: 'facility.updated',
      entityType: 'facility',
      entityId: facilityId,
      details: { name: input.name, organisationId },
    });
    return { ok: true as const };
  });
}

export async function addRoom({
  db,
  actor,
  facilityId,
  input,
}: {
  db: Db;
  actor: Actor;
  facilityId: number;
  input: { name: string; seats: number; computers: number };
}): Promise<{ ok: true; roomId: number } | Refused<'room_exists'>> {
  assertCan(actor, 'facility.manage', await facilityScope(db, actor.programmeId, facilityId));
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(room)
      .values({ facilityId, ...input })
      .onConflictDoNothing()
      .returning({ id: room.id });
    if (!row) return { ok: false as const, reason: 'room_exists' as const, field: 'name' };
    await recordAudit(tx, actor, {
      action: 'facility.room_added',
      entityType: 'facility',
      entityId: facilityId,
      details: input,
    });
    return { ok: true as const, roomId: row.id };
  });
}

export interface FacilitySummary {
  id: number;
  name: string;
  address: string;
  postcode: string;
  commune: string;
  openingHours: string | null;
  phone: string | null;
  organisationId: number | null;
  organisationName: string | null;
  latitude: number | null;
  longitude: number | null;
  wheelchairAccessible: boolean | null;
  computers: number;
}

/** Facilities of a programme: public information (names, addresses, hours), for residents and staff alike. */
export async function listFacilities({
  db,
  programmeId,
}: {
  db: DbOrTx;
  programmeId: number;
}): Promise<FacilitySummary[]> {
  return db
    .select({
      id: facility.id,
      name: facility.name,
      address: facility.address,
      postcode: facility.postcode,
      commune: facility.commune,
      openingHours: facility.openingHours,
      phone: facility.phone,
      organisationId: facility.organisationId,
      organisationName: organisation.name,
      latitude: facility.latitude,
      longitude: facility.longitude,
      wheelchairAccessible: facility.wheelchairAccessible,
      computers: facility.computers,
    })
    .from(facility)
    .leftJoin(organisation, eq(organisation.id, facility.organisationId))
    .where(eq(facility.programmeId, programmeId))
    .orderBy(asc(facility.name))
    .limit(1000);
}

/** One facility with its rooms; `canManage` tells pages whether to show the edit forms. */
export async function getFacility({
  db,
  programmeId,
  facilityId,
  actor,
}: {
  db: DbOrTx;
  programmeId: number;
  facilityId: number;
  actor?: Actor | null;
}) {
  const [row] = await db
    .select({ facility, organisationName: organisation.name })
    .from(facility)
    .leftJoin(organisation, eq(organisation.id, facility.organisationId))
    .where(and(eq(facility.id, facilityId), eq(facility.programmeId, programmeId)));
  if (!row) throw new NotFoundError('facility');
  const rooms = await db.select().from(room).where(eq(room.facilityId, facilityId)).orderBy(asc(room.name));
  const canManage = actor
    ? can(actor, 'facility.manage', { programmeId, organisationId: row.facility.organisationId })
    : false;
  return { ...row.facility, organisationName: row.organisationName, rooms, canManage };
}

export interface FacilityImportReport {
  imported: number;
  created: number;
  updated: number;
  errors: { line: number; column: string; message: string }[];
}

/**
 * Imports a file of the national standard: every line is checked first (all errors, by line), then all rows are
 * written in one transaction — created, or updated when the file's `id` is already known. Nothing changes when a
 * line is wrong.
 */
export async function importFacilities({
  db,
  actor,
  file,
  organisationId,
}: {
  db: Db;
  actor: Actor;
  file: string | Buffer;
  organisationId?: number;
}): Promise<FacilityImportReport | Refused<'not_a_facility_partner'>> {
  assertCan(actor, 'facility.manage', { programmeId: actor.programmeId, organisationId: null });
  if (!(await checkPartner(db, actor, organisationId)))
    return { ok: false, reason: 'not_a_facility_partner', field: 'organisationId' };
  let parsed: ReturnType<typeof parseFacilitiesCsv>;
  try {
    parsed = parseFacilitiesCsv(file);
  } catch (error) {
    if (error instanceof CsvFormatError)
      return {
        imported: 0,
        created: 0,
        updated: 0,
        errors: [{ line: 1, column: '', message: error.message }],
      };
    throw error;
  }
  if (parsed.errors.length) return { imported: 0, created: 0, updated: 0, errors: parsed.errors };
  return db.transaction(async (tx) => {
    let created = 0;
    for (let i = 0; i < parsed.records.length; i += 500) {
      const chunk = parsed.records.slice(i, i + 500).map(({ record }) => ({
        programmeId: actor.programmeId,
        ...(organisationId ? { organisationId } : {}),
        ...record,
      }));
      const rows = await tx
        .insert(facility)
        .values(chunk)
        .onConflictDoUpdate({
          target: [facility.programmeId, facility.externalId],
          set: Object.fromEntries(
            Object.keys(chunk[0]!)
              .filter((k) => k !== 'programmeId' && k !== 'externalId')
              .map((k) => [k, sql.raw(`excluded.${toColumn(k)}`)]),
          ),
        })
        .returning({ inserted: sql<boolean>`(xmax = 0)` });
      created += rows.filter((r) => r.inserted).length;
    }
    const imported = parsed.records.length;
    await recordAudit(tx, actor, {
      action: 'facility.imported',
      entityType: 'programme',
      entityId: actor.programmeId,
      details: { imported, created, updated: imported - created, organisationId },
    });
    return { imported, created, updated: imported - created, errors: [] };
  });
}

const toColumn = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The programme's facilities in the national standard's CSV. */
export async function exportFacilities({ db, programmeId }: { db: DbOrTx; programmeId: number }) {
  const rows = await db
    .select()
    .from(facility)
    .where(eq(facility.programmeId, programmeId))
    .orderBy(asc(facility.id));
  return facilitiesCsv(rows.map(toRecord));
}

function toRecord(row: FacilityRow): FacilityRecord {
  return {
    externalId: row.externalId,
    pivot: row.pivot,
    name: row.name,
    commune: row.commune,
    postcode: row.postcode,
    inseeCode: row.inseeCode,
    address: row.address,
    addressComplement: row.addressComplement,
    latitude: row.latitude,
    longitude: row.longitude,
    typology: row.typology,
    phone: row.phone,
    emails: row.emails,
    websites: row.websites,
    openingHours: row.openingHours,
    summary: row.summary,
    description: row.description,
    source: row.source,
    mobility: row.mobility,
    parent: row.parent,
    updatedOn: row.updatedOn,
    services: row.services,
    publics: row.publics,
    specialSupport: row.specialSupport,
    fees: row.fees,
    nationalProgrammes: row.nationalProgrammes,
    labels: row.labels,
    otherLabels: row.otherLabels,
    accessModes: row.accessModes,
    supportModes: row.supportModes,
    accessibilityUrl: row.accessibilityUrl,
    bookingUrl: row.bookingUrl,
  };
}
