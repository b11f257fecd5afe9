// The coordinator corrects an agreement: reference, object, dates, amount, notice. Its partner stays, and a renewal
// chain stays in order (an agreement ends before the one renewing it starts).
import { eq } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { invalid, type Refused, refuse } from './refusals.ts';
import { agreement } from './schema.ts';
import { agreementScope, isUniqueViolation } from './scope.ts';
import { AgreementChange, type AgreementChangeValue } from './values.ts';

export type UpdateAgreementResult =
  | { ok: true }
  | Refused<'invalid' | 'terminated' | 'reference_taken' | 'overlaps_previous' | 'overlaps_next'>;

export async function updateAgreement({
  db,
  actor,
  agreementId,
  input,
}: {
  db: Db;
  actor: Actor;
  agreementId: number;
  input: AgreementChangeValue;
}): Promise<UpdateAgreementResult> {
  await agreementScope(db, actor, agreementId, 'agreement.manage');
  const parsed = AgreementChange.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const value = parsed.data;
  try {
    return await db.transaction(async (tx) => {
      const current = await agreementScope(tx, actor, agreementId, 'agreement.manage', { lock: true });
      if (current.status === 'terminated') return refuse('terminated');
      if (current.renewsId) {
        const [previous] = await tx
          .select({ endsOn: agreement.endsOn })
          .from(agreement)
          .where(eq(agreement.id, current.renewsId));
        if (previous && value.startsOn <= previous.endsOn)
          return refuse('overlaps_previous', { field: 'startsOn' });
      }
      if (current.renewedStartsOn && value.endsOn >= current.renewedStartsOn)
        return refuse('overlaps_next', { field: 'endsOn' });
      await tx.update(agreement).set(value).where(eq(agreement.id, agreementId));
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const [key, next] of Object.entries(value)) {
        const was = current[key as keyof typeof value];
        if (was !== next) {
          before[key] = was;
          after[key] = next;
        }
      }
      await recordAudit(tx, actor, {
        action: 'agreement.updated',
        entityType: 'agreement',
        entityId: agreementId,
        details: { before, after },
      });
      return { ok: true as const };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'agreement_reference_uq'))
      return refuse('reference_taken', { field: 'reference' });
    throw error;
  }
}
