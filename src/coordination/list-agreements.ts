// Reading partnership agreements: the list (alerts on top), the renewals due for the roll-out's dashboard, the CSV of
// renewals, and the partners one may sign with.
import { and, asc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type OrganisationKind, organisation } from '../partners/index.ts';
import { csvCell } from '../platform/csv/index.ts';
import { localDate } from '../platform/dates.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan, assertCanAtAll } from '../platform/permissions/index.ts';
import {
  alertFrom,
  compareForCoordinator,
  daysBetween,
  needsRenewal,
  type RenewalState,
  renewalState,
} from './rules.ts';
import { agreement } from './schema.ts';

export interface AgreementRow {
  id: number;
  reference: string;
  organisationId: number;
  organisationName: string;
  organisationKind: OrganisationKind;
  object: string;
  startsOn: string;
  endsOn: string;
  amountCents: number;
  noticeDays: number;
  status: 'active' | 'terminated';
  /** The agreement this one renews, and the one that renews it. */
  renewsId: number | null;
  renewedById: number | null;
  /** Where it stands today (Paris): `renewal_due` and `expired` are the alerts. */
  state: RenewalState;
  /** The first day of the renewal alert. */
  alertFrom: string;
  /** Days from today to its end (negative once ended). */
  daysLeft: number;
  createdBy: string;
  createdAt: Date;
}

const successor = alias(agreement, 'successor');

const columns = {
  id: agreement.id,
  reference: agreement.reference,
  organisationId: agreement.organisationId,
  organisationName: organisation.name,
  organisationKind: organisation.kind,
  object: agreement.object,
  startsOn: agreement.startsOn,
  endsOn: agreement.endsOn,
  amountCents: agreement.amountCents,
  noticeDays: agreement.noticeDays,
  status: agreement.status,
  renewsId: agreement.renewsId,
  renewedById: successor.id,
  createdBy: agreement.createdBy,
  createdAt: agreement.createdAt,
};

type Selected = Omit<AgreementRow, 'state' | 'alertFrom' | 'daysLeft' | 'organisationKind'> & {
  organisationKind: string;
};

export const withState = (row: Selected, today: string): AgreementRow => ({
  ...row,
  organisationKind: row.organisationKind as OrganisationKind,
  state: renewalState({ ...row, renewed: row.renewedById !== null }, today),
  alertFrom: alertFrom(row.endsOn, row.noticeDays),
  daysLeft: daysBetween(today, row.endsOn),
});

/** The agreements the actor may read: the coordinator and the administrator all of them, a partner its own. */
export async function selectAgreements(db: DbOrTx, actor: Actor, where: SQL[]): Promise<Selected[]> {
  const scope = assertCanAtAll(actor, 'agreement.read');
  const conditions = [eq(agreement.programmeId, actor.programmeId), ...where];
  if (scope !== 'programme') conditions.push(eq(agreement.organisationId, actor.organisationId ?? -1));
  return db
    .select(columns)
    .from(agreement)
    .innerJoin(organisation, eq(organisation.id, agreement.organisationId))
    .leftJoin(successor, eq(successor.renewsId, agreement.id))
    .where(and(...conditions))
    .orderBy(asc(agreement.endsOn), asc(agreement.reference));
}

export interface AgreementFilter {
  organisationId?: number;
  status?: 'active' | 'terminated';
  /** Only those to renew (renewal due or expired, not renewed). */
  due?: boolean;
}

/** The agreements, alerts first (expired, then the nearest end), then the others, latest end first. */
export async function listAgreements({
  db,
  actor,
  filter = {},
  today = localDate(new Date()),
}: {
  db: DbOrTx;
  actor: Actor;
  filter?: AgreementFilter;
  today?: string;
}): Promise<AgreementRow[]> {
  const where: SQL[] = [];
  if (filter.organisationId) where.push(eq(agreement.organisationId, filter.organisationId));
  if (filter.status) where.push(eq(agreement.status, filter.status));
  const rows = (await selectAgreements(db, actor, where)).map((r) => withState(r, today));
  return (filter.due ? rows.filter((r) => needsRenewal(r.state)) : rows).sort(compareForCoordinator);
}

/**
 * The agreements due for renewal today (Paris) that the actor may read — in the alert window or ended, active, and
 * renewed by no other — expired first, then by end. For the coordination pages and the roll-out's dashboard.
 */
export async function listRenewalsDue({
  db,
  actor,
  today = localDate(new Date()),
}: {
  db: DbOrTx;
  actor: Actor;
  today?: string;
}): Promise<AgreementRow[]> {
  const rows = await selectAgreements(db, actor, [
    eq(agreement.status, 'active'),
    isNull(successor.id),
    sql`${agreement.endsOn} - ${agreement.noticeDays}::int <= ${today}::date`,
  ]);
  return rows
    .map((r) => withState(r, today))
    .filter((r) => needsRenewal(r.state))
    .sort(compareForCoordinator);
}

const stateLabels: Record<RenewalState, string> = {
  current: 'en cours',
  upcoming: 'à venir',
  renewal_due: 'à renouveler',
  expired: 'échue',
  renewed: 'renouvelée',
  terminated: 'résiliée',
};
/** How people read a renewal state. */
export const renewalStateLabel = (state: RenewalState) => stateLabels[state];

const euros = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

export const renewalsCsvColumns = [
  'reference',
  'partenaire',
  'objet',
  'debut',
  'fin',
  'preavis_jours',
  'alerte_depuis',
  'jours_restants',
  'etat',
  'montant_euros',
] as const;

/** Agreements as French spreadsheets open them: UTF-8 with BOM, `;`, CRLF, decimal comma, formulas neutralised. */
export function renewalsCsv(rows: AgreementRow[]): string {
  const lines = rows.map((r) =>
    [
      csvCell(r.reference),
      csvCell(r.organisationName),
      csvCell(r.object.replace(/\s+/g, ' ')),
      r.startsOn,
      r.endsOn,
      String(r.noticeDays),
      r.alertFrom,
      String(r.daysLeft),
      stateLabels[r.state],
      euros(r.amountCents),
    ].join(';'),
  );
  return `\uFEFF${[renewalsCsvColumns.join(';'), ...lines].map((l) => `${l}\r\n`).join('')}`;
}

/** The partners the coordinator may sign an agreement with (every organisation of the programme, active first). */
export async function agreementPartners({ db, actor }: { db: DbOrTx; actor: Actor }) {
  assertCan(actor, 'agreement.manage', { programmeId: actor.programmeId });
  const rows = await db
    .select({
      id: organisation.id,
      name: organisation.name,
      kind: organisation.kind,
      active: organisation.active,
    })
    .from(organisation)
    .where(eq(organisation.programmeId, actor.programmeId))
    .orderBy(asc(organisation.name));
  return rows.map((r) => ({ ...r, kind: r.kind as OrganisationKind }));
}
