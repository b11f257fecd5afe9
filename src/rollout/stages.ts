// Which stage a person may decide from which: the order of the roll-out, with the stages other modules' events set.
import type { RolloutStage } from '../territory/index.ts';

/**
 * Stages a person reaches by an explicit decision, from the stage before. The others follow events: a vote opened
 * (`vote_open`), a vote certified (`adopted` / `vote_rejected`), a service opened (`service_open`).
 */
export const decidedStages: Partial<Record<RolloutStage, RolloutStage[]>> = {
  partners_consulted: ['identified', 'vote_rejected'],
  support_ready: ['partners_consulted'],
  works: ['adopted'],
  evaluated: ['service_open'],
};

/** Going back is a decision too (a partner withdraws, a facility closes), only before the vote. */
export const backwardStages: Partial<Record<RolloutStage, RolloutStage[]>> = {
  identified: ['partners_consulted', 'support_ready', 'vote_rejected'],
  partners_consulted: ['support_ready'],
};

export type Transition = 'forward' | 'backward' | 'by_event' | 'not_next' | 'same';

/** Whether a person may move a sector from one stage to another, and how. */
export function transition(from: RolloutStage, to: RolloutStage): Transition {
  if (from === to) return 'same';
  if (decidedStages[to]?.includes(from)) return 'forward';
  if (backwardStages[to]?.includes(from)) return 'backward';
  if (!decidedStages[to] && !backwardStages[to]) return 'by_event';
  return 'not_next';
}

/** The stage a person may decide next from a stage (none when the next one comes from an event). */
export function nextDecidedStage(from: RolloutStage): RolloutStage | null {
  const found = Object.entries(decidedStages).find(([, froms]) => froms.includes(from));
  return (found?.[0] as RolloutStage | undefined) ?? null;
}
