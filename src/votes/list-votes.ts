import { and, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCanAtAll } from '../platform/permissions/index.ts';
import { neighbourhood, sector } from '../territory/index.ts';
import { tenantVote } from './schema.ts';
import { votePhase } from './scope.ts';

/** The votes the actor may follow, newest first, with their turnout so far (keyset pagination on the id). */
export async function listVotes({
  db,
  actor,
  sectorId,
  beforeId,
  limit = 50,
  now = new Date(),
}: {
  db: DbOrTx;
  actor: Actor;
  sectorId?: number;
  beforeId?: number;
  limit?: number;
  now?: Date;
}) {
  const scope = assertCanAtAll(actor, 'vote.read');
  const where: SQL[] = [eq(tenantVote.programmeId, actor.programmeId)];
  if (scope === 'sectors')
    where.push(inArray(tenantVote.sectorId, actor.sectorIds.length ? actor.sectorIds : [-1]));
  if (scope === 'household') where.push(sql`false`);
  if (sectorId) where.push(eq(tenantVote.sectorId, sectorId));
  if (beforeId) where.push(lt(tenantVote.id, beforeId));
  const rows = await db
    .select({
      id: tenantVote.id,
      reference: tenantVote.reference,
      sectorId: tenantVote.sectorId,
      sectorName: sector.name,
      neighbourhoodName: neighbourhood.name,
      procedure: tenantVote.procedure,
      opensAt: tenantVote.opensAt,
      closesAt: tenantVote.closesAt,
      status: tenantVote.status,
      result: tenantVote.result,
      dwellingsConcerned: tenantVote.dwellingsConcerned,
      voted: sql<number>`(select count(*)::int from ballot b where b.vote_id = ${tenantVote.id}
        and b.received_at between ${tenantVote.opensAt} and ${tenantVote.closesAt})`,
    })
    .from(tenantVote)
    .innerJoin(sector, eq(sector.id, tenantVote.sectorId))
    .innerJoin(neighbourhood, eq(neighbourhood.id, sector.neighbourhoodId))
    .where(and(...where))
    .orderBy(desc(tenantVote.id))
    .limit(Math.min(limit, 200) + 1);
  const page = rows.slice(0, Math.min(limit, 200));
  return {
    votes: page.map((v) => ({
      ...v,
      phase: votePhase(v, now),
      turnoutBp: v.dwellingsConcerned ? Math.floor((v.voted * 10000) / v.dwellingsConcerned) : 0,
    })),
    nextBeforeId: rows.length > page.length ? page.at(-1)!.id : null,
  };
}
