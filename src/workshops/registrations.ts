// Registrations: a place while seats remain (counted by the database), the waiting list beyond it, served in
// arrival order as soon as a place frees up — and the person told.
import { and, asc, eq, sql } from 'drizzle-orm';
import { householdMember, householdResource } from '../households/index.ts';
import { notification } from '../notifications/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan, can, ForbiddenError, NotFoundError } from '../platform/permissions/index.ts';
import { notifyParticipants, participants, recipientFor } from './notify.ts';
import type { Refused } from './refusals.ts';
import { placeFor } from './rules.ts';
import { course, facility, type ReminderChannel, registration, room, workshopSession } from './schema.ts';

type Target = { courseId: number; sessionId: number | null };

/** Locks the row whose seats a registration takes (the cycle, or the drop-in session) and reads them. */
async function lockSeats(tx: DbOrTx, target: Target) {
  if (target.sessionId === null) {
    const [row] = await tx
      .select({ capacity: course.capacity, seatsTaken: course.seatsTaken })
      .from(course)
      .where(eq(course.id, target.courseId))
      .for('update');
    return row!;
  }
  const [row] = await tx
    .select({ capacity: workshopSession.capacity, seatsTaken: workshopSession.seatsTaken })
    .from(workshopSession)
    .where(eq(workshopSession.id, target.sessionId))
    .for('update');
  return row!;
}

/** The facts a message about a registration needs: its next session (or the given one) and where. */
async function nextSessionFacts(tx: DbOrTx, target: Target, now: Date) {
  const [row] = await tx
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
        sql`${workshopSession.startsAt} > ${now.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(workshopSession.startsAt));
  if (!row) return null;
  const upcoming = await tx
    .select({ startsAt: workshopSession.startsAt })
    .from(workshopSession)
    .where(
      and(
        eq(workshopSession.courseId, target.courseId),
        target.sessionId ? eq(workshopSession.id, target.sessionId) : undefined,
        eq(workshopSession.status, 'scheduled'),
        sql`${workshopSession.startsAt} > ${now.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(workshopSession.startsAt));
  return { facts: row, sessions: upcoming.map((s) => s.startsAt) };
}

/** A place confirmed: letter people get their convocation with every date; others get reminders later. */
async function tellPlaceConfirmed(
  tx: DbOrTx,
  programmeId: number,
  registrationId: number,
  target: Target,
  topic: 'convocation' | 'promoted',
  now: Date,
) {
  const upcoming = await nextSessionFacts(tx, target, now);
  if (!upcoming) return;
  const people = await participants(tx, [registrationId]);
  if (topic === 'convocation' && people[0]?.channel !== 'letter') return;
  await notifyParticipants(tx, {
    programmeId,
    people,
    topic,
    session: upcoming.facts,
    sessions: upcoming.sessions,
    subjectRef: `registration:${registrationId}`,
    dedupe: (p) => `${topic}:r${p.registrationId}`,
    now,
  });
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
  if (scope.course.kind === 'cycle') {
    if (target.sessionId !== null) return { ok: false, reason: 'cycle_needs_no_session', field: 'sessionId' };
    const [last] = await db
      .select({ at: sql<string>`max(${workshopSession.startsAt})` })
      .from(workshopSession)
      .where(and(eq(workshopSession.courseId, courseId), eq(workshopSession.status, 'scheduled')));
    if (!last?.at || new Date(last.at) <= now) return { ok: false, reason: 'registration_closed' };
  } else {
    if (target.sessionId === null) return { ok: false, reason: 'not_a_drop_in', field: 'sessionId' };
    const [session] = await db
      .select()
      .from(workshopSession)
      .where(and(eq(workshopSession.id, target.sessionId), eq(workshopSession.courseId, courseId)));
    if (!session) throw new NotFoundError('session');
    if (session.status === 'cancelled') return { ok: false, reason: 'session_cancelled', field: 'sessionId' };
    if (session.startsAt <= now) return { ok: false, reason: 'session_started', field: 'sessionId' };
  }
  const [member] = await db
    .select({ householdId: householdMember.householdId })
    .from(householdMember)
    .where(eq(householdMember.id, input.memberId));
  if (member?.householdId !== householdId) return { ok: false, reason: 'not_a_member', field: 'memberId' };
  const missing = await missingContact(db, householdId, input.reminderChannel);
  if (missing) return { ok: false, reason: missing, field: 'reminderChannel' };

  return db
    .transaction(async (tx) => {
      const seats = await lockSeats(tx, target);
      const [live] = await tx
        .select({ id: registration.id })
        .from(registration)
        .where(
          and(
            eq(registration.courseId, courseId),
            eq(registration.memberId, input.memberId),
            target.sessionId
              ? eq(registration.sessionId, target.sessionId)
              : sql`${registration.sessionId} is null`,
            sql`${registration.status} <> 'cancelled'`,
          ),
        );
      if (live) return { ok: false as const, reason: 'already_registered' as const };
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
        await tellPlaceConfirmed(tx, actor.programmeId, created!.id, target, 'convocation', now);
      return { ok: true as const, registrationId: created!.id, status, position };
    })
    .catch((error: unknown) => {
      // The partial unique index is the last word on "one live registration per person".
      if ((error as { code?: string }).code === '23505')
        return { ok: false as const, reason: 'already_registered' as const };
      throw error;
    });
}

async function waitingPosition(tx: DbOrTx, target: Target, registrationId: number) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(registration)
    .where(
      and(
        eq(registration.courseId, target.courseId),
        target.sessionId
          ? eq(registration.sessionId, target.sessionId)
          : sql`${registration.sessionId} is null`,
        eq(registration.status, 'waiting'),
        sql`${registration.id} <= ${registrationId}`,
      ),
    );
  return row!.n;
}

