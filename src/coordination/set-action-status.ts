// Where a follow-up action stands (to do, done, dropped, with a note): the coordinator for any action, the owner
// organisation for its own (`committee.follow`).
import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { invalid, type Refused } from './refusals.ts';
import { steeringAction } from './schema.ts';
import { actionScope } from './scope.ts';
import { ActionStatusInput, type ActionStatusInputValue } from './values.ts';

export async function setActionStatus({
  db,
  actor,
  actionId,
  input,
}: {
  db: Db;
  actor: Actor;
  actionId: number;
  input: ActionStatusInputValue;
}): Promise<{ ok: true } | Refused<'invalid'>> {
  await actionScope(db, actor, actionId, 'committee.follow');
  const parsed = ActionStatusInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { status, note } = parsed.data;
  return db.transaction(async (tx) => {
    const current = await actionScope(tx, actor, actionId, 'committee.follow', { lock: true });
    await tx
      .update(steeringAction)
      .set({ status, statusNote: note ?? null, updatedBy: actor.label, updatedAt: sql`now()` })
      .where(eq(steeringAction.id, actionId));
    await recordAudit(tx, actor, {
      action: 'steering_action.status_changed',
      entityType: 'steering_action',
      entityId: actionId,
      details: { from: current.status, to: status, note: note ?? null },
    });
    return { ok: true as const };
  });
}
