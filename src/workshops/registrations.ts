// Registrations: a place while seats remain (counted by the database), the waiting list beyond it, served in
// arrival order as soon as a place frees up — and the person told.
import { and, asc, eq, gt, inArray, isNull, lt, lte, ne, sql } from 'drizzle-orm';
import { householdMember, householdResource } from '../households/index.ts';
import { cancelPendingNotifications } from '../notifications/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import { asSystem } from '../platform/claims/index.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan, can, ForbiddenError, NotFoundError } from '../platform/permissions/index.ts';
import { householdContact, notifyParticipants, participants, recipientFor } from './notify.ts';
import type { Refused } from './refusals.ts';
import { placeFor, urgentChannel } from './rules.ts';
import { course, facility, type ReminderChannel, registration, room, workshopSession } from './schema.ts';

type Target = { courseId: number; sessionId: number | null };

/** The registrations of a target: a cycle's (no session), or one drop-in session's. */
export const onTarget = (target: Target) =>
  and(
    eq(registration.courseId, target.courseId),
    target.sessionId === null ? isNull(registration.sessionId) : eq(registration.sessionId, target.sessionId),
  );

type Closed = 'course_closed' | 'session_cancelled' | 'session_started' | 'registration_closed';

/**
 * Locks the row whose seats a registration takes (the cycle's course, or the drop-in session), reads them, and says
 * whether places can still be given there (`closed`), as seen under the lock: a session cancelled or started a
 * moment ago counts.
 *
 * Lock order, the same in every use case so that two of them never wait for each other: this seats row first, then
 * sessions (in id order), then registrations. Drop-in courses are never locked FOR UPDATE (their seats are on the
 * session), since inserting a registration takes a key-share lock on its course after the session's lock.
 */
async function lockSeats(tx: DbOrTx, target: Target, now: Date) {
  if (target.sessionId === null) {
    const [row] = await tx
      .select({ capacity: course.capacity, seatsTaken: course.seatsTaken, status: course.status })
      .from(course)
      .where(eq(course.id, target.courseId))
      .for('update');
    if (!row) throw new NotFoundError('course');
    const [next] = await tx
      .select({ id: workshopSession.id })
      .from(workshopSession)
      .where(
        and(
          eq(workshopSession.courseId, target.courseId),
          eq(workshopSession.status, 'scheduled'),
          gt(workshopSession.startsAt, now),
        ),
      )
      .limit(1);
    const closed: Closed | null =
      row.status !== 'open' ? 'course_closed' : next ? null : 'registration_closed';
    return { capacity: row.capacity, seatsTaken: row.seatsTaken, closed };
  }
  const [row] = await tx
    .select({
      capacity: workshopSession.capacity,
      seatsTaken: workshopSession.seatsTaken,
      status: workshopSession.status,
      startsAt: workshopSession.startsAt,
      courseStatus: course.status,
    })
    .from(workshopSession)
    .innerJoin(course, eq(course.id, workshopSession.courseId))
    .where(and(eq(workshopSession.id, target.sessionId), eq(workshopSession.courseId, target.courseId)))
    .for('update', { of: workshopSession });
  if (!row) throw new NotFoundError('session');
  const closed: Closed | null =
    row.courseStatus !== 'open'
      ? 'course_closed'
      : row.status === 'cancelled'
        ? 'session_cancelled'
        : row.startsAt <= now
          ? 'session_started'
          : null;
  return { capacity: row.capacity, seatsTaken: row.seatsTaken, closed };
}

/** The sessions still to come of a target, with what a message about them says (the first is the next one). */
async function upcomingSessions(tx: DbOrTx, target: Target, now: Date) {
  const rows = await tx
    .select({
      courseTitle: course.title,
      startsAt: workshopSession.startsAt,
      facilityName: facility.name,
      room: room.name,
      facilityPhone: facility.phone,
    })
    .from(workshopSession)
    .innerJoin(course, eq(course.id, workshopSession.courseId))
    .innerJoin(facility, eq(facility.id, workshopSession.facilityId))
    .leftJoin(room, eq(room.id, workshopSession.roomId))
    .where(
      and(
        eq(workshopSession.courseId, target.courseId),
        target.sessionId ? eq(workshopSession.id, target.sessionId) : undefined,
        eq(workshopSession.status, 'scheduled'),
        gt(workshopSession.startsAt, now),
      ),
    )
    .orderBy(asc(workshopSession.startsAt));
  return rows.length ? { facts: rows[0]!, sessions: rows.map((s) => s.startsAt) } : null;
}

