// A household that withdraws its consent to be contacted gets no more SMS, e-mail or phone call from the programme.
// What it still needs to know comes by letter to its home, message kind by message kind; reminders simply stop.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { consentWithdrawn } from '../households/index.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import { type NotificationChannel, notification } from './schema.ts';

/** Channels that reach a person directly (their phone, their inbox): what the contact consent covers. */
export const directChannels: readonly NotificationChannel[] = ['email', 'sms', 'call'];

/**
 * Without the contact consent, each kind of message becomes a letter to the household's home or is not sent.
 * A reminder is a courtesy: dropped. What changes the person's plans (a place given, a session moved or
 * cancelled, an appointment confirmed or cancelled) still reaches them, by post. Letters are never affected: legal
 * letters (a tenant vote's voting material, printed by the landlord) do not go through the outbox at all.
 */
export const withoutContactConsent: Record<string, 'letter' | 'drop'> = {
  reminder: 'drop',
  'advice.appointment_reminder': 'drop',
  promoted: 'letter',
  convocation: 'letter',
  session_moved: 'letter',
  session_cancelled: 'letter',
  'advice.appointment_confirmation': 'letter',
  'advice.appointment_cancelled': 'letter',
};

/**
 * The channel a message takes given the household's contact consent: the chosen one while it holds; otherwise a
 * letter or nothing (null) by its kind — kinds not listed go by letter, the safe side for information.
 */
export function channelUnderConsent(
  channel: NotificationChannel,
  topic: string,
  contactWithdrawn: boolean,
): NotificationChannel | null {
  if (!contactWithdrawn || !directChannels.includes(channel)) return channel;
  return (withoutContactConsent[topic] ?? 'letter') === 'letter' ? 'letter' : null;
}

/** Whether a household has withdrawn its consent to be contacted. */
export async function contactWithdrawn(db: DbOrTx, householdId: number): Promise<boolean> {
  const [row] = await db.execute<{ withdrawn: boolean }>(
    sql`select ${consentWithdrawn('contact', sql`${householdId}::int`)} as withdrawn`,
  );
  return row?.withdrawn === true;
}

/**
 * The immediate effect of a withdrawn contact consent: the household's SMS, e-mails and calls not yet gone are
 * cancelled (a reminder set for next week, a call on a facility's list). Letters stay. Returns how many.
 */
export async function cancelDirectMessages(
  tx: DbOrTx,
  { programmeId, householdId }: { programmeId: number; householdId: number },
): Promise<number> {
  const rows = await tx
    .update(notification)
    .set({ status: 'cancelled', lastError: 'Consentement au contact retiré' })
    .where(
      and(
        eq(notification.programmeId, programmeId),
        eq(notification.householdId, householdId),
        inArray(notification.channel, [...directChannels]),
        inArray(notification.status, ['pending', 'sending']),
      ),
    )
    .returning({ id: notification.id });
  return rows.length;
}
