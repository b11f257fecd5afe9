// A household's part in tenant votes, for residents' rights: the votes whose roll it was on and whether a ballot was
// recorded for its dwelling (never how it voted: the choice is the vote officers' alone, ADR on votes). Erasure changes
// nothing here: the roll and the ballots are frozen by the database (one voice per dwelling, counted for ever), and
// they name no one — the household they point at is itself anonymised.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import type { ErasureCounts, ErasureTarget } from '../platform/personal-data.ts';

export type HouseholdVote = {
  vote: string;
  sector: string;
  service: string;
  opensAt: string;
  closesAt: string;
  dwellingReference: string;
  result: string | null;
  ballotRecorded: boolean;
  ballotChannel: string | null;
  ballotReceivedAt: string | null;
};

export async function householdVotesPersonalData(db: DbOrTx, householdId: number) {
  const rolls = await db.execute<HouseholdVote>(sql`
    select v.reference as vote, s.name as sector, v.service_name as service, v.opens_at as "opensAt",
           v.closes_at as "closesAt", d.landlord_reference as "dwellingReference", v.result,
           b.vote_id is not null as "ballotRecorded", b.channel as "ballotChannel",
           b.received_at as "ballotReceivedAt"
      from vote_dwelling vd join tenant_vote v on v.id = vd.vote_id join sector s on s.id = v.sector_id
      join dwelling d on d.id = vd.dwelling_id
      left join ballot b on b.vote_id = vd.vote_id and b.dwelling_id = vd.dwelling_id
     where vd.household_id = ${householdId}
     order by v.opens_at`);
  const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
  return {
    rolls: rolls.map((r) => ({
      ...r,
      opensAt: iso(r.opensAt)!,
      closesAt: iso(r.closesAt)!,
      ballotReceivedAt: iso(r.ballotReceivedAt),
    })),
  };
}

/** Nothing to replace: the roll's lines and the ballots stay as they are, countable (they carry no name). */
export async function eraseHouseholdVotes(tx: DbOrTx, target: ErasureTarget): Promise<ErasureCounts> {
  const [row] = await tx.execute<{ rolls: number; ballots: number }>(sql`
    select count(*)::int as rolls, count(b.vote_id)::int as ballots
      from vote_dwelling vd left join ballot b on b.vote_id = vd.vote_id and b.dwelling_id = vd.dwelling_id
     where vd.household_id = ${target.householdId}`);
  return { rollLinesKept: row!.rolls, ballotsKept: row!.ballots };
}