/**
 * Places confirmed. Letter people get their convocation with every date (they get no reminders), whether they
 * registered or were promoted from the waiting list; the others get reminders later. People promoted are told at
 * once, by the quickest way they accept — for letter people only when a letter would arrive too late (a call then).
 */
async function tellPlaceConfirmed(
  tx: DbOrTx,
  programmeId: number,
  registrationIds: number[],
  target: Target,
  topic: 'convocation' | 'promoted',
  now: Date,
) {
  if (!registrationIds.length) return;
  const upcoming = await upcomingSessions(tx, target, now);
  if (!upcoming) return;
  const people = await participants(tx, registrationIds);
  const minutesAhead = (upcoming.facts.startsAt.getTime() - now.getTime()) / 60_000;
  const tell = async (who: typeof people, what: typeof topic) =>
    notifyParticipants(tx, {
      programmeId,
      people: who,
      topic: what,
      session: upcoming.facts,
      sessions: upcoming.sessions,
      subjectRef: (p) => `registration:${p.registrationId}`,
      dedupe: (p) => `${what}:r${p.registrationId}`,
      now,
    });
  if (topic === 'promoted')
    await tell(
      people.filter((p) => urgentChannel(p.channel, minutesAhead, Boolean(p.phone)) !== 'letter'),
      'promoted',
    );
  await tell(
    people.filter((p) => p.channel === 'letter'),
    'convocation',
  );
}

async function courseOf(db: DbOrTx, programmeId: number, courseId: number) {
  const [row] = await db
    .select({ course, organisationId: facility.organisationId })
    .from(course)
    .innerJoin(facility, eq(facility.id, course.facilityId))
    .where(and(eq(course.id, courseId), eq(course.programmeId, programmeId)));
  if (!row) throw new NotFoundError('course');
  return row;
}

/** Residents register members of their own household; facility staff register households they may see. */
async function assertMayRegister(
  db: DbOrTx,
  actor: Actor,
  organisationId: number | null,
  householdId: number,
) {
  const household = await householdResource(db, householdId);
  if (actor.role === 'resident') {
    assertCan(actor, 'workshop.register', household);
    return household;
  }
  assertCan(actor, 'workshop.register', { programmeId: actor.programmeId, organisationId });
  assertCan(actor, 'household.read', household);
  return household;
}

export type RegisterResult =
  | { ok: true; registrationId: number; status: 'registered' | 'waiting'; position: number | null }
  | Refused<
      | 'course_closed'
      | 'registration_closed'
      | 'session_cancelled'
      | 'session_started'
      | 'not_a_drop_in'
      | 'cycle_needs_no_session'
      | 'already_registered'
      | 'not_a_member'
      | 'no_phone'
      | 'no_email'
      | 'no_address'
    >;

/**
 * Registers a household member for a cycle (all its sessions) or a drop-in session. The seats row is locked, so
 * concurrent registrations are served one after the other: the last seats go to the first arrivals and everyone
 * after is placed on the waiting list in arrival order; the database's check refuses any seat beyond capacity.
 */
