import { describe, expect, it } from 'vitest';
import type { RolloutStage } from '../territory/index.ts';
import { nextDecidedStage, type Transition, transition } from './stages.ts';

describe('which stage a person may decide from which', () => {
  it.each<[RolloutStage, RolloutStage, Transition]>([
    // Forward, by decision, one stage at a time.
    ['identified', 'partners_consulted', 'forward'],
    ['vote_rejected', 'partners_consulted', 'forward'],
    ['partners_consulted', 'support_ready', 'forward'],
    ['adopted', 'works', 'forward'],
    ['service_open', 'evaluated', 'forward'],
    // Back, with a reason, only before the vote.
    ['partners_consulted', 'identified', 'backward'],
    ['support_ready', 'identified', 'backward'],
    ['support_ready', 'partners_consulted', 'backward'],
    ['vote_rejected', 'identified', 'backward'],
    // Stages other modules' events set: a vote opened or certified, a service opened.
    ['support_ready', 'vote_open', 'by_event'],
    ['vote_open', 'adopted', 'by_event'],
    ['vote_open', 'vote_rejected', 'by_event'],
    ['works', 'service_open', 'by_event'],
    ['identified', 'service_open', 'by_event'],
    // Skipping a stage, or going back after the vote, is refused.
    ['identified', 'support_ready', 'not_next'],
    ['identified', 'works', 'not_next'],
    ['partners_consulted', 'works', 'not_next'],
    ['support_ready', 'works', 'not_next'],
    ['works', 'evaluated', 'not_next'],
    ['adopted', 'identified', 'not_next'],
    ['works', 'partners_consulted', 'not_next'],
    ['service_open', 'identified', 'not_next'],
    ['evaluated', 'partners_consulted', 'not_next'],
    ['identified', 'identified', 'same'],
    ['works', 'works', 'same'],
  ])('from %s to %s: %s', (from, to, expected) => {
    expect(transition(from, to)).toBe(expected);
  });

  it.each<[RolloutStage, RolloutStage | null]>([
    ['identified', 'partners_consulted'],
    ['vote_rejected', 'partners_consulted'],
    ['partners_consulted', 'support_ready'],
    ['support_ready', null],
    ['vote_open', null],
    ['adopted', 'works'],
    ['works', null],
    ['service_open', 'evaluated'],
    ['evaluated', null],
  ])('after %s, a person decides %s', (from, next) => {
    expect(nextDecidedStage(from)).toBe(next);
  });
});
