import { eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import { type Actor, assertCan, scopeOf } from '../../platform/permissions/index.ts';
import { testimony } from '../schema.ts';
import { selectTestimonies, type TestimonyRow } from './select-testimonies.ts';

/** A resident's view: the testimonies linked to their own household that they can still withdraw. */
export async function listOwnTestimonies({
  db,
  actor,
}: {
  db: DbOrTx;
  actor: Actor;
}): Promise<TestimonyRow[]> {
  if (scopeOf(actor, 'household.write') !== 'household' || actor.householdId === null) return [];
  assertCan(actor, 'household.read', { programmeId: actor.programmeId, householdId: actor.householdId });
  return selectTestimonies(db, actor, [
    eq(testimony.householdId, actor.householdId),
    isNull(testimony.withdrawnOn),
  ]);
}
