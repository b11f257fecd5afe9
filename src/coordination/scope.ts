// Loading a coordination record for an actor: another programme's record is not found; a record the actor's role
// may not touch is forbidden. Shared by the use cases of this module only.
import { and, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type OrganisationKind, organisation } from '../partners/index.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Action, type Actor, assertCan, NotFoundError } from '../platform/permissions/index.ts';
import { agreement, steeringAction, steeringMeeting, subsidy } from './schema.ts';

/** The kinds of partner a subsidy may go to: the associations and facilities that accompany residents. */
export const associationKinds: readonly OrganisationKind[] = [
  'facility',
  'recycling_centre',
  'consumer_association',
  'tenant_association',
];

export type DbError = { code?: string; constraint_name?: string; constraint?: string };
/** The PostgreSQL error behind a Drizzle one. */
export const pgError = (error: unknown): DbError =>
  (error as { cause?: DbError })?.cause ?? (error as DbError) ?? {};
export const isUniqueViolation = (error: unknown, constraint: string) => {
  const e = pgError(error);
  return e.code === '23505' && (e.constraint_name ?? e.constraint) === constraint;
};

/** A partner organisation of the actor's programme, or null. */
export async function partnerOf(db: DbOrTx, programmeId: number, organisationId: number) {
  const [row] = await db
    .select({
      id: organisation.id,
      name: organisation.name,
      kind: organisation.kind,
      active: organisation.active,
    })
    .from(organisation)
    .where(and(eq(organisation.id, organisationId), eq(organisation.programmeId, programmeId)));
  return row ? { ...row, kind: row.kind as OrganisationKind } : null;
}

const successor = alias(agreement, 'successor');

/** An agreement with whether another renews it, after checking `action` on it (its partner is its scope). */
export async function agreementScope(
  db: DbOrTx,
  actor: Actor,
  agreementId: number,
  action: Action,
  { lock = false } = {},
) {
  const query = db
    .select({ row: agreement, renewedById: successor.id, renewedStartsOn: successor.startsOn })
    .from(agreement)
    .leftJoin(successor, eq(successor.renewsId, agreement.id))
    .where(and(eq(agreement.id, agreementId), eq(agreement.programmeId, actor.programmeId)));
  const [found] = lock ? await query.for('update', { of: agreement }) : await query;
  if (!found) throw new NotFoundError('agreement');
  assertCan(actor, action, { programmeId: found.row.programmeId, organisationId: found.row.organisationId });
  return { ...found.row, renewedById: found.renewedById, renewedStartsOn: found.renewedStartsOn };
}

export async function subsidyScope(
  db: DbOrTx,
  actor: Actor,
  subsidyId: number,
  action: Action,
  { lock = false } = {},
) {
  const query = db
    .select()
    .from(subsidy)
    .where(and(eq(subsidy.id, subsidyId), eq(subsidy.programmeId, actor.programmeId)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new NotFoundError('subsidy');
  assertCan(actor, action, { programmeId: row.programmeId, organisationId: row.organisationId });
  return row;
}

export async function meetingScope(db: DbOrTx, actor: Actor, meetingId: number, action: Action) {
  const [row] = await db
    .select()
    .from(steeringMeeting)
    .where(and(eq(steeringMeeting.id, meetingId), eq(steeringMeeting.programmeId, actor.programmeId)));
  if (!row) throw new NotFoundError('steering_meeting');
  assertCan(actor, action, { programmeId: row.programmeId });
  return row;
}

/** A follow-up action; `committee.follow` reaches the actions whose owner is the actor's organisation. */
export async function actionScope(
  db: DbOrTx,
  actor: Actor,
  actionId: number,
  action: Action,
  { lock = false } = {},
) {
  const query = db
    .select()
    .from(steeringAction)
    .where(and(eq(steeringAction.id, actionId), eq(steeringAction.programmeId, actor.programmeId)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new NotFoundError('steering_action');
  assertCan(actor, action, { programmeId: row.programmeId, organisationId: row.ownerOrganisationId });
  return row;
}
