import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { type DwellingRow, dwellingColumns } from './dwelling-row.ts';
import { building, dwelling, sector } from './schema.ts';
import { sectorScope } from './scope.ts';

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The words of a query, each of which must appear in the address (accents and case ignored). */
export function searchTerms(query: string): string[] {
  return query
    .trim()
    .split(/[\s,;]+/)
    .filter((word) => word.length > 0)
    .slice(0, 8);
}

/**
 * Finds dwellings by landlord reference (prefix) or by address (every word, in any order, accents ignored).
 * Both paths use indexes: a text_pattern_ops btree on the reference and a trigram GIN on the address.
 */
export async function searchDwellings({
  db,
  actor,
  query,
  limit = 50,
}: {
  db: DbOrTx;
  actor: Actor;
  query: string;
  limit?: number;
}): Promise<DwellingRow[]> {
  const terms = searchTerms(query);
  if (terms.length === 0) return [];
  const visible = sectorScope(actor, 'dwelling.read', dwelling.sectorId);
  const branch = (rank: number, sortKey: SQL) =>
    db
      .select({
        ...dwellingColumns,
        rank: sql<number>`${rank}::int`.as('rank'),
        sortKey: sql<string>`${sortKey}`.as('sort_key'),
      })
      .from(dwelling)
      .innerJoin(building, eq(building.id, dwelling.buildingId))
      .innerJoin(sector, eq(sector.id, dwelling.sectorId));

  const addressMatch: SQL[] = terms.map(
    (term) => sql`${building.searchText} like '%' || palier_normalize(${escapeLike(term)}) || '%'`,
  );
  const buildings = db
    .select({ id: building.id })
    .from(building)
    .where(and(eq(building.programmeId, actor.programmeId), ...addressMatch))
    .limit(200);
  const byAddress = branch(1, sql`${building.address} || ' ' || ${dwelling.landlordReference}`)
    .where(and(inArray(dwelling.buildingId, buildings), visible))
    .orderBy(asc(building.address), asc(dwelling.landlordReference))
    .limit(limit);
  if (terms.length > 1) return (await byAddress).map(stripSortColumns);

  // One word may be a reference (prefix) or part of an address: both in one statement, references first.
  const byReference = branch(0, sql`${dwelling.referenceKey}`)
    .where(
      and(
        eq(dwelling.programmeId, actor.programmeId),
        visible,
        sql`${dwelling.referenceKey} like ${`${escapeLike(terms[0]!.toUpperCase())}%`}`,
      ),
    )
    .orderBy(asc(dwelling.referenceKey))
    .limit(limit);
  const rows = await unionAll(byReference, byAddress).orderBy(sql`rank`, sql`sort_key`).limit(limit);
  const seen = new Set<number>();
  return rows.filter((row) => !seen.has(row.id) && seen.add(row.id)).map(stripSortColumns);
}

function stripSortColumns<T extends { rank: number; sortKey: string }>({ rank: _, sortKey: __, ...row }: T) {
  return row;
}
