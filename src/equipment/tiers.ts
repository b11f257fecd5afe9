// Price tiers are dated settings of a programme (40 € and 70 € in Brest), never constants.
import { and, asc, eq } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan, assertCanAtAll } from '../platform/permissions/index.ts';
import type { Refused } from './refusals.ts';
import { priceTier } from './schema.ts';

/** Sets the amount of a tier from a day (a new row; amounts of past days stay as they were). */
export async function setPriceTier({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: { tier: string; label: string; amountCents: number; effectiveFrom: string };
}): Promise<{ ok: true } | Refused<'tier_exists'>> {
  assertCan(actor, 'equipment.stock', { programmeId: actor.programmeId });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(priceTier)
      .values({ programmeId: actor.programmeId, ...input })
      .onConflictDoNothing()
      .returning({ id: priceTier.id });
    if (!row) return { ok: false as const, reason: 'tier_exists' as const };
    await recordAudit(tx, actor, {
      action: 'device.price_tier_set',
      entityType: 'price_tier',
      entityId: row.id,
      details: input,
    });
    return { ok: true as const };
  });
}

/** The tiers with their dated amounts. */
export async function listPriceTiers({ db, actor }: { db: DbOrTx; actor: Actor }) {
  assertCanAtAll(actor, 'equipment.read');
  return db
    .select()
    .from(priceTier)
    .where(and(eq(priceTier.programmeId, actor.programmeId)))
    .orderBy(asc(priceTier.tier), asc(priceTier.effectiveFrom));
}
