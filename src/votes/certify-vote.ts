import { and, eq, ne } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { transactionUnlessRefused } from '../platform/sql/index.ts';
import { setSectorStage } from '../territory/index.ts';
import { storedRule } from './get-vote.ts';
import type { Refused } from './refusals.ts';
import { decide } from './rules.ts';
import { collectiveAgreement, paperBatch, tenantVote } from './schema.ts';
import { loadVote, votePhase } from './scope.ts';
import { tallyVote } from './tally.ts';

export type CertifyResult =
  | { ok: true; result: 'adopted' | 'rejected'; agreementId: number | null }
  | Refused<'not_closed' | 'already_certified' | 'batches_pending'>;

/**
 * The landlord certifies a closed vote: the result its stored rule gives on the ballots received within the
 * window. Adopted, the sector moves to "adopted" and the agreement the charges are billed from is recorded;
 * rejected, the sector may hold a new vote later.
 */
export async function certifyVote({
  db,
  actor,
  voteId,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  voteId: number;
  now?: Date;
}): Promise<CertifyResult> {
  return transactionUnlessRefused<CertifyResult>(db, async (tx) => {
    // Locked: no ballot of a paper batch can be counted while the result is being written.
    const vote = await loadVote(tx, actor, 'vote.certify', voteId, { lock: 'update' });
    const phase = votePhase(vote, now);
    if (phase === 'certified') return { ok: false, reason: 'already_certified' };
    if (phase !== 'closed') return { ok: false, reason: 'not_closed' };
    const pending = await tx
      .select({ id: paperBatch.id })
      .from(paperBatch)
      .where(and(eq(paperBatch.voteId, voteId), ne(paperBatch.status, 'counted')));
    if (pending.length) return { ok: false, reason: 'batches_pending' };
    const tally = await tallyVote(tx, voteId);
    const decision = decide(storedRule(vote), tally.totals, vote.dwellingsConcerned);
    await tx
      .update(tenantVote)
      .set({
        status: 'certified',
        result: decision.result,
        certifiedCounts: { ...tally.totals, late: tally.late },
        certifiedAt: now,
        certifiedBy: actor.label,
      })
      .where(eq(tenantVote.id, voteId));
    let agreementId: number | null = null;
    if (decision.result === 'adopted') {
      const [agreement] = await tx
        .insert(collectiveAgreement)
        .values({
          programmeId: vote.programmeId,
          sectorId: vote.sectorId,
          voteId,
          operatorId: vote.operatorId,
          serviceName: vote.serviceName,
          monthlyAmountCents: vote.monthlyAmountCents,
          effectiveFrom: vote.tariffFrom,
          adoptedOn: localDate(now),
        })
        .returning({ id: collectiveAgreement.id });
      agreementId = agreement!.id;
    }
    await setSectorStage(
      tx,
      { programmeId: vote.programmeId, label: actor.label },
      vote.sectorId,
      decision.result === 'adopted' ? 'adopted' : 'vote_rejected',
      { source: 'vote', comment: `Résultat du vote ${vote.reference} certifié` },
    );
    await recordAudit(tx, actor, {
      action: 'vote.certified',
      entityType: 'tenant_vote',
      entityId: voteId,
      details: {
        result: decision.result,
        counts: tally.totals,
        late: tally.late,
        dwellingsConcerned: vote.dwellingsConcerned,
        turnoutBp: decision.turnoutBp,
        agreementId,
      },
    });
    return { ok: true, result: decision.result, agreementId };
  });
}
