import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Action, type Actor, assertCan, NotFoundError } from '../platform/permissions/index.ts';
import { sector } from '../territory/index.ts';

/** A sector of the actor's programme the actor may act on (sector-scoped partners: the sectors they serve). */
export async function sectorFor(db: DbOrTx, actor: Actor, action: Action, sectorId: number, lock = false) {
  const query = db
    .select({
      id: sector.id,
      code: sector.code,
      name: sector.name,
      stage: sector.rolloutStage,
      stageSince: sector.rolloutStageSince,
    })
    .from(sector)
    .where(and(eq(sector.id, sectorId), eq(sector.programmeId, actor.programmeId)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new NotFoundError('sector');
  assertCan(actor, action, { programmeId: actor.programmeId, sectorIds: [row.id] });
  return row;
}
