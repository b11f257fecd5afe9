import { eq } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db, Tx } from '../platform/db/index.ts';
import { type Action, type Actor, assertCan } from '../platform/permissions/index.ts';
import { household } from './schema.ts';
import { householdResource } from './scope.ts';

/** The frame of every change to a household: permission, the change, its audit event, one transaction. */
export async function changeHousehold<T>(
  { db, actor, householdId }: { db: Db; actor: Actor; householdId: number },
  permission: Action,
  audit: { action: string; details?: Record<string, unknown> },
  change: (tx: Tx) => Promise<T>,
): Promise<T> {
  assertCan(actor, permission, await householdResource(db, householdId));
  return db.transaction(async (tx) => {
    const result = await change(tx);
    await tx.update(household).set({ updatedAt: new Date() }).where(eq(household.id, householdId));
    await recordAudit(tx, actor, {
      action: audit.action,
      entityType: 'household',
      entityId: householdId,
      details: audit.details,
    });
    return result;
  });
}
