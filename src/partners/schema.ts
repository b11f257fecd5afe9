import { boolean, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';

/** One programme per city or landlord partnership; every business row belongs to one (the tenant key). */
export const programme = pgTable('programme', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  /** Certificates are issued as soon as the required competencies are validated (else a facilitator issues). */
  certificateAutoIssue: boolean('certificate_auto_issue').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const organisation = pgTable(
  'organisation',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    phone: text('phone'),
    email: text('email'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('organisation_name_uq').on(t.programmeId, t.name)],
);
