// Reminders before sessions (2 days and 2 hours by default, settings): put into the outbox when due, once per
// person, session time and offset — running the scheduler twice, or on two servers, never yields two reminders.
import { sql } from 'drizzle-orm';
import { notification } from '../notifications/index.ts';
import type { Db } from '../platform/db/index.ts';
import { sessionMessage } from './messages.ts';
import { recipientFor } from './notify.ts';
import { reminderDue, reminderOffsetsFor } from './rules.ts';
import type { ReminderChannel } from './schema.ts';

type DueRow = {
  programme_id: number;
  session_id: number;
  sequence: number;
  starts_at: string;
  course_title: string;
  facility_name: string;
  facility_phone: string | null;
  room_name: string | null;
  organisation_id: number | null;
  registration_id: number;
  household_id: number;
  member_id: number;
  first_name: string;
  last_name: string;
  channel: ReminderChannel;
  phone: string | null;
  email: string | null;
  postal: string | null;
};

/**
 * Queues the reminders due now across all programmes. Reads the sessions starting within the largest offset, page
 * by page, and inserts the messages with ON CONFLICT DO NOTHING on their reason. Returns how many were queued.
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
      select ws.programme_id, ws.id as session_id, ws.sequence, ws.starts_at, c.title as course_title,
             f.name as facility_name, f.phone as facility_phone, rm.name as room_name, f.organisation_id,
             r.id as registration_id, r.household_id, r.member_id, m.first_name, m.last_name,
             r.reminder_channel as channel, h.phone, h.email,
             (select concat_ws(E'\n', b.address, b.postcode || ' ' || b.city)
                from tenancy t join dwelling d on d.id = t.dwelling_id join building b on b.id = d.building_id
               where t.household_id = r.household_id and t.end_date is null limit 1) as postal
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
         and (ws.id, r.id) > (${after.session}, ${after.registration})
       order by ws.id, r.id
       limit 1000`);
    if (!rows.length) break;
    const messages = rows.flatMap((row) => {
      const startsAt = new Date(row.starts_at);
      const offset = reminderDue(startsAt, now, reminderOffsetsFor(row.channel, offsetsMinutes));
      const recipient = recipientFor(row, row.channel);
      if (offset === null || !recipient) return [];
      const { subject, body } = sessionMessage('reminder', row.first_name, {
        courseTitle: row.course_title,
        startsAt,
        facilityName: row.facility_name,
        room: row.room_name,
        facilityPhone: row.facility_phone,
      });
      return [
        {
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
          dedupeKey: `reminder:${offset}:s${row.session_id}.${row.sequence}:r${row.registration_id}`,
          subjectRef: `session:${row.session_id}`,
          nextAttemptAt: now,
          createdAt: now,
        },
      ];
    });
    if (messages.length) {
      const inserted = await db
        .insert(notification)
        .values(messages)
        .onConflictDoNothing()
        .returning({ id: notification.id });
      queued += inserted.length;
    }
    considered += rows.length;
    onProgress?.(considered);
    const last = rows[rows.length - 1]!;
    after = { session: last.session_id, registration: last.registration_id };
  }
  return { queued, considered };
}
