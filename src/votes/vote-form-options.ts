import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan } from '../platform/permissions/index.ts';

/** What the "open a vote" form offers: the sectors (with their stage), the operators, the landlord's phone. */
export async function voteFormOptions({ db, actor }: { db: DbOrTx; actor: Actor }) {
  assertCan(actor, 'vote.create', { programmeId: actor.programmeId });
  const [sectors, operators, landlord] = await Promise.all([
    db.execute<{ id: number; name: string; neighbourhood: string; stage: string; running: boolean }>(sql`
      select s.id, s.name, n.name as neighbourhood, s.rollout_stage as stage,
             exists (select 1 from tenant_vote v where v.sector_id = s.id and v.status = 'open') as running
      from sector s join neighbourhood n on n.id = s.neighbourhood_id
      where s.programme_id = ${actor.programmeId}
      order by n.name, s.name`),
    db.execute<{ id: number; name: string }>(sql`
      select id, name from organisation
      where programme_id = ${actor.programmeId} and kind = 'operator' and active order by name`),
    db.execute<{ phone: string | null }>(sql`
      select phone from organisation
      where programme_id = ${actor.programmeId} and kind = 'landlord' and active and phone is not null
      order by id limit 1`),
  ]);
  return { sectors: [...sectors], operators: [...operators], landlordPhone: landlord[0]?.phone ?? null };
}
