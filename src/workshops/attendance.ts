// The roll call: one tap per person, absences counted, a cycle completed once enough sessions were attended;
// and the printable attendance sheet.
import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan } from '../platform/permissions/index.ts';
import { sessionScope } from './courses.ts';
import { attendanceSheetPdf } from './documents/attendance-sheet.ts';
import type { Refused } from './refusals.ts';
import { onTarget } from './registrations.ts';
import { completionRuleOn, cycleCompleted } from './rules.ts';
import { attendance, registration, workshopSession } from './schema.ts';

export interface RollCallEntry {
  registrationId: number;
  householdId: number;
  householdReference: string;
  name: string;
  present: boolean | null;
}

/** Who is expected at a session: the cycle's registered people, or the drop-in session's. */
async function expected(db: DbOrTx, sessionId: number, courseId: number, kind: 'cycle' | 'drop_in') {
  const rows = await db.execute<Record<string, unknown>>(sql`
    select r.id, r.household_id, h.reference, m.first_name, m.last_name, a.present
      from registration r
      join household_member m on m.id = r.member_id
      join household h on h.id = r.household_id
      left join attendance a on a.registration_id = r.id and a.session_id = ${sessionId}
     where ${kind === 'cycle' ? sql`r.course_id = ${courseId} and r.session_id is null` : sql`r.session_id = ${sessionId}`}
       and (r.status = 'registered' or a.present is not null)
     order by m.last_name, m.first_name, r.id`);
  return rows.map(
    (r): RollCallEntry => ({
      registrationId: r.id as number,
      householdId: r.household_id as number,
      householdReference: r.reference as string,
      name: `${r.first_name} ${r.last_name}`,
      present: r.present === null || r.present === undefined ? null : (r.present as boolean),
    }),
  );
}

