// The suggested roll-out calendar of the programme, computed from what is known today.
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, assertCanAtAll } from '../platform/permissions/index.ts';
import { loadPlanInput } from './load-plan-input.ts';
import type { Plan } from './model.ts';
import { planRollout, readiness } from './rules.ts';

/**
 * Computes the plan for the whole programme (the calendar's slots are shared by all sectors); partners who see only
 * their sectors get only those lines.
 */
export async function getRolloutPlan({
  db,
  actor,
  today = localDate(new Date()),
}: {
  db: Db;
  actor: Actor;
  today?: string;
}): Promise<Plan> {
  const scope = assertCanAtAll(actor, 'rollout.read');
  const input = await loadPlanInput(db, actor.programmeId, { today });
  // A reader of some sectors learns when a place frees, not which other sectors hold it.
  const plan = planRollout(input, readiness(input), { nameHolders: scope === 'programme' });
  if (scope === 'programme') return plan;
  return { ...plan, lines: plan.lines.filter((l) => actor.sectorIds.includes(l.sectorId)) };
}
