// The coordinator plans a subsidy to an association for a year and a purpose, and may change what is planned.
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, assertCan } from '../platform/permissions/index.ts';
import { invalid, type Refused, refuse } from './refusals.ts';
import { agreement, subsidy } from './schema.ts';
import { associationKinds, partnerOf, subsidyScope } from './scope.ts';
import { Cents, SubsidyPlanInput, type SubsidyPlanInputValue } from './values.ts';

export type PlanSubsidyResult =
  | { ok: true; subsidyId: number }
  | Refused<'invalid' | 'unknown_partner' | 'not_an_association' | 'unknown_agreement' | 'subsidy_exists'>;

export async function planSubsidy({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: SubsidyPlanInputValue;
}): Promise<PlanSubsidyResult> {
  assertCan(actor, 'subsidy.manage', { programmeId: actor.programmeId });
  const parsed = SubsidyPlanInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const value = parsed.data;
  const partner = await partnerOf(db, actor.programmeId, value.organisationId);
  if (!partner) return refuse('unknown_partner', { field: 'organisationId' });
  if (!associationKinds.includes(partner.kind))
    return refuse('not_an_association', { field: 'organisationId' });
  if (value.agreementId) {
    const [linked] = await db
      .select({ id: agreement.id })
      .from(agreement)
      .where(
        and(
          eq(agreement.id, value.agreementId),
          eq(agreement.programmeId, actor.programmeId),
          eq(agreement.organisationId, value.organisationId),
        ),
      );
    if (!linked) return refuse('unknown_agreement', { field: 'agreementId' });
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(subsidy)
      .values({
        programmeId: actor.programmeId,
        organisationId: value.organisationId,
        year: value.year,
        purpose: value.purpose,
        plannedCents: value.plannedCents,
        agreementId: value.agreementId ?? null,
        createdBy: actor.label,
      })
      .onConflictDoNothing({ target: [subsidy.organisationId, subsidy.year, subsidy.purpose] })
      .returning({ id: subsidy.id });
    if (!row) return refuse('subsidy_exists', { field: 'purpose' });
    await recordAudit(tx, actor, {
      action: 'subsidy.planned',
      entityType: 'subsidy',
      entityId: row.id,
      details: { ...value, association: partner.name },
    });
    return { ok: true as const, subsidyId: row.id };
  });
}

/** Changes the amount planned (the budget is revised before the vote, and sometimes after). */
export async function replanSubsidy({
  db,
  actor,
  subsidyId,
  plannedCents,
}: {
  db: Db;
  actor: Actor;
  subsidyId: number;
  plannedCents: number;
}): Promise<{ ok: true } | Refused<'invalid'>> {
  await subsidyScope(db, actor, subsidyId, 'subsidy.manage');
  const parsed = Cents.safeParse(plannedCents);
  if (!parsed.success) return invalid(parsed.error);
  return db.transaction(async (tx) => {
    const current = await subsidyScope(tx, actor, subsidyId, 'subsidy.manage', { lock: true });
    await tx.update(subsidy).set({ plannedCents: parsed.data }).where(eq(subsidy.id, subsidyId));
    await recordAudit(tx, actor, {
      action: 'subsidy.replanned',
      entityType: 'subsidy',
      entityId: subsidyId,
      details: { before: current.plannedCents, after: parsed.data },
    });
    return { ok: true as const };
  });
}
