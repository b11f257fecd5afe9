import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { household } from './schema.ts';
import { householdListScope } from './scope.ts';

/**
 * The household a staff member names by its reference (F-000123), if it is one they may read — neither archived nor
 * erased. An exact lookup on the programme's unique reference, not a search: nothing is shown yet, so nothing is
 * audited here; reading the record afterwards (getHousehold) is.
 */
export async function findHouseholdByReference({
  db,
  actor,
  reference,
}: {
  db: DbOrTx;
  actor: Actor;
  reference: string;
}): Promise<number | null> {
  const [row] = await db
    .select({ id: household.id })
    .from(household)
    .where(
      and(
        eq(household.programmeId, actor.programmeId),
        eq(household.reference, reference.trim().toUpperCase()),
        householdListScope(actor, 'household.read'),
        isNull(household.archivedAt),
        isNull(household.anonymisedAt),
      ),
    );
  return row?.id ?? null;
}