async function missingContact(db: DbOrTx, householdId: number, channel: ReminderChannel) {
  const [contact] = await participantsContact(db, householdId);
  if (recipientFor(contact ?? { phone: null, email: null, postal: null }, channel)) return null;
  return channel === 'email'
    ? ('no_email' as const)
    : channel === 'letter'
      ? ('no_address' as const)
      : ('no_phone' as const);
}

async function participantsContact(db: DbOrTx, householdId: number) {
  return db.execute<{ phone: string | null; email: string | null; postal: string | null }>(sql`
    select h.phone, h.email,
           (select b.address from tenancy t join dwelling d on d.id = t.dwelling_id join building b on b.id = d.building_id
             where t.household_id = h.id and t.end_date is null limit 1) as postal
      from household h where h.id = ${householdId}`);
}

/**
 * Gives freed seats to the waiting list in arrival order (the caller holds the seats row's lock) and tells each
 * person promoted. Returns the registrations promoted.
 */
export async function promoteWaiting(
  tx: DbOrTx,
  actor: Actor,
  target: Target,
  now = new Date(),
): Promise<number[]> {
  const seats = await lockSeats(tx, target);
  const free = seats.capacity - seats.seatsTaken;
  if (free <= 0) return [];
  const next = await tx
    .select({ id: registration.id, householdId: registration.householdId, memberId: registration.memberId })
    .from(registration)
    .where(
      and(
        eq(registration.courseId, target.courseId),
        target.sessionId
          ? eq(registration.sessionId, target.sessionId)
          : sql`${registration.sessionId} is null`,
        eq(registration.status, 'waiting'),
      ),
    )
    .orderBy(asc(registration.id))
    .limit(free);
  for (const person of next) {
    await tx
      .update(registration)
      .set({ status: 'registered', promotedAt: now })
      .where(eq(registration.id, person.id));
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
    await tellPlaceConfirmed(tx, actor.programmeId, person.id, target, 'promoted', now);
  }
  return next.map((p) => p.id);
}

/**
 * Cancels a registration (the person, or the facility for them). A freed seat goes at once to the first person
 * waiting, who is told; reminders not yet sent to the person who left are dropped.
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
  return db.transaction(async (tx) => {
    await lockSeats(tx, target);
    const [before] = await tx
      .select({ status: registration.status })
      .from(registration)
      .where(eq(registration.id, registrationId))
      .for('update');
    if (before!.status === 'cancelled') return { ok: false as const, reason: 'not_live' as const };
    await tx
      .update(registration)
      .set({ status: 'cancelled', cancelledAt: now })
      .where(eq(registration.id, registrationId));
    await tx
      .update(notification)
      .set({ status: 'cancelled' })
      .where(
        and(
          eq(notification.householdId, r.householdId),
          eq(notification.status, 'pending'),
          sql`${notification.dedupeKey} like ${`%:r${registrationId}`}`,
        ),
      );
    await recordAudit(tx, actor, {
      action: 'workshop.cancelled',
      entityType: 'household',
      entityId: r.householdId,
      details: {
        registrationId,
        courseId: r.courseId,
        course: row.title,
        sessionId: r.sessionId,
        was: before!.status,
      },
    });
    const promoted = before!.status === 'registered' ? await promoteWaiting(tx, actor, target, now) : [];
    return { ok: true as const, promoted };
  });
}

/**
 * Changes the seats of a cycle; more seats go to the waiting list at once. Fewer seats than people registered is
 * refused (the database would refuse it too).
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
}): Promise<{ ok: true; promoted: number[] } | Refused<'capacity_below_taken'>> {
  const scope = await courseOf(db, actor.programmeId, courseId);
  assertCan(actor, 'workshop.manage', {
    programmeId: actor.programmeId,
    organisationId: scope.organisationId,
  });
  return db.transaction(async (tx) => {
    const seats = await lockSeats(tx, { courseId, sessionId: null });
    if (capacity < seats.seatsTaken)
      return { ok: false as const, reason: 'capacity_below_taken' as const, field: 'capacity' };
    await tx.update(course).set({ capacity }).where(eq(course.id, courseId));
    await tx.update(workshopSession).set({ capacity }).where(eq(workshopSession.courseId, courseId));
    await recordAudit(tx, actor, {
      action: 'workshop.capacity_set',
      entityType: 'course',
      entityId: courseId,
      details: { from: seats.capacity, to: capacity },
    });
    const promoted =
      scope.course.kind === 'cycle'
        ? await promoteWaiting(tx, actor, { courseId, sessionId: null }, now)
        : [];
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
  const rows = await db.execute<Record<string, unknown>>(sql`
    select r.id, r.status, r.course_id, c.title, c.kind, f.name as facility_name, f.id as facility_id,
           m.first_name, m.last_name, r.member_id, r.reminder_channel, r.session_id, r.completed_at,
           (select min(ws.starts_at) from workshop_session ws where ws.course_id = r.course_id
              and (r.session_id is null or ws.id = r.session_id) and ws.status = 'scheduled' and ws.starts_at > now()) as next_session,
           (select count(*)::int from attendance a where a.registration_id = r.id and a.present) as attended,
           case when r.status = 'waiting' then
             (select count(*)::int from registration w where w.status = 'waiting' and w.course_id = r.course_id
                and w.session_id is not distinct from r.session_id and w.id <= r.id) end as position
      from registration r
      join course c on c.id = r.course_id
      join facility f on f.id = c.facility_id
      join household_member m on m.id = r.member_id
     where r.household_id = ${householdId} and r.status <> 'cancelled'
     order by next_session nulls last, r.id desc
     limit 100`);
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
