import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, smallint, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { programme } from '../partners/schema.ts';

export const notificationChannels = ['email', 'sms', 'call', 'letter'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];
/**
 * pending → sending → sent (e-mail, SMS), or back to pending with a later attempt, or failed after the last one;
 * pending → done | failed for what people do by hand (a phone call made, a letter posted); cancelled when the
 * reason for the message went away before it left (a session cancelled, a registration withdrawn).
 */
export const notificationStatuses = ['pending', 'sending', 'sent', 'done', 'failed', 'cancelled'] as const;
export type NotificationStatus = (typeof notificationStatuses)[number];

/** The outbox: every message to a person is a row first, delivered by an adapter, never twice for one reason. */
export const notification = pgTable(
  'notification',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    /** The partner that answers for the message (the facility whose call list it is on). */
    organisationId: integer('organisation_id'),
    householdId: integer('household_id'),
    memberId: integer('member_id'),
    channel: text('channel').$type<NotificationChannel>().notNull(),
    recipientName: text('recipient_name').notNull(),
    /** E-mail address, phone number (E.164) or postal address lines, as the channel needs. */
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    topic: text('topic').notNull(),
    /** Why the message exists, e.g. `reminder:2d:session:12:registration:40`: one message per reason. */
    dedupeKey: text('dedupe_key').notNull(),
    /** What the message is about, to cancel it when that goes away (e.g. `session:12`). */
    subjectRef: text('subject_ref'),
    status: text('status').$type<NotificationStatus>().notNull().default('pending'),
    attempts: smallint('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    providerId: text('provider_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    handledBy: text('handled_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('notification_dedupe_uq').on(t.programmeId, t.dedupeKey),
    index('notification_due_idx').on(t.channel, t.nextAttemptAt).where(sql`status = 'pending'`),
    // Rows whose worker stopped mid-send, claimed again once their lock has passed (the other half of `claim`).
    index('notification_sending_idx').on(t.lockedUntil).where(sql`status = 'sending'`),
    index('notification_organisation_idx').on(t.organisationId, t.status, t.id),
    index('notification_household_idx').on(t.householdId),
    index('notification_subject_idx').on(t.subjectRef),
    check('notification_channel_ck', sql`channel in ('email', 'sms', 'call', 'letter')`),
    check(
      'notification_status_ck',
      sql`status in ('pending', 'sending', 'sent', 'done', 'failed', 'cancelled')`,
    ),
  ],
);
