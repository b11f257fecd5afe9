import { desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Actor, can } from '../platform/permissions/index.ts';
import { type Decision, decide, decisionText, ruleText, type StoredRule } from './rules.ts';
import { paperBatch } from './schema.ts';
import { loadVote, type VotePhase, type VoteRow, votePhase } from './scope.ts';
import { countsMatch, type Tally, tallyVote, withoutChoices } from './tally.ts';

export interface VoteDetail {
  vote: VoteRow;
  phase: VotePhase;
  sectorName: string;
  neighbourhoodName: string;
  operatorName: string;
  rule: StoredRule;
  ruleText: string;
  /**
   * While a vote is open, only its officers see the choices (yes, no, blank, invalid): anyone else who could tell
   * when a neighbour voted would otherwise see which count moved. Turnout is always visible.
   */
  choicesVisible: boolean;
  tally: Tally;
  voted: number;
  turnoutBp: number;
  /** What the rule gives with the ballots so far (final once closed); null while choices are hidden. */
  decision: Decision | null;
  decisionText: string | null;
  batches: (typeof paperBatch.$inferSelect)[];
  /** Whether the certified counts still match a recount from the ballots (null until certified). */
  recountMatches: boolean | null;
}

export const storedRule = (vote: VoteRow): StoredRule => ({
  version: vote.ruleVersion,
  procedure: vote.procedure,
  majorityBp: vote.majorityBp,
  quorumBp: vote.quorumBp,
  rejectionBp: vote.rejectionBp,
  maxWindowMonths: vote.maxWindowMonths,
});

/** A vote with its live tally and the result its rule gives; counts only, never individual choices. */
export async function getVote({
  db,
  actor,
  voteId,
  now = new Date(),
}: {
  db: DbOrTx;
  actor: Actor;
  voteId: number;
  now?: Date;
}): Promise<VoteDetail> {
  const vote = await loadVote(db, actor, 'vote.read', voteId);
  const [[names], tally, batches] = await Promise.all([
    db.execute<{ sector_name: string; neighbourhood_name: string; operator_name: string }>(sql`
      select s.name as sector_name, n.name as neighbourhood_name, o.name as operator_name
      from sector s join neighbourhood n on n.id = s.neighbourhood_id, organisation o
      where s.id = ${vote.sectorId} and o.id = ${vote.operatorId}`),
    tallyVote(db, vote.id),
    db.select().from(paperBatch).where(eq(paperBatch.voteId, vote.id)).orderBy(desc(paperBatch.number)),
  ]);
  const rule = storedRule(vote);
  const decision = decide(rule, tally.totals, vote.dwellingsConcerned);
  const phase = votePhase(vote, now);
  const choicesVisible =
    phase === 'closed' ||
    phase === 'certified' ||
    can(actor, 'vote.conduct', { programmeId: vote.programmeId, sectorIds: [vote.sectorId] });
  return {
    vote,
    phase,
    choicesVisible,
    sectorName: names!.sector_name,
    neighbourhoodName: names!.neighbourhood_name,
    operatorName: names!.operator_name,
    rule,
    ruleText: ruleText(rule),
    tally: choicesVisible ? tally : withoutChoices(tally),
    voted: decision.voted,
    turnoutBp: decision.turnoutBp,
    decision: choicesVisible ? decision : null,
    decisionText: choicesVisible ? decisionText(rule, decision, tally.totals, vote.dwellingsConcerned) : null,
    batches,
    recountMatches: countsMatch(vote.certifiedCounts, tally.totals),
  };
}
