// Reminders before sessions (2 days and 2 hours by default, settings): put into the outbox when due, once per
// person, session time and place, and offset — running the scheduler twice, or on two servers, never yields two
// reminders, and a change that tells nobody (a new facilitator) yields none.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { consentWithdrawn } from '../households/index.ts';
import { notification } from '../notifications/index.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { sessionMessage } from './messages.ts';
import { recipientFor } from './notify.ts';
import { reminderDue, reminderOffsetsFor } from './rules.ts';
import { type ReminderChannel, registration, workshopSession } from './schema.ts';

type DueRow = {
  programme_id: number;
  session_id: number;
  starts_at: string;
  room_id: number | null;
  course_title: string;
  facility_name: string;
  facility_phone: string | null;
  room_name: string | null;
  organisation_id: number | null;
  registration_id: number;
  promoted_at: string | null;
  household_id: number;
  member_id: number;
  first_name: string;
  last_name: string;
  channel: ReminderChannel;
  phone: string | null;
  email: string | null;
};

/**
 * Why a reminder exists: the offset, the session at this time and in this room, the registration. A session moved
 * gets new reminders; one moved back to where it was gets its old ones back (see the upsert below).
 */
export const reminderKey = (
  offset: number,
  s: { id: number; startsAt: Date; roomId: number | null },
  r: number,
) => `reminder:${offset}:s${s.id}@${s.startsAt.toISOString().slice(0, 16)}.${s.roomId ?? 0}:r${r}`;

/**
 * Queues the reminders due now across all programmes. Reads the sessions starting within the largest offset, page
 * by page, and inserts the messages with ON CONFLICT on their reason. Returns how many were queued.
 *
 * Each page is written under share locks on its sessions, then its registrations (the lock order of
 * registrations.ts), taken after the read and checked again: a registration cancelled, a session cancelled or moved
 * while the page was being read gets no reminder, and one changed after the page is written finds the reminder
 * there to cancel.
 */
export async function scheduleReminders({
  db,
  offsetsMinutes,
  now = new Date(),
  onProgress,
}: {
  db: Db;
  offsetsMinutes: readonly number[];
  now?: Date;
  onProgress?: (done: number) => void;
}): Promise<{ queued: number; considered: number }> {
  if (!offsetsMinutes.length) return { queued: 0, considered: 0 };
  const horizon = new Date(now.getTime() + Math.max(...offsetsMinutes) * 60_000);
  let queued = 0;
  let considered = 0;
  let after = { session: 0, registration: 0 };
  for (;;) {
    const rows = await db.execute<DueRow>(sql`
      select ws.programme_id, ws.id as session_id, ws.starts_at, ws.room_id, c.title as course_title,
             f.name as facility_name, f.phone as facility_phone, rm.name as room_name, f.organisation_id,
             r.id as registration_id, r.promoted_at, r.household_id, r.member_id, m.first_name, m.last_name,
             r.reminder_channel as channel, h.phone, h.email
        from workshop_session ws
        join course c on c.id = ws.course_id
        join facility f on f.id = ws.facility_id
        left join room rm on rm.id = ws.room_id
        join registration r on r.course_id = c.id and r.status = 'registered'
                            and (case when c.kind = 'cycle' then r.session_id is null else r.session_id = ws.id end)
        join household_member m on m.id = r.member_id
        join household h on h.id = r.household_id
       where ws.status = 'scheduled'
         and ws.starts_at > ${now.toISOString()}::timestamptz and ws.starts_at <= ${horizon.toISOString()}::timestamptz
         and r.reminder_channel <> 'letter'
         -- No reminder to a household that withdrew its consent to be contacted (reminders are not sent by post).
         and not ${consentWithdrawn('contact', sql`r.household_id`)}
         and (ws.id, r.id) > (${after.session}, ${after.registration})
       order by ws.id, r.id
       limit 1000`);
    if (!rows.length) break;
    const due = rows.flatMap((row) => {
      const session = { id: row.session_id, startsAt: new Date(row.starts_at), roomId: row.room_id };
      const offset = reminderDue(session.startsAt, now, reminderOffsetsFor(row.channel, offsetsMinutes));
      const recipient = recipientFor(row, row.channel);
      if (offset === null || !recipient) return [];
      // Someone given a place from the waiting list was told then, with the session's date: this reminder's
      // window had already opened, the next one will do.
      const windowOpened = session.startsAt.getTime() - offset * 60_000;
      if (row.promoted_at && new Date(row.promoted_at).getTime() >= windowOpened) return [];
      const { subject, body } = sessionMessage('reminder', row.first_name, {
        courseTitle: row.course_title,
        startsAt: session.startsAt,
        facilityName: row.facility_name,
        room: row.room_name,
        facilityPhone: row.facility_phone,
      });
      return [
        {
          session,
          registrationId: row.registration_id,
          message: {
            programmeId: row.programme_id,
            organisationId: row.organisation_id,
            householdId: row.household_id,
            memberId: row.member_id,
            channel: row.channel,
            recipientName: `${row.first_name} ${row.last_name}`,
            recipient,
            subject,
            body,
            topic: 'reminder',
            dedupeKey: reminderKey(offset, session, row.registration_id),
            subjectRef: `session:${row.session_id}`,
            nextAttemptAt: now,
            createdAt: now,
          },
        },
      ];
    });
    if (due.length) queued += await writeReminders(db, due);
    considered += rows.length;
    onProgress?.(considered);
    const last = rows[rows.length - 1]!;
    after = { session: last.session_id, registration: last.registration_id };
  }
  return { queued, considered };
}

