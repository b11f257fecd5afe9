// The coordinator records a partnership agreement (convention) with a partner. Past dates are fine: the programme's
// history is recorded too.
import { recordAudit } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, assertCan } from '../platform/permissions/index.ts';
import { invalid, type Refused, refuse } from './refusals.ts';
import { agreement } from './schema.ts';
import { partnerOf } from './scope.ts';
import { AgreementInput, type AgreementInputValue } from './values.ts';

export type CreateAgreementResult =
  | { ok: true; agreementId: number }
  | Refused<'invalid' | 'unknown_partner' | 'reference_taken'>;

export async function createAgreement({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: AgreementInputValue;
}): Promise<CreateAgreementResult> {
  assertCan(actor, 'agreement.manage', { programmeId: actor.programmeId });
  const parsed = AgreementInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const value = parsed.data;
  const partner = await partnerOf(db, actor.programmeId, value.organisationId);
  if (!partner) return refuse('unknown_partner', { field: 'organisationId' });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(agreement)
      .values({ programmeId: actor.programmeId, ...value, createdBy: actor.label })
      .onConflictDoNothing({ target: [agreement.programmeId, agreement.reference] })
      .returning({ id: agreement.id });
    if (!row) return refuse('reference_taken', { field: 'reference' });
    await recordAudit(tx, actor, {
      action: 'agreement.created',
      entityType: 'agreement',
      entityId: row.id,
      details: { ...value, partner: partner.name },
    });
    return { ok: true as const, agreementId: row.id };
  });
}