export async function register({
  db,
  actor,
  courseId,
  householdId,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  courseId: number;
  householdId: number;
  input: { memberId: number; reminderChannel: ReminderChannel; sessionId?: number };
  now?: Date;
}): Promise<RegisterResult> {
  const scope = await courseOf(db, actor.programmeId, courseId);
  await assertMayRegister(db, actor, scope.organisationId, householdId);
  if (scope.course.status !== 'open') return { ok: false, reason: 'course_closed' };
  const target: Target = { courseId, sessionId: input.sessionId ?? null };
  if (scope.course.kind === 'cycle' && target.sessionId !== null)
    return { ok: false, reason: 'cycle_needs_no_session', field: 'sessionId' };
  if (scope.course.kind === 'drop_in' && target.sessionId === null)
    return { ok: false, reason: 'not_a_drop_in', field: 'sessionId' };
  const [member] = await db
    .select({ householdId: householdMember.householdId })
    .from(householdMember)
    .where(eq(householdMember.id, input.memberId));
  if (member?.householdId !== householdId) return { ok: false, reason: 'not_a_member', field: 'memberId' };
  const missing = await missingContact(db, householdId, input.reminderChannel);
  if (missing) return { ok: false, reason: missing, field: 'reminderChannel' };

  // The queue's position and the seats are everyone's: the transaction runs past the row policies, after the checks
  // above (the resident's own household, or the facility's).
  return asSystem(() =>
    db.transaction(async (tx): Promise<RegisterResult> => {
      // Whether the session is still open is read under the lock: a cancellation that just committed counts.
      const seats = await lockSeats(tx, target, now);
      if (seats.closed)
        return {
          ok: false,
          reason: seats.closed,
          ...(target.sessionId !== null && seats.closed !== 'course_closed' ? { field: 'sessionId' } : {}),
        };
      const [live] = await tx
        .select({ id: registration.id })
        .from(registration)
        .where(
          and(
            onTarget(target),
            eq(registration.memberId, input.memberId),
            ne(registration.status, 'cancelled'),
          ),
        );
      if (live) return { ok: false, reason: 'already_registered' };
      const status = placeFor(seats.seatsTaken, seats.capacity);
      const [created] = await tx
        .insert(registration)
        .values({
          programmeId: actor.programmeId,
          courseId,
          sessionId: target.sessionId,
          householdId,
          memberId: input.memberId,
          status,
          reminderChannel: input.reminderChannel,
          createdBy: actor.label,
          createdAt: now,
        })
        .returning({ id: registration.id });
      const position = status === 'waiting' ? await waitingPosition(tx, target, created!.id) : null;
      await recordAudit(tx, actor, {
        action: status === 'registered' ? 'workshop.registered' : 'workshop.waiting',
        entityType: 'household',
        entityId: householdId,
        details: {
          registrationId: created!.id,
          courseId,
          course: scope.course.title,
          sessionId: target.sessionId,
          memberId: input.memberId,
          reminderChannel: input.reminderChannel,
          ...(position ? { position } : {}),
        },
      });
      if (status === 'registered')
        await tellPlaceConfirmed(tx, actor.programmeId, [created!.id], target, 'convocation', now);
      return { ok: true, registrationId: created!.id, status, position };
    }),
  ).catch((error: unknown): RegisterResult => {
    // The partial unique index is the last word on "one live registration per person".
    if ((error as { code?: string }).code === '23505') return { ok: false, reason: 'already_registered' };
    throw error;
  });
}

async function waitingPosition(tx: DbOrTx, target: Target, registrationId: number) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(registration)
    .where(and(onTarget(target), eq(registration.status, 'waiting'), lte(registration.id, registrationId)));
  return row!.n;
}

async function missingContact(db: DbOrTx, householdId: number, channel: ReminderChannel) {
  if (recipientFor(await householdContact(db, householdId), channel)) return null;
  return channel === 'email'
    ? ('no_email' as const)
    : channel === 'letter'
      ? ('no_address' as const)
      : ('no_phone' as const);
}

/**
 * Gives freed seats to the waiting list in arrival order and tells each person promoted. Nobody is promoted into
 * a session cancelled or started, or a cycle with no session left: they stay waiting. Returns the registrations
 * promoted.
 */
export async function promoteWaiting(
  tx: DbOrTx,
  actor: Actor,
  target: Target,
  now = new Date(),
): Promise<number[]> {
  const seats = await lockSeats(tx, target, now);
  const free = seats.capacity - seats.seatsTaken;
  if (free <= 0 || seats.closed) return [];
  const next = await tx
    .select({ id: registration.id, householdId: registration.householdId, memberId: registration.memberId })
    .from(registration)
    .where(and(onTarget(target), eq(registration.status, 'waiting')))
    .orderBy(asc(registration.id))
    .limit(free)
    .for('update');
  if (!next.length) return [];
  await tx
    .update(registration)
    .set({ status: 'registered', promotedAt: now })
    .where(
      inArray(
        registration.id,
        next.map((p) => p.id),
      ),
    );
  for (const person of next)
    await recordAudit(tx, actor, {
      action: 'workshop.promoted',
      entityType: 'household',
      entityId: person.householdId,
      details: {
        registrationId: person.id,
        courseId: target.courseId,
        sessionId: target.sessionId,
        memberId: person.memberId,
      },
    });
  await tellPlaceConfirmed(
    tx,
    actor.programmeId,
    next.map((p) => p.id),
    target,
    'promoted',
    now,
  );
  return next.map((p) => p.id);
}

