import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';

/**
 * Recounts the buildings and dwellings of a programme's sectors in one set-based statement. Every path that
 * writes buildings or dwellings calls it in its own transaction, so the counts are never stale.
 */
export async function refreshSectorCounts(
  tx: DbOrTx,
  programmeId: number,
  sectorIds?: number[],
): Promise<void> {
  // Only the sectors a write touched, when it says which: an import of a few rows must not recount the country.
  const only = (column: SQL) =>
    sectorIds
      ? sql`and ${column} in (select value::int from jsonb_array_elements_text(${JSON.stringify(sectorIds)}::jsonb))`
      : sql``;
  await tx.execute(sql`
    update sector s
    set building_count = coalesce(b.n, 0), dwelling_count = coalesce(d.n, 0)
    from sector s2
    left join (select sector_id, count(*)::int as n from building where programme_id = ${programmeId} ${only(sql`sector_id`)} group by sector_id) b
      on b.sector_id = s2.id
    left join (select sector_id, count(*)::int as n from dwelling where programme_id = ${programmeId} ${only(sql`sector_id`)} group by sector_id) d
      on d.sector_id = s2.id
    where s.id = s2.id and s2.programme_id = ${programmeId} ${only(sql`s2.id`)}
      and (s.building_count, s.dwelling_count) is distinct from (coalesce(b.n, 0), coalesce(d.n, 0))`);
}
