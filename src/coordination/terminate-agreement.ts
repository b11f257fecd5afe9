// The coordinator ends an agreement early (or closes one that ends without renewal): it ends that day, the planned end
// and the reason stay in the audit trail, and it no longer raises a renewal alert.
import { eq } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { invalid, type Refused, refuse } from './refusals.ts';
import { agreement } from './schema.ts';
import { agreementScope } from './scope.ts';
import { TerminationInput, type TerminationInputValue } from './values.ts';

export type TerminateAgreementResult =
  | { ok: true }
  | Refused<'invalid' | 'terminated' | 'terminate_before_start' | 'terminate_after_end'>;

export async function terminateAgreement({
  db,
  actor,
  agreementId,
  input,
}: {
  db: Db;
  actor: Actor;
  agreementId: number;
  input: TerminationInputValue;
}): Promise<TerminateAgreementResult> {
  await agreementScope(db, actor, agreementId, 'agreement.manage');
  const parsed = TerminationInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { on, reason } = parsed.data;
  return db.transaction(async (tx) => {
    const current = await agreementScope(tx, actor, agreementId, 'agreement.manage', { lock: true });
    if (current.status === 'terminated') return refuse('terminated');
    if (on < current.startsOn) return refuse('terminate_before_start', { field: 'on' });
    if (on > current.endsOn) return refuse('terminate_after_end', { field: 'on' });
    await tx.update(agreement).set({ status: 'terminated', endsOn: on }).where(eq(agreement.id, agreementId));
    await recordAudit(tx, actor, {
      action: 'agreement.terminated',
      entityType: 'agreement',
      entityId: agreementId,
      details: { on, reason, plannedEndsOn: current.endsOn },
    });
    return { ok: true as const };
  });
}
