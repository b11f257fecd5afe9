// Courses and their sessions: a cycle planned from a weekly rule (public holidays stepped over) or drop-in sessions
// added one by one; sessions moved or cancelled with the people registered told.
import { and, asc, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm';
import { cancelPendingNotifications } from '../notifications/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan, assertCanAtAll, can, NotFoundError } from '../platform/permissions/index.ts';
import { notifyParticipants, participants } from './notify.ts';
import type { Refused } from './refusals.ts';
import { onTarget, promoteWaiting, withdraw } from './registrations.ts';
import { localInstant, planSessions, type SkippedDay } from './rules.ts';
import { course, facility, registration, room, workshopSession } from './schema.ts';
import type { CourseInputValue } from './values.ts';

async function facilityOf(db: DbOrTx, programmeId: number, facilityId: number) {
  const [row] = await db
    .select({
      id: facility.id,
      organisationId: facility.organisationId,
      name: facility.name,
      phone: facility.phone,
    })
    .from(facility)
    .where(and(eq(facility.id, facilityId), eq(facility.programmeId, programmeId)));
  if (!row) throw new NotFoundError('facility');
  return row;
}

/** A room of the facility with enough seats, or why not. */
async function checkRoom(db: DbOrTx, facilityId: number, roomId: number | undefined, seats: number) {
  if (!roomId) return null;
  const [r] = await db.select().from(room).where(eq(room.id, roomId));
  if (!r || r.facilityId !== facilityId) return 'room_elsewhere' as const;
  if (r.seats < seats) return 'room_too_small' as const;
  return null;
}

export type CreateCourseResult =
  | { ok: true; courseId: number; sessionIds: number[]; skipped: SkippedDay[] }
  | Refused<'room_elsewhere' | 'room_too_small'>;

/** A course and its first sessions: all of a cycle's, or the first drop-in session. */
export async function createCourse({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: CourseInputValue;
}): Promise<CreateCourseResult> {
  const place = await facilityOf(db, actor.programmeId, input.facilityId);
  assertCan(actor, 'workshop.manage', {
    programmeId: actor.programmeId,
    organisationId: place.organisationId,
  });
  const roomProblem = await checkRoom(db, place.id, input.roomId, input.capacity);
  if (roomProblem) return { ok: false, reason: roomProblem, field: 'roomId' };
  const plan =
    input.kind === 'cycle'
      ? planSessions({
          firstDay: input.firstDay,
          startTime: input.startTime,
          endTime: input.endTime,
          everyWeeks: input.everyWeeks,
          count: input.sessionCount,
          skipHolidays: input.skipHolidays,
        })
      : planSessions({
          firstDay: input.firstDay,
          startTime: input.startTime,
          endTime: input.endTime,
          everyWeeks: 1,
          count: 1,
          skipHolidays: false,
        });
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(course)
      .values({
        programmeId: actor.programmeId,
        facilityId: place.id,
        kind: input.kind,
        title: input.title,
        level: input.level,
        audience: input.audience,
        description: input.description,
        sessionCount: input.kind === 'cycle' ? input.sessionCount : 1,
        competencies: input.competencies,
        capacity: input.capacity,
        createdBy: actor.label,
      })
      .returning({ id: course.id });
    const sessions = await tx
      .insert(workshopSession)
      .values(
        plan.sessions.map((s) => ({
          programmeId: actor.programmeId,
          courseId: created!.id,
          facilityId: place.id,
          roomId: input.roomId ?? null,
          facilitatorName: input.facilitatorName ?? null,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          capacity: input.capacity,
        })),
      )
      .returning({ id: workshopSession.id });
    await recordAudit(tx, actor, {
      action: 'workshop.course_created',
      entityType: 'course',
      entityId: created!.id,
      details: {
        title: input.title,
        kind: input.kind,
        facilityId: place.id,
        sessions: sessions.length,
        skipped: plan.skipped,
      },
    });
    return {
      ok: true as const,
      courseId: created!.id,
      sessionIds: sessions.map((s) => s.id),
      skipped: plan.skipped,
    };
  });
}

