import { and, desc, eq } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Actor, can } from '../platform/permissions/index.ts';
import { dwellingResource } from '../territory/index.ts';
import { household, householdMember, tenancy } from './schema.ts';

/** Who lived in a dwelling and when; names only for those allowed to read households there, and that read is audited. */
export async function listDwellingTenancies({
  db,
  actor,
  dwellingId,
}: {
  db: DbOrTx;
  actor: Actor;
  dwellingId: number;
}) {
  const resource = await dwellingResource(db, dwellingId);
  if (!can(actor, 'household.read', resource)) return null;
  const rows = await db
    .select({
      id: tenancy.id,
      startDate: tenancy.startDate,
      endDate: tenancy.endDate,
      householdId: household.id,
      householdReference: household.reference,
      firstName: householdMember.firstName,
      lastName: householdMember.lastName,
    })
    .from(tenancy)
    .innerJoin(household, eq(household.id, tenancy.householdId))
    .leftJoin(
      householdMember,
      and(eq(householdMember.householdId, household.id), eq(householdMember.isReferencePerson, 'yes')),
    )
    .where(eq(tenancy.dwellingId, dwellingId))
    .orderBy(desc(tenancy.startDate));
  if (rows.length > 0)
    await recordAudit(db, actor, {
      action: 'dwelling.tenants.read',
      entityType: 'dwelling',
      entityId: dwellingId,
      details: { householdIds: [...new Set(rows.map((r) => r.householdId))] },
    });
  return rows;
}
