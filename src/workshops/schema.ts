import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { household, householdMember } from '../households/schema.ts';
import { organisation, programme } from '../partners/schema.ts';

/**
 * A place where residents learn (lieu de médiation numérique): the columns follow the national standard
 * (schéma des lieux de médiation numérique v1.0.2, see src/workshops/facility-standard.ts), plus what running
 * workshops needs (the partner that runs it, accessibility notes, computers available).
 */
export const facility = pgTable(
  'facility',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    /** The partner (organisation of kind facility) whose facilitators run it; null until linked. */
    organisationId: integer('organisation_id').references(() => organisation.id),
    /** The standard's `id`: unique within the programme, kept from an import so re-imports update the row. */
    externalId: text('external_id').notNull(),
    pivot: text('pivot').notNull(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    addressComplement: text('address_complement'),
    postcode: text('postcode').notNull(),
    commune: text('commune').notNull(),
    inseeCode: text('insee_code'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    typology: text('typology').array().notNull().default(sql`'{}'::text[]`),
    phone: text('phone'),
    emails: text('emails').array().notNull().default(sql`'{}'::text[]`),
    websites: text('websites').array().notNull().default(sql`'{}'::text[]`),
    /** OpenStreetMap `opening_hours` syntax, e.g. "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00". */
    openingHours: text('opening_hours'),
    summary: text('summary'),
    description: text('description'),
    source: text('source'),
    mobility: text('mobility').array().notNull().default(sql`'{}'::text[]`),
    parent: text('parent'),
    updatedOn: date('updated_on').notNull(),
    services: text('services').array().notNull().default(sql`'{}'::text[]`),
    publics: text('publics').array().notNull().default(sql`'{}'::text[]`),
    specialSupport: text('special_support').array().notNull().default(sql`'{}'::text[]`),
    fees: text('fees').array().notNull().default(sql`'{}'::text[]`),
    nationalProgrammes: text('national_programmes').array().notNull().default(sql`'{}'::text[]`),
    labels: text('labels').array().notNull().default(sql`'{}'::text[]`),
    otherLabels: text('other_labels'),
    accessModes: text('access_modes').array().notNull().default(sql`'{}'::text[]`),
    supportModes: text('support_modes').array().notNull().default(sql`'{}'::text[]`),
    accessibilityUrl: text('accessibility_url'),
    bookingUrl: text('booking_url'),
    /** Plain words on access: step-free entrance, lift, hearing loop… */
    accessibility: text('accessibility'),
    wheelchairAccessible: boolean('wheelchair_accessible'),
    /** Computers residents can use during workshops. */
    computers: smallint('computers').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('facility_external_uq').on(t.programmeId, t.externalId),
    index('facility_organisation_idx').on(t.organisationId),
    check('facility_postcode_ck', sql`postcode ~ '^[0-9]{5}$'`),
    check('facility_computers_ck', sql`computers >= 0`),
  ],
);

/** A room of a facility, with its seats and the computers in it. */
export const room = pgTable(
  'room',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    facilityId: integer('facility_id')
      .notNull()
      .references(() => facility.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    seats: smallint('seats').notNull(),
    computers: smallint('computers').notNull().default(0),
  },
  (t) => [
    unique('room_name_uq').on(t.facilityId, t.name),
    check('room_seats_ck', sql`seats > 0 and computers >= 0`),
  ],
);

export const courseKinds = ['cycle', 'drop_in'] as const;
export type CourseKind = (typeof courseKinds)[number];
export const courseLevels = ['beginner', 'intermediate', 'advanced'] as const;
export type CourseLevel = (typeof courseLevels)[number];

/**
 * A course: a cycle (people register for all its sessions, seats counted on the course) or drop-in sessions
 * (people register for one session, seats counted on the session).
 */
export const course = pgTable(
  'course',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    facilityId: integer('facility_id')
      .notNull()
      .references(() => facility.id),
    kind: text('kind').$type<CourseKind>().notNull(),
    title: text('title').notNull(),
    level: text('level').$type<CourseLevel>().notNull(),
    audience: text('audience').notNull(),
    description: text('description').notNull(),
    sessionCount: smallint('session_count').notNull(),
    /** Competency codes of the skills framework the course works on (see the certificates module). */
    competencies: text('competencies').array().notNull().default(sql`'{}'::text[]`),
    /** Seats of a cycle; drop-in sessions carry their own. */
    capacity: smallint('capacity').notNull(),
    seatsTaken: smallint('seats_taken').notNull().default(0),
    status: text('status').$type<'open' | 'cancelled'>().notNull().default('open'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('course_facility_idx').on(t.facilityId, t.id),
    check('course_kind_ck', sql`kind in ('cycle', 'drop_in')`),
    check('course_seats_ck', sql`capacity > 0 and seats_taken >= 0 and seats_taken <= capacity`),
    check('course_sessions_ck', sql`session_count between 1 and 52`),
  ],
);

/** One session of a course: a date and time, a room, a facilitator. */
export const workshopSession = pgTable(
  'workshop_session',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id').notNull(),
    courseId: integer('course_id')
      .notNull()
      .references(() => course.id),
    facilityId: integer('facility_id')
      .notNull()
      .references(() => facility.id),
    roomId: integer('room_id').references(() => room.id),
    facilitatorName: text('facilitator_name'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** Seats of a drop-in session (a cycle's sessions count seats on the course). */
    capacity: smallint('capacity').notNull(),
    seatsTaken: smallint('seats_taken').notNull().default(0),
    status: text('status').$type<'scheduled' | 'cancelled'>().notNull().default('scheduled'),
    cancelledReason: text('cancelled_reason'),
    /** iCalendar SEQUENCE: bumped on every change a calendar must pick up. */
    sequence: integer('sequence').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('workshop_session_facility_idx').on(t.facilityId, t.startsAt),
    index('workshop_session_course_idx').on(t.courseId, t.startsAt),
    index('workshop_session_starts_idx').on(t.startsAt),
    check('workshop_session_time_ck', sql`ends_at > starts_at`),
    check('workshop_session_seats_ck', sql`capacity > 0 and seats_taken >= 0 and seats_taken <= capacity`),
  ],
);

export const reminderChannels = ['sms', 'call', 'letter', 'email'] as const;
export type ReminderChannel = (typeof reminderChannels)[number];
export const registrationStatuses = ['registered', 'waiting', 'cancelled'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

/**
 * A person's place on a cycle (session_id null) or on one drop-in session. Waiting places are served in the
 * order of their id, which is taken while the course (or session) row is locked: arrival order.
 */
export const registration = pgTable(
  'registration',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id').notNull(),
    courseId: integer('course_id')
      .notNull()
      .references(() => course.id),
    sessionId: integer('session_id').references(() => workshopSession.id),
    householdId: integer('household_id')
      .notNull()
      .references(() => household.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => householdMember.id),
    status: text('status').$type<RegistrationStatus>().notNull(),
    reminderChannel: text('reminder_channel').$type<ReminderChannel>().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    promotedAt: timestamp('promoted_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    /** When the person had attended enough sessions of the cycle (see `cycleCompletion` in rules.ts). */
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('registration_cycle_member_uq')
      .on(t.courseId, t.memberId)
      .where(sql`session_id is null and status <> 'cancelled'`),
    uniqueIndex('registration_session_member_uq')
      .on(t.sessionId, t.memberId)
      .where(sql`session_id is not null and status <> 'cancelled'`),
    index('registration_course_idx').on(t.courseId, t.status, t.id),
    index('registration_session_idx').on(t.sessionId, t.status, t.id),
    index('registration_household_idx').on(t.householdId),
    // A participant's calendar feed, polled by phones: a person's registrations.
    index('registration_member_idx').on(t.memberId),
    check('registration_status_ck', sql`status in ('registered', 'waiting', 'cancelled')`),
    check('registration_channel_ck', sql`reminder_channel in ('sms', 'call', 'letter', 'email')`),
  ],
);

/** The roll call: one row per registered person and session, present or absent. */
export const attendance = pgTable(
  'attendance',
  {
    sessionId: integer('session_id')
      .notNull()
      .references(() => workshopSession.id),
    registrationId: integer('registration_id')
      .notNull()
      .references(() => registration.id),
    present: boolean('present').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.registrationId] }),
    index('attendance_registration_idx').on(t.registrationId),
  ],
);

/** The secret address of a participant's calendar feed; a new token kills the old one. */
export const participantCalendar = pgTable('participant_calendar', {
  memberId: integer('member_id')
    .primaryKey()
    .references(() => householdMember.id),
  programmeId: integer('programme_id').notNull(),
  token: text('token').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
