// Consents: given with their date and how they were collected, withdrawn on a date. What depends on a purpose
// (reminders, sharing with the operator, testimonies, the statistics profile) reads its state; the effects that
// must happen at once are passed in by the caller (src/privacy), in the same transaction as the withdrawal.
import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db, Tx } from '../platform/db/index.ts';
import { type Actor, assertCan } from '../platform/permissions/index.ts';
import type { ConsentPurpose } from './consent-state.ts';
import { changeHousehold } from './household-change.ts';
import { consent, household } from './schema.ts';
import { householdResource } from './scope.ts';
import type { ConsentInput } from './values.ts';

/** Records a consent (purpose, date, how it was given); a purpose already consented to is not duplicated. */
export async function recordConsent(args: {
  db: Db;
  actor: Actor;
  householdId: number;
  input: z.infer<typeof ConsentInput>;
}): Promise<{ ok: true } | { ok: false; reason: 'already_given' }> {
  const { input } = args;
  const [active] = await args.db
    .select({ id: consent.id })
    .from(consent)
    .where(
      and(
        eq(consent.householdId, args.householdId),
        eq(consent.purpose, input.purpose),
        isNull(consent.withdrawnOn),
      ),
    );
  if (active) return { ok: false, reason: 'already_given' };
  await changeHousehold(args, 'household.write', { action: 'consent.given', details: input }, (tx) =>
    tx
      .insert(consent)
      .values({ programmeId: args.actor.programmeId, householdId: args.householdId, ...input }),
  );
  return { ok: true };
}

/** What stops at once when a purpose is withdrawn, as counts (e.g. `{ messagesCancelled: 2 }`). */
export type ConsentEffects = (
  tx: Tx,
  withdrawal: { householdId: number; purpose: ConsentPurpose; withdrawnOn: string },
) => Promise<Record<string, number>>;

export type WithdrawConsentResult =
  | { ok: true; purpose: ConsentPurpose; effects: Record<string, number> }
  | { ok: false; reason: 'not_active' };

/**
 * Withdraws a consent on a date. In one transaction: the consent row, the caller's immediate effects, and one audit
 * event naming the purpose and what stopped. A consent already withdrawn (or not this household's) changes nothing.
 */
export async function withdrawConsent(args: {
  db: Db;
  actor: Actor;
  householdId: number;
  consentId: number;
  withdrawnOn: string;
  effects?: ConsentEffects;
}): Promise<WithdrawConsentResult> {
  const { db, actor, householdId, consentId, withdrawnOn } = args;
  assertCan(actor, 'household.write', await householdResource(db, householdId));
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(consent)
      .set({ withdrawnOn })
      .where(
        and(eq(consent.id, consentId), eq(consent.householdId, householdId), isNull(consent.withdrawnOn)),
      )
      .returning({ purpose: consent.purpose });
    if (!row) return { ok: false as const, reason: 'not_active' as const };
    const purpose = row.purpose as ConsentPurpose;
    const effects = args.effects ? await args.effects(tx, { householdId, purpose, withdrawnOn }) : {};
    await tx.update(household).set({ updatedAt: new Date() }).where(eq(household.id, householdId));
    await recordAudit(tx, actor, {
      action: 'consent.withdrawn',
      entityType: 'household',
      entityId: householdId,
      details: { consentId, purpose, withdrawnOn, effects },
    });
    return { ok: true as const, purpose, effects };
  });
}