/** A session with the people expected and what the roll call says so far (the facility's own staff only). */
export async function rollCall({ db, actor, sessionId }: { db: DbOrTx; actor: Actor; sessionId: number }) {
  const scope = await sessionScope(db, actor.programmeId, sessionId);
  assertCan(actor, 'workshop.attendance', {
    programmeId: actor.programmeId,
    organisationId: scope.organisationId,
  });
  const people = await expected(db, sessionId, scope.course.id, scope.course.kind);
  const [numbered] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from workshop_session
     where course_id = ${scope.course.id} and status = 'scheduled' and starts_at <= ${scope.session.startsAt.toISOString()}::timestamptz`);
  return {
    session: scope.session,
    course: scope.course,
    facilityName: scope.facilityName,
    roomName: scope.roomName,
    /** "Session 3 of 6" for a cycle. */
    number: scope.course.kind === 'cycle' ? (numbered?.n ?? null) : null,
    people,
    present: people.filter((p) => p.present === true).length,
    absent: people.filter((p) => p.present === false).length,
  };
}

/**
 * Records one person present or absent (changing one's mind is allowed: the last tap counts). A cycle participant
 * who has now attended enough of the sessions held completes the cycle (rule in rules.ts), on the household's
 * timeline; a correction below the threshold withdraws it.
 */
export async function recordAttendance({
  db,
  actor,
  sessionId,
  registrationId,
  present,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  sessionId: number;
  registrationId: number;
  present: boolean;
  now?: Date;
}): Promise<
  { ok: true; completed: boolean } | Refused<'session_cancelled' | 'too_early' | 'not_registered'>
> {
  const scope = await sessionScope(db, actor.programmeId, sessionId);
  assertCan(actor, 'workshop.attendance', {
    programmeId: actor.programmeId,
    organisationId: scope.organisationId,
  });
  if (localDate(now) < localDate(scope.session.startsAt)) return { ok: false, reason: 'too_early' };
  const target = { courseId: scope.course.id, sessionId: scope.course.kind === 'cycle' ? null : sessionId };
  return db.transaction(async (tx) => {
    // The session, then the registration, are locked (the lock order of registrations.ts): a cancellation that
    // commits meanwhile is seen, and two taps for one person are counted one after the other.
    const [session] = await tx
      .select({ status: workshopSession.status })
      .from(workshopSession)
      .where(eq(workshopSession.id, sessionId))
      .for('share');
    if (session!.status === 'cancelled') return { ok: false as const, reason: 'session_cancelled' as const };
    const [reg] = await tx
      .select({
        householdId: registration.householdId,
        status: registration.status,
        completedAt: registration.completedAt,
        marked: sql<boolean>`exists (select 1 from ${attendance} a where a.session_id = ${sessionId} and a.registration_id = ${registration.id})`,
      })
      .from(registration)
      .where(and(eq(registration.id, registrationId), onTarget(target)))
      .for('update', { of: registration });
    // Someone who gave up their place can still have a past mark corrected, not be marked anew.
    if (!reg || reg.status === 'waiting' || (reg.status === 'cancelled' && !reg.marked))
      return { ok: false as const, reason: 'not_registered' as const };
    await tx
      .insert(attendance)
      .values({ sessionId, registrationId, present, recordedBy: actor.label, recordedAt: now })
      .onConflictDoUpdate({
        target: [attendance.sessionId, attendance.registrationId],
        set: { present, recordedBy: actor.label, recordedAt: now },
      });
    await recordAudit(tx, actor, {
      action: present ? 'workshop.attended' : 'workshop.absent',
      entityType: 'household',
      entityId: reg.householdId,
      details: {
        registrationId,
        sessionId,
        courseId: scope.course.id,
        course: scope.course.title,
        at: scope.session.startsAt,
      },
    });
    let completed = reg.completedAt !== null;
    if (scope.course.kind === 'cycle') {
      const [counts] = await tx.execute<{ attended: number; held: number }>(sql`
        select (select count(*)::int from attendance a where a.registration_id = ${registrationId} and a.present) as attended,
               (select count(*)::int from workshop_session ws where ws.course_id = ${scope.course.id} and ws.status = 'scheduled') as held`);
      const rule = completionRuleOn(localDate(scope.session.startsAt));
      const nowCompleted = cycleCompleted(counts!.attended, counts!.held, rule);
      if (nowCompleted !== completed) {
        await tx
          .update(registration)
          .set({ completedAt: nowCompleted ? now : null })
          .where(eq(registration.id, registrationId));
        await recordAudit(tx, actor, {
          action: nowCompleted ? 'workshop.cycle_completed' : 'workshop.completion_withdrawn',
          entityType: 'household',
          entityId: reg.householdId,
          details: {
            registrationId,
            courseId: scope.course.id,
            course: scope.course.title,
            attended: counts!.attended,
            held: counts!.held,
            rule: rule.id,
          },
        });
        completed = nowCompleted;
      }
    }
    return { ok: true as const, completed };
  });
}

/** The attendance sheet of a session, to print and sign. */
export async function attendanceSheet({
  db,
  actor,
  sessionId,
  programmeName,
  now = new Date(),
}: {
  db: DbOrTx;
  actor: Actor;
  sessionId: number;
  programmeName: string;
  now?: Date;
}): Promise<Buffer> {
  const call = await rollCall({ db, actor, sessionId });
  const [place] = await db.execute<{ name: string; address: string; postcode: string; commune: string }>(sql`
    select name, address, postcode, commune from facility where id = ${call.session.facilityId}`);
  return attendanceSheetPdf({
    programmeName,
    facility: place!,
    course: { title: call.course.title, kind: call.course.kind, sessionCount: call.course.sessionCount },
    session: {
      number: call.number,
      startsAt: call.session.startsAt,
      endsAt: call.session.endsAt,
      room: call.roomName,
      facilitatorName: call.session.facilitatorName,
      status: call.session.status,
    },
    participants: call.people.map((p) => ({
      name: p.name,
      household: p.householdReference,
      present: p.present,
    })),
    printedAt: now,
  });
}
