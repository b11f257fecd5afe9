import type { z } from 'zod';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { changeHousehold } from './household-change.ts';
import { householdMember } from './schema.ts';
import { ageBandFor, type HouseholdMemberInput } from './values.ts';

export async function addHouseholdMember(args: {
  db: Db;
  actor: Actor;
  householdId: number;
  member: z.infer<typeof HouseholdMemberInput>;
  today?: Date;
}): Promise<number> {
  const { member } = args;
  return changeHousehold(args, 'household.write', { action: 'household.member_added' }, async (tx) => {
    const [row] = await tx
      .insert(householdMember)
      .values({
        programmeId: args.actor.programmeId,
        householdId: args.householdId,
        firstName: member.firstName,
        lastName: member.lastName,
        birthYear: member.birthYear ?? null,
        ageBand: member.birthYear ? ageBandFor(member.birthYear, args.today ?? new Date()) : member.ageBand,
      })
      .returning({ id: householdMember.id });
    return row!.id;
  });
}
