import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { coordinationDocument } from '../coordination/schema.ts';
import { organisation, programme } from '../partners/schema.ts';
import { sector } from '../territory/schema.ts';

/**
 * The programme's roll-out settings (one row; absent means the defaults of `defaultRolloutSettings`): how readiness
 * is judged and how the calendar is paced.
 */
export const rolloutSettings = pgTable(
  'rollout_settings',
  {
    programmeId: integer('programme_id')
      .primaryKey()
      .references(() => programme.id),
    /** Walking distance to a facility offering workshops, in metres, by straight line. */
    walkingDistanceM: integer('walking_distance_m').notNull(),
    /** Share of a sector's dwellings expected to need workshops, in basis points (1200 = 12 %). */
    demandRateBp: integer('demand_rate_bp').notNull(),
    /** Workshop seats (one person in one session) a beginner needs. */
    beginnerSeats: smallint('beginner_seats').notNull(),
    /** How far ahead free workshop seats are counted, in months. */
    capacityHorizonMonths: smallint('capacity_horizon_months').notNull(),
    /** At most this many sectors in consultation or vote at once (the coordinator's capacity). */
    maxConcurrent: smallint('max_concurrent').notNull(),
    consultationMonths: smallint('consultation_months').notNull(),
    preparationMonths: smallint('preparation_months').notNull(),
    voteMonths: smallint('vote_months').notNull(),
    worksMonths: smallint('works_months').notNull(),
    evaluationMonths: smallint('evaluation_months').notNull(),
    /** Kinds of partners whose position the stage « partners consulted » needs (facility, tenant association…). */
    requiredConsultees: text('required_consultees').array().notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  () => [
    check(
      'rollout_settings_ck',
      sql`walking_distance_m between 100 and 20000 and demand_rate_bp between 1 and 10000
        and beginner_seats between 1 and 100 and capacity_horizon_months between 1 and 36
        and max_concurrent between 1 and 100 and consultation_months between 0 and 24
        and preparation_months between 0 and 24 and vote_months between 1 and 6
        and works_months between 0 and 36 and evaluation_months between 0 and 60`,
    ),
  ],
);

/** A manual item of a stage's checklist, ticked by the coordinator (automatic items are computed, never stored). */
export const checklistTick = pgTable(
  'checklist_tick',
  {
    sectorId: integer('sector_id')
      .notNull()
      .references(() => sector.id, { onDelete: 'cascade' }),
    itemKey: text('item_key').notNull(),
    tickedBy: text('ticked_by').notNull(),
    tickedAt: timestamp('ticked_at', { withTimezone: true }).notNull().defaultNow(),
    comment: text('comment'),
  },
  (t) => [primaryKey({ columns: [t.sectorId, t.itemKey] })],
);

/** A meeting with the local actors of a sector: when, where, who came, the minutes. */
export const consultationMeeting = pgTable(
  'consultation_meeting',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    sectorId: integer('sector_id')
      .notNull()
      .references(() => sector.id),
    heldOn: date('held_on').notNull(),
    place: text('place').notNull(),
    attendees: text('attendees').notNull(),
    minutesDocumentId: integer('minutes_document_id').references(() => coordinationDocument.id),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('consultation_meeting_sector_idx').on(t.sectorId, t.heldOn)],
);

export const opinions = ['favourable', 'reserved', 'against'] as const;
export type Opinion = (typeof opinions)[number];
export const involvements = ['relay_information', 'host_workshops', 'home_help', 'office_hours'] as const;
export type Involvement = (typeof involvements)[number];

/** A local actor's position on a sector's roll-out: its opinion, whether it agrees, how it will take part. */
export const partnerPosition = pgTable(
  'partner_position',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    sectorId: integer('sector_id')
      .notNull()
      .references(() => sector.id),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisation.id),
    meetingId: integer('meeting_id').references(() => consultationMeeting.id),
    opinion: text('opinion').$type<Opinion>().notNull(),
    agrees: boolean('agrees').notNull(),
    involvement: text('involvement').array().$type<Involvement[]>().notNull().default(sql`'{}'::text[]`),
    comment: text('comment'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The current position; a change replaces it (the audit trail keeps what it was).
    unique('partner_position_uq').on(t.sectorId, t.organisationId),
    index('partner_position_organisation_idx').on(t.organisationId),
    check('partner_position_opinion_ck', sql`opinion in ('favourable', 'reserved', 'against')`),
    check(
      'partner_position_involvement_ck',
      sql`involvement <@ array['relay_information', 'host_workshops', 'home_help', 'office_hours']::text[]`,
    ),
  ],
);

/** A sector the coordinator placed by hand in the calendar: its consultation starts that month; the rest re-plans. */
export const rolloutPin = pgTable('rollout_pin', {
  sectorId: integer('sector_id')
    .primaryKey()
    .references(() => sector.id, { onDelete: 'cascade' }),
  programmeId: integer('programme_id')
    .notNull()
    .references(() => programme.id),
  startsOn: date('starts_on').notNull(),
  comment: text('comment'),
  pinnedBy: text('pinned_by').notNull(),
  pinnedAt: timestamp('pinned_at', { withTimezone: true }).notNull().defaultNow(),
});
