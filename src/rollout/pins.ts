// The coordinator places a sector by hand in the suggested calendar; the other sectors re-plan around it.
import { eq } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import type { Refused } from './refusals.ts';
import { rolloutPin } from './schema.ts';
import { sectorFor } from './sector-access.ts';

const pinnable = ['identified', 'vote_rejected'];

/** Pins a sector's consultation to start in a month (`startsOn` is the first of that month). */
export async function pinSector({
  db,
  actor,
  sectorId,
  input,
  today = localDate(new Date()),
}: {
  db: Db;
  actor: Actor;
  sectorId: number;
  input: { month: string; comment?: string };
  today?: string;
}): Promise<{ ok: true } | Refused> {
  const row = await sectorFor(db, actor, 'rollout.manage', sectorId);
  if (!pinnable.includes(row.stage)) return { ok: false, reason: 'not_pinnable' };
  if (input.month < `${today.slice(0, 7)}-01`) return { ok: false, reason: 'pin_in_past', field: 'month' };
  return db.transaction(async (tx) => {
    const values = {
      startsOn: input.month,
      comment: input.comment ?? null,
      pinnedBy: actor.label,
      pinnedAt: new Date(),
    };
    await tx
      .insert(rolloutPin)
      .values({ sectorId, programmeId: actor.programmeId, ...values })
      .onConflictDoUpdate({ target: rolloutPin.sectorId, set: values });
    await recordAudit(tx, actor, {
      action: 'rollout.sector_pinned',
      entityType: 'sector',
      entityId: sectorId,
      details: { startsOn: input.month, comment: input.comment ?? null },
    });
    return { ok: true as const };
  });
}

/** Gives the sector back to the suggested calendar. */
export async function unpinSector({ db, actor, sectorId }: { db: Db; actor: Actor; sectorId: number }) {
  await sectorFor(db, actor, 'rollout.manage', sectorId);
  return db.transaction(async (tx) => {
    const removed = await tx.delete(rolloutPin).where(eq(rolloutPin.sectorId, sectorId)).returning();
    if (removed.length)
      await recordAudit(tx, actor, {
        action: 'rollout.sector_unpinned',
        entityType: 'sector',
        entityId: sectorId,
      });
    return { ok: true as const, removed: removed.length > 0 };
  });
}