async function courseScope(db: DbOrTx, programmeId: number, courseId: number) {
  const [row] = await db
    .select({
      course,
      organisationId: facility.organisationId,
      facilityName: facility.name,
      facilityPhone: facility.phone,
    })
    .from(course)
    .innerJoin(facility, eq(facility.id, course.facilityId))
    .where(and(eq(course.id, courseId), eq(course.programmeId, programmeId)));
  if (!row) throw new NotFoundError('course');
  return row;
}

async function sessionScope(db: DbOrTx, programmeId: number, sessionId: number) {
  const [row] = await db
    .select({
      session: workshopSession,
      course,
      organisationId: facility.organisationId,
      facilityName: facility.name,
      facilityPhone: facility.phone,
      roomName: room.name,
    })
    .from(workshopSession)
    .innerJoin(course, eq(course.id, workshopSession.courseId))
    .innerJoin(facility, eq(facility.id, workshopSession.facilityId))
    .leftJoin(room, eq(room.id, workshopSession.roomId))
    .where(and(eq(workshopSession.id, sessionId), eq(workshopSession.programmeId, programmeId)));
  if (!row) throw new NotFoundError('session');
  return row;
}

export { sessionScope };

/** Adds a session to a course (a drop-in date, or a catch-up session of a cycle). */
export async function addSession({
  db,
  actor,
  courseId,
  input,
}: {
  db: Db;
  actor: Actor;
  courseId: number;
  input: {
    day: string;
    startTime: string;
    endTime: string;
    roomId?: number;
    facilitatorName?: string;
    capacity?: number;
  };
}): Promise<
  { ok: true; sessionId: number } | Refused<'room_elsewhere' | 'room_too_small' | 'course_closed'>
> {
  const scope = await courseScope(db, actor.programmeId, courseId);
  assertCan(actor, 'workshop.manage', {
    programmeId: actor.programmeId,
    organisationId: scope.organisationId,
  });
  if (scope.course.status !== 'open') return { ok: false, reason: 'course_closed' };
  const capacity =
    scope.course.kind === 'drop_in' ? (input.capacity ?? scope.course.capacity) : scope.course.capacity;
  const roomProblem = await checkRoom(db, scope.course.facilityId, input.roomId, capacity);
  if (roomProblem) return { ok: false, reason: roomProblem, field: 'roomId' };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(workshopSession)
      .values({
        programmeId: actor.programmeId,
        courseId,
        facilityId: scope.course.facilityId,
        roomId: input.roomId ?? null,
        facilitatorName: input.facilitatorName ?? null,
        startsAt: localInstant(input.day, input.startTime),
        endsAt: localInstant(input.day, input.endTime),
        capacity,
      })
      .returning({ id: workshopSession.id });
    await recordAudit(tx, actor, {
      action: 'workshop.session_added',
      entityType: 'course',
      entityId: courseId,
      details: { sessionId: row!.id, day: input.day, startTime: input.startTime },
    });
    return { ok: true as const, sessionId: row!.id };
  });
}

/** Where a session's places are counted: on the cycle (no session), or on the drop-in session itself. */
const targetOf = (sessionId: number, courseId: number, kind: 'cycle' | 'drop_in') => ({
  courseId,
  sessionId: kind === 'cycle' ? null : sessionId,
});

/** The registrations at a session in these statuses (locked, in id order, after the session's own lock). */
async function registrationsAt(
  tx: DbOrTx,
  target: { courseId: number; sessionId: number | null },
  statuses: ('registered' | 'waiting')[],
) {
  return tx
    .select({ id: registration.id, householdId: registration.householdId, status: registration.status })
    .from(registration)
    .where(and(onTarget(target), inArray(registration.status, statuses)))
    .orderBy(asc(registration.id))
    .for('update');
}

/**
 * Moves a session (day, time, room, facilitator; seats of a drop-in session). Calendars pick the change up (the
 * iCalendar sequence goes up); when the day, time or room changes, messages not yet sent about the old one are
 * dropped and registered people told — reminders follow the new time. A change of facilitator alone tells nobody.
 */
