// The outbox: a message to a person is written as a row in the caller's transaction, once per reason, and
// delivered later by the worker (delivery.ts) or by people (a call, a letter).
import { and, eq, inArray, like } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import { channelUnderConsent, contactWithdrawn, directChannels } from './contact-consent.ts';
import { type NotificationChannel, notification } from './schema.ts';

/** A row of the outbox, as transports receive it. */
export type OutboxMessage = typeof notification.$inferSelect;

/** A message to put in the outbox. */
export interface NewNotification {
  programmeId: number;
  /** The partner that answers for it: whose call list or letters it is on, who sees it. */
  organisationId?: number | null;
  householdId?: number | null;
  memberId?: number | null;
  channel: NotificationChannel;
  recipientName: string;
  /** E-mail address, phone number (E.164) or postal address lines (one per line), as the channel needs. */
  recipient: string;
  subject: string;
  body: string;
  /** What kind of message it is, to filter on (e.g. `workshop.reminder`). */
  topic: string;
  /** Why it exists (e.g. `reminder:2d:session:12:registration:40`): a second message for one reason is dropped. */
  dedupeKey: string;
  /** What it is about (e.g. `session:12`), to cancel it when that goes away. */
  subjectRef?: string | null;
  /** Not before this moment (a reminder's time); now by default. */
  nextAttemptAt?: Date;
  /**
   * The household's postal address lines, for when it no longer accepts SMS, e-mail or calls: the message then goes
   * by letter if its kind calls for it (contact-consent.ts), and is not sent without an address.
   */
  letterAddress?: string | null;
}

/**
 * Puts one message in the outbox; null when its reason already had one (it is never duplicated), or when the
 * household withdrew its consent to be contacted and the message is not one to send by letter.
 */
export async function enqueueNotification(tx: DbOrTx, input: NewNotification): Promise<number | null> {
  let message = input;
  if (input.householdId != null && directChannels.includes(input.channel)) {
    const channel = channelUnderConsent(
      input.channel,
      input.topic,
      await contactWithdrawn(tx, input.householdId),
    );
    if (channel === null) return null;
    if (channel !== input.channel) {
      if (!input.letterAddress) return null;
      message = { ...input, channel, recipient: input.letterAddress };
    }
  }
  const [row] = await tx
    .insert(notification)
    .values({
      programmeId: message.programmeId,
      organisationId: message.organisationId ?? null,
      householdId: message.householdId ?? null,
      memberId: message.memberId ?? null,
      channel: message.channel,
      recipientName: message.recipientName,
      recipient: message.recipient,
      subject: message.subject,
      body: message.body,
      topic: message.topic,
      dedupeKey: message.dedupeKey,
      subjectRef: message.subjectRef ?? null,
      ...(message.nextAttemptAt ? { nextAttemptAt: message.nextAttemptAt } : {}),
    })
    .onConflictDoNothing({ target: [notification.programmeId, notification.dedupeKey] })
    .returning({ id: notification.id });
  return row?.id ?? null;
}

/**
 * Cancels the messages about something that went away (a session cancelled, a registration withdrawn) that have
 * not left yet, on every channel, calls and letters included: those about `subjectRef`, or a household's whose
 * reason ends with `reasonEndsWith` (e.g. `:r40`, every message about registration 40). One being sent at this very
 * moment (`sending`) is cancelled too, keeping its worker's lock: if the send goes through it is written `sent`,
 * if it fails it is not tried again. Returns how many were cancelled.
 */
export async function cancelPendingNotifications(
  tx: DbOrTx,
  {
    programmeId,
    subjectRef,
    householdId,
    reasonEndsWith,
  }: { programmeId: number } & (
    | { subjectRef: string | string[]; householdId?: never; reasonEndsWith?: never }
    | { subjectRef?: never; householdId: number; reasonEndsWith: string }
  ),
): Promise<number> {
  const refs = subjectRef === undefined ? null : Array.isArray(subjectRef) ? subjectRef : [subjectRef];
  if (refs?.length === 0) return 0;
  const about = refs
    ? inArray(notification.subjectRef, refs)
    : and(
        eq(notification.householdId, householdId!),
        // `%` and `_` of the reason are meant literally.
        like(notification.dedupeKey, `%${reasonEndsWith!.replaceAll(/[\\%_]/g, (c) => `\\${c}`)}`),
      );
  const rows = await tx
    .update(notification)
    .set({ status: 'cancelled' })
    .where(
      and(
        eq(notification.programmeId, programmeId),
        about,
        inArray(notification.status, ['pending', 'sending']),
      ),
    )
    .returning({ id: notification.id });
  return rows.length;
}
