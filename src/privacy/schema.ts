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
} from 'drizzle-orm/pg-core';
import { programme } from '../partners/schema.ts';

/**
 * How long each kind of personal data stays in active use, then in a limited-access archive, before it is erased or
 * anonymised (CNIL, délibération 2023-095). One row per programme and kind; absent rows take the defaults.
 */
export const retentionSetting = pgTable(
  'retention_setting',
  {
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    kind: text('kind').notNull(),
    activeMonths: integer('active_months').notNull(),
    archiveMonths: integer('archive_months').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.programmeId, t.kind] }),
    check(
      'retention_setting_months_ck',
      sql`active_months between 0 and 1200 and archive_months between 0 and 1200`,
    ),
  ],
);

/** One run of the retention rules (or its dry run): when, by whom, and what it changed, as counts. */
export const retentionRun = pgTable(
  'retention_run',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    dryRun: boolean('dry_run').notNull(),
    actorLabel: text('actor_label').notNull(),
    /** Counts per kind and step (archived, anonymised, erased), never names. */
    summary: jsonb('summary').$type<Record<string, unknown>>(),
  },
  (t) => [index('retention_run_programme_idx').on(t.programmeId, t.startedAt.desc())],
);

/**
 * The register of erasures: that a household's identifying data was erased, when, why and by whom — it names
 * nobody (the household keeps only its internal id, whose row was anonymised), so it can be kept as proof.
 */
export const erasure = pgTable(
  'erasure',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    householdId: integer('household_id'),
    /** 'request' (the person asked, GDPR art. 17) or 'retention' (the end of the retention period). */
    cause: text('cause').notNull(),
    requestedOn: date('requested_on'),
    performedAt: timestamp('performed_at', { withTimezone: true }).notNull().defaultNow(),
    actorLabel: text('actor_label').notNull(),
    /** What was done, per module, as counts. */
    summary: jsonb('summary').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('erasure_programme_idx').on(t.programmeId, t.performedAt.desc()),
    check('erasure_cause_ck', sql`cause in ('request', 'retention')`),
  ],
);
