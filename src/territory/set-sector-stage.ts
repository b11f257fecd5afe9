import { and, eq } from 'drizzle-orm';
import { localDate, localDayTime } from '../platform/dates.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import { sector, sectorStageEvent } from './schema.ts';
import type { RolloutStage, StageSource } from './values.ts';

/**
 * Moves a sector to a roll-out stage inside the caller's transaction (which records why, in its audit event), and
 * writes the move in the sector's stage history. The sector row is locked first, so two moves never interleave.
 */
export async function setSectorStage(
  tx: DbOrTx,
  actor: { programmeId: number; label: string },
  sectorId: number,
  stage: RolloutStage,
  how: { source: StageSource; comment?: string | null; decidedOn?: string } = { source: 'decision' },
): Promise<void> {
  const [current] = await tx
    .select({ stage: sector.rolloutStage })
    .from(sector)
    .where(and(eq(sector.id, sectorId), eq(sector.programmeId, actor.programmeId)))
    .for('update');
  if (!current) return;
  const now = new Date();
  const decidedOn = how.decidedOn ?? localDate(now);
  const since = how.decidedOn ? localDayTime(how.decidedOn, '12:00') : now;
  await tx
    .update(sector)
    .set({ rolloutStage: stage, rolloutStageSince: since })
    .where(eq(sector.id, sectorId));
  await tx.insert(sectorStageEvent).values({
    programmeId: actor.programmeId,
    sectorId,
    fromStage: current.stage,
    stage,
    decidedOn,
    source: how.source,
    decidedBy: actor.label,
    comment: how.comment ?? null,
  });
}
