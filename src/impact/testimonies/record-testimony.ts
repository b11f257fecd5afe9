// Recording a testimony heard by staff, with the person's consent.
import { and, eq, sql } from 'drizzle-orm';
import { consentWithdrawn, household, householdResource } from '../../households/index.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { localDate } from '../../platform/dates.ts';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import { type Actor, assertCan, can, NotFoundError } from '../../platform/permissions/index.ts';
import { sector } from '../../territory/index.ts';
import { testimony } from '../schema.ts';
import { refuse, TestimonyInput, type TestimonyInputValue, type TestimonyRefused } from './values.ts';

export type RecordTestimonyResult =
  | { ok: true; testimonyId: number }
  | TestimonyRefused<
      'invalid' | 'consent_in_future' | 'unknown_household' | 'unknown_sector' | 'consent_withdrawn'
    >;

/**
 * Records a testimony for the actor's organisation (a facility, an association; the city for the coordinator).
 * A household named must be one the actor may read; its current sector is the testimony's when none is chosen.
 */
export async function recordTestimony({
  db,
  actor,
  input,
  today = localDate(new Date()),
}: {
  db: Db;
  actor: Actor;
  input: TestimonyInputValue;
  today?: string;
}): Promise<RecordTestimonyResult> {
  assertCan(actor, 'testimony.record', {
    programmeId: actor.programmeId,
    organisationId: actor.organisationId,
  });
  const parsed = TestimonyInput.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return { ...refuse('invalid', issues[0]?.path), issues };
  }
  const value = parsed.data;
  if (value.consentOn > today) return refuse('consent_in_future', 'consentOn');

  let householdId: number | null = null;
  let householdSectorId: number | null = null;
  if (value.householdId !== undefined || value.householdReference !== undefined) {
    const found = await readableHousehold(db, actor, value);
    if (!found) return refuse('unknown_household', value.householdId ? 'householdId' : 'householdReference');
    householdId = found.id;
    householdSectorId = found.sectorIds[0] ?? null;
    // The household said no to testimonies (consents page): none is linked to it until it says yes again.
    const [state] = await db.execute<{ withdrawn: boolean }>(
      sql`select ${consentWithdrawn('testimony', sql`${householdId}::int`)} as withdrawn`,
    );
    if (state?.withdrawn)
      return refuse('consent_withdrawn', value.householdId ? 'householdId' : 'householdReference');
  }
  if (value.sectorId !== undefined) {
    const [known] = await db
      .select({ id: sector.id })
      .from(sector)
      .where(and(eq(sector.id, value.sectorId), eq(sector.programmeId, actor.programmeId)));
    if (!known) return refuse('unknown_sector', 'sectorId');
  }
  const sectorId = value.sectorId ?? householdSectorId;

  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(testimony)
      .values({
        programmeId: actor.programmeId,
        householdId,
        sectorId,
        organisationId: actor.organisationId,
        quote: value.quote,
        attribution: value.attribution,
        firstName: value.firstName ?? null,
        context: value.context,
        consentOn: value.consentOn,
        consentForm: value.consentForm,
        recordedBy: actor.label,
      })
      .returning({ id: testimony.id });
    // The audit trail keeps neither the words nor the name: they must be erasable.
    await recordAudit(tx, actor, {
      action: 'testimony.recorded',
      entityType: 'testimony',
      entityId: row!.id,
      details: {
        attribution: value.attribution,
        consentOn: value.consentOn,
        consentForm: value.consentForm,
        householdId,
        sectorId,
        organisationId: actor.organisationId,
      },
    });
    return { ok: true as const, testimonyId: row!.id };
  });
}

/** The household named by id or reference, with its sectors, if the actor may read it; else null. */
async function readableHousehold(
  db: DbOrTx,
  actor: Actor,
  value: { householdId?: number; householdReference?: string },
) {
  let id = value.householdId;
  if (id === undefined) {
    const [row] = await db
      .select({ id: household.id })
      .from(household)
      .where(
        and(
          eq(household.programmeId, actor.programmeId),
          sql`upper(${household.reference}) = upper(${value.householdReference ?? ''})`,
        ),
      );
    if (!row) return null;
    id = row.id;
  }
  try {
    const resource = await householdResource(db, id);
    return can(actor, 'household.read', resource) ? { id, sectorIds: resource.sectorIds ?? [] } : null;
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}
