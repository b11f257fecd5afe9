import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import { sector } from './schema.ts';
import type { RolloutStage } from './values.ts';

/** Moves a sector to a roll-out stage, inside the caller's transaction (which records why, in its audit event). */
export async function setSectorStage(
  tx: DbOrTx,
  programmeId: number,
  sectorId: number,
  stage: RolloutStage,
): Promise<void> {
  await tx
    .update(sector)
    .set({ rolloutStage: stage, rolloutStageSince: new Date() })
    .where(and(eq(sector.id, sectorId), eq(sector.programmeId, programmeId)));
}
