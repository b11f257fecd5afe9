// Workshop figures for steering (no names): sessions and hours held, people reached, attendance, cycles completed,
// waiting lists — by facility.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCanAtAll } from '../platform/permissions/index.ts';

export interface FacilityFigures {
  facilityId: number;
  facilityName: string;
  sessionsHeld: number;
  hoursHeld: number;
  sessionsPlanned: number;
  participants: number;
  presences: number;
  absences: number;
  cyclesCompleted: number;
  waiting: number;
}

export async function workshopStats({
  db,
  actor,
  from,
  to,
}: {
  db: DbOrTx;
  actor: Actor;
  from: Date;
  to: Date;
}): Promise<FacilityFigures[]> {
  assertCanAtAll(actor, 'workshop.stats');
  const rows = await db.execute<Record<string, unknown>>(sql`
    select f.id, f.name,
      (select count(*)::int from workshop_session ws where ws.facility_id = f.id and ws.status = 'scheduled'
         and ws.starts_at >= ${from.toISOString()}::timestamptz and ws.starts_at < least(${to.toISOString()}::timestamptz, now())) as held,
      (select coalesce(sum(extract(epoch from ws.ends_at - ws.starts_at)) / 3600, 0)::float from workshop_session ws
        where ws.facility_id = f.id and ws.status = 'scheduled'
          and ws.starts_at >= ${from.toISOString()}::timestamptz and ws.starts_at < least(${to.toISOString()}::timestamptz, now())) as hours,
      (select count(*)::int from workshop_session ws where ws.facility_id = f.id and ws.status = 'scheduled'
         and ws.starts_at >= greatest(${from.toISOString()}::timestamptz, now()) and ws.starts_at < ${to.toISOString()}::timestamptz) as planned,
      (select count(distinct a_r.member_id)::int from attendance a join registration a_r on a_r.id = a.registration_id
         join workshop_session ws on ws.id = a.session_id
        where ws.facility_id = f.id and a.present and ws.starts_at >= ${from.toISOString()}::timestamptz and ws.starts_at < ${to.toISOString()}::timestamptz) as participants,
      (select count(*) filter (where a.present)::int from attendance a join workshop_session ws on ws.id = a.session_id
        where ws.facility_id = f.id and ws.starts_at >= ${from.toISOString()}::timestamptz and ws.starts_at < ${to.toISOString()}::timestamptz) as presences,
      (select count(*) filter (where not a.present)::int from attendance a join workshop_session ws on ws.id = a.session_id
        where ws.facility_id = f.id and ws.starts_at >= ${from.toISOString()}::timestamptz and ws.starts_at < ${to.toISOString()}::timestamptz) as absences,
      (select count(*)::int from registration r join course c on c.id = r.course_id
        where c.facility_id = f.id and r.completed_at >= ${from.toISOString()}::timestamptz and r.completed_at < ${to.toISOString()}::timestamptz) as completed,
      (select count(*)::int from registration r join course c on c.id = r.course_id
        where c.facility_id = f.id and r.status = 'waiting'
          -- Only waiting lists still open: a session (of the cycle, or the drop-in one) still to come.
          and exists (select 1 from workshop_session ws where ws.course_id = r.course_id
                        and (r.session_id is null or ws.id = r.session_id) and ws.status = 'scheduled'
                        and ws.starts_at > now())) as waiting
    from facility f where f.programme_id = ${actor.programmeId}
    order by f.name`);
  return rows.map((r) => ({
    facilityId: r.id as number,
    facilityName: r.name as string,
    sessionsHeld: r.held as number,
    hoursHeld: Math.round((r.hours as number) * 10) / 10,
    sessionsPlanned: r.planned as number,
    participants: r.participants as number,
    presences: r.presences as number,
    absences: r.absences as number,
    cyclesCompleted: r.completed as number,
    waiting: r.waiting as number,
  }));
}
