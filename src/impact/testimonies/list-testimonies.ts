import { eq, isNull, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import { type Actor, assertCanAtAll } from '../../platform/permissions/index.ts';
import { testimony } from '../schema.ts';
import { selectTestimonies, type TestimonyRow } from './select-testimonies.ts';

/**
 * The testimonies the actor works with: the coordinator, all of the programme's; a facility or an association, those
 * it recorded. Withdrawn ones are listed without their words, so that staff know not to use them.
 */
export async function listTestimonies({
  db,
  actor,
  includeWithdrawn = true,
}: {
  db: DbOrTx;
  actor: Actor;
  includeWithdrawn?: boolean;
}): Promise<TestimonyRow[]> {
  const scope = assertCanAtAll(actor, 'testimony.record');
  const where: SQL[] = [];
  if (scope !== 'programme') where.push(eq(testimony.organisationId, actor.organisationId ?? -1));
  if (!includeWithdrawn) where.push(isNull(testimony.withdrawnOn));
  return selectTestimonies(db, actor, where);
}
