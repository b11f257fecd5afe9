import { type Actor, can, scopeOf } from '../../platform/permissions/index.ts';

/**
 * Who may withdraw a testimony: the coordinator; the organisation that recorded it; the person, from their own
 * account, when it is linked to their household.
 */
export function mayWithdraw(
  actor: Actor,
  row: { programmeId: number; organisationId: number | null; householdId: number | null },
): boolean {
  if (can(actor, 'testimony.record', { programmeId: row.programmeId, organisationId: row.organisationId }))
    return true;
  return (
    row.householdId !== null &&
    scopeOf(actor, 'household.write') === 'household' &&
    can(actor, 'household.write', { programmeId: row.programmeId, householdId: row.householdId })
  );
}
