import { sql } from 'drizzle-orm';
import {
  check,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { organisation, programme } from '../partners/schema.ts';
import type { RolloutStage, StageSource } from './values.ts';

export const neighbourhood = pgTable(
  'neighbourhood',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    name: text('name').notNull(),
    inseeCode: text('insee_code').notNull(),
    qpvCode: text('qpv_code'),
  },
  (t) => [unique('neighbourhood_name_uq').on(t.programmeId, t.name)],
);

export const sector = pgTable(
  'sector',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    neighbourhoodId: integer('neighbourhood_id')
      .notNull()
      .references(() => neighbourhood.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    // Kept by every write path of buildings and dwellings (refreshSectorCounts), so that lists of sectors
    // never count millions of rows.
    buildingCount: integer('building_count').notNull().default(0),
    dwellingCount: integer('dwelling_count').notNull().default(0),
    /** Where the sector stands in the roll-out (see `rolloutStages`), and since when. */
    rolloutStage: text('rollout_stage').$type<RolloutStage>().notNull().default('identified'),
    rolloutStageSince: timestamp('rollout_stage_since', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('sector_code_uq').on(t.programmeId, t.code),
    index('sector_neighbourhood_idx').on(t.neighbourhoodId),
  ],
);

/** Which partner organisations (operator, facility, tenant association) serve which sectors. */
export const sectorPartner = pgTable(
  'sector_partner',
  {
    sectorId: integer('sector_id')
      .notNull()
      .references(() => sector.id, { onDelete: 'cascade' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisation.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.sectorId, t.organisationId] }),
    index('sector_partner_org_idx').on(t.organisationId),
  ],
);

export const building = pgTable(
  'building',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    sectorId: integer('sector_id')
      .notNull()
      .references(() => sector.id),
    reference: text('reference').notNull(),
    address: text('address').notNull(),
    postcode: text('postcode').notNull(),
    inseeCode: text('insee_code').notNull(),
    city: text('city').notNull(),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    searchText: text('search_text')
      .notNull()
      .generatedAlwaysAs(sql`palier_normalize(address || ' ' || postcode || ' ' || city)`),
    // The street number an address starts with, so that "12 rue …" finds number 12 through a btree.
    houseNumber: text('house_number').generatedAlwaysAs(sql`substring(address from '^ *([0-9]+)')`),
  },
  (t) => [
    unique('building_reference_uq').on(t.programmeId, t.reference),
    unique('building_sector_uq').on(t.id, t.sectorId),
    index('building_sector_idx').on(t.sectorId),
    index('building_search_idx').using('gin', sql`search_text gin_trgm_ops`),
    index('building_house_number_idx').on(t.programmeId, t.houseNumber),
  ],
);

export const dwelling = pgTable(
  'dwelling',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    buildingId: integer('building_id').notNull(),
    // Denormalised from the building so that a sector's dwellings page fast; the composite key keeps it true.
    sectorId: integer('sector_id').notNull(),
    landlordReference: text('landlord_reference').notNull(),
    floor: smallint('floor'),
    rooms: smallint('rooms'),
    status: text('status').$type<'occupied' | 'vacant' | 'unavailable'>().notNull().default('occupied'),
    referenceKey: text('reference_key').notNull().generatedAlwaysAs(sql`upper(landlord_reference)`),
  },
  (t) => [
    unique('dwelling_reference_uq').on(t.programmeId, t.landlordReference),
    foreignKey({
      columns: [t.buildingId, t.sectorId],
      foreignColumns: [building.id, building.sectorId],
    }).onUpdate('cascade'),
    index('dwelling_building_idx').on(t.buildingId),
    index('dwelling_sector_idx').on(t.sectorId, t.landlordReference),
    index('dwelling_reference_key_idx').using('btree', t.programmeId, sql`reference_key text_pattern_ops`),
  ],
);

/**
 * Every move of a sector from one roll-out stage to another: an explicit decision of the coordinator, or an event
 * of another module (a vote opened or certified, a service opened). The sector row holds the current stage; this is
 * its history, never updated.
 */
export const sectorStageEvent = pgTable(
  'sector_stage_event',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    sectorId: integer('sector_id')
      .notNull()
      .references(() => sector.id, { onDelete: 'cascade' }),
    fromStage: text('from_stage').$type<RolloutStage>(),
    stage: text('stage').$type<RolloutStage>().notNull(),
    /** The day the decision was taken (may be earlier than the day it was recorded). */
    decidedOn: date('decided_on').notNull(),
    /** `decision` (a person moved it), `vote`, `service` (another module's event), `history` (recorded afterwards). */
    source: text('source').$type<StageSource>().notNull(),
    decidedBy: text('decided_by').notNull(),
    comment: text('comment'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sector_stage_event_sector_idx').on(t.sectorId, t.id),
    check('sector_stage_event_source_ck', sql`source in ('decision', 'vote', 'service', 'history')`),
  ],
);
