import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { changeHousehold } from './household-change.ts';
import { household } from './schema.ts';
import type { HouseholdContact } from './values.ts';

export async function updateHouseholdContact(args: {
  db: Db;
  actor: Actor;
  householdId: number;
  contact: z.infer<typeof HouseholdContact>;
}): Promise<void> {
  const { contact } = args;
  // The audit trail names what changed, not the new phone number or e-mail.
  await changeHousehold(
    args,
    'household.write',
    {
      action: 'household.contact_updated',
      details: { channels: contact.channels, language: contact.language },
    },
    (tx) =>
      tx
        .update(household)
        .set({
          phone: contact.phone ?? null,
          email: contact.email ?? null,
          channels: contact.channels,
          language: contact.language,
        })
        .where(eq(household.id, args.householdId)),
  );
}
