import { sql } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { transactionUnlessRefused } from '../platform/sql/index.ts';
import type { Choice } from './documents/types.ts';
import type { Refused } from './refusals.ts';
import { keyErrorMessages, resolveKeys } from './resolve-keys.ts';
import { loadVote, votePhase } from './scope.ts';

export type RecordBallotResult =
  | { ok: true; dwellingId: number }
  | (Refused<'not_open' | 'already_voted' | 'unknown_code' | 'revoked_code' | 'unknown_dwelling'> & {
      detail?: string;
    });

/** A resident votes in person at the landlord's office: staff record it at once, by code or by dwelling. */
export async function recordInPersonBallot({
  db,
  actor,
  voteId,
  key,
  choice,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  voteId: number;
  /** The ballot code, or the dwelling's landlord reference. */
  key: string;
  choice: Choice;
  now?: Date;
}): Promise<RecordBallotResult> {
  return transactionUnlessRefused<RecordBallotResult>(db, async (tx) => {
    const vote = await loadVote(tx, actor, 'vote.conduct', voteId, { lock: 'share' });
    if (votePhase(vote, now) !== 'open') return { ok: false, reason: 'not_open' };
    const resolved = (await resolveKeys(tx, voteId, [key])).get(key)!;
    if (!resolved.ok) {
      const reason = resolved.reason === 'check' ? 'unknown_code' : resolved.reason;
      return { ok: false, reason, field: 'code', detail: keyErrorMessages[resolved.reason] };
    }
    const inserted = await tx.execute(sql`
      insert into ballot (vote_id, dwelling_id, choice, channel, code_id, received_at, recorded_by)
      values (${voteId}, ${resolved.dwellingId}, ${choice}, 'in_person', ${resolved.codeId}, ${now.toISOString()}::timestamptz, ${actor.label})
      on conflict (vote_id, dwelling_id) do nothing
      returning dwelling_id`);
    if (inserted.length === 0) return { ok: false, reason: 'already_voted', field: 'code' };
    await recordAudit(tx, actor, {
      action: 'vote.ballot_recorded',
      entityType: 'tenant_vote',
      entityId: voteId,
      details: { dwellingId: resolved.dwellingId, channel: 'in_person', byCode: resolved.codeId !== null },
    });
    return { ok: true, dwellingId: resolved.dwellingId };
  });
}
