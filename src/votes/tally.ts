// The count, always recomputed from the stored ballots: there is no running counter that could drift.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import type { BallotChannel, ChoiceCounts } from './documents/types.ts';
import { channels } from './values.ts';

export interface Tally {
  /** Ballots received within the window, by channel. */
  byChannel: ({ channel: BallotChannel } & ChoiceCounts)[];
  totals: ChoiceCounts;
  /** Dwellings that voted within the window, by channel (turnout, which everyone following the vote may see). */
  votedByChannel: { channel: BallotChannel; voted: number }[];
  /** Ballots received outside the window: recorded, not counted. */
  late: number;
  buildings: { buildingId: number; address: string; dwellings: number; voted: number }[];
}

const zero = (): ChoiceCounts => ({ yes: 0, no: 0, blank: 0, invalid: 0 });

export async function tallyVote(db: DbOrTx, voteId: number): Promise<Tally> {
  const [counts, buildings] = await Promise.all([
    db.execute<{ channel: BallotChannel; choice: keyof ChoiceCounts; within: boolean; n: number }>(sql`
      select b.channel, b.choice, b.received_at between v.opens_at and v.closes_at as within, count(*)::int as n
      from ballot b join tenant_vote v on v.id = b.vote_id
      where b.vote_id = ${voteId}
      group by 1, 2, 3`),
    db.execute<{ building_id: number; address: string; dwellings: number; voted: number }>(sql`
      select vd.building_id, bl.address, count(*)::int as dwellings,
             (count(b.dwelling_id) filter (where b.received_at between v.opens_at and v.closes_at))::int as voted
      from vote_dwelling vd
      join tenant_vote v on v.id = vd.vote_id
      join building bl on bl.id = vd.building_id
      left join ballot b on b.vote_id = vd.vote_id and b.dwelling_id = vd.dwelling_id
      where vd.vote_id = ${voteId}
      group by vd.building_id, bl.address, bl.house_number
      -- By street, then by number (3 before 12).
      order by substring(bl.address from '^[0-9]* *(.*)$'), nullif(bl.house_number, '')::int nulls last, bl.address`),
  ]);
  const byChannel = channels.map((channel) => ({ channel, ...zero() }));
  const totals = zero();
  let late = 0;
  for (const row of counts) {
    if (!row.within) {
      late += row.n;
      continue;
    }
    byChannel.find((c) => c.channel === row.channel)![row.choice] += row.n;
    totals[row.choice] += row.n;
  }
  return {
    byChannel,
    totals,
    votedByChannel: byChannel.map((c) => ({ channel: c.channel, voted: c.yes + c.no + c.blank + c.invalid })),
    late,
    buildings: buildings.map((b) => ({
      buildingId: b.building_id,
      address: b.address,
      dwellings: b.dwellings,
      voted: b.voted,
    })),
  };
}

/** Whether certified counts still equal a recount (null when nothing was certified). */
export function countsMatch(certified: unknown, recount: ChoiceCounts): boolean | null {
  if (!certified) return null;
  const stored = certified as ChoiceCounts;
  return (['yes', 'no', 'blank', 'invalid'] as const).every((k) => stored[k] === recount[k]);
}

/** What a reader who may not see choices gets while a vote is open: turnout without yes/no/blank/invalid. */
export function withoutChoices(tally: Tally): Tally {
  const zero = { yes: 0, no: 0, blank: 0, invalid: 0 };
  return { ...tally, byChannel: [], totals: zero };
}