/**
 * Cancels a registration (the person, or the facility for them). A freed seat goes at once to the first person
 * waiting, who is told; messages not yet sent to the person who left (reminders, a convocation) are dropped.
 */
export async function cancelRegistration({
  db,
  actor,
  registrationId,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  registrationId: number;
  now?: Date;
}): Promise<{ ok: true; promoted: number[] } | Refused<'not_live'>> {
  const [row] = await db
    .select({ registration, organisationId: facility.organisationId, title: course.title })
    .from(registration)
    .innerJoin(course, eq(course.id, registration.courseId))
    .innerJoin(facility, eq(facility.id, course.facilityId))
    .where(and(eq(registration.id, registrationId), eq(registration.programmeId, actor.programmeId)));
  if (!row) throw new NotFoundError('registration');
  const r = row.registration;
  const allowed =
    actor.role === 'resident'
      ? can(actor, 'workshop.register', { programmeId: actor.programmeId, householdId: r.householdId })
      : can(actor, 'workshop.register', {
          programmeId: actor.programmeId,
          organisationId: row.organisationId,
        });
  if (!allowed) throw new ForbiddenError('workshop.register');
  const target: Target = { courseId: r.courseId, sessionId: r.sessionId };
  // A freed seat goes to the next household waiting: past the row policies, once the permission is checked above.
  return asSystem(() =>
    db.transaction(async (tx) => {
      await lockSeats(tx, target, now);
      const [before] = await tx
        .select({ status: registration.status })
        .from(registration)
        .where(eq(registration.id, registrationId))
        .for('update');
      if (before!.status === 'cancelled') return { ok: false as const, reason: 'not_live' as const };
      await withdraw(tx, actor, [{ id: registrationId, householdId: r.householdId, was: before!.status }], {
        courseId: r.courseId,
        course: row.title,
        sessionId: r.sessionId,
        now,
      });
      const promoted = before!.status === 'registered' ? await promoteWaiting(tx, actor, target, now) : [];
      return { ok: true as const, promoted };
    }),
  );
}

/**
 * Ends registrations (the caller holds their locks): cancelled, on the household's timeline, and the messages not
 * yet sent to them dropped (every message about a registration has a reason ending in `:r<id>`).
 */
export async function withdraw(
  tx: DbOrTx,
  actor: Actor,
  rows: { id: number; householdId: number; was: string }[],
  about: { courseId: number; course: string; sessionId: number | null; now: Date; why?: string },
) {
  for (const r of rows) {
    await tx
      .update(registration)
      .set({ status: 'cancelled', cancelledAt: about.now })
      .where(eq(registration.id, r.id));
    await cancelPendingNotifications(tx, {
      programmeId: actor.programmeId,
      householdId: r.householdId,
      reasonEndsWith: `:r${r.id}`,
    });
    await recordAudit(tx, actor, {
      action: 'workshop.cancelled',
      entityType: 'household',
      entityId: r.householdId,
      details: {
        registrationId: r.id,
        courseId: about.courseId,
        course: about.course,
        sessionId: about.sessionId,
        was: r.was,
        ...(about.why ? { why: about.why } : {}),
      },
    });
  }
}

/**
 * Changes the seats of a cycle; more seats go to the waiting list at once. Fewer seats than people registered, or
 * more than a room of its sessions to come holds, is refused. A drop-in session's seats are changed with the session
 * (rescheduleSession).
 */
export async function setCourseCapacity({
  db,
  actor,
  courseId,
  capacity,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  courseId: number;
  capacity: number;
  now?: Date;
}): Promise<
  { ok: true; promoted: number[] } | Refused<'capacity_below_taken' | 'seats_per_session' | 'room_too_small'>
