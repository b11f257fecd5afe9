import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, smallint, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { programme } from '../partners/schema.ts';
import { dwelling } from '../territory/schema.ts';

export const household = pgTable(
  'household',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    reference: text('reference').notNull(),
    // Contact preferences: many residents have no e-mail; letters and phone calls are first-class.
    phone: text('phone'),
    email: text('email'),
    channels: text('channels').array().notNull().default(sql`'{letter}'::text[]`),
    language: text('language').notNull().default('fr'),
    // Optional profile, used only for statistics; "not_given" is always possible.
    minimumBenefits: text('minimum_benefits').notNull().default('not_given'),
    singleParent: text('single_parent').notNull().default('not_given'),
    livesAlone: text('lives_alone').notNull().default('not_given'),
    firstTimeUser: text('first_time_user').notNull().default('not_given'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Moved to the limited-access archive at the end of active use (retention); still counted in statistics. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    /** Identifying data erased or replaced (on request or at the end of retention); the row stays for the counts. */
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
  },
  (t) => [unique('household_reference_uq').on(t.programmeId, t.reference)],
);

export const householdMember = pgTable(
  'household_member',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id').notNull(),
    householdId: integer('household_id')
      .notNull()
      .references(() => household.id, { onDelete: 'cascade' }),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    birthYear: smallint('birth_year'),
    ageBand: text('age_band').notNull().default('not_given'),
    isReferencePerson: text('is_reference_person').notNull().default('no'),
    searchText: text('search_text')
      .notNull()
      .generatedAlwaysAs(sql`palier_normalize(first_name || ' ' || last_name)`),
  },
  (t) => [
    index('household_member_household_idx').on(t.householdId),
    index('household_member_search_idx').using('gin', sql`search_text gin_trgm_ops`),
    check('household_member_birth_year_ck', sql`birth_year is null or birth_year between 1900 and 2100`),
  ],
);

/** A household lives in a dwelling over dates; overlapping tenancies of one dwelling are refused by the database. */
export const tenancy = pgTable(
  'tenancy',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id').notNull(),
    householdId: integer('household_id')
      .notNull()
      .references(() => household.id, { onDelete: 'cascade' }),
    dwellingId: integer('dwelling_id')
      .notNull()
      .references(() => dwelling.id),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
  },
  (t) => [
    index('tenancy_household_idx').on(t.householdId),
    index('tenancy_dwelling_idx').on(t.dwellingId),
    check('tenancy_dates_ck', sql`end_date is null or end_date > start_date`),
  ],
);

export const consent = pgTable(
  'consent',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id').notNull(),
    householdId: integer('household_id')
      .notNull()
      .references(() => household.id, { onDelete: 'cascade' }),
    purpose: text('purpose').notNull(),
    givenOn: date('given_on').notNull(),
    source: text('source').notNull(),
    withdrawnOn: date('withdrawn_on'),
  },
  (t) => [index('consent_household_idx').on(t.householdId)],
);
