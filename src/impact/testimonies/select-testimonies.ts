// The testimonies as staff and residents see them listed, with whether the actor may withdraw each.
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { household } from '../../households/index.ts';
import { organisation } from '../../partners/index.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/permissions/index.ts';
import { sector } from '../../territory/index.ts';
import { type ConsentForm, type TestimonyAttribution, testimony } from '../schema.ts';
import { mayWithdraw } from './may-withdraw.ts';

export interface TestimonyRow {
  id: number;
  /** Null once withdrawn. */
  quote: string | null;
  attribution: TestimonyAttribution;
  firstName: string | null;
  context: string | null;
  householdId: number | null;
  householdReference: string | null;
  sectorId: number | null;
  sectorName: string | null;
  organisationId: number | null;
  organisationName: string | null;
  consentOn: string;
  consentForm: ConsentForm;
  recordedBy: string;
  recordedAt: Date;
  withdrawnOn: string | null;
  /** Whether the actor may withdraw it (false once withdrawn). */
  canWithdraw: boolean;
}

const rowColumns = {
  id: testimony.id,
  programmeId: testimony.programmeId,
  quote: testimony.quote,
  attribution: testimony.attribution,
  firstName: testimony.firstName,
  context: testimony.context,
  householdId: testimony.householdId,
  householdReference: household.reference,
  sectorId: testimony.sectorId,
  sectorName: sector.name,
  organisationId: testimony.organisationId,
  organisationName: organisation.name,
  consentOn: testimony.consentOn,
  consentForm: testimony.consentForm,
  recordedBy: testimony.recordedBy,
  recordedAt: testimony.recordedAt,
  withdrawnOn: testimony.withdrawnOn,
};

export async function selectTestimonies(db: DbOrTx, actor: Actor, where: SQL[]): Promise<TestimonyRow[]> {
  const rows = await db
    .select(rowColumns)
    .from(testimony)
    .leftJoin(household, eq(household.id, testimony.householdId))
    .leftJoin(sector, eq(sector.id, testimony.sectorId))
    .leftJoin(organisation, eq(organisation.id, testimony.organisationId))
    .where(and(eq(testimony.programmeId, actor.programmeId), ...where))
    .orderBy(desc(testimony.consentOn), desc(testimony.id));
  return rows.map(({ programmeId, ...r }) => ({
    ...r,
    canWithdraw: r.withdrawnOn === null && mayWithdraw(actor, { programmeId, ...r }),
  }));
}
