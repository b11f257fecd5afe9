// Issuing a certificate: the level reached, the facility authorised, a unique verification code, and everything the
// certificate says frozen on its row — in the caller's transaction, with its audit event.
import { and, asc, eq, sql } from 'drizzle-orm';
import { householdMember, householdResource } from '../households/index.ts';
import { organisation, programme } from '../partners/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import { localDate } from '../platform/dates.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan, NotFoundError } from '../platform/permissions/index.ts';
import type { Refused } from './refusals.ts';
import { levelReached, missingCompetencies, newVerificationCode } from './rules.ts';
import {
  certificate,
  certificateIssuer,
  certificateLevel,
  competency,
  competencyFramework,
  validation,
} from './schema.ts';

export type IssueResult =
  | { ok: true; certificateId: number; code: string }
  | (Refused<'level_not_reached' | 'already_certified' | 'not_an_issuer'> & { missing?: string[] });

async function isIssuer(tx: DbOrTx, programmeId: number, organisationId: number | null) {
  if (!organisationId) return false;
  const [row] = await tx
    .select({ id: certificateIssuer.organisationId })
    .from(certificateIssuer)
    .where(
      and(
        eq(certificateIssuer.programmeId, programmeId),
        eq(certificateIssuer.organisationId, organisationId),
      ),
    );
  return Boolean(row);
}

/** Issues a level's certificate to a member, in the caller's transaction (checks done by the caller's use case). */
export async function issueInTransaction(
  tx: DbOrTx,
  actor: Actor,
  input: { memberId: number; levelId: number; holderName?: string },
  now: Date,
): Promise<IssueResult> {
  if (!(await isIssuer(tx, actor.programmeId, actor.organisationId)))
    return { ok: false, reason: 'not_an_issuer' };
  // One issue at a time per person: the member row is the lock. NO KEY UPDATE, not UPDATE: a validation's insert
  // already holds KEY SHARE on this row (its foreign key), and two validations each waiting for the other's KEY
  // SHARE to upgrade to UPDATE would deadlock; NO KEY UPDATE coexists with KEY SHARE and still queues issuers.
  const [member] = await tx
    .select({
      householdId: householdMember.householdId,
      firstName: householdMember.firstName,
      lastName: householdMember.lastName,
    })
    .from(householdMember)
    .where(eq(householdMember.id, input.memberId))
    .for('no key update');
  if (!member) throw new NotFoundError('member');
  const [level] = await tx
    .select({ level: certificateLevel, framework: competencyFramework })
    .from(certificateLevel)
    .innerJoin(competencyFramework, eq(competencyFramework.id, certificateLevel.frameworkId))
    .where(eq(certificateLevel.id, input.levelId));
  if (!level) throw new NotFoundError('certificate_level');
  const validated = await tx
    .select({ code: competency.code, title: competency.title, area: competency.areaTitle })
    .from(validation)
    .innerJoin(competency, eq(competency.id, validation.competencyId))
    .where(
      and(
        eq(validation.memberId, input.memberId),
        eq(competency.frameworkId, level.framework.id),
        sql`${validation.withdrawnAt} is null`,
      ),
    )
    .orderBy(asc(competency.position));
  const codes = validated.map((v) => v.code);
  if (!levelReached(level.level.required, codes))
    return {
      ok: false,
      reason: 'level_not_reached',
      missing: missingCompetencies(level.level.required, codes),
    };
  const [live] = await tx
    .select({ id: certificate.id })
    .from(certificate)
    .where(
      and(
        eq(certificate.memberId, input.memberId),
        eq(certificate.levelId, input.levelId),
        sql`${certificate.revokedAt} is null`,
      ),
    );
  if (live) return { ok: false, reason: 'already_certified' };
  const [names] = await tx
    .select({ programme: programme.name, issuer: organisation.name })
    .from(programme)
    .leftJoin(organisation, eq(organisation.id, actor.organisationId ?? -1))
    .where(eq(programme.id, actor.programmeId));
  const required = new Set(level.level.required);
  const snapshot = validated.filter((v) => required.has(v.code));
  // 33⁸ codes: a collision is rare; ON CONFLICT DO NOTHING on the code keeps the transaction usable, and we draw again.
  for (let attempt = 0; ; attempt++) {
    const code = newVerificationCode();
    const inserted = await tx
      .insert(certificate)
      .values({
        programmeId: actor.programmeId,
        householdId: member.householdId,
        memberId: input.memberId,
        levelId: input.levelId,
        code,
        holderName: input.holderName?.trim() || `${member.firstName} ${member.lastName}`,
        levelTitle: level.level.title,
        frameworkLabel: `${level.framework.title}, version ${level.framework.version}`,
        competencies: snapshot,
        issuerOrganisationId: actor.organisationId,
        issuerName: names?.issuer ?? names?.programme ?? '',
        programmeName: names?.programme ?? '',
        issuedOn: localDate(now),
        issuedBy: actor.label,
        issuedAt: now,
      })
      .onConflictDoNothing({ target: certificate.code })
      .returning({ id: certificate.id });
    if (inserted[0]) {
      await recordAudit(tx, actor, {
        action: 'certificate.issued',
        entityType: 'household',
        entityId: member.householdId,
        details: {
          certificateId: inserted[0].id,
          code,
          memberId: input.memberId,
          level: level.level.code,
          course: level.level.title,
        },
      });
      return { ok: true, certificateId: inserted[0].id, code };
    }
    if (attempt > 5) throw new Error('could not draw a free verification code');
  }
}

/**
 * After a validation: when the programme issues automatically, issue every level the person has now reached (the
 * validating facility must be an authorised issuer). Returns the code of a certificate issued, if any.
 */
export async function issueIfReached(
  tx: DbOrTx,
  actor: Actor,
  memberId: number,
  now: Date,
): Promise<string | null> {
  const [setting] = await tx
    .select({ auto: programme.certificateAutoIssue })
    .from(programme)
    .where(eq(programme.id, actor.programmeId));
  if (!setting?.auto || !(await isIssuer(tx, actor.programmeId, actor.organisationId))) return null;
  const levels = await tx
    .select({ id: certificateLevel.id })
    .from(certificateLevel)
    .orderBy(asc(certificateLevel.id));
  let issued: string | null = null;
  for (const level of levels) {
    const result = await issueInTransaction(tx, actor, { memberId, levelId: level.id }, now);
    if (result.ok) issued = result.code;
  }
  return issued;
}

/** The checks before issuing by hand: the facility's own act, on a household it may see. */
export async function assertMayIssue(db: DbOrTx, actor: Actor, householdId: number) {
  assertCan(actor, 'certificate.issue', {
    programmeId: actor.programmeId,
    organisationId: actor.organisationId,
  });
  assertCan(actor, 'household.read', await householdResource(db, householdId));
}
