import { desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { type Decision, decide, decisionText, ruleText, type StoredRule } from './rules.ts';
import { paperBatch } from './schema.ts';
import { loadVote, type VotePhase, type VoteRow, votePhase } from './scope.ts';
import { countsMatch, type Tally, tallyVote } from './tally.ts';

export interface VoteDetail {
  vote: VoteRow;
  phase: VotePhase;
  sectorName: string;
  neighbourhoodName: string;
  operatorName: string;
  rule: StoredRule;
  ruleText: string;
  tally: Tally;
  /** What the rule gives with the ballots so far (final once closed). */
  decision: Decision;
  decisionText: string;
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
  return {
    vote,
    phase: votePhase(vote, now),
    sectorName: names!.sector_name,
    neighbourhoodName: names!.neighbourhood_name,
    operatorName: names!.operator_name,
    rule,
    ruleText: ruleText(rule),
    tally,
    decision,
    decisionText: decisionText(rule, decision, tally.totals, vote.dwellingsConcerned),
    batches,
    recountMatches: countsMatch(vote.certifiedCounts, tally.totals),
  };
}
