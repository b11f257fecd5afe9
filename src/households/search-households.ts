import { and, asc, eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { escapeLike } from '../platform/sql/index.ts';
import { household, householdMember } from './schema.ts';
import { householdListScope, mayReadArchive } from './scope.ts';

/**
 * Households by reference (F-000123) or by a member's name, accents and case ignored; scoped to the actor. Archived
 * households (retention) are left out; the coordinator may ask for them (`archived: true`) to answer a request.
 * A search that shows households is itself audited: who saw which households, when — by their ids, not the words
 * typed (a name in the audit trail would outlive the household's erasure).
 */
export async function searchHouseholds({
  db,
  actor,
  query,
  limit = 50,
  after,
  archived = false,
}: {
  db: DbOrTx;
  actor: Actor;
  query?: string;
  limit?: number;
  after?: number;
  archived?: boolean;
}) {
  const terms = (query ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 5);
  const match: SQL[] = terms.map(
    (term) => sql`${householdMember.searchText} like '%' || palier_normalize(${escapeLike(term)}) || '%'`,
  );
  const rows = await db
    .selectDistinctOn([household.id], {
      id: household.id,
      reference: household.reference,
      firstName: householdMember.firstName,
      lastName: householdMember.lastName,
    })
    .from(household)
    .innerJoin(
      householdMember,
      and(eq(householdMember.householdId, household.id), eq(householdMember.isReferencePerson, 'yes')),
    )
    .where(
      and(
        householdListScope(actor, 'household.read'),
        // Erased households name nobody: they are found only through the register of erasures (src/privacy).
        isNull(household.anonymisedAt),
        archived && mayReadArchive(actor)
          ? sql`${household.archivedAt} is not null`
          : isNull(household.archivedAt),
        terms.length === 0
          ? undefined
          : or(
              eq(household.reference, (query ?? '').trim().toUpperCase()),
              sql`${household.id} in (select ${householdMember.householdId} from ${householdMember} where ${and(...match)})`,
            ),
        after ? sql`${household.id} > ${after}` : undefined,
      ),
    )
    .orderBy(asc(household.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  if (items.length > 0)
    await recordAudit(db, actor, {
      action: 'household.search',
      entityType: 'household',
      details: { archived, householdIds: items.map((h) => h.id) },
    });
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}
