// Where a household sits (programme, sectors of its current dwelling), for permission checks and list filters.
import { and, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import {
  type Action,
  type Actor,
  assertCanAtAll,
  canAtAll,
  NotFoundError,
  type ResourceScope,
} from '../platform/permissions/index.ts';
import { dwelling } from '../territory/index.ts';
import { household, tenancy } from './schema.ts';

export async function householdResource(db: DbOrTx, householdId: number): Promise<ResourceScope> {
  const rows = await db
    .select({ programmeId: household.programmeId, sectorId: dwelling.sectorId })
    .from(household)
    .leftJoin(
      tenancy,
      and(
        eq(tenancy.householdId, household.id),
        or(isNull(tenancy.endDate), sql`${tenancy.endDate} > current_date`),
      ),
    )
    .leftJoin(dwelling, eq(dwelling.id, tenancy.dwellingId))
    .where(eq(household.id, householdId));
  if (rows.length === 0) throw new NotFoundError('household');
  return {
    programmeId: rows[0]!.programmeId,
    householdId,
    sectorIds: rows.flatMap((r) => (r.sectorId ? [r.sectorId] : [])),
  };
}

/** The condition that keeps a household list to what the actor may see. */
export function householdListScope(actor: Actor, action: Action): SQL {
  const scope = assertCanAtAll(actor, action);
  if (scope === 'programme') return eq(household.programmeId, actor.programmeId);
  if (scope === 'household') return eq(household.id, actor.householdId ?? -1);
  if (actor.sectorIds.length === 0) return sql`false`;
  return inArray(
    household.id,
    sql`(select t.household_id from ${tenancy} t join ${dwelling} d on d.id = t.dwelling_id
         where (t.end_date is null or t.end_date > current_date) and ${inArray(sql`d.sector_id`, actor.sectorIds)})`,
  );
}

/**
 * Who reads a household moved to the limited-access archive (retention): the coordinator, who answers residents'
 * rights requests and disputes for the city — the only purpose left for an archived record. Nobody else finds it.
 */
export const mayReadArchive = (actor: Pick<Actor, 'role'>) => canAtAll(actor, 'personal_data.export');