export async function rescheduleSession({
  db,
  actor,
  sessionId,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  sessionId: number;
  input: {
    day: string;
    startTime: string;
    endTime: string;
    roomId?: number;
    facilitatorName?: string;
    capacity?: number;
  };
  now?: Date;
}): Promise<
  | { ok: true; told: number }
  | Refused<'room_elsewhere' | 'room_too_small' | 'session_cancelled' | 'capacity_below_taken'>
> {
  const scope = await sessionScope(db, actor.programmeId, sessionId);
  assertCan(actor, 'workshop.manage', {
    programmeId: actor.programmeId,
    organisationId: scope.organisationId,
  });
  if (scope.session.status === 'cancelled') return { ok: false, reason: 'session_cancelled' };
  const capacity =
    scope.course.kind === 'drop_in' ? (input.capacity ?? scope.session.capacity) : scope.session.capacity;
  const roomProblem = await checkRoom(db, scope.course.facilityId, input.roomId, capacity);
  if (roomProblem) return { ok: false, reason: roomProblem, field: 'roomId' };
  const startsAt = localInstant(input.day, input.startTime);
  const endsAt = localInstant(input.day, input.endTime);
  return db.transaction(async (tx) => {
    // What the session is now is read under its lock: a cancellation or another move that just committed counts.
    const [locked] = await tx
      .select({
        seatsTaken: workshopSession.seatsTaken,
        capacity: workshopSession.capacity,
        status: workshopSession.status,
        startsAt: workshopSession.startsAt,
        roomId: workshopSession.roomId,
      })
      .from(workshopSession)
      .where(eq(workshopSession.id, sessionId))
      .for('update');
    if (locked!.status === 'cancelled') return { ok: false as const, reason: 'session_cancelled' as const };
    if (capacity < locked!.seatsTaken)
      return { ok: false as const, reason: 'capacity_below_taken' as const, field: 'capacity' };
    const moved =
      startsAt.getTime() !== locked!.startsAt.getTime() || (input.roomId ?? null) !== locked!.roomId;
    const [updated] = await tx
      .update(workshopSession)
      .set({
        startsAt,
        endsAt,
        roomId: input.roomId ?? null,
        facilitatorName: input.facilitatorName ?? null,
        capacity,
        sequence: sql`${workshopSession.sequence} + 1`,
        updatedAt: now,
      })
      .where(eq(workshopSession.id, sessionId))
      .returning({ sequence: workshopSession.sequence });
    let told = 0;
    if (moved) {
      // Reminders for the old time, and an earlier "moved" message not yet gone, are void.
      await cancelPendingNotifications(tx, {
        programmeId: actor.programmeId,
        subjectRef: `session:${sessionId}`,
      });
      const [roomRow] = input.roomId
        ? await tx.select({ name: room.name }).from(room).where(eq(room.id, input.roomId))
        : [];
      const target = targetOf(sessionId, scope.course.id, scope.course.kind);
      told = await notifyParticipants(tx, {
        programmeId: actor.programmeId,
        people: await participants(
          tx,
          (await registrationsAt(tx, target, ['registered'])).map((r) => r.id),
        ),
        topic: 'session_moved',
        session: {
          courseTitle: scope.course.title,
          startsAt,
          facilityName: scope.facilityName,
          room: roomRow?.name ?? null,
          facilityPhone: scope.facilityPhone,
        },
        subjectRef: `session:${sessionId}`,
        dedupe: (p) => `moved:s${sessionId}.${updated!.sequence}:r${p.registrationId}`,
        now,
      });
    }
    if (scope.course.kind === 'drop_in' && capacity > locked!.capacity)
      await promoteWaiting(tx, actor, { courseId: scope.course.id, sessionId }, now);
    await recordAudit(tx, actor, {
      action: 'workshop.session_moved',
      entityType: 'session',
      entityId: sessionId,
      details: {
        day: input.day,
        startTime: input.startTime,
        endTime: input.endTime,
        roomId: input.roomId,
        facilitatorName: input.facilitatorName ?? null,
        capacity,
        told,
      },
    });
    return { ok: true as const, told };
  });
}

