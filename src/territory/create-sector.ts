import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { recordAudit } from '../platform/audit/index.ts';
import { localDate, localDayTime } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, assertCan } from '../platform/permissions/index.ts';
import { neighbourhood, sector, sectorStageEvent } from './schema.ts';
import type { NewSector } from './values.ts';

export async function createSector({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: z.infer<typeof NewSector>;
}): Promise<{ ok: true; id: number } | { ok: false; reason: 'code_taken' | 'unknown_neighbourhood' }> {
  assertCan(actor, 'territory.write', { programmeId: actor.programmeId });
  return db.transaction(async (tx) => {
    const [parent] = await tx
      .select({ id: neighbourhood.id })
      .from(neighbourhood)
      .where(
        and(eq(neighbourhood.id, input.neighbourhoodId), eq(neighbourhood.programmeId, actor.programmeId)),
      );
    if (!parent) return { ok: false as const, reason: 'unknown_neighbourhood' as const };
    const { identifiedOn, ...values } = input;
    const today = localDate(new Date());
    const decidedOn = identifiedOn && identifiedOn < today ? identifiedOn : today;
    const [row] = await tx
      .insert(sector)
      .values({
        programmeId: actor.programmeId,
        ...values,
        rolloutStageSince: decidedOn === today ? new Date() : localDayTime(decidedOn, '12:00'),
      })
      .onConflictDoNothing()
      .returning({ id: sector.id });
    if (!row) return { ok: false as const, reason: 'code_taken' as const };
    await tx.insert(sectorStageEvent).values({
      programmeId: actor.programmeId,
      sectorId: row.id,
      stage: 'identified',
      decidedOn,
      source: 'decision',
      decidedBy: actor.label,
      comment: 'Secteur créé',
    });
    await recordAudit(tx, actor, {
      action: 'sector.created',
      entityType: 'sector',
      entityId: row.id,
      details: input,
    });
    return { ok: true as const, id: row.id };
  });
}
