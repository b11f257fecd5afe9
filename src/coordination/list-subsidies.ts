// Reading subsidies: the list (a year, an association), one subsidy with its payments, and the choices of the forms.
import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { organisation } from '../partners/index.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan, assertCanAtAll, can, NotFoundError } from '../platform/permissions/index.ts';
import { remainingToPay, type SubsidyStage, subsidyStage } from './rules.ts';
import { agreement, subsidy, subsidyPayment } from './schema.ts';
import { associationKinds } from './scope.ts';

export interface SubsidyRow {
  id: number;
  organisationId: number;
  organisationName: string;
  year: number;
  purpose: string;
  plannedCents: number;
  committedCents: number | null;
  committedOn: string | null;
  paidCents: number;
  /** Voted and not yet paid. */
  remainingCents: number;
  stage: SubsidyStage;
  agreementId: number | null;
  agreementReference: string | null;
  createdBy: string;
  createdAt: Date;
}

const columns = {
  id: subsidy.id,
  organisationId: subsidy.organisationId,
  organisationName: organisation.name,
  year: subsidy.year,
  purpose: subsidy.purpose,
  plannedCents: subsidy.plannedCents,
  committedCents: subsidy.committedCents,
  committedOn: subsidy.committedOn,
  paidCents: subsidy.paidCents,
  agreementId: subsidy.agreementId,
  agreementReference: agreement.reference,
  createdBy: subsidy.createdBy,
  createdAt: subsidy.createdAt,
};

/** The subsidy rows the actor may read: the coordinator all, an association its own. */
export async function selectSubsidies(db: DbOrTx, actor: Actor, where: SQL[]) {
  const scope = assertCanAtAll(actor, 'subsidy.read');
  const conditions = [eq(subsidy.programmeId, actor.programmeId), ...where];
  if (scope !== 'programme') conditions.push(eq(subsidy.organisationId, actor.organisationId ?? -1));
  const rows = await db
    .select(columns)
    .from(subsidy)
    .innerJoin(organisation, eq(organisation.id, subsidy.organisationId))
    .leftJoin(agreement, eq(agreement.id, subsidy.agreementId))
    .where(and(...conditions))
    .orderBy(desc(subsidy.year), asc(organisation.name), asc(subsidy.purpose));
  return rows.map((r): SubsidyRow => ({ ...r, remainingCents: remainingToPay(r), stage: subsidyStage(r) }));
}

export async function listSubsidies({
  db,
  actor,
  filter = {},
}: {
  db: DbOrTx;
  actor: Actor;
  filter?: { year?: number; organisationId?: number };
}): Promise<SubsidyRow[]> {
  const where: SQL[] = [];
  if (filter.year) where.push(eq(subsidy.year, filter.year));
  if (filter.organisationId) where.push(eq(subsidy.organisationId, filter.organisationId));
  return selectSubsidies(db, actor, where);
}

export interface SubsidyPaymentRow {
  id: number;
  paidOn: string;
  amountCents: number;
  reference: string | null;
  recordedBy: string;
  recordedAt: Date;
}

export interface SubsidyDetail extends SubsidyRow {
  programmeId: number;
  payments: SubsidyPaymentRow[];
  canManage: boolean;
}

/** One subsidy with its payments (oldest first); another association's reads as missing. */
export async function getSubsidy({
  db,
  actor,
  subsidyId,
}: {
  db: DbOrTx;
  actor: Actor;
  subsidyId: number;
}): Promise<SubsidyDetail> {
  const [row] = await selectSubsidies(db, actor, [eq(subsidy.id, subsidyId)]);
  if (!row) throw new NotFoundError('subsidy');
  const payments = await db
    .select({
      id: subsidyPayment.id,
      paidOn: subsidyPayment.paidOn,
      amountCents: subsidyPayment.amountCents,
      reference: subsidyPayment.reference,
      recordedBy: subsidyPayment.recordedBy,
      recordedAt: subsidyPayment.recordedAt,
    })
    .from(subsidyPayment)
    .where(eq(subsidyPayment.subsidyId, subsidyId))
    .orderBy(asc(subsidyPayment.paidOn), asc(subsidyPayment.id));
  return {
    ...row,
    programmeId: actor.programmeId,
    payments,
    canManage: can(actor, 'subsidy.manage', {
      programmeId: actor.programmeId,
      organisationId: row.organisationId,
    }),
  };
}

/**
 * The associations a subsidy may go to, each with its agreements (to link the subsidy to one), and the purposes
 * already used (to type the same words again): the coordinator's forms.
 */
export async function subsidyChoices({ db, actor }: { db: DbOrTx; actor: Actor }) {
  assertCan(actor, 'subsidy.manage', { programmeId: actor.programmeId });
  const associations = await db
    .select({
      id: organisation.id,
      name: organisation.name,
      kind: organisation.kind,
      active: organisation.active,
    })
    .from(organisation)
    .where(
      and(eq(organisation.programmeId, actor.programmeId), inArray(organisation.kind, [...associationKinds])),
    )
    .orderBy(asc(organisation.name));
  const agreements = await db
    .select({
      id: agreement.id,
      organisationId: agreement.organisationId,
      reference: agreement.reference,
      startsOn: agreement.startsOn,
      endsOn: agreement.endsOn,
    })
    .from(agreement)
    .where(eq(agreement.programmeId, actor.programmeId))
    .orderBy(desc(agreement.startsOn));
  const purposes = await db
    .selectDistinct({ purpose: subsidy.purpose })
    .from(subsidy)
    .where(eq(subsidy.programmeId, actor.programmeId))
    .orderBy(asc(subsidy.purpose));
  const ids = new Set(associations.map((a) => a.id));
  return {
    associations,
    agreements: agreements.filter((a) => ids.has(a.organisationId)),
    purposes: purposes.map((p) => p.purpose),
  };
}