/**
 * Cancels a session: calendars show it cancelled, messages not yet sent about it are dropped, registered people are
 * told. The waiting list of a drop-in session ends with it (those people are told too); a cycle's waits for the
 * cycle's other sessions.
 */
export async function cancelSession({
  db,
  actor,
  sessionId,
  reason,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  sessionId: number;
  reason: string;
  now?: Date;
}): Promise<{ ok: true; told: number } | Refused<'session_cancelled' | 'session_started'>> {
  const scope = await sessionScope(db, actor.programmeId, sessionId);
  assertCan(actor, 'workshop.manage', {
    programmeId: actor.programmeId,
    organisationId: scope.organisationId,
  });
  if (scope.session.status === 'cancelled') return { ok: false, reason: 'session_cancelled' };
  if (scope.session.startsAt <= now) return { ok: false, reason: 'session_started' };
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(workshopSession)
      .set({
        status: 'cancelled',
        cancelledReason: reason,
        sequence: sql`${workshopSession.sequence} + 1`,
        updatedAt: now,
      })
      .where(
        and(
          eq(workshopSession.id, sessionId),
          eq(workshopSession.status, 'scheduled'),
          gt(workshopSession.startsAt, now),
        ),
      )
      .returning({ id: workshopSession.id, startsAt: workshopSession.startsAt });
    if (!updated.length) return { ok: false as const, reason: 'session_cancelled' as const };
    const target = targetOf(sessionId, scope.course.id, scope.course.kind);
    const people = await registrationsAt(
      tx,
      target,
      scope.course.kind === 'drop_in' ? ['registered', 'waiting'] : ['registered'],
    );
    const waiting = people.filter((r) => r.status === 'waiting');
    await withdraw(
      tx,
      actor,
      waiting.map((r) => ({ id: r.id, householdId: r.householdId, was: r.status })),
      { courseId: scope.course.id, course: scope.course.title, sessionId, now, why: 'session_cancelled' },
    );
    await cancelPendingNotifications(tx, {
      programmeId: actor.programmeId,
      subjectRef: [
        `session:${sessionId}`,
        // A drop-in place's convocation or "a place freed" message is about this session only.
        ...(scope.course.kind === 'drop_in' ? people.map((r) => `registration:${r.id}`) : []),
      ],
    });
    const told = await notifyParticipants(tx, {
      programmeId: actor.programmeId,
      people: await participants(
        tx,
        people.map((r) => r.id),
      ),
      topic: 'session_cancelled',
      session: {
        courseTitle: scope.course.title,
        startsAt: updated[0]!.startsAt,
        facilityName: scope.facilityName,
        room: scope.roomName,
        facilityPhone: scope.facilityPhone,
      },
      subjectRef: `session-cancelled:${sessionId}`,
      dedupe: (p) => `cancelled:s${sessionId}:r${p.registrationId}`,
      reason,
      now,
    });
    await recordAudit(tx, actor, {
      action: 'workshop.session_cancelled',
      entityType: 'session',
      entityId: sessionId,
      details: { reason, told, waitingEnded: waiting.length },
    });
    return { ok: true as const, told };
  });
}

export interface CourseListItem {
  id: number;
  title: string;
  kind: 'cycle' | 'drop_in';
  level: string;
  audience: string;
  facilityId: number;
  facilityName: string;
  organisationId: number | null;
  capacity: number;
  seatsTaken: number;
  waiting: number;
  sessionCount: number;
  firstSession: Date | null;
  lastSession: Date | null;
  nextSession: Date | null;
  status: 'open' | 'cancelled';
}

/**
 * The programme of courses (no names): courses with their dates and seats, by facility. `current` keeps those
 * with a session still to come or within the last 2 weeks; `facilityId` narrows to one place.
 */
