// Competencies validated by facilitators: who, when, from which session or observation; withdrawn (never deleted)
// when recorded by mistake. Progress per person and per course.
import { and, asc, eq, sql } from 'drizzle-orm';
import { householdMember, householdResource } from '../households/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan, assertCanAtAll, NotFoundError } from '../platform/permissions/index.ts';
import { intArray, textArray } from '../platform/sql/index.ts';
import { getCourse } from '../workshops/index.ts';
import { issueIfReached } from './issue.ts';
import type { Refused } from './refusals.ts';
import { missingCompetencies } from './rules.ts';
import { certificateLevel, competency, competencyFramework, validation } from './schema.ts';

/** The household of a member, checked for the actor (a facility: households of its sectors; a resident: its own). */
export async function memberScope(db: DbOrTx, actor: Actor, memberId: number) {
  const [member] = await db
    .select({
      householdId: householdMember.householdId,
      firstName: householdMember.firstName,
      lastName: householdMember.lastName,
      programmeId: householdMember.programmeId,
    })
    .from(householdMember)
    .where(eq(householdMember.id, memberId));
  if (!member || member.programmeId !== actor.programmeId) throw new NotFoundError('member');
  const household = await householdResource(db, member.householdId);
  return { ...member, household };
}

export type ValidateResult =
  | { ok: true; validationId: number; certificateCode: string | null }
  | Refused<
      'already_validated' | 'reference_framework' | 'future_date' | 'session_elsewhere' | 'session_not_held'
    >;

/**
 * A facilitator validates a competency observed in a workshop (a session of its facility) or otherwise (an
 * observation in words). When the programme issues automatically and the facility may issue, reaching a level
 * issues its certificate in the same transaction.
 */
export async function validateCompetency({
  db,
  actor,
  memberId,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  memberId: number;
  input: {
    competencyId: number;
    validatedOn: string;
    sessionId?: number;
    observation?: string;
    note?: string;
  };
  now?: Date;
}): Promise<ValidateResult> {
  const member = await memberScope(db, actor, memberId);
  assertCan(actor, 'competency.validate', {
    programmeId: actor.programmeId,
    organisationId: actor.organisationId,
  });
  assertCan(actor, 'household.read', member.household);
  const [target] = await db
    .select({
      id: competency.id,
      code: competency.code,
      title: competency.title,
      kind: competencyFramework.kind,
    })
    .from(competency)
    .innerJoin(competencyFramework, eq(competencyFramework.id, competency.frameworkId))
    .where(eq(competency.id, input.competencyId));
  if (!target) throw new NotFoundError('competency');
  if (target.kind !== 'certificate')
    return { ok: false, reason: 'reference_framework', field: 'competencyId' };
  // The day as people in the programme read it (Paris), not UTC's: at 00:30 in Paris it is already "today".
  if (input.validatedOn > localDate(now)) return { ok: false, reason: 'future_date', field: 'validatedOn' };
  if (input.sessionId) {
    const [session] = await db.execute<{ organisation_id: number | null; held: boolean }>(sql`
      select f.organisation_id, ws.status <> 'cancelled' and ws.starts_at <= ${now.toISOString()}::timestamptz as held
        from workshop_session ws join facility f on f.id = ws.facility_id
       where ws.id = ${input.sessionId} and ws.programme_id = ${actor.programmeId}`);
    if (!session || session.organisation_id !== actor.organisationId)
      return { ok: false, reason: 'session_elsewhere', field: 'sessionId' };
    if (!session.held) return { ok: false, reason: 'session_not_held', field: 'sessionId' };
  }
  return db
    .transaction(async (tx) => {
      const [row] = await tx
        .insert(validation)
        .values({
          programmeId: actor.programmeId,
          householdId: member.householdId,
          memberId,
          competencyId: target.id,
          validatedOn: input.validatedOn,
          sessionId: input.sessionId ?? null,
          observation: input.observation ?? null,
          note: input.note ?? null,
          organisationId: actor.organisationId,
          validatedBy: actor.label,
        })
        .onConflictDoNothing()
        .returning({ id: validation.id });
      if (!row) return { ok: false as const, reason: 'already_validated' as const, field: 'competencyId' };
      await recordAudit(tx, actor, {
        action: 'competency.validated',
        entityType: 'household',
        entityId: member.householdId,
        details: {
          validationId: row.id,
          memberId,
          competency: target.code,
          course: `${target.code} ${target.title}`,
          on: input.validatedOn,
          sessionId: input.sessionId ?? null,
        },
      });
      const issued = await issueIfReached(tx, actor, memberId, now);
      return { ok: true as const, validationId: row.id, certificateCode: issued };
    })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === '23505')
        return { ok: false as const, reason: 'already_validated' as const, field: 'competencyId' };
      throw error;
    });
}

