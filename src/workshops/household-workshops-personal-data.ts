// A household's workshops, for residents' rights (GDPR art. 15–17, 20): its members' registrations and attendance;
// and their erasure — registrations and the roll call stay (workshop hours and participants are counted), the secret
// address of a member's calendar is deleted.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import {
  type ErasureCounts,
  type ErasureTarget,
  erasedResidentLabel,
  type WorkInProgress,
  workInProgress,
} from '../platform/personal-data.ts';
import { textArray } from '../platform/sql/index.ts';

export async function workshopsPersonalData(db: DbOrTx, householdId: number) {
  const registrations = await db.execute<{ registrations: unknown[] }>(sql`
    select coalesce(json_agg(json_build_object('member', m.first_name || ' ' || m.last_name, 'course', c.title,
             'facility', f.name, 'session', ws.starts_at, 'status', r.status, 'reminderChannel', r.reminder_channel,
             'registeredAt', r.created_at, 'cancelledAt', r.cancelled_at, 'completedAt', r.completed_at,
             'attendance', (select coalesce(json_agg(json_build_object('session', s.starts_at, 'present', a.present)
                              order by s.starts_at), '[]')
                              from attendance a join workshop_session s on s.id = a.session_id
                             where a.registration_id = r.id)) order by r.id), '[]') as registrations
      from registration r join household_member m on m.id = r.member_id join course c on c.id = r.course_id
      join facility f on f.id = c.facility_id left join workshop_session ws on ws.id = r.session_id
     where r.household_id = ${householdId}`);
  const [calendars] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from participant_calendar pc join household_member m on m.id = pc.member_id
     where m.household_id = ${householdId}`);
  return { registrations: registrations[0]!.registrations, calendarFeeds: calendars!.n };
}

/** A place on a course or session still to come (or its waiting list) stops the erasure: cancel it first. */
export async function workshopsWorkInProgress(db: DbOrTx, householdId: number): Promise<WorkInProgress[]> {
  const [row] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from registration r
     where r.household_id = ${householdId} and r.status in ('registered', 'waiting')
       and exists (select 1 from workshop_session s
                    where s.status = 'scheduled' and s.ends_at > now()
                      and (s.id = r.session_id or (r.session_id is null and s.course_id = r.course_id)))`);
  return workInProgress([
    {
      kind: 'registration',
      count: row!.n,
      one: 'inscription à un atelier à venir',
      many: 'inscriptions à des ateliers à venir',
    },
  ]);
}

export async function eraseWorkshopsPersonalData(tx: DbOrTx, target: ErasureTarget): Promise<ErasureCounts> {
  const id = target.householdId;
  const labels = textArray(target.residentLabels);
  const registrations = await tx.execute(sql`
    update registration
       set created_by = case when created_by = any(${labels}) then ${erasedResidentLabel} else created_by end
     where household_id = ${id}`);
  const attendance = await tx.execute(sql`
    update attendance
       set recorded_by = case when recorded_by = any(${labels}) then ${erasedResidentLabel} else recorded_by end
     where registration_id in (select r.id from registration r where r.household_id = ${id})`);
  const calendars = await tx.execute(sql`
    delete from participant_calendar
     where member_id in (select m.id from household_member m where m.household_id = ${id})`);
  return {
    registrationsKept: registrations.count,
    attendanceKept: attendance.count,
    calendarFeedsDeleted: calendars.count,
  };
}
