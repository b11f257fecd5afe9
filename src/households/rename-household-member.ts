// Rectification (GDPR art. 16): a member's name corrected, through the household page or the API, logged like
// every change to a household (the audit trail says which member, not the names).
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../platform/db/index.ts';
import { type Actor, assertCan } from '../platform/permissions/index.ts';
import { changeHousehold } from './household-change.ts';
import { householdMember } from './schema.ts';
import { householdResource } from './scope.ts';
import { HouseholdMemberInput } from './values.ts';

export const MemberName = z.object({
  memberId: z.coerce.number().int().positive('Choisissez la personne'),
  firstName: HouseholdMemberInput.shape.firstName,
  lastName: HouseholdMemberInput.shape.lastName,
});

export async function renameHouseholdMember(args: {
  db: Db;
  actor: Actor;
  householdId: number;
  name: z.infer<typeof MemberName>;
}): Promise<{ ok: true } | { ok: false; reason: 'unknown_member' }> {
  const { db, actor, name, householdId } = args;
  assertCan(actor, 'household.write', await householdResource(db, householdId));
  const [member] = await db
    .select({ id: householdMember.id })
    .from(householdMember)
    .where(and(eq(householdMember.id, name.memberId), eq(householdMember.householdId, householdId)));
  if (!member) return { ok: false, reason: 'unknown_member' };
  await changeHousehold(
    args,
    'household.write',
    { action: 'household.member_renamed', details: { memberId: name.memberId } },
    (tx) =>
      tx
        .update(householdMember)
        .set({ firstName: name.firstName, lastName: name.lastName })
        .where(eq(householdMember.id, name.memberId)),
  );
  return { ok: true };
}
