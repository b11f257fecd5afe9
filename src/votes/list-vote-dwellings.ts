import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { escapeLike } from '../platform/sql/index.ts';
import type { BallotChannel, Choice } from './documents/types.ts';
import { loadVote } from './scope.ts';

export interface VoteDwellingRow {
  dwellingId: number;
  reference: string;
  address: string;
  floor: number | null;
  householdName: string | null;
  codesIssued: number;
  liveCodeIssuedAt: Date | null;
  channel: BallotChannel | null;
  choice: Choice | null;
  receivedAt: Date | null;
}

/**
 * The frozen list of dwellings with who voted how: for the landlord's vote officers only (`vote.conduct`), who
 * need it to reissue codes and to receive residents. Keyset pagination on the landlord reference.
 */
export async function listVoteDwellings({
  db,
  actor,
  voteId,
  query,
  after,
  limit = 50,
}: {
  db: DbOrTx;
  actor: Actor;
  voteId: number;
  query?: string;
  after?: string;
  limit?: number;
}): Promise<{ rows: VoteDwellingRow[]; nextAfter: string | null }> {
  await loadVote(db, actor, 'vote.conduct', voteId);
  const size = Math.min(limit, 200);
  const term = query?.trim() ? `%${escapeLike(query.trim().toUpperCase())}%` : null;
  const rows = await db.execute<{
    dwelling_id: number;
    reference: string;
    address: string;
    floor: number | null;
    household_name: string | null;
    codes_issued: number;
    live_code_issued_at: Date | null;
    channel: BallotChannel | null;
    choice: Choice | null;
    received_at: Date | null;
  }>(sql`
    select vd.dwelling_id, d.landlord_reference as reference, b.address, d.floor,
           (select m.first_name || ' ' || m.last_name from household_member m
            where m.household_id = vd.household_id and m.is_reference_person = 'yes' limit 1) as household_name,
           (select count(*)::int from ballot_code c where c.vote_id = vd.vote_id and c.dwelling_id = vd.dwelling_id) as codes_issued,
           (select c.issued_at from ballot_code c where c.vote_id = vd.vote_id and c.dwelling_id = vd.dwelling_id
              and c.revoked_at is null) as live_code_issued_at,
           bt.channel, bt.choice, bt.received_at
    from vote_dwelling vd
    join dwelling d on d.id = vd.dwelling_id
    join building b on b.id = vd.building_id
    left join ballot bt on bt.vote_id = vd.vote_id and bt.dwelling_id = vd.dwelling_id
    where vd.vote_id = ${voteId}
      and (${term}::text is null or d.reference_key like ${term} or upper(b.address) like ${term})
      and (${after ?? null}::text is null or d.landlord_reference > ${after ?? null})
    order by d.landlord_reference
    limit ${size + 1}`);
  const page = rows.slice(0, size).map((r) => ({
    dwellingId: r.dwelling_id,
    reference: r.reference,
    address: r.address,
    floor: r.floor,
    householdName: r.household_name,
    codesIssued: r.codes_issued,
    liveCodeIssuedAt: r.live_code_issued_at ? new Date(r.live_code_issued_at) : null,
    channel: r.channel,
    choice: r.choice,
    receivedAt: r.received_at ? new Date(r.received_at) : null,
  }));
  return { rows: page, nextAfter: rows.length > size ? page.at(-1)!.reference : null };
}
