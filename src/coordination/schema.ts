import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  date,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { organisation, programme } from '../partners/schema.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * A document of the programme's coordination (an agreement, the minutes of a meeting): a PDF or a photo checked by
 * its content (`platform/documents`), kept in the database and served as a download only.
 */
export const coordinationDocument = pgTable(
  'coordination_document',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    name: text('name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('coordination_document_programme_idx').on(t.programmeId),
    check('coordination_document_type_ck', sql`media_type in ('application/pdf', 'image/jpeg', 'image/png')`),
  ],
);

/** A partnership agreement (convention) between the programme and one partner: object, dates, amount. */
export const agreement = pgTable(
  'agreement',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisation.id),
    reference: text('reference').notNull(),
    object: text('object').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    /** What the programme pays over the agreement, in cents; 0 when it involves no money. */
    amountCents: integer('amount_cents').notNull().default(0),
    /** How many days before its end the renewal is to be prepared (the alert shows from then). */
    noticeDays: smallint('notice_days').notNull().default(90),
    /** The agreement this one renews, if any: the renewed one no longer raises an alert. */
    renewsId: integer('renews_id'),
    status: text('status').$type<'active' | 'terminated'>().notNull().default('active'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('agreement_reference_uq').on(t.programmeId, t.reference),
    index('agreement_organisation_idx').on(t.organisationId),
    index('agreement_ends_idx').on(t.programmeId, t.endsOn),
    check('agreement_dates_ck', sql`ends_on >= starts_on`),
    check('agreement_amount_ck', sql`amount_cents >= 0`),
    check('agreement_notice_ck', sql`notice_days between 0 and 365`),
    check('agreement_status_ck', sql`status in ('active', 'terminated')`),
  ],
);

export const agreementDocument = pgTable(
  'agreement_document',
  {
    agreementId: integer('agreement_id')
      .notNull()
      .references(() => agreement.id),
    documentId: integer('document_id')
      .notNull()
      .references(() => coordinationDocument.id),
  },
  (t) => [unique('agreement_document_uq').on(t.agreementId, t.documentId)],
);

/** A subsidy to an association for one year and one purpose: planned, then committed (voted), then paid in parts. */
export const subsidy = pgTable(
  'subsidy',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisation.id),
    year: smallint('year').notNull(),
    purpose: text('purpose').notNull(),
    plannedCents: integer('planned_cents').notNull(),
    /** The amount voted (committed); null while only planned. */
    committedCents: integer('committed_cents'),
    committedOn: date('committed_on'),
    /** Kept by `recordSubsidyPayment` in the transaction that adds a payment; checked against the committed amount. */
    paidCents: integer('paid_cents').notNull().default(0),
    agreementId: integer('agreement_id').references(() => agreement.id),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('subsidy_purpose_uq').on(t.organisationId, t.year, t.purpose),
    index('subsidy_year_idx').on(t.programmeId, t.year),
    check('subsidy_year_ck', sql`year between 2000 and 2100`),
    check(
      'subsidy_amounts_ck',
      sql`planned_cents >= 0 and (committed_cents is null or committed_cents >= 0)`,
    ),
    check('subsidy_paid_ck', sql`paid_cents >= 0 and paid_cents <= coalesce(committed_cents, 0)`),
    check('subsidy_committed_ck', sql`(committed_cents is null) = (committed_on is null)`),
  ],
);

export const subsidyPayment = pgTable(
  'subsidy_payment',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    subsidyId: integer('subsidy_id')
      .notNull()
      .references(() => subsidy.id),
    paidOn: date('paid_on').notNull(),
    amountCents: integer('amount_cents').notNull(),
    reference: text('reference'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('subsidy_payment_subsidy_idx').on(t.subsidyId),
    check('subsidy_payment_amount_ck', sql`amount_cents > 0`),
  ],
);

/** A meeting of the steering committee (comité de pilotage): who came, the minutes, its decisions and actions. */
export const steeringMeeting = pgTable(
  'steering_meeting',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    heldOn: date('held_on').notNull(),
    place: text('place').notNull(),
    attendees: text('attendees').notNull(),
    minutesDocumentId: integer('minutes_document_id').references(() => coordinationDocument.id),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('steering_meeting_programme_idx').on(t.programmeId, t.heldOn)],
);

export const steeringDecision = pgTable(
  'steering_decision',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => steeringMeeting.id),
    text: text('text').notNull(),
  },
  (t) => [index('steering_decision_meeting_idx').on(t.meetingId)],
);

export const actionStatuses = ['open', 'done', 'dropped'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

/** A follow-up action decided by the committee: who does it, by when, where it stands. */
export const steeringAction = pgTable(
  'steering_action',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => steeringMeeting.id),
    description: text('description').notNull(),
    /** The partner responsible, when it is one; `ownerName` says who in words (a person, a service). */
    ownerOrganisationId: integer('owner_organisation_id').references(() => organisation.id),
    ownerName: text('owner_name').notNull(),
    dueOn: date('due_on').notNull(),
    status: text('status').$type<ActionStatus>().notNull().default('open'),
    statusNote: text('status_note'),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('steering_action_meeting_idx').on(t.meetingId),
    index('steering_action_open_idx').on(t.programmeId, t.status, t.dueOn),
    check('steering_action_status_ck', sql`status in ('open', 'done', 'dropped')`),
  ],
);
