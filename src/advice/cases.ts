// Advice cases: a consumer association's file on a household's question about an operator — private to that
// association; notes and actions; status, outcome and money recovered.
import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import { householdMember, householdResource } from '../households/index.ts';
import { organisation } from '../partners/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import {
  type Action,
  type Actor,
  assertCan,
  assertCanAtAll,
  canAtAll,
  NotFoundError,
} from '../platform/permissions/index.ts';
import type { Refused } from './refusals.ts';
import { nextStatusAllowed } from './rules.ts';
import {
  type AdviceActionKind,
  type AdviceStatus,
  type AdviceTopic,
  adviceCase,
  adviceEntry,
} from './schema.ts';

/** The case, after checking the actor's association holds it (another association: not found; others: forbidden). */
export async function caseScope(db: DbOrTx, actor: Actor, caseId: number, action: Action = 'advice.read') {
  const [row] = await db
    .select({
      id: adviceCase.id,
      organisationId: adviceCase.organisationId,
      householdId: adviceCase.householdId,
      memberId: adviceCase.memberId,
      programmeId: adviceCase.programmeId,
      reference: adviceCase.reference,
    })
    .from(adviceCase)
    .where(and(eq(adviceCase.id, caseId), eq(adviceCase.programmeId, actor.programmeId)));
  if (!row) throw new NotFoundError('advice_case');
  // Another association is not even told the case exists; roles without advice rights are simply forbidden.
  if (canAtAll(actor, action) && actor.organisationId !== row.organisationId)
    throw new NotFoundError('advice_case');
  assertCan(actor, action, { programmeId: row.programmeId, organisationId: row.organisationId });
  return row;
}

export type OpenCaseResult =
  | { ok: true; caseId: number; reference: string }
  | Refused<'not_a_member' | 'not_an_operator'>;

