import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { organisation, programme } from '../partners/schema.ts';
import { dwelling, sector } from '../territory/schema.ts';
import type { BallotChannel, Choice, Procedure } from './documents/types.ts';

/**
 * A tenant vote on adding a service to the charges of a sector's dwellings. Its rule, thresholds, window and
 * offer are frozen when it opens (a trigger refuses any change); only certification writes to it afterwards.
 */
export const tenantVote = pgTable(
  'tenant_vote',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    reference: text('reference').notNull(),
    sectorId: integer('sector_id')
      .notNull()
      .references(() => sector.id),
    /** When the vote concerns only some buildings of the sector. */
    buildingIds: integer('building_ids').array(),
    procedure: text('procedure').$type<Procedure>().notNull(),
    ruleVersion: text('rule_version').notNull(),
    majorityBp: integer('majority_bp'),
    quorumBp: integer('quorum_bp'),
    rejectionBp: integer('rejection_bp'),
    maxWindowMonths: smallint('max_window_months').notNull(),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    operatorId: integer('operator_id')
      .notNull()
      .references(() => organisation.id),
    serviceName: text('service_name').notNull(),
    monthlyAmountCents: integer('monthly_amount_cents').notNull(),
    tariffFrom: date('tariff_from').notNull(),
    meetingAt: timestamp('meeting_at', { withTimezone: true }),
    meetingPlace: text('meeting_place'),
    helpPhone: text('help_phone').notNull(),
    dwellingsConcerned: integer('dwellings_concerned').notNull(),
    status: text('status').$type<'open' | 'certified'>().notNull().default('open'),
    result: text('result').$type<'adopted' | 'rejected'>(),
    /** The counts the result was certified on, compared with a recount from the ballots at any time. */
    certifiedCounts: jsonb('certified_counts'),
    certifiedAt: timestamp('certified_at', { withTimezone: true }),
    certifiedBy: text('certified_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    unique('tenant_vote_reference_uq').on(t.programmeId, t.reference),
    index('tenant_vote_sector_idx').on(t.sectorId),
    index('tenant_vote_programme_idx').on(t.programmeId, t.opensAt),
    // One running vote per sector at a time.
    uniqueIndex('tenant_vote_one_open_uq').on(t.sectorId).where(sql`status = 'open'`),
    check('tenant_vote_window_ck', sql`closes_at > opens_at`),
    check('tenant_vote_amount_ck', sql`monthly_amount_cents > 0`),
    check('tenant_vote_procedure_ck', sql`procedure in ('approval', 'opposition')`),
    check(
      'tenant_vote_result_ck',
      sql`(status = 'open' and result is null) or (status = 'certified' and result in ('adopted', 'rejected'))`,
    ),
  ],
);

/** The dwellings concerned, frozen when the vote opens: those with a tenancy on the opening date. */
export const voteDwelling = pgTable(
  'vote_dwelling',
  {
    voteId: integer('vote_id')
      .notNull()
      .references(() => tenantVote.id, { onDelete: 'cascade' }),
    dwellingId: integer('dwelling_id')
      .notNull()
      .references(() => dwelling.id),
    buildingId: integer('building_id').notNull(),
    /** The household living there when the vote opened (the voice stays with the dwelling if it leaves). */
    householdId: integer('household_id'),
  },
  (t) => [
    primaryKey({ columns: [t.voteId, t.dwellingId] }),
    index('vote_dwelling_building_idx').on(t.voteId, t.buildingId),
  ],
);

/** Ballot codes: one live code per dwelling and vote; a reissued code is revoked, never deleted. */
export const ballotCode = pgTable(
  'ballot_code',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    voteId: integer('vote_id').notNull(),
    dwellingId: integer('dwelling_id').notNull(),
    code: text('code').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    // Unique across the deployment, so that a code alone finds its vote.
    unique('ballot_code_code_uq').on(t.code),
    uniqueIndex('ballot_code_live_uq').on(t.voteId, t.dwellingId).where(sql`revoked_at is null`),
    foreignKey({
      columns: [t.voteId, t.dwellingId],
      foreignColumns: [voteDwelling.voteId, voteDwelling.dwellingId],
    }).onDelete('cascade'),
  ],
);

/** Paper slips entered twice by two people; nothing counts until both entries agree or a difference is settled. */
export const paperBatch = pgTable(
  'paper_batch',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    voteId: integer('vote_id')
      .notNull()
      .references(() => tenantVote.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    label: text('label').notNull(),
    /** When the slips were received (they count only if within the window). */
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    status: text('status').$type<'first_entry' | 'second_entry' | 'to_settle' | 'counted'>().notNull(),
    firstUserId: text('first_user_id'),
    firstBy: text('first_by'),
    secondUserId: text('second_user_id'),
    secondBy: text('second_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    countedAt: timestamp('counted_at', { withTimezone: true }),
  },
  (t) => [unique('paper_batch_number_uq').on(t.voteId, t.number)],
);

export const paperBatchLine = pgTable(
  'paper_batch_line',
  {
    batchId: integer('batch_id')
      .notNull()
      .references(() => paperBatch.id, { onDelete: 'cascade' }),
    /** 1 for the first entry, 2 for the second, 3 for the settled value where they differed. */
    entry: smallint('entry').notNull(),
    dwellingId: integer('dwelling_id').notNull(),
    typed: text('typed').notNull(),
    choice: text('choice').$type<Choice>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.entry, t.dwellingId] })],
);

/**
 * One voice per dwelling: the primary key makes a second ballot for a dwelling impossible, whatever the channel
 * or the code, and whatever runs concurrently.
 */
export const ballot = pgTable(
  'ballot',
  {
    voteId: integer('vote_id').notNull(),
    dwellingId: integer('dwelling_id').notNull(),
    choice: text('choice').$type<Choice>().notNull(),
    channel: text('channel').$type<BallotChannel>().notNull(),
    codeId: integer('code_id').references(() => ballotCode.id),
    batchId: integer('batch_id').references(() => paperBatch.id),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.voteId, t.dwellingId] }),
    foreignKey({
      columns: [t.voteId, t.dwellingId],
      foreignColumns: [voteDwelling.voteId, voteDwelling.dwellingId],
    }).onDelete('cascade'),
    check('ballot_choice_ck', sql`choice in ('yes', 'no', 'blank', 'invalid')`),
    check('ballot_channel_ck', sql`channel in ('online', 'paper', 'in_person')`),
  ],
);

/** What an adopted vote binds: the offer and amount every dwelling of the sector pays from a date. */
export const collectiveAgreement = pgTable(
  'collective_agreement',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    sectorId: integer('sector_id')
      .notNull()
      .references(() => sector.id),
    /** The vote that adopted it; null for an agreement adopted before Palier, recorded from its paper report. */
    voteId: integer('vote_id').references(() => tenantVote.id),
    recordedFrom: text('recorded_from'),
    operatorId: integer('operator_id')
      .notNull()
      .references(() => organisation.id),
    serviceName: text('service_name').notNull(),
    monthlyAmountCents: integer('monthly_amount_cents').notNull(),
    effectiveFrom: date('effective_from').notNull(),
    adoptedOn: date('adopted_on').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('collective_agreement_vote_uq').on(t.voteId),
    index('collective_agreement_sector_idx').on(t.sectorId, t.effectiveFrom),
    check('collective_agreement_amount_ck', sql`monthly_amount_cents > 0`),
    check('collective_agreement_source_ck', sql`vote_id is not null or recorded_from is not null`),
  ],
);
