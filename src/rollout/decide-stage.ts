// The coordinator moves a sector to a stage: forward when the stage's checklist is complete, back with a reason.
import { and, desc, eq, lte } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { transactionUnlessRefused } from '../platform/sql/index.ts';
import { sectorStageEvent, setSectorStage } from '../territory/index.ts';
import { checklistOn, checklistState, manualItems } from './checklists.ts';
import type { Refused } from './refusals.ts';
import { checklistTick } from './schema.ts';
import { sectorFor } from './sector-access.ts';
import { sectorFacts } from './sector-rollout.ts';
import { transition } from './stages.ts';
import type { StageDecisionInput } from './values.ts';

export async function decideStage({
  db,
  actor,
  sectorId,
  input,
  today = localDate(new Date()),
}: {
  db: Db;
  actor: Actor;
  sectorId: number;
  input: StageDecisionInput;
  today?: string;
}): Promise<{ ok: true } | Refused> {
  await sectorFor(db, actor, 'rollout.manage', sectorId);
  const decidedOn = input.decidedOn ?? today;
  if (decidedOn > today) return { ok: false, reason: 'future_date', field: 'decidedOn' };
  return transactionUnlessRefused(db, async (tx) => {
    // Locked: two decisions on one sector are taken one after the other, each from the stage the other left.
    const row = await sectorFor(tx, actor, 'rollout.manage', sectorId, true);
    const move = transition(row.stage, input.stage);
    if (move === 'same') return { ok: false as const, reason: 'same_stage' as const, field: 'stage' };
    if (move === 'by_event') return { ok: false as const, reason: 'by_event' as const, field: 'stage' };
    if (move === 'not_next') return { ok: false as const, reason: 'not_next' as const, field: 'stage' };
    if (move === 'backward' && !input.comment)
      return { ok: false as const, reason: 'comment_required' as const, field: 'comment' };
    // The history stays in order: a decision cannot be older than the stage it moves the sector from.
    if (decidedOn < localDate(row.stageSince))
      return { ok: false as const, reason: 'before_current_stage' as const, field: 'decidedOn' };
    if (move === 'forward') {
      const { facts } = await sectorFacts(tx, actor.programmeId, sectorId, today);
      const state = checklistState(checklistOn(decidedOn), input.stage, facts);
      if (!state.complete)
        return { ok: false as const, reason: 'checklist_incomplete' as const, missing: state.missing };
    }
    await setSectorStage(tx, actor, sectorId, input.stage, {
      source: 'decision',
      decidedOn,
      comment: input.comment ?? null,
    });
    await recordAudit(tx, actor, {
      action: 'rollout.stage_decided',
      entityType: 'sector',
      entityId: sectorId,
      details: { from: row.stage, to: input.stage, decidedOn, comment: input.comment ?? null },
    });
    return { ok: true as const };
  });
}

/**
 * Records a past decision (history before Palier, or a stage reached outside it): no checklist, the date is the
 * decision's. Used when a programme starts with sectors already on their way.
 */
export async function recordPastStage({
  db,
  actor,
  sectorId,
  input,
}: {
  db: Db;
  actor: Actor;
  sectorId: number;
  input: { stage: StageDecisionInput['stage']; decidedOn: string; comment?: string };
}): Promise<{ ok: true } | Refused> {
  await sectorFor(db, actor, 'rollout.manage', sectorId);
  if (input.decidedOn > localDate(new Date()))
    return { ok: false, reason: 'future_date', field: 'decidedOn' };
  return db.transaction(async (tx) => {
    await sectorFor(tx, actor, 'rollout.manage', sectorId, true);
    // A decision older than the current stage only completes the history: the sector stays where it is.
    const [latest] = await tx
      .select({ decidedOn: sectorStageEvent.decidedOn })
      .from(sectorStageEvent)
      .where(eq(sectorStageEvent.sectorId, sectorId))
      .orderBy(desc(sectorStageEvent.decidedOn), desc(sectorStageEvent.id))
      .limit(1);
    if (latest && input.decidedOn < latest.decidedOn) {
      const [before] = await tx
        .select({ stage: sectorStageEvent.stage })
        .from(sectorStageEvent)
        .where(and(eq(sectorStageEvent.sectorId, sectorId), lte(sectorStageEvent.decidedOn, input.decidedOn)))
        .orderBy(desc(sectorStageEvent.decidedOn), desc(sectorStageEvent.id))
        .limit(1);
      await tx.insert(sectorStageEvent).values({
        programmeId: actor.programmeId,
        sectorId,
        fromStage: before?.stage ?? null,
        stage: input.stage,
        decidedOn: input.decidedOn,
        source: 'history',
        decidedBy: actor.label,
        comment: input.comment ?? null,
      });
    } else {
      await setSectorStage(tx, actor, sectorId, input.stage, {
        source: 'history',
        decidedOn: input.decidedOn,
        comment: input.comment ?? null,
      });
    }
    await recordAudit(tx, actor, {
      action: 'rollout.stage_recorded',
      entityType: 'sector',
      entityId: sectorId,
      details: input,
    });
    return { ok: true as const };
  });
}

/** Ticks (or unticks) a manual item of a stage's checklist. */
export async function tickChecklistItem({
  db,
  actor,
  sectorId,
  input,
  today = localDate(new Date()),
}: {
  db: Db;
  actor: Actor;
  sectorId: number;
  input: { itemKey: string; done: boolean; comment?: string };
  today?: string;
}): Promise<{ ok: true } | Refused> {
  await sectorFor(db, actor, 'rollout.manage', sectorId);
  if (!manualItems(checklistOn(today)).has(input.itemKey))
    return { ok: false, reason: 'unknown_item', field: 'itemKey' };
  return db.transaction(async (tx) => {
    if (input.done) {
      await tx
        .insert(checklistTick)
        .values({ sectorId, itemKey: input.itemKey, tickedBy: actor.label, comment: input.comment ?? null })
        .onConflictDoUpdate({
          target: [checklistTick.sectorId, checklistTick.itemKey],
          set: { tickedBy: actor.label, tickedAt: new Date(), comment: input.comment ?? null },
        });
    } else {
      await tx
        .delete(checklistTick)
        .where(and(eq(checklistTick.sectorId, sectorId), eq(checklistTick.itemKey, input.itemKey)));
    }
    await recordAudit(tx, actor, {
      action: input.done ? 'rollout.item_ticked' : 'rollout.item_unticked',
      entityType: 'sector',
      entityId: sectorId,
      details: input,
    });
    return { ok: true as const };
  });
}
