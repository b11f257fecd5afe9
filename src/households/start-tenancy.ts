import { and, eq, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan } from '../platform/permissions/index.ts';
import { transactionUnlessRefused } from '../platform/sql/index.ts';
import { dwelling } from '../territory/index.ts';
import { tenancy } from './schema.ts';
import { householdResource } from './scope.ts';

export type StartTenancyResult =
  | { ok: true; tenancyId: number }
  | { ok: false; reason: 'dwelling_occupied' | 'unknown_dwelling' };

/**
 * Moves a household into a dwelling from a date: its open tenancy (if any) ends that day. The database's
 * exclusion constraint refuses a dwelling that somebody else occupies then.
 */
export async function startTenancyIn(
  tx: DbOrTx,
  actor: Actor,
  input: { householdId: number; dwellingId: number; startDate: string },
): Promise<StartTenancyResult> {
  const [target] = await tx
    .select({ id: dwelling.id })
    .from(dwelling)
    .where(and(eq(dwelling.id, input.dwellingId), eq(dwelling.programmeId, actor.programmeId)));
  if (!target) return { ok: false, reason: 'unknown_dwelling' };
  await tx
    .update(tenancy)
    .set({ endDate: input.startDate })
    .where(
      and(
        eq(tenancy.householdId, input.householdId),
        isNull(tenancy.endDate),
        sql`${tenancy.startDate} < ${input.startDate}`,
      ),
    );
  // The database's trigger refuses a dwelling somebody else occupies then, concurrent registrations included
  // (exclusion_violation), inside a savepoint so that the caller's transaction stays usable.
  let row: { id: number } | undefined;
  try {
    [row] = await tx.transaction((sp) =>
      sp
        .insert(tenancy)
        .values({ programmeId: actor.programmeId, ...input })
        .returning({ id: tenancy.id }),
    );
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === '23P01')
      return { ok: false, reason: 'dwelling_occupied' };
    throw error;
  }
  await recordAudit(tx, actor, {
    action: 'tenancy.started',
    entityType: 'household',
    entityId: input.householdId,
    details: input,
  });
  return { ok: true, tenancyId: row!.id };
}

export async function startTenancy({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: { householdId: number; dwellingId: number; startDate: string };
}): Promise<StartTenancyResult> {
  assertCan(actor, 'household.write', await householdResource(db, input.householdId));
  // A refusal also undoes the end of the household's current tenancy.
  return transactionUnlessRefused(db, (tx) => startTenancyIn(tx, actor, input));
}
