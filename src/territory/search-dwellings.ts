import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { escapeLike } from '../platform/sql/index.ts';
import { type DwellingRow, dwellingColumns } from './dwelling-row.ts';
import { building, dwelling, sector } from './schema.ts';
import { sectorScope } from './scope.ts';

/**
 * A word of three letters or more matches anywhere in the address ("kerour" finds Kerourien). A shorter one (a
 * house number, "bis") must be a whole word: besides being what people mean, a pattern with spaces around it has
 * trigrams the index can use, while a bare "12" has none and would make PostgreSQL check every candidate row.
 */
function addressTermMatch(term: string): SQL {
  const word = sql`palier_normalize(${escapeLike(term)})`;
  const text = building.searchText;
  // "rue", "avenue"… are in most addresses: checked on the rows the other words found, not through the index.
  if (streetTypeWords.has(term.toLowerCase())) return sql`strpos(${text}, palier_normalize(${term})) > 0`;
  if (term.length >= 3) return sql`${text} like '%' || ${word} || '%'`;
  return sql`(${text} like ${word} || ' %' or ${text} like '% ' || ${word} || ' %' or ${text} like '% ' || ${word})`;
}

/** Little words of French addresses that tell nothing apart ("rue de la République"). */
const addressStopWords = new Set([
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'l',
  'd',
  'a',
  'au',
  'aux',
  'et',
  'en',
  'sur',
]);

const streetTypeWords = new Set([
  'rue',
  'avenue',
  'av',
  'place',
  'allee',
  'allée',
  'boulevard',
  'bd',
  'impasse',
  'chemin',
  'square',
  'route',
  'quai',
  'cours',
  'residence',
  'résidence',
]);

/** The words of a query, each of which must appear in the address (accents and case ignored). */
export function searchTerms(query: string): string[] {
  const words = query
    .trim()
    .split(/[\s,;'’]+/)
    .filter((word) => word.length > 0);
  const meaningful = words.filter((word) => !addressStopWords.has(word.toLowerCase()));
  return (meaningful.length > 0 ? meaningful : words).slice(0, 8);
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

  // A query that starts with a number (up to 4 digits; 5 is a postcode) names the street number: an exact match
  // on its own index.
  const [first, ...rest] = terms;
  const addressMatch: SQL[] = /^\d{1,4}$/.test(first!)
    ? [eq(building.houseNumber, String(Number(first))), ...rest.map(addressTermMatch)]
    : terms.map(addressTermMatch);
  const buildings = db
    .select({ id: building.id })
    .from(building)
    .where(and(eq(building.programmeId, actor.programmeId), ...addressMatch))
    // A building holds one dwelling or more, so `limit` buildings are enough for `limit` dwellings; fewer rows
    // to sort when a vague query ("1 république") matches thousands of buildings.
    .limit(limit);
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