/** Withdraws a validation recorded by mistake (the facility that recorded it, with a reason). */
export async function withdrawValidation({
  db,
  actor,
  validationId,
  reason,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  validationId: number;
  reason: string;
  now?: Date;
}): Promise<{ ok: true } | Refused<'already_withdrawn'>> {
  const [row] = await db
    .select()
    .from(validation)
    .where(and(eq(validation.id, validationId), eq(validation.programmeId, actor.programmeId)));
  if (!row) throw new NotFoundError('validation');
  assertCan(actor, 'competency.validate', {
    programmeId: actor.programmeId,
    organisationId: row.organisationId,
  });
  return db.transaction(async (tx) => {
    const done = await tx
      .update(validation)
      .set({ withdrawnAt: now, withdrawnBy: actor.label, withdrawReason: reason })
      .where(and(eq(validation.id, validationId), sql`${validation.withdrawnAt} is null`))
      .returning({ id: validation.id });
    if (!done.length) return { ok: false as const, reason: 'already_withdrawn' as const };
    const [k] = await tx
      .select({ code: competency.code })
      .from(competency)
      .where(eq(competency.id, row.competencyId));
    await recordAudit(tx, actor, {
      action: 'competency.withdrawn',
      entityType: 'household',
      entityId: row.householdId,
      details: { validationId, memberId: row.memberId, competency: k?.code, reason },
    });
    return { ok: true as const };
  });
}

/**
 * A person's validations (live ones) with the framework's competencies, and where each level stands — counting,
 * for each level, only validations of its own framework version (as issuing does). For those who read certificates
 * (the coordinator, facilities for households of their sectors, the household itself), not every household reader.
 */
export async function memberProgress({
  db,
  actor,
  memberId,
}: {
  db: DbOrTx;
  actor: Actor;
  memberId: number;
}) {
  assertCanAtAll(actor, 'certificate.read');
  const member = await memberScope(db, actor, memberId);
  assertCan(actor, 'household.read', member.household);
  const rows = await db
    .select({
      id: validation.id,
      frameworkId: competency.frameworkId,
      competencyId: validation.competencyId,
      code: competency.code,
      title: competency.title,
      areaTitle: competency.areaTitle,
      validatedOn: validation.validatedOn,
      validatedBy: validation.validatedBy,
      observation: validation.observation,
      note: validation.note,
      sessionId: validation.sessionId,
      organisationId: validation.organisationId,
    })
    .from(validation)
    .innerJoin(competency, eq(competency.id, validation.competencyId))
    .where(and(eq(validation.memberId, memberId), sql`${validation.withdrawnAt} is null`))
    .orderBy(asc(competency.position));
  const levels = await db
    .select({
      id: certificateLevel.id,
      frameworkId: certificateLevel.frameworkId,
      code: certificateLevel.code,
      title: certificateLevel.title,
      required: certificateLevel.required,
      framework: competencyFramework.title,
      version: competencyFramework.version,
    })
    .from(certificateLevel)
    .innerJoin(competencyFramework, eq(competencyFramework.id, certificateLevel.frameworkId))
    .orderBy(asc(certificateLevel.id));
  const validations = rows.map(({ frameworkId: _, ...v }) => v);
  return {
    memberId,
    householdId: member.householdId,
    name: `${member.firstName} ${member.lastName}`,
    validations,
    levels: levels.map(({ frameworkId, ...l }) => ({
      ...l,
      missing: missingCompetencies(
        l.required,
        rows.filter((v) => v.frameworkId === frameworkId).map((v) => v.code),
      ),
    })),
  };
}

/**
 * A course's participants against the competencies it works on (in the newest version of each certificate
 * framework, where new validations go): who has validated what. For the facility that runs the course (it sees its
 * participants).
 */
export async function courseProgress({
  db,
  actor,
  courseId,
}: {
  db: DbOrTx;
  actor: Actor;
  courseId: number;
}) {
  const course = await getCourse({ db, programmeId: actor.programmeId, courseId, actor });
  if (!course.registrations)
    assertCan(actor, 'competency.validate', {
      programmeId: actor.programmeId,
      organisationId: course.organisationId,
    });
  const people = (course.registrations ?? []).filter((r) => r.status === 'registered');
  const competencies = await db
    .select({
      id: competency.id,
      code: competency.code,
      title: competency.title,
      observe: competency.observe,
    })
    .from(competency)
    .innerJoin(competencyFramework, eq(competencyFramework.id, competency.frameworkId))
    .where(
      and(
        eq(competencyFramework.kind, 'certificate'),
        sql`${competencyFramework.id} in (select distinct on (code) id from competency_framework
              where kind = 'certificate' order by code, published_on desc, id desc)`,
        sql`${competency.code} = any(${textArray(course.competencies)})`,
      ),
    )
    .orderBy(asc(competency.position));
  const memberIds = people.map((p) => p.memberId);
  const validated = memberIds.length
    ? await db
        .select({ memberId: validation.memberId, competencyId: validation.competencyId, id: validation.id })
        .from(validation)
        .where(
          and(
            sql`${validation.memberId} = any(${intArray(memberIds)})`,
            sql`${validation.withdrawnAt} is null`,
          ),
        )
    : [];
  const key = (m: number, c: number) => `${m}:${c}`;
  const byKey = new Map(validated.map((v) => [key(v.memberId, v.competencyId), v.id]));
  return {
    courseId,
    title: course.title,
    sessions: course.sessions,
    competencies,
    people: people.map((p) => ({
      registrationId: p.id,
      memberId: p.memberId,
      householdId: p.householdId,
      name: p.name,
      validated: Object.fromEntries(
        competencies.map((c) => [c.code, byKey.get(key(p.memberId, c.id)) ?? null] as const),
      ),
    })),
  };
}
