import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { transactionUnlessRefused } from '../platform/sql/index.ts';
import { formatBallotCode } from './ballot-code.ts';
import { issueCodes } from './issue-codes.ts';
import type { Refused } from './refusals.ts';
import { ballotCode, voteDwelling } from './schema.ts';
import { loadVote, votePhase } from './scope.ts';

export type ReissueResult = { ok: true; code: string } | Refused<'not_open' | 'unknown_dwelling'>;

/**
 * A lost letter: the dwelling's live code dies and a new one is drawn. A ballot already cast stays counted
 * (it belongs to the dwelling, not to the code), so the new code can only learn that the dwelling has voted.
 */
export async function reissueCode({
  db,
  actor,
  voteId,
  dwellingId,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  voteId: number;
  dwellingId: number;
  now?: Date;
}): Promise<ReissueResult> {
  return transactionUnlessRefused<ReissueResult>(db, async (tx) => {
    const vote = await loadVote(tx, actor, 'vote.conduct', voteId);
    const phase = votePhase(vote, now);
    if (phase === 'closed' || phase === 'certified') return { ok: false, reason: 'not_open' };
    const [concerned] = await tx
      .select({ id: voteDwelling.dwellingId })
      .from(voteDwelling)
      .where(and(eq(voteDwelling.voteId, voteId), eq(voteDwelling.dwellingId, dwellingId)))
      // Two reissues of one dwelling at once take turns, so that exactly one code stays live.
      .for('update');
    if (!concerned) return { ok: false, reason: 'unknown_dwelling' };
    const revoked = await tx
      .update(ballotCode)
      .set({ revokedAt: now })
      .where(
        and(
          eq(ballotCode.voteId, voteId),
          eq(ballotCode.dwellingId, dwellingId),
          isNull(ballotCode.revokedAt),
        ),
      )
      .returning({ id: ballotCode.id });
    const issued = await issueCodes(tx, voteId, [dwellingId]);
    await recordAudit(tx, actor, {
      action: 'vote.code_reissued',
      entityType: 'tenant_vote',
      entityId: voteId,
      details: { dwellingId, revokedCodeIds: revoked.map((r) => r.id) },
    });
    return { ok: true, code: formatBallotCode(issued.get(dwellingId)!) };
  });
}
