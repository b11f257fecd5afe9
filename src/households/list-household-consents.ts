// A household's consents, purpose by purpose, with their dates and how they were collected: for the consents page
// and the API. Reading them is reading the household's record, so it is audited like one (same transaction).
import { asc, desc, eq } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, assertCan, can, NotFoundError } from '../platform/permissions/index.ts';
import { type ConsentPurpose, type ConsentState, consentState } from './consent-state.ts';
import { consent, household } from './schema.ts';
import { householdResource, mayReadArchive } from './scope.ts';
import { consentPurposes } from './values.ts';

export interface HouseholdConsents {
  householdId: number;
  reference: string;
  /** Every consent row, newest first: a purpose given, withdrawn and given again has two. */
  consents: {
    id: number;
    purpose: ConsentPurpose;
    givenOn: string;
    source: string;
    withdrawnOn: string | null;
  }[];
  /** Each purpose's state now, in the order of `consentPurposes`. */
  purposes: { purpose: ConsentPurpose; state: ConsentState; activeId: number | null }[];
  /** Whether the actor may give and withdraw consents for this household. */
  mayWrite: boolean;
}

export async function listHouseholdConsents({
  db,
  actor,
  householdId,
}: {
  db: Db;
  actor: Actor;
  householdId: number;
}): Promise<HouseholdConsents> {
  const resource = await householdResource(db, householdId);
  assertCan(actor, 'household.read', resource);
  return db.transaction(async (tx) => {
    const [h] = await tx
      .select({ reference: household.reference, archivedAt: household.archivedAt })
      .from(household)
      .where(eq(household.id, householdId));
    if (!h || (h.archivedAt && !mayReadArchive(actor))) throw new NotFoundError('household');
    const rows = await tx
      .select({
        id: consent.id,
        purpose: consent.purpose,
        givenOn: consent.givenOn,
        source: consent.source,
        withdrawnOn: consent.withdrawnOn,
      })
      .from(consent)
      .where(eq(consent.householdId, householdId))
      .orderBy(desc(consent.givenOn), desc(consent.id), asc(consent.purpose));
    await recordAudit(tx, actor, {
      action: 'household.read',
      entityType: 'household',
      entityId: householdId,
      details: { view: 'consents' },
    });
    const consents = rows.map((r) => ({ ...r, purpose: r.purpose as ConsentPurpose }));
    return {
      householdId,
      reference: h.reference,
      consents,
      purposes: consentPurposes.map((purpose) => ({
        purpose,
        state: consentState(consents, purpose),
        activeId: consents.find((c) => c.purpose === purpose && c.withdrawnOn === null)?.id ?? null,
      })),
      mayWrite: can(actor, 'household.write', resource),
    };
  });
}
