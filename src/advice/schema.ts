import { sql } from 'drizzle-orm';
import {
  check,
  customType,
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
import { household, householdMember } from '../households/schema.ts';
import { organisation, programme } from '../partners/schema.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const adviceTopics = [
  'contract',
  'termination',
  'disputed_bill',
  'doorstep_sale',
  'change_operator',
  'equipment_not_returned',
  'payment_difficulty',
  'choice_of_offer',
  'other',
] as const;
export type AdviceTopic = (typeof adviceTopics)[number];
export const adviceStatuses = ['open', 'waiting_operator', 'resolved', 'closed_no_result'] as const;
export type AdviceStatus = (typeof adviceStatuses)[number];
export const adviceActionKinds = [
  'letter_sent',
  'formal_notice',
  'ombudsman',
  'social_worker',
  'other',
] as const;
export type AdviceActionKind = (typeof adviceActionKinds)[number];

/** A question a household brought to a consumer association; visible to that association only. */
export const adviceCase = pgTable(
  'advice_case',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    /** The association holding the case: the only organisation that ever sees it. */
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisation.id),
    reference: text('reference').notNull(),
    householdId: integer('household_id')
      .notNull()
      .references(() => household.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => householdMember.id),
    topic: text('topic').$type<AdviceTopic>().notNull(),
    /** The operator concerned: a partner of the programme, or a name when it is not one. */
    operatorId: integer('operator_id').references(() => organisation.id),
    operatorName: text('operator_name'),
    summary: text('summary').notNull(),
    status: text('status').$type<AdviceStatus>().notNull().default('open'),
    outcome: text('outcome'),
    recoveredCents: integer('recovered_cents').notNull().default(0),
    openedOn: date('opened_on').notNull(),
    closedOn: date('closed_on'),
    openedBy: text('opened_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('advice_case_reference_uq').on(t.programmeId, t.reference),
    index('advice_case_organisation_idx').on(t.organisationId, t.id),
    index('advice_case_household_idx').on(t.householdId),
    index('advice_case_stats_idx').on(t.programmeId, t.openedOn),
    check('advice_case_recovered_ck', sql`recovered_cents >= 0`),
    check(
      'advice_case_status_ck',
      sql`status in ('open', 'waiting_operator', 'resolved', 'closed_no_result')`,
    ),
  ],
);

/** What happened on a case: a note, or an action (letter sent, formal notice, referral). */
export const adviceEntry = pgTable(
  'advice_entry',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => adviceCase.id),
    kind: text('kind').$type<'note' | AdviceActionKind>().notNull(),
    on: date('on').notNull(),
    body: text('body').notNull(),
    letterId: integer('letter_id'),
    author: text('author').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('advice_entry_case_idx').on(t.caseId, t.id)],
);

/** A document the household gave (PDF or photo), checked by content and size, stored in the database. */
export const adviceDocument = pgTable(
  'advice_document',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => adviceCase.id),
    organisationId: integer('organisation_id').notNull(),
    /** The name shown (cleaned); never used as a path. */
    name: text('name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('advice_document_case_idx').on(t.caseId),
    check('advice_document_size_ck', sql`size > 0 and size <= 10485760`),
    check('advice_document_type_ck', sql`media_type in ('application/pdf', 'image/jpeg', 'image/png')`),
  ],
);

/** An association's letter templates (termination, dispute, formal notice) with fields filled from a case. */
export const letterTemplate = pgTable(
  'letter_template',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id').notNull(),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisation.id),
    name: text('name').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('letter_template_name_uq').on(t.organisationId, t.name)],
);

/** A letter generated for a case from a template: its text as sent, kept with the case. */
export const adviceLetter = pgTable(
  'advice_letter',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => adviceCase.id),
    templateId: integer('template_id').references(() => letterTemplate.id),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    recipient: text('recipient').notNull(),
    generatedBy: text('generated_by').notNull(),
    generatedAt: timestamp('generated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('advice_letter_case_idx').on(t.caseId)],
);

/** A consumer association's office hours at a facility: one bookable slot per row (a weekly rule makes many). */
export const officeSlot = pgTable(
  'office_slot',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisation.id),
    facilityId: integer('facility_id').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    status: text('status').$type<'open' | 'cancelled'>().notNull().default('open'),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    index('office_slot_org_idx').on(t.organisationId, t.startsAt),
    index('office_slot_starts_idx').on(t.programmeId, t.startsAt),
    check('office_slot_time_ck', sql`ends_at > starts_at`),
  ],
);

/** A booked appointment at an office slot: one person per slot. */
export const appointment = pgTable(
  'appointment',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id').notNull(),
    slotId: integer('slot_id')
      .notNull()
      .references(() => officeSlot.id),
    organisationId: integer('organisation_id').notNull(),
    householdId: integer('household_id')
      .notNull()
      .references(() => household.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => householdMember.id),
    topic: text('topic').$type<AdviceTopic>(),
    reminderChannel: text('reminder_channel').notNull(),
    status: text('status')
      .$type<'booked' | 'cancelled' | 'attended' | 'missed'>()
      .notNull()
      .default('booked'),
    caseId: integer('case_id').references(() => adviceCase.id),
    bookedBy: text('booked_by').notNull(),
    bookedAt: timestamp('booked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('appointment_slot_uq').on(t.slotId).where(sql`status <> 'cancelled'`),
    index('appointment_household_idx').on(t.householdId),
  ],
);

/**
 * An offer sheet: a plain-French comparison of the Internet offers available in a sector, dated and versioned.
 * Associations (consumer and tenant) write and propose; the coordinator publishes; a published version never
 * changes — a correction is a new version.
 */
export const offerSheet = pgTable(
  'offer_sheet',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    sectorId: integer('sector_id').notNull(),
    version: integer('version').notNull(),
    status: text('status')
      .$type<'draft' | 'proposed' | 'published' | 'archived'>()
      .notNull()
      .default('draft'),
    title: text('title').notNull(),
    intro: text('intro').notNull(),
    offers: jsonb('offers')
      .$type<
        {
          operator: string;
          offer: string;
          monthlyCents: number;
          speed: string;
          commitmentMonths: number;
          fees: string;
          termination: string;
        }[]
      >()
      .notNull(),
    validOn: date('valid_on').notNull(),
    authorOrganisationId: integer('author_organisation_id').references(() => organisation.id),
    authorLabel: text('author_label').notNull(),
    publishedBy: text('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('offer_sheet_version_uq').on(t.sectorId, t.version),
    index('offer_sheet_sector_idx').on(t.sectorId, t.status),
  ],
);

/** Offer sheets attached to a tenant vote's information. */
export const voteOfferSheet = pgTable(
  'vote_offer_sheet',
  {
    voteId: integer('vote_id').notNull(),
    sheetId: integer('sheet_id')
      .notNull()
      .references(() => offerSheet.id),
    attachedBy: text('attached_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.voteId, t.sheetId] })],
);
