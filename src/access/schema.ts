import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { household } from '../households/schema.ts';
import { organisation, programme } from '../partners/schema.ts';
import { dwelling, sector } from '../territory/schema.ts';
import { collectiveAgreement } from '../votes/schema.ts';

/** The collective service of a sector: open from a date (and possibly closed), by an operator, under an agreement. */
export const sectorService = pgTable(
  'sector_service',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    sectorId: integer('sector_id')
      .notNull()
      .references(() => sector.id),
    agreementId: integer('agreement_id').references(() => collectiveAgreement.id),
    operatorId: integer('operator_id')
      .notNull()
      .references(() => organisation.id),
    description: text('description').notNull(),
    opensOn: date('opens_on').notNull(),
    closesOn: date('closes_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('sector_service_sector_uq').on(t.sectorId),
    index('sector_service_programme_idx').on(t.programmeId),
    check('sector_service_dates_ck', sql`closes_on is null or closes_on > opens_on`),
  ],
);

/** What a dwelling pays each month, from a date: the past never changes, a new amount starts on a future date. */
export const tariff = pgTable(
  'tariff',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id').notNull(),
    serviceId: integer('service_id')
      .notNull()
      .references(() => sectorService.id),
    monthlyAmountCents: integer('monthly_amount_cents').notNull(),
    effectiveFrom: date('effective_from').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    unique('tariff_service_from_uq').on(t.serviceId, t.effectiveFrom),
    check('tariff_amount_ck', sql`monthly_amount_cents > 0 and monthly_amount_cents <= 100000`),
    check('tariff_first_day_ck', sql`extract(day from effective_from) = 1`),
  ],
);

/** A month of charges: open while the landlord checks it, closed for good once sent to the rent software. */
export const chargeMonth = pgTable(
  'charge_month',
  {
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    month: date('month').notNull(),
    status: text('status').$type<'open' | 'closed'>().notNull().default('open'),
    runAt: timestamp('run_at', { withTimezone: true }),
    runBy: text('run_by'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: text('closed_by'),
  },
  (t) => [
    primaryKey({ columns: [t.programmeId, t.month] }),
    check('charge_month_first_day_ck', sql`extract(day from month) = 1`),
  ],
);

/** One dwelling's charge for a month, or an adjustment (in a later month) of a line of a closed month. */
export const chargeLine = pgTable(
  'charge_line',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id').notNull(),
    month: date('month').notNull(),
    dwellingId: integer('dwelling_id').notNull(),
    sectorId: integer('sector_id').notNull(),
    serviceId: integer('service_id').notNull(),
    tariffId: integer('tariff_id'),
    amountCents: integer('amount_cents').notNull(),
    /** The household whose tenancy was active on the first day of the month; null: vacant, the landlord's. */
    householdId: integer('household_id'),
    kind: text('kind').$type<'charge' | 'adjustment'>().notNull().default('charge'),
    adjustsLineId: bigint('adjusts_line_id', { mode: 'number' }),
    reason: text('reason'),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    // One charge per dwelling and month: a second run of the month cannot duplicate it.
    uniqueIndex('charge_line_month_dwelling_uq')
      .on(t.programmeId, t.month, t.dwellingId)
      .where(sql`kind = 'charge'`),
    // A month's lines in line order: summaries, exports and API pages read one month only.
    index('charge_line_month_idx').on(t.programmeId, t.month, t.id),
    index('charge_line_adjusts_idx').on(t.adjustsLineId).where(sql`adjusts_line_id is not null`),
    check(
      'charge_line_kind_ck',
      sql`(kind = 'charge' and adjusts_line_id is null and amount_cents > 0) or (kind = 'adjustment' and adjusts_line_id is not null and amount_cents <> 0 and reason is not null)`,
    ),
  ],
);

export const activationStatuses = ['sent', 'scheduled', 'activated', 'failed', 'cancelled'] as const;
export type ActivationStatus = (typeof activationStatuses)[number];

/** A household asks to be connected: the operator schedules, activates or reports a failure. */
export const activationRequest = pgTable(
  'activation_request',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id').notNull(),
    householdId: integer('household_id')
      .notNull()
      .references(() => household.id),
    dwellingId: integer('dwelling_id')
      .notNull()
      .references(() => dwelling.id),
    sectorId: integer('sector_id').notNull(),
    operatorId: integer('operator_id')
      .notNull()
      .references(() => organisation.id),
    status: text('status').$type<ActivationStatus>().notNull().default('sent'),
    contactName: text('contact_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    slots: text('slots').array().notNull(),
    installHelp: boolean('install_help').notNull().default(false),
    installVisitAt: timestamp('install_visit_at', { withTimezone: true }),
    installVisitBy: text('install_visit_by'),
    /** What the home-installation visit achieved: connected, not home, needs the operator, declined. */
    installOutcome: text('install_outcome'),
    installOutcomeNote: text('install_outcome_note'),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
    scheduledFor: timestamp('scheduled_for', { withTimezone: true }),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
    activatedOn: date('activated_on'),
    equipmentRef: text('equipment_ref'),
    failureReason: text('failure_reason'),
    failureDetail: text('failure_detail'),
    createdBy: text('created_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('activation_request_operator_idx').on(t.operatorId, t.status, t.id),
    index('activation_request_programme_idx').on(t.programmeId, t.status, t.id),
    index('activation_request_household_idx').on(t.householdId),
    index('activation_request_updated_idx').on(t.operatorId, t.updatedAt, t.id),
    // One request in progress per household.
    uniqueIndex('activation_request_live_uq').on(t.householdId).where(sql`status in ('sent', 'scheduled')`),
  ],
);

/** Every step of a request, with the operator's idempotency key when it came through the API. */
export const activationEvent = pgTable(
  'activation_event',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    requestId: integer('request_id')
      .notNull()
      .references(() => activationRequest.id),
    kind: text('kind').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    details: jsonb('details'),
    idempotencyKey: text('idempotency_key'),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [
    index('activation_event_request_idx').on(t.requestId, t.id),
    uniqueIndex('activation_event_idempotency_uq')
      .on(t.requestId, t.idempotencyKey)
      .where(sql`idempotency_key is not null`),
  ],
);
