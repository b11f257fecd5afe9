// Where a household stands with the collective service on a day: for the access journey and the modules after it.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';

/** The dwelling a household lives in on a day, when its sector's service is open that day (else null). */
export async function openServiceHome(
  db: DbOrTx,
  householdId: number,
  day: string,
): Promise<{ dwellingId: number; sectorId: number; operatorId: number } | null> {
  const [home] = await db.execute<{ dwelling_id: number; sector_id: number; operator_id: number }>(sql`
    select d.id as dwelling_id, d.sector_id, s.operator_id
    from tenancy t join dwelling d on d.id = t.dwelling_id
    join sector_service s on s.sector_id = d.sector_id and s.opens_on <= ${day}::date
      and (s.closes_on is null or s.closes_on > ${day}::date)
    where t.household_id = ${householdId} and t.start_date <= ${day}::date
      and (t.end_date is null or t.end_date > ${day}::date)`);
  return home
    ? { dwellingId: home.dwelling_id, sectorId: home.sector_id, operatorId: home.operator_id }
    : null;
}

/** Whether a household lives where the service is open on a day, and whether it ever asked to be connected. */
export async function householdAccess(
  db: DbOrTx,
  householdId: number,
  day: string,
): Promise<{ inOpenSector: boolean; hasAccessRequest: boolean }> {
  const [home, [request]] = await Promise.all([
    openServiceHome(db, householdId, day),
    db.execute(
      sql`select 1 from activation_request where household_id = ${householdId} and status <> 'cancelled' limit 1`,
    ),
  ]);
  return { inOpenSector: home !== null, hasAccessRequest: request !== undefined };
}