export async function listCourses({
  db,
  programmeId,
  facilityId,
  period = 'current',
  now = new Date(),
}: {
  db: DbOrTx;
  programmeId: number;
  facilityId?: number;
  period?: 'current' | 'past' | 'all';
  now?: Date;
}): Promise<CourseListItem[]> {
  const since = new Date(now.getTime() - 14 * 86_400_000);
  const rows = await db.execute<Record<string, unknown>>(sql`
    select c.id, c.title, c.kind, c.level, c.audience, c.facility_id, f.name as facility_name, f.organisation_id,
           c.session_count, c.status,
           -- A cycle counts seats on the course; drop-in sessions each count their own: show the next one's.
           case when c.kind = 'cycle' then c.capacity else coalesce(nx.capacity, c.capacity) end as capacity,
           case when c.kind = 'cycle' then c.seats_taken else coalesce(nx.seats_taken, 0) end as seats_taken,
           (select count(*)::int from registration r where r.course_id = c.id and r.status = 'waiting'
               and (c.kind = 'cycle' or r.session_id = nx.id)) as waiting,
           s.first_session, s.last_session, s.next_session
      from course c
      join facility f on f.id = c.facility_id
      left join lateral (
        select min(starts_at) as first_session, max(starts_at) as last_session,
               min(starts_at) filter (where starts_at >= ${now.toISOString()}::timestamptz and status = 'scheduled') as next_session
          from workshop_session ws where ws.course_id = c.id) s on true
      left join lateral (
        select ws.id, ws.capacity, ws.seats_taken from workshop_session ws
         where ws.course_id = c.id and ws.status = 'scheduled' and ws.starts_at >= ${now.toISOString()}::timestamptz
         order by ws.starts_at limit 1) nx on true
     where c.programme_id = ${programmeId}
       ${facilityId ? sql`and c.facility_id = ${facilityId}` : sql``}
       ${
         period === 'current'
           ? sql`and s.last_session >= ${since.toISOString()}::timestamptz`
           : period === 'past'
             ? sql`and s.last_session < ${since.toISOString()}::timestamptz`
             : sql``
       }
     order by coalesce(s.next_session, s.last_session) ${period === 'past' ? sql`desc` : sql`asc`}, c.id
     limit 500`);
  return rows.map((r) => ({
    id: r.id as number,
    title: r.title as string,
    kind: r.kind as 'cycle' | 'drop_in',
    level: r.level as string,
    audience: r.audience as string,
    facilityId: r.facility_id as number,
    facilityName: r.facility_name as string,
    organisationId: r.organisation_id as number | null,
    capacity: r.capacity as number,
    seatsTaken: r.seats_taken as number,
    waiting: r.waiting as number,
    sessionCount: r.session_count as number,
    firstSession: r.first_session ? new Date(r.first_session as string) : null,
    lastSession: r.last_session ? new Date(r.last_session as string) : null,
    nextSession: r.next_session ? new Date(r.next_session as string) : null,
    status: r.status as 'open' | 'cancelled',
  }));
}

/**
 * A course with its sessions. Participants (names, waiting list, attendance counts) only for those who may
 * register people for this facility; others see seats and dates.
 */
export async function getCourse({
  db,
  programmeId,
  courseId,
  actor,
}: {
  db: DbOrTx;
  programmeId: number;
  courseId: number;
  actor?: Actor | null;
}) {
  const scope = await courseScope(db, programmeId, courseId);
  const sessions = await db
    .select({
      id: workshopSession.id,
      startsAt: workshopSession.startsAt,
      endsAt: workshopSession.endsAt,
      roomId: workshopSession.roomId,
      roomName: room.name,
      facilitatorName: workshopSession.facilitatorName,
      capacity: workshopSession.capacity,
      seatsTaken: workshopSession.seatsTaken,
      status: workshopSession.status,
      cancelledReason: workshopSession.cancelledReason,
      present: sql<number>`(select count(*)::int from attendance a where a.session_id = ${workshopSession.id} and a.present)`,
      absent: sql<number>`(select count(*)::int from attendance a where a.session_id = ${workshopSession.id} and not a.present)`,
    })
    .from(workshopSession)
    .leftJoin(room, eq(room.id, workshopSession.roomId))
    .where(eq(workshopSession.courseId, courseId))
    .orderBy(asc(workshopSession.startsAt));
  const resource = { programmeId, organisationId: scope.organisationId };
  const canRegister = actor ? can(actor, 'workshop.register', resource) && actor.role !== 'resident' : false;
  const canManage = actor ? can(actor, 'workshop.manage', resource) : false;
  const people = canRegister ? await courseRegistrations(db, courseId) : null;
  return {
    ...scope.course,
    facilityName: scope.facilityName,
    organisationId: scope.organisationId,
    sessions,
    registrations: people,
    canRegister,
    canManage,
  };
}

