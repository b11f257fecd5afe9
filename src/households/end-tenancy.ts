import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, assertCan } from '../platform/permissions/index.ts';
import { tenancy } from './schema.ts';
import { householdResource } from './scope.ts';

/** A household leaves its dwelling on a date (the day after its last day there). */
export async function endTenancy({
  db,
  actor,
  householdId,
  endDate,
}: {
  db: Db;
  actor: Actor;
  householdId: number;
  endDate: string;
}): Promise<{ ok: true } | { ok: false; reason: 'no_current_tenancy' | 'before_start' }> {
  assertCan(actor, 'household.write', await householdResource(db, householdId));
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(tenancy)
      .where(and(eq(tenancy.householdId, householdId), isNull(tenancy.endDate)));
    if (!current) return { ok: false as const, reason: 'no_current_tenancy' as const };
    if (endDate <= current.startDate) return { ok: false as const, reason: 'before_start' as const };
    await tx.update(tenancy).set({ endDate }).where(eq(tenancy.id, current.id));
    await recordAudit(tx, actor, {
      action: 'tenancy.ended',
      entityType: 'household',
      entityId: householdId,
      details: { tenancyId: current.id, dwellingId: current.dwellingId, endDate },
    });
    return { ok: true as const };
  });
}
