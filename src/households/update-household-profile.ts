import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { changeHousehold } from './household-change.ts';
import { household } from './schema.ts';
import type { HouseholdProfile } from './values.ts';

/** The optional statistics profile; its values are not copied into the audit trail. */
export async function updateHouseholdProfile(args: {
  db: Db;
  actor: Actor;
  householdId: number;
  profile: z.infer<typeof HouseholdProfile>;
}): Promise<void> {
  await changeHousehold(args, 'household.profile.write', { action: 'household.profile_updated' }, (tx) =>
    tx.update(household).set(args.profile).where(eq(household.id, args.householdId)),
  );
}
