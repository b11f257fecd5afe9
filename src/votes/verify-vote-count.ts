import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import type { ChoiceCounts } from './documents/types.ts';
import { tenantVote } from './schema.ts';
import { countsMatch, tallyVote } from './tally.ts';

/**
 * Recounts every certified vote of a programme from its stored ballots and compares with what was certified.
 * A mismatch would mean a ballot was added, removed or changed after certification.
 */
export async function verifyVoteCount(db: DbOrTx, programmeId: number) {
  const votes = await db
    .select({
      id: tenantVote.id,
      reference: tenantVote.reference,
      certifiedCounts: tenantVote.certifiedCounts,
    })
    .from(tenantVote)
    .where(eq(tenantVote.programmeId, programmeId));
  const report: {
    reference: string;
    certified: ChoiceCounts | null;
    recount: ChoiceCounts;
    matches: boolean | null;
  }[] = [];
  for (const vote of votes) {
    const { totals } = await tallyVote(db, vote.id);
    const certified = vote.certifiedCounts as ChoiceCounts | null;
    report.push({
      reference: vote.reference,
      certified,
      recount: totals,
      matches: countsMatch(certified, totals),
    });
  }
  return report;
}
