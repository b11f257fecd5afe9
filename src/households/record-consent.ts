import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { changeHousehold } from './household-change.ts';
import { consent } from './schema.ts';
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

export async function withdrawConsent(args: {
  db: Db;
  actor: Actor;
  householdId: number;
  consentId: number;
  withdrawnOn: string;
}): Promise<{ ok: true } | { ok: false; reason: 'not_active' }> {
  const updated = await changeHousehold(
    args,
    'household.write',
    { action: 'consent.withdrawn', details: { consentId: args.consentId, withdrawnOn: args.withdrawnOn } },
    (tx) =>
      tx
        .update(consent)
        .set({ withdrawnOn: args.withdrawnOn })
        .where(
          and(
            eq(consent.id, args.consentId),
            eq(consent.householdId, args.householdId),
            isNull(consent.withdrawnOn),
          ),
        )
        .returning({ id: consent.id }),
  );
  return updated.length === 1 ? { ok: true } : { ok: false, reason: 'not_active' };
}
