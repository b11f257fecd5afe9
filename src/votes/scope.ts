// Where a vote sits, for permission checks; its phase at an instant.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Action, type Actor, assertCan, NotFoundError } from '../platform/permissions/index.ts';
import { tenantVote } from './schema.ts';

export type VoteRow = typeof tenantVote.$inferSelect;
export type VotePhase = 'upcoming' | 'open' | 'closed' | 'certified';

export function votePhase(vote: Pick<VoteRow, 'status' | 'opensAt' | 'closesAt'>, now: Date): VotePhase {
  if (vote.status === 'certified') return 'certified';
  if (now.getTime() < vote.opensAt.getTime()) return 'upcoming';
  if (now.getTime() <= vote.closesAt.getTime()) return 'open';
  return 'closed';
}

/**
 * Loads a vote the actor may act on. `lock: 'share'` is taken by every transaction that adds ballots, and
 * `'update'` by certification, so that no ballot slips in between the count and the certified result.
 */
export async function loadVote(
  db: DbOrTx,
  actor: Actor,
  action: Action,
  voteId: number,
  { lock }: { lock?: 'share' | 'update' } = {},
): Promise<VoteRow> {
  const query = db.select().from(tenantVote).where(eq(tenantVote.id, voteId));
  const [vote] = lock ? await query.for(lock) : await query;
  if (!vote || vote.programmeId !== actor.programmeId) throw new NotFoundError('tenant_vote');
  assertCan(actor, action, { programmeId: vote.programmeId, sectorIds: [vote.sectorId] });
  return vote;
}
