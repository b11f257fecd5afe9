// A household withdrew its consent to testimonies: every testimony linked to it is withdrawn at once, as if the
// person had withdrawn each one (words and first name erased, never shown again in any list, report or export).
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/permissions/index.ts';
import { testimony } from '../schema.ts';

/**
 * In the caller's transaction (the consent's withdrawal): withdraws the household's testimonies still shown, with an
 * audit event each, and returns how many. The caller has checked that the actor may change the household.
 */
export async function withdrawHouseholdTestimonies(
  tx: DbOrTx,
  actor: Actor,
  { householdId, withdrawnOn }: { householdId: number; withdrawnOn: string },
): Promise<number> {
  const rows = await tx
    .update(testimony)
    .set({ quote: null, firstName: null, withdrawnOn, withdrawnBy: actor.label })
    .where(
      and(
        eq(testimony.programmeId, actor.programmeId),
        eq(testimony.householdId, householdId),
        isNull(testimony.withdrawnOn),
      ),
    )
    .returning({ id: testimony.id, organisationId: testimony.organisationId });
  for (const row of rows)
    await recordAudit(tx, actor, {
      action: 'testimony.withdrawn',
      entityType: 'testimony',
      entityId: row.id,
      details: { withdrawnOn, householdId, organisationId: row.organisationId, cause: 'consent_withdrawn' },
    });
  return rows.length;
}