type Due = {
  session: { id: number; startsAt: Date; roomId: number | null };
  registrationId: number;
  message: typeof notification.$inferInsert;
};

/** Writes the reminders still right once their sessions and registrations are locked; returns how many. */
async function writeReminders(db: Db, due: Due[]): Promise<number> {
  return db.transaction(async (tx: DbOrTx) => {
    const sessionIds = [...new Set(due.map((d) => d.session.id))].sort((a, b) => a - b);
    const sessions = await tx
      .select({ id: workshopSession.id, startsAt: workshopSession.startsAt, roomId: workshopSession.roomId })
      .from(workshopSession)
      .where(and(inArray(workshopSession.id, sessionIds), eq(workshopSession.status, 'scheduled')))
      .orderBy(workshopSession.id)
      .for('share');
    const registrationIds = [...new Set(due.map((d) => d.registrationId))].sort((a, b) => a - b);
    const registrations = await tx
      .select({ id: registration.id })
      .from(registration)
      .where(and(inArray(registration.id, registrationIds), eq(registration.status, 'registered')))
      .orderBy(registration.id)
      .for('share');
    const live = new Map(sessions.map((s) => [s.id, s]));
    const registered = new Set(registrations.map((r) => r.id));
    const messages = due
      .filter((d) => {
        const s = live.get(d.session.id);
        return (
          s &&
          s.startsAt.getTime() === d.session.startsAt.getTime() &&
          s.roomId === d.session.roomId &&
          registered.has(d.registrationId)
        );
      })
      .map((d) => d.message);
    if (!messages.length) return 0;
    const written = await tx
      .insert(notification)
      .values(messages)
      // A reminder cancelled when its session moved away comes back if the session moves back.
      .onConflictDoUpdate({
        target: [notification.programmeId, notification.dedupeKey],
        set: {
          status: 'pending',
          recipient: sql`excluded.recipient`,
          subject: sql`excluded.subject`,
          body: sql`excluded.body`,
          attempts: 0,
          lastError: null,
          lockedUntil: null,
          nextAttemptAt: sql`excluded.next_attempt_at`,
        },
        setWhere: sql`${notification.status} = 'cancelled'`,
      })
      .returning({ id: notification.id });
    return written.length;
  });
}
