// The worker step: claims the e-mails and SMS that are due, sends them outside any transaction, writes down how it
// went. Calls and letters are never claimed: people do them (manage.ts).
//
// Claiming is one short transaction: `FOR UPDATE SKIP LOCKED` lets several workers run at once without ever taking
// the same row, and a claimed row is `sending` with a lock until now + 5 minutes. A worker that stops (crash,
// restart) leaves its rows `sending`; once their lock has passed another worker takes them again (the Message-ID and
// the SMS reference stay the same, so the other side can recognise a repeat). Every write after a send is
// conditional on the claim (`status = 'sending'` and the same `locked_until`): a row written `sent` is never
// claimed again, and a worker whose lock was taken over writes nothing. A row cancelled meanwhile keeps the lock
// (cancelPendingNotifications): written `sent` if it went, left cancelled if it failed.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { consentWithdrawn } from '../households/index.ts';
import type { Db } from '../platform/db/index.ts';
import type { OutboxMessage } from './outbox.ts';
import { notification } from './schema.ts';
import { type Transport, TransportError } from './transports.ts';

/** How long a claim holds a row. */
export const lockMs = 5 * 60_000;
/** A worker stops sending when its lock is this close to its end, and gives the rest back. */
const lockMarginMs = 60_000;

const backoffMinutes = [1, 5, 30, 120, 720] as const;

/** The wait before the next try after `attempts` failed ones: 1 min, 5 min, 30 min, 2 h, then 12 h (in ms). */
export function nextAttemptDelay(attempts: number): number {
  const index = Math.min(Math.max(Math.trunc(attempts), 1), backoffMinutes.length) - 1;
  return backoffMinutes[index]! * 60_000;
}

export interface DeliveryEvent {
  notificationId: number;
  channel: 'email' | 'sms';
  outcome: 'sent' | 'retried' | 'failed';
  error?: string;
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
}

/** An error as a short line for `last_error`. */
const shortError = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).replaceAll(/\s+/g, ' ').trim().slice(0, 300) ||
  'Erreur inconnue';

/**
 * Sends what is due on the channels that have a transport, at most `limit` messages, and returns what happened.
 * `now` is the worker's clock (tests move it forward); a message fails for good after `maxAttempts` tries, or at
 * once when the transport says it never can go (`TransportError.permanent`).
 */
export async function deliverDue({
  db,
  transports,
  now = new Date(),
  limit = 100,
  maxAttempts = 5,
  onProgress,
}: {
  db: Db;
  transports: Transport[];
  now?: Date;
  limit?: number;
  maxAttempts?: number;
  onProgress?: (event: DeliveryEvent) => void;
}): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
  const byChannel = new Map(transports.map((t) => [t.channel, t] as const));
  if (byChannel.size === 0 || limit < 1) return report;

  const started = performance.now();
  const clock = () => new Date(now.getTime() + Math.round(performance.now() - started));
  const lockedUntil = new Date(now.getTime() + lockMs);
  const claimed = await claim(db, [...byChannel.keys()], now, lockedUntil, limit);
  const ours = (id: number) =>
    and(
      eq(notification.id, id),
      eq(notification.status, 'sending'),
      eq(notification.lockedUntil, lockedUntil),
    );
  // A message cancelled while it was on its way keeps this worker's lock: gone, it is written sent; failed, it stays
  // cancelled (never tried again).
  const oursEvenCancelled = (id: number) =>
    and(
      eq(notification.id, id),
      inArray(notification.status, ['sending', 'cancelled']),
      eq(notification.lockedUntil, lockedUntil),
    );

  for (const [i, n] of claimed.entries()) {
    if (performance.now() - started > lockMs - lockMarginMs) {
      await giveBack(db, claimed.slice(i), lockedUntil);
      break;
    }
    const channel = n.channel as 'email' | 'sms';
    try {
      const { providerId } = await byChannel.get(channel)!.send(n);
      await db
        .update(notification)
        .set({ status: 'sent', sentAt: clock(), providerId, lockedUntil: null, lastError: null })
        .where(oursEvenCancelled(n.id));
      report.sent++;
      onProgress?.({ notificationId: n.id, channel, outcome: 'sent' });
    } catch (error) {
      const lastError = shortError(error);
      const cancelled = await db
        .update(notification)
        .set({ lockedUntil: null, lastError })
        .where(and(oursEvenCancelled(n.id), eq(notification.status, 'cancelled')))
        .returning({ id: notification.id });
      if (cancelled.length) continue;
      const permanent = error instanceof TransportError && error.permanent;
      if (permanent || n.attempts >= maxAttempts) {
        await db
          .update(notification)
          .set({ status: 'failed', lockedUntil: null, lastError })
          .where(ours(n.id));
        report.failed++;
        onProgress?.({ notificationId: n.id, channel, outcome: 'failed', error: lastError });
      } else {
        await db
          .update(notification)
          .set({
            status: 'pending',
            lockedUntil: null,
            lastError,
            nextAttemptAt: new Date(clock().getTime() + nextAttemptDelay(n.attempts)),
          })
          .where(ours(n.id));
        report.retried++;
        onProgress?.({ notificationId: n.id, channel, outcome: 'retried', error: lastError });
      }
    }
  }
  return report;
}

/**
 * Takes the due rows of these channels — pending ones whose time has come, and `sending` ones whose worker stopped
 * (lock passed) — marks them `sending` under this worker's lock, one attempt more, and returns them.
 */
async function claim(
  db: Db,
  channels: string[],
  now: Date,
  lockedUntil: Date,
  limit: number,
): Promise<OutboxMessage[]> {
  return db.transaction(async (tx) => {
    const at = now.toISOString();
    // A household that withdrew its consent to be contacted after its message was queued (the withdrawal cancels
    // what it finds; a message committed at that very moment slips past it) is never sent: cancelled here.
    const ids = await tx.execute<{ id: number }>(sql`
      with due as (
        select q.id, q.household_id is not null and ${consentWithdrawn('contact', sql`q.household_id`)} as withheld
        from ${notification} q
        where channel in (${sql.join(
          channels.map((c) => sql`${c}`),
          sql`, `,
        )})
          and ((status = 'pending' and next_attempt_at <= ${at}::timestamptz)
            or (status = 'sending' and locked_until <= ${at}::timestamptz))
        order by next_attempt_at, id
        limit ${limit}
        for update skip locked
      ),
      withheld as (
        update ${notification} n
        set status = 'cancelled', locked_until = null, last_error = 'Consentement au contact retiré'
        from due where n.id = due.id and due.withheld
      )
      update ${notification} n
      set status = 'sending', locked_until = ${lockedUntil.toISOString()}::timestamptz, attempts = n.attempts + 1
      from due where n.id = due.id and not due.withheld
      returning n.id`);
    if (ids.length === 0) return [];
    return tx
      .select()
      .from(notification)
      .where(
        inArray(
          notification.id,
          ids.map((row) => row.id),
        ),
      )
      .orderBy(asc(notification.nextAttemptAt), asc(notification.id));
  });
}

/** Puts back rows this worker claimed but will not send (its lock is ending), as they were. */
async function giveBack(db: Db, rows: OutboxMessage[], lockedUntil: Date): Promise<void> {
  await db
    .update(notification)
    .set({ status: 'pending', lockedUntil: null, attempts: sql`greatest(${notification.attempts} - 1, 0)` })
    .where(
      and(
        inArray(
          notification.id,
          rows.map((row) => row.id),
        ),
        eq(notification.status, 'sending'),
        eq(notification.lockedUntil, lockedUntil),
      ),
    );
}
