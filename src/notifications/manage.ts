// The outbox as people see and work it: the list (administrator: the whole programme; a facility: its own rows),
// the facility's phone list, calls and letters marked as done, and counts for the outbox page.
import { and, asc, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import {
  type Action,
  type Actor,
  assertCan,
  assertCanAtAll,
  ForbiddenError,
  NotFoundError,
} from '../platform/permissions/index.ts';
import {
  type NotificationChannel,
  type NotificationStatus,
  notification,
  notificationChannels,
  notificationStatuses,
} from './schema.ts';

// ---------------------------------------------------------------------------------------------------------------
// Refusals and words

export type NotificationRefusal = 'not_manual' | 'already_handled' | 'not_retryable';

export const notificationRefusalMessages: Record<NotificationRefusal, string> = {
  not_manual:
    'Les e-mails et les SMS partent tout seuls : seuls les appels et les courriers se marquent à la main.',
  already_handled: 'Ce message a déjà été traité ou annulé.',
  not_retryable: 'Seul un appel peut être refait plus tard ; un courrier est posté ou non.',
};
export const notificationRefusalMessage = (reason: NotificationRefusal) =>
  notificationRefusalMessages[reason];

export type Refused<R extends NotificationRefusal = NotificationRefusal> = { ok: false; reason: R };

export const notificationChannelLabels: Record<NotificationChannel, string> = {
  email: 'E-mail',
  sms: 'SMS',
  call: 'Appel',
  letter: 'Courrier',
};

/**
 * What a message's status means for people, e.g. a pending e-mail without a transport: « En attente : aucun envoi
 * d’e-mail configuré (mode démo) ». `hasTransport`: whether its channel has a transport (calls and letters have
 * none: people do them); `attempts` tells a first try from a new one.
 */
export function notificationStatusLabel(
  status: NotificationStatus,
  channel: NotificationChannel,
  hasTransport: boolean,
  attempts = 0,
): string {
  const manual = channel === 'call' || channel === 'letter';
  switch (status) {
    case 'pending':
      if (channel === 'call') return attempts > 0 ? 'À rappeler' : 'À appeler';
      if (channel === 'letter') return 'À imprimer et poster';
      if (!hasTransport)
        return channel === 'email'
          ? 'En attente : aucun envoi d’e-mail configuré (mode démo)'
          : 'En attente : aucun envoi de SMS configuré (mode démo)';
      return attempts > 0 ? 'En attente : nouvel essai prévu après un échec' : 'En attente d’envoi';
    case 'sending':
      return 'Envoi en cours';
    case 'sent':
      return 'Envoyé';
    case 'done':
      return channel === 'letter' ? 'Courrier posté' : 'Appel fait';
    case 'failed':
      if (!manual) return 'Échec de l’envoi';
      return channel === 'letter' ? 'Courrier non envoyé' : 'Appel sans suite';
    case 'cancelled':
      return 'Annulé : le message n’avait plus d’objet';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Who sees what

/** The rows the actor may see for this action: its organisation's, or the whole programme's. */
export function visible(actor: Actor, action: Action): SQL {
  const scope = assertCanAtAll(actor, action);
  const inProgramme = eq(notification.programmeId, actor.programmeId);
  if (scope === 'programme') return inProgramme;
  if (scope === 'organisation')
    return actor.organisationId == null
      ? sql`false`
      : and(inProgramme, eq(notification.organisationId, actor.organisationId))!;
  throw new ForbiddenError(action);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

export interface NotificationFilter {
  status?: NotificationStatus;
  channel?: NotificationChannel;
  topic?: string;
  /** Keyset pagination: rows with an id below this one (the last id of the page before). */
  afterId?: number;
  /** 50 by default, 200 at most. */
  limit?: number;
}

/**
 * Topics whose words belong to the sending organisation only (a consumer association's appointment says a household
 * consulted it): programme-wide readers (the administrator watching delivery) see the status, not who or what.
 */
const privateTopic = (topic: string) => topic.startsWith('advice.');
const concealed = 'Message d’une association (contenu réservé à l’association)';

function mask<T extends { topic: string; organisationId?: number | null }>(
  actor: Actor,
  row: T,
  owner: number | null,
): T {
  if (!privateTopic(row.topic) || (owner !== null && owner === actor.organisationId)) return row;
  const hidden: Record<string, unknown> = { subject: concealed, body: '' };
  for (const key of ['recipient', 'recipientName', 'name', 'phone'] as const)
    if (key in row) hidden[key] = '—';
  return { ...row, ...hidden };
}

/** The outbox, newest first: the actor's organisation's messages, or the programme's. */
export async function listNotifications({
  db,
  actor,
  filter = {},
}: {
  db: DbOrTx;
  actor: Actor;
  filter?: NotificationFilter;
}) {
  const where: SQL[] = [visible(actor, 'notification.read')];
  if (filter.status) where.push(eq(notification.status, filter.status));
  if (filter.channel) where.push(eq(notification.channel, filter.channel));
  if (filter.topic) where.push(eq(notification.topic, filter.topic));
  if (filter.afterId) where.push(lt(notification.id, filter.afterId));
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 50), 1), 200);
  const rows = await db
    .select()
    .from(notification)
    .where(and(...where))
    .orderBy(desc(notification.id))
    .limit(limit);
  return rows.map((row) => mask(actor, row, row.organisationId));
}

/**
 * The phone list: pending calls of the actor's organisation (the programme's for a programme-wide reader), the
 * soonest first; `due` once their time has come (`now`).
 */
export async function callList({ db, actor, now = new Date() }: { db: DbOrTx; actor: Actor; now?: Date }) {
  const rows = await db
    .select({
      id: notification.id,
      householdId: notification.householdId,
      memberId: notification.memberId,
      name: notification.recipientName,
      phone: notification.recipient,
      subject: notification.subject,
      body: notification.body,
      topic: notification.topic,
      organisationId: notification.organisationId,
      attempts: notification.attempts,
      nextAttemptAt: notification.nextAttemptAt,
      /** The note left by whoever tried before (« pas de réponse, rappeler après 18 h »). */
      lastNote: notification.lastError,
    })
    .from(notification)
    .where(
      and(
        visible(actor, 'notification.read'),
        eq(notification.channel, 'call'),
        eq(notification.status, 'pending'),
      ),
    )
    .orderBy(asc(notification.nextAttemptAt), asc(notification.id));
  return rows.map((row) => ({
    ...mask(actor, row, row.organisationId),
    due: row.nextAttemptAt.getTime() <= now.getTime(),
  }));
}

/** How many messages of each channel are in each status, for the outbox page (what the actor may see). */
export async function outboxSummary({ db, actor }: { db: DbOrTx; actor: Actor }) {
  const rows = await db
    .select({
      channel: notification.channel,
      status: notification.status,
      count: sql<number>`count(*)::int`,
    })
    .from(notification)
    .where(visible(actor, 'notification.read'))
    .groupBy(notification.channel, notification.status);
  const counts = Object.fromEntries(
    notificationChannels.map((channel) => [
      channel,
      Object.fromEntries(notificationStatuses.map((status) => [status, 0])),
    ]),
  ) as Record<NotificationChannel, Record<NotificationStatus, number>>;
  for (const row of rows) counts[row.channel][row.status] = row.count;
  return counts;
}

// ---------------------------------------------------------------------------------------------------------------
// Calls and letters, done by people

/** Calling again later: in two hours. */
export const callRetryDelayMs = 2 * 60 * 60_000;

/**
 * Marks a pending call or letter as handled by the actor: `done` (the person was reached, the letter posted),
 * `failed` (given up: wrong number, no address), or for a call `retry` — no answer: it stays on the list, two hours
 * later, one attempt more. The note goes to `last_error` (shown on the list). Audited as `notification.handled`.
 */
export async function markHandled({
  db,
  actor,
  notificationId,
  outcome,
  note,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  notificationId: number;
  outcome: 'done' | 'failed' | 'retry';
  note?: string | null;
  now?: Date;
}): Promise<{ ok: true } | Refused> {
  assertCanAtAll(actor, 'notification.handle');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(notification)
      .where(and(eq(notification.id, notificationId), eq(notification.programmeId, actor.programmeId)))
      .for('update');
    if (!row) throw new NotFoundError('notification');
    assertCan(actor, 'notification.handle', {
      programmeId: row.programmeId,
      organisationId: row.organisationId,
    });
    if (row.channel !== 'call' && row.channel !== 'letter')
      return { ok: false as const, reason: 'not_manual' };
    if (row.status !== 'pending') return { ok: false as const, reason: 'already_handled' };
    if (outcome === 'retry' && row.channel !== 'call') return { ok: false as const, reason: 'not_retryable' };
    const text = note?.trim() ? note.trim().slice(0, 500) : null;
    await tx
      .update(notification)
      .set(
        outcome === 'retry'
          ? {
              attempts: row.attempts + 1,
              nextAttemptAt: new Date(now.getTime() + callRetryDelayMs),
              lastError: text,
              handledBy: actor.label,
            }
          : {
              status: outcome,
              attempts: row.attempts + 1,
              sentAt: outcome === 'done' ? now : null,
              lastError: text,
              handledBy: actor.label,
            },
      )
      .where(eq(notification.id, row.id));
    await recordAudit(tx, actor, {
      action: 'notification.handled',
      entityType: 'notification',
      entityId: row.id,
      details: { channel: row.channel, topic: row.topic, outcome, attempts: row.attempts + 1 },
    });
    return { ok: true as const };
  });
}
