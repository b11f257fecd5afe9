// The coordinator records a payment of a subsidy. The subsidy row is locked, so two payments at once are counted one
// after the other: a payment above what remains of the amount voted is refused with the amounts, and `paid_cents`
// (checked by the database against the amount voted, the last wall) always equals the sum of the payments.
import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { invalid, overCommittedMessage, type Refused, refuse } from './refusals.ts';
import { checkPayment } from './rules.ts';
import { subsidy, subsidyPayment } from './schema.ts';
import { subsidyScope } from './scope.ts';
import { SubsidyPaymentInput, type SubsidyPaymentInputValue } from './values.ts';

export type RecordSubsidyPaymentResult =
  | { ok: true; paymentId: number; paidCents: number; remainingCents: number }
  | Refused<'invalid' | 'not_committed' | 'over_committed' | 'paid_before_commit' | 'paid_in_future'>;

export async function recordSubsidyPayment({
  db,
  actor,
  subsidyId,
  input,
  today = localDate(new Date()),
}: {
  db: Db;
  actor: Actor;
  subsidyId: number;
  input: SubsidyPaymentInputValue;
  /** Paris's calendar day: a payment is recorded once made. */
  today?: string;
}): Promise<RecordSubsidyPaymentResult> {
  await subsidyScope(db, actor, subsidyId, 'subsidy.manage');
  const parsed = SubsidyPaymentInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const value = parsed.data;
  if (value.paidOn > today) return refuse('paid_in_future', { field: 'paidOn' });
  return db.transaction(async (tx) => {
    const current = await subsidyScope(tx, actor, subsidyId, 'subsidy.manage', { lock: true });
    const check = checkPayment(current, value.amountCents);
    if (!check.ok) {
      if (check.reason === 'not_committed') return refuse('not_committed', { field: 'amountCents' });
      return refuse('over_committed', {
        field: 'amountCents',
        message: overCommittedMessage({
          amountCents: value.amountCents,
          committedCents: current.committedCents!,
          paidCents: current.paidCents,
        }),
      });
    }
    if (current.committedOn && value.paidOn < current.committedOn)
      return refuse('paid_before_commit', { field: 'paidOn' });
    const [payment] = await tx
      .insert(subsidyPayment)
      .values({
        subsidyId,
        paidOn: value.paidOn,
        amountCents: value.amountCents,
        reference: value.reference ?? null,
        recordedBy: actor.label,
      })
      .returning({ id: subsidyPayment.id });
    const [updated] = await tx
      .update(subsidy)
      .set({ paidCents: sql`${subsidy.paidCents} + ${value.amountCents}` })
      .where(eq(subsidy.id, subsidyId))
      .returning({ paidCents: subsidy.paidCents });
    await recordAudit(tx, actor, {
      action: 'subsidy.payment_recorded',
      entityType: 'subsidy',
      entityId: subsidyId,
      details: { paymentId: payment!.id, ...value, paidCents: updated!.paidCents },
    });
    return {
      ok: true as const,
      paymentId: payment!.id,
      paidCents: updated!.paidCents,
      remainingCents: check.remainingAfterCents,
    };
  });
}