/** Everyone registered or waiting on a course, with attendance counts, in arrival order. */
async function courseRegistrations(db: DbOrTx, courseId: number) {
  const rows = await db.execute<Record<string, unknown>>(sql`
    select r.id, r.status, r.session_id, r.household_id, r.member_id, h.reference as household_reference,
           m.first_name, m.last_name, r.reminder_channel, r.created_at, r.completed_at,
           (select count(*)::int from attendance a where a.registration_id = r.id and a.present) as attended,
           (select count(*)::int from attendance a where a.registration_id = r.id and not a.present) as missed,
           case when r.status = 'waiting' then
             (select count(*)::int from registration w where w.status = 'waiting' and w.course_id = r.course_id
                and w.session_id is not distinct from r.session_id and w.id <= r.id) end as position
      from registration r
      join household_member m on m.id = r.member_id
      join household h on h.id = r.household_id
     where r.course_id = ${courseId} and r.status <> 'cancelled'
     order by r.status, r.id`);
  return rows.map((r) => ({
    id: r.id as number,
    status: r.status as 'registered' | 'waiting',
    sessionId: r.session_id as number | null,
    householdId: r.household_id as number,
    householdReference: r.household_reference as string,
    memberId: r.member_id as number,
    name: `${r.first_name} ${r.last_name}`,
    reminderChannel: r.reminder_channel as string,
    createdAt: new Date(r.created_at as string),
    completed: r.completed_at !== null,
    attended: r.attended as number,
    missed: r.missed as number,
    position: r.position as number | null,
  }));
}

/** Sessions in a period across a facility or the programme (for calendars and the week's planning). */
export async function listSessions({
  db,
  programmeId,
  facilityId,
  from,
  to,
}: {
  db: DbOrTx;
  programmeId: number;
  facilityId?: number;
  from: Date;
  to: Date;
}) {
  return db
    .select({
      id: workshopSession.id,
      courseId: course.id,
      courseTitle: course.title,
      kind: course.kind,
      facilityId: workshopSession.facilityId,
      startsAt: workshopSession.startsAt,
      endsAt: workshopSession.endsAt,
      roomName: room.name,
      facilitatorName: workshopSession.facilitatorName,
      capacity: sql<number>`case when ${course.kind} = 'cycle' then ${course.capacity} else ${workshopSession.capacity} end`,
      seatsTaken: sql<number>`case when ${course.kind} = 'cycle' then ${course.seatsTaken} else ${workshopSession.seatsTaken} end`,
      status: workshopSession.status,
      sequence: workshopSession.sequence,
      updatedAt: workshopSession.updatedAt,
    })
    .from(workshopSession)
    .innerJoin(course, eq(course.id, workshopSession.courseId))
    .leftJoin(room, eq(room.id, workshopSession.roomId))
    .where(
      and(
        eq(workshopSession.programmeId, programmeId),
        facilityId ? eq(workshopSession.facilityId, facilityId) : undefined,
        gte(workshopSession.startsAt, from),
        lt(workshopSession.startsAt, to),
      ),
    )
    .orderBy(asc(workshopSession.startsAt))
    .limit(2000);
}

/** Who may read the programme of courses at all (staff); residents and the public read it through public pages. */
export function assertCanReadWorkshops(actor: Actor) {
  assertCanAtAll(actor, 'workshop.read');
}