/** An adviser opens a case for a household member (any household of the programme: people come to the office). */
export async function openCase({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: {
    householdId: number;
    memberId: number;
    topic: AdviceTopic;
    operatorId?: number;
    operatorName?: string;
    summary: string;
    openedOn: string;
  };
}): Promise<OpenCaseResult> {
  assertCan(actor, 'advice.write', { programmeId: actor.programmeId, organisationId: actor.organisationId });
  const household = await householdResource(db, input.householdId);
  if (household.programmeId !== actor.programmeId) throw new NotFoundError('household');
  const [member] = await db
    .select({ householdId: householdMember.householdId })
    .from(householdMember)
    .where(eq(householdMember.id, input.memberId));
  if (member?.householdId !== input.householdId)
    return { ok: false, reason: 'not_a_member', field: 'memberId' };
  if (input.operatorId) {
    const [op] = await db
      .select({ kind: organisation.kind })
      .from(organisation)
      .where(and(eq(organisation.id, input.operatorId), eq(organisation.programmeId, actor.programmeId)));
    if (op?.kind !== 'operator') return { ok: false, reason: 'not_an_operator', field: 'operatorId' };
  }
  return db.transaction(async (tx) => {
    // References are per programme and year: CONS-2026-0042 (serialised per programme by an advisory lock).
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext('advice_case_reference'), ${actor.programmeId})`,
    );
    const year = input.openedOn.slice(0, 4);
    const [last] = await tx.execute<{ n: number }>(sql`
      select coalesce(max(substring(reference from '[0-9]+$')::int), 0) as n from advice_case
       where programme_id = ${actor.programmeId} and reference like ${`CONS-${year}-%`}`);
    const reference = `CONS-${year}-${String((last?.n ?? 0) + 1).padStart(4, '0')}`;
    const [row] = await tx
      .insert(adviceCase)
      .values({
        programmeId: actor.programmeId,
        organisationId: actor.organisationId!,
        reference,
        householdId: input.householdId,
        memberId: input.memberId,
        topic: input.topic,
        operatorId: input.operatorId ?? null,
        operatorName: input.operatorId ? null : (input.operatorName ?? null),
        summary: input.summary,
        openedOn: input.openedOn,
        openedBy: actor.label,
      })
      .returning({ id: adviceCase.id });
    await recordAudit(tx, actor, {
      action: 'advice.case_opened',
      entityType: 'household',
      entityId: input.householdId,
      // The timeline says a case exists, not what it is about: the topic stays with the association.
      details: { caseId: row!.id, reference, organisationId: actor.organisationId },
    });
    return { ok: true as const, caseId: row!.id, reference };
  });
}

/** A note or an action on a case (letter sent, formal notice, referral to the ombudsman or a social worker). */
export async function addEntry({
  db,
  actor,
  caseId,
  input,
}: {
  db: Db;
  actor: Actor;
  caseId: number;
  input: { kind: 'note' | AdviceActionKind; on: string; body: string };
}): Promise<{ ok: true; entryId: number }> {
  await caseScope(db, actor, caseId, 'advice.write');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(adviceEntry)
      .values({ caseId, kind: input.kind, on: input.on, body: input.body, author: actor.label })
      .returning({ id: adviceEntry.id });
    await tx.update(adviceCase).set({ updatedAt: new Date() }).where(eq(adviceCase.id, caseId));
    await recordAudit(tx, actor, {
      action: input.kind === 'note' ? 'advice.note_added' : 'advice.action_recorded',
      entityType: 'advice_case',
      entityId: caseId,
      details: { entryId: row!.id, kind: input.kind, on: input.on },
    });
    return { ok: true as const, entryId: row!.id };
  });
}

/** Moves a case on: waiting for the operator, resolved (with the outcome and money recovered), closed without result. */
export async function setCaseStatus({
  db,
  actor,
  caseId,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  caseId: number;
  input: { status: AdviceStatus; outcome?: string; recoveredCents?: number };
  now?: Date;
}): Promise<{ ok: true } | Refused<'illegal_status'>> {
  await caseScope(db, actor, caseId, 'advice.write');
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: adviceCase.status })
      .from(adviceCase)
      .where(eq(adviceCase.id, caseId))
      .for('update');
    if (!nextStatusAllowed(current!.status, input.status))
      return { ok: false as const, reason: 'illegal_status' as const };
    const closing = input.status === 'resolved' || input.status === 'closed_no_result';
    await tx
      .update(adviceCase)
      .set({
        status: input.status,
        outcome: input.outcome ?? null,
        recoveredCents: input.recoveredCents ?? 0,
        closedOn: closing ? localDate(now) : null,
        updatedAt: now,
      })
      .where(eq(adviceCase.id, caseId));
    await recordAudit(tx, actor, {
      action: 'advice.status_changed',
      entityType: 'advice_case',
      entityId: caseId,
      details: { from: current!.status, to: input.status, recoveredCents: input.recoveredCents ?? 0 },
    });
    return { ok: true as const };
  });
}

/** The association's cases, newest first (keyset), with filters. */
export async function listCases({
  db,
  actor,
  filter = {},
}: {
  db: DbOrTx;
  actor: Actor;
  filter?: {
    status?: AdviceStatus;
    topic?: AdviceTopic;
    householdId?: number;
    beforeId?: number;
    limit?: number;
  };
}) {
  assertCanAtAll(actor, 'advice.read');
  const where = [
    eq(adviceCase.programmeId, actor.programmeId),
    eq(adviceCase.organisationId, actor.organisationId ?? -1),
  ];
  if (filter.status) where.push(eq(adviceCase.status, filter.status));
  if (filter.topic) where.push(eq(adviceCase.topic, filter.topic));
  if (filter.householdId) where.push(eq(adviceCase.householdId, filter.householdId));
  if (filter.beforeId) where.push(lt(adviceCase.id, filter.beforeId));
  return db
    .select({
      id: adviceCase.id,
      reference: adviceCase.reference,
      topic: adviceCase.topic,
      status: adviceCase.status,
      householdId: adviceCase.householdId,
      memberName: sql<string>`${householdMember.firstName} || ' ' || ${householdMember.lastName}`,
      operator: sql<string | null>`coalesce(${organisation.name}, ${adviceCase.operatorName})`,
      openedOn: adviceCase.openedOn,
      closedOn: adviceCase.closedOn,
      recoveredCents: adviceCase.recoveredCents,
    })
    .from(adviceCase)
    .innerJoin(householdMember, eq(householdMember.id, adviceCase.memberId))
    .leftJoin(organisation, eq(organisation.id, adviceCase.operatorId))
    .where(and(...where))
    .orderBy(desc(adviceCase.id))
    .limit(Math.min(filter.limit ?? 50, 200));
}

/** One case with its entries (reading it is audited). */
export async function getCase({ db, actor, caseId }: { db: Db; actor: Actor; caseId: number }) {
  await caseScope(db, actor, caseId);
  const [row] = await db
    .select({
      case: adviceCase,
      memberName: sql<string>`${householdMember.firstName} || ' ' || ${householdMember.lastName}`,
      operator: sql<string | null>`coalesce(${organisation.name}, ${adviceCase.operatorName})`,
    })
    .from(adviceCase)
    .innerJoin(householdMember, eq(householdMember.id, adviceCase.memberId))
    .leftJoin(organisation, eq(organisation.id, adviceCase.operatorId))
    .where(eq(adviceCase.id, caseId));
  const entries = await db
    .select()
    .from(adviceEntry)
    .where(eq(adviceEntry.caseId, caseId))
    .orderBy(asc(adviceEntry.on), asc(adviceEntry.id));
  await recordAudit(db, actor, { action: 'advice.case_read', entityType: 'advice_case', entityId: caseId });
  return { ...row!.case, memberName: row!.memberName, operator: row!.operator, entries };
}
