import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, assertCan } from '../platform/permissions/index.ts';
import { transactionUnlessRefused } from '../platform/sql/index.ts';
import { dwellingResource } from '../territory/index.ts';
import { household, householdMember } from './schema.ts';
import { startTenancyIn } from './start-tenancy.ts';
import { ageBandFor, type NewHousehold } from './values.ts';

export type CreateHouseholdResult =
  | { ok: true; householdId: number }
  | { ok: false; reason: 'dwelling_occupied' };

/** Registers a household in its dwelling, with its reference person and contact preferences. */
export async function createHousehold({
  db,
  actor,
  input,
  today = new Date(),
}: {
  db: Db;
  actor: Actor;
  input: z.infer<typeof NewHousehold>;
  today?: Date;
}): Promise<CreateHouseholdResult> {
  assertCan(actor, 'household.create', await dwellingResource(db, input.dwellingId));
  return transactionUnlessRefused<CreateHouseholdResult>(db, async (tx) => {
    const [created] = await tx
      .insert(household)
      .values({
        programmeId: actor.programmeId,
        reference: `tmp-${randomUUID()}`,
        phone: input.contact.phone ?? null,
        email: input.contact.email ?? null,
        channels: input.contact.channels,
        language: input.contact.language,
      })
      .returning({ id: household.id });
    const householdId = created!.id;
    await tx
      .update(household)
      .set({ reference: sql`'F-' || lpad(${householdId}::text, 6, '0')` })
      .where(eq(household.id, householdId));
    const member = input.member;
    await tx.insert(householdMember).values({
      programmeId: actor.programmeId,
      householdId,
      firstName: member.firstName,
      lastName: member.lastName,
      birthYear: member.birthYear ?? null,
      ageBand: member.birthYear ? ageBandFor(member.birthYear, today) : member.ageBand,
      isReferencePerson: 'yes',
    });
    const tenancy = await startTenancyIn(tx, actor, {
      householdId,
      dwellingId: input.dwellingId,
      startDate: input.tenancyStart,
    });
    if (!tenancy.ok) return { ok: false, reason: 'dwelling_occupied' };
    await recordAudit(tx, actor, {
      action: 'household.created',
      entityType: 'household',
      entityId: householdId,
      details: { dwellingId: input.dwellingId, tenancyStart: input.tenancyStart },
    });
    return { ok: true, householdId };
  });
}
