import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { household, householdMember } from '../households/schema.ts';
import { organisation, programme } from '../partners/schema.ts';
import { neighbourhood, sector } from '../territory/schema.ts';

/** How a programme publishes its figures: the statistical-secrecy threshold and the take-up reference. */
export const impactSettings = pgTable(
  'impact_settings',
  {
    programmeId: integer('programme_id')
      .primaryKey()
      .references(() => programme.id),
    /** No published cell counts fewer people than this (11 by default). */
    secrecyThreshold: smallint('secrecy_threshold').notNull().default(11),
    /** The take-up the programme compares itself with, in per cent (Brest: about 12 % of residents). */
    takeUpReferencePercent: smallint('take_up_reference_percent').notNull().default(12),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  () => [
    check('impact_settings_threshold_ck', sql`secrecy_threshold between 5 and 100`),
    check('impact_settings_reference_ck', sql`take_up_reference_percent between 1 and 100`),
  ],
);

export type TestimonyAttribution = 'first_name' | 'anonymous';
export type ConsentForm = 'signed' | 'oral' | 'online';

/**
 * A resident's words about the programme, published in reports only with their consent, under their first name or
 * anonymously as they chose. Withdrawing erases the words (the row stays, for the audit trail).
 */
export const testimony = pgTable(
  'testimony',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    householdId: integer('household_id').references(() => household.id, { onDelete: 'set null' }),
    sectorId: integer('sector_id').references(() => sector.id),
    /** The organisation of the person who recorded it (a facility, an association), or null for the city. */
    organisationId: integer('organisation_id').references(() => organisation.id),
    /** The words; null once withdrawn. */
    quote: text('quote'),
    attribution: text('attribution').$type<TestimonyAttribution>().notNull(),
    firstName: text('first_name'),
    /** Where it was said (« Atelier débutants, Kerourien »). */
    context: text('context'),
    consentOn: date('consent_on').notNull(),
    consentForm: text('consent_form').$type<ConsentForm>().notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    withdrawnOn: date('withdrawn_on'),
    withdrawnBy: text('withdrawn_by'),
  },
  (t) => [
    index('testimony_programme_idx').on(t.programmeId, t.id),
    check('testimony_withdrawn_ck', sql`(withdrawn_on is null) = (quote is not null)`),
    check('testimony_attribution_ck', sql`attribution in ('first_name', 'anonymous')`),
    check(
      'testimony_first_name_ck',
      sql`(attribution = 'first_name') = (first_name is not null) or withdrawn_on is not null`,
    ),
    check('testimony_consent_form_ck', sql`consent_form in ('signed', 'oral', 'online')`),
  ],
);

export interface ReportSection {
  heading: string;
  body: string;
}

/**
 * A periodic report (bilan): a period and an area, the coordinator's own text, the testimonies chosen. Published,
 * its figures are frozen (`snapshot`, already under statistical secrecy) so that what was sent stays what it says.
 */
export const impactReport = pgTable(
  'impact_report',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    title: text('title').notNull(),
    /** First day of the period. */
    periodFrom: date('period_from').notNull(),
    /** Last day of the period (included). */
    periodTo: date('period_to').notNull(),
    neighbourhoodId: integer('neighbourhood_id').references(() => neighbourhood.id),
    sectorId: integer('sector_id').references(() => sector.id),
    summary: text('summary').notNull().default(''),
    sections: jsonb('sections').$type<ReportSection[]>().notNull().default(sql`'[]'::jsonb`),
    testimonyIds: integer('testimony_ids').array().notNull().default(sql`'{}'::int[]`),
    status: text('status').$type<'draft' | 'published'>().notNull().default('draft'),
    snapshot: jsonb('snapshot'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: text('published_by'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('impact_report_programme_idx').on(t.programmeId, t.periodTo),
    check('impact_report_period_ck', sql`period_to >= period_from`),
    check(
      'impact_report_status_ck',
      sql`(status = 'published') = (snapshot is not null and published_at is not null)`,
    ),
  ],
);

export type QuestionnaireMoment = 'before' | 'after';

/**
 * One household's answers to the evaluation questionnaire, at sign-up (`before`) or six months later (`after`).
 * Every answer is optional; `version` names the questionnaire's definition (dated data in questionnaires.ts).
 */
export const questionnaireResponse = pgTable(
  'questionnaire_response',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    householdId: integer('household_id')
      .notNull()
      .references(() => household.id, { onDelete: 'cascade' }),
    memberId: integer('member_id').references(() => householdMember.id, { onDelete: 'set null' }),
    version: text('version').notNull(),
    moment: text('moment').$type<QuestionnaireMoment>().notNull(),
    answeredOn: date('answered_on').notNull(),
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull(),
    organisationId: integer('organisation_id').references(() => organisation.id),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('questionnaire_response_moment_uq').on(t.householdId, t.moment),
    index('questionnaire_response_programme_idx').on(t.programmeId, t.moment, t.answeredOn),
    check('questionnaire_response_moment_ck', sql`moment in ('before', 'after')`),
  ],
);

/**
 * Service charges of a closed month, summed per sector: a cache the figures read instead of every charge line. A
 * closed month's lines never change (access's triggers), so a summary, once written, stays true.
 */
export const chargeSummary = pgTable(
  'impact_charge_summary',
  {
    programmeId: integer('programme_id').notNull(),
    month: date('month').notNull(),
    sectorId: integer('sector_id').notNull(),
    /** Charge lines (a dwelling's month) and adjustments. */
    lines: integer('lines').notNull(),
    cents: bigint('cents', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.month, t.sectorId] })],
);