> {
  const scope = await courseOf(db, actor.programmeId, courseId);
  assertCan(actor, 'workshop.manage', {
    programmeId: actor.programmeId,
    organisationId: scope.organisationId,
  });
  if (scope.course.kind !== 'cycle') return { ok: false, reason: 'seats_per_session', field: 'capacity' };
  const [small] = await db
    .select({ id: room.id })
    .from(workshopSession)
    .innerJoin(room, eq(room.id, workshopSession.roomId))
    .where(
      and(
        eq(workshopSession.courseId, courseId),
        eq(workshopSession.status, 'scheduled'),
        gt(workshopSession.startsAt, now),
        lt(room.seats, capacity),
      ),
    )
    .limit(1);
  if (small) return { ok: false, reason: 'room_too_small', field: 'capacity' };
  const target: Target = { courseId, sessionId: null };
  return db.transaction(async (tx) => {
    const seats = await lockSeats(tx, target, now);
    if (capacity < seats.seatsTaken)
      return { ok: false as const, reason: 'capacity_below_taken' as const, field: 'capacity' };
    await tx.update(course).set({ capacity }).where(eq(course.id, courseId));
    // The sessions keep the cycle's seats too (for the room check when one is moved); locked in id order.
    await tx
      .select({ id: workshopSession.id })
      .from(workshopSession)
      .where(eq(workshopSession.courseId, courseId))
      .orderBy(asc(workshopSession.id))
      .for('update');
    await tx.update(workshopSession).set({ capacity }).where(eq(workshopSession.courseId, courseId));
    await recordAudit(tx, actor, {
      action: 'workshop.capacity_set',
      entityType: 'course',
      entityId: courseId,
      details: { from: seats.capacity, to: capacity },
    });
    const promoted = await promoteWaiting(tx, actor, target, now);
    return { ok: true as const, promoted };
  });
}

/** A household's workshops: places and waiting lists, with the next session, for its members' own page. */
export async function householdRegistrations({
  db,
  actor,
  householdId,
}: {
  db: DbOrTx;
  actor: Actor;
  householdId: number;
}) {
  assertCan(actor, 'household.read', await householdResource(db, householdId));
  // Waiting positions count every household's place in the queue (the rows are this household's: see the where).
  const rows = await asSystem(
    async () =>
      await db.execute<Record<string, unknown>>(sql`
    select r.id, r.status, r.course_id, c.title, c.kind, f.name as facility_name, f.id as facility_id,
           m.first_name, m.last_name, r.member_id, r.reminder_channel, r.session_id, r.completed_at,
           nx.next_session,
           (select count(*)::int from attendance a where a.registration_id = r.id and a.present) as attended,
           case when r.status = 'waiting' then
             (select count(*)::int from registration w where w.status = 'waiting' and w.course_id = r.course_id
                and w.session_id is not distinct from r.session_id and w.id <= r.id) end as position
      from registration r
      join course c on c.id = r.course_id
      join facility f on f.id = c.facility_id
      join household_member m on m.id = r.member_id
      cross join lateral (
        select min(ws.starts_at) as next_session from workshop_session ws where ws.course_id = r.course_id
           and (r.session_id is null or ws.id = r.session_id) and ws.status = 'scheduled' and ws.starts_at > now()) nx
     where r.household_id = ${householdId} and r.status <> 'cancelled'
       -- A waiting list whose sessions are all past is over: nobody will be called from it.
       and (r.status = 'registered' or nx.next_session is not null)
     order by nx.next_session nulls last, r.id desc
     limit 100`),
  );
  return rows.map((r) => ({
    id: r.id as number,
    status: r.status as 'registered' | 'waiting',
    courseId: r.course_id as number,
    title: r.title as string,
    kind: r.kind as 'cycle' | 'drop_in',
    facilityId: r.facility_id as number,
    facilityName: r.facility_name as string,
    memberId: r.member_id as number,
    name: `${r.first_name} ${r.last_name}`,
    reminderChannel: r.reminder_channel as ReminderChannel,
    nextSession: r.next_session ? new Date(r.next_session as string) : null,
    attended: r.attended as number,
    completed: r.completed_at !== null,
    position: r.position as number | null,
  }));
}
