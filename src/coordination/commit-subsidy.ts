// The coordinator records the amount voted (committed) for a subsidy and the day of the vote; a later vote may change
// it, never below what was already paid nor after a payment already made.
import { eq, min } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { invalid, type Refused, refuse } from './refusals.ts';
import { subsidy, subsidyPayment } from './schema.ts';
import { subsidyScope } from './scope.ts';
import { SubsidyCommitInput, type SubsidyCommitInputValue } from './values.ts';

export type CommitSubsidyResult =
  | { ok: true }
  | Refused<'invalid' | 'committed_below_paid' | 'paid_before_commit' | 'committed_in_future'>;

export async function commitSubsidy({
  db,
  actor,
  subsidyId,
  input,
  today = localDate(new Date()),
}: {
  db: Db;
  actor: Actor;
  subsidyId: number;
  input: SubsidyCommitInputValue;
  /** Paris's calendar day: a vote is recorded once held. */
  today?: string;
}): Promise<CommitSubsidyResult> {
  await subsidyScope(db, actor, subsidyId, 'subsidy.manage');
  const parsed = SubsidyCommitInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const value = parsed.data;
  if (value.committedOn > today) return refuse('committed_in_future', { field: 'committedOn' });
  return db.transaction(async (tx) => {
    const current = await subsidyScope(tx, actor, subsidyId, 'subsidy.manage', { lock: true });
    if (value.committedCents < current.paidCents)
      return refuse('committed_below_paid', { field: 'committedCents' });
    const [first] = await tx
      .select({ paidOn: min(subsidyPayment.paidOn) })
      .from(subsidyPayment)
      .where(eq(subsidyPayment.subsidyId, subsidyId));
    if (first?.paidOn && first.paidOn < value.committedOn)
      return refuse('paid_before_commit', { field: 'committedOn' });
    await tx.update(subsidy).set(value).where(eq(subsidy.id, subsidyId));
    await recordAudit(tx, actor, {
      action: 'subsidy.committed',
      entityType: 'subsidy',
      entityId: subsidyId,
      details: {
        ...value,
        previousCommittedCents: current.committedCents,
        previousCommittedOn: current.committedOn,
      },
    });
    return { ok: true as const };
  });
}
