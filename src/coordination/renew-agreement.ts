// The coordinator renews an agreement: a new agreement with the same partner, starting the day after the old one
// ends, that `renews_id` it — the old one then no longer raises an alert. What is not given is copied.
import { eq } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { invalid, type Refused, refuse } from './refusals.ts';
import { renewalStartsOn } from './rules.ts';
import { agreement } from './schema.ts';
import { agreementScope } from './scope.ts';
import { RenewalInput, type RenewalInputValue } from './values.ts';

export type RenewAgreementResult =
  | { ok: true; agreementId: number; startsOn: string }
  | Refused<'invalid' | 'terminated' | 'already_renewed' | 'reference_taken'>;

const frenchDay = (day: string) => day.split('-').reverse().join('/');

export async function renewAgreement({
  db,
  actor,
  agreementId,
  input,
}: {
  db: Db;
  actor: Actor;
  agreementId: number;
  input: RenewalInputValue;
}): Promise<RenewAgreementResult> {
  await agreementScope(db, actor, agreementId, 'agreement.manage');
  const parsed = RenewalInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const value = parsed.data;
  return db.transaction(async (tx) => {
    const old = await agreementScope(tx, actor, agreementId, 'agreement.manage', { lock: true });
    if (old.status === 'terminated') return refuse('terminated');
    // Asked again after the lock: a renewal committed while we waited is seen by this new statement.
    const [renewed] = await tx
      .select({ id: agreement.id })
      .from(agreement)
      .where(eq(agreement.renewsId, agreementId))
      .limit(1);
    if (renewed) return refuse('already_renewed');
    const startsOn = renewalStartsOn(old.endsOn);
    if (value.endsOn < startsOn) {
      const message = `La nouvelle convention commence le ${frenchDay(startsOn)} : sa fin doit être ce jour-là ou après`;
      return {
        ...refuse('invalid', { field: 'endsOn' }),
        issues: [{ path: 'endsOn', message }],
      };
    }
    const values = {
      programmeId: actor.programmeId,
      organisationId: old.organisationId,
      reference: value.reference,
      object: value.object ?? old.object,
      startsOn,
      endsOn: value.endsOn,
      amountCents: value.amountCents ?? old.amountCents,
      noticeDays: value.noticeDays ?? old.noticeDays,
      renewsId: old.id,
      createdBy: actor.label,
    };
    const [row] = await tx
      .insert(agreement)
      .values(values)
      .onConflictDoNothing({ target: [agreement.programmeId, agreement.reference] })
      .returning({ id: agreement.id });
    if (!row) return refuse('reference_taken', { field: 'reference' });
    await recordAudit(tx, actor, {
      action: 'agreement.renewed',
      entityType: 'agreement',
      entityId: row.id,
      details: { ...values, renewsReference: old.reference },
    });
    return { ok: true as const, agreementId: row.id, startsOn };
  });
}
