// Households ask to be connected; the operator schedules, activates or reports a failure; facilities help install.
import { and, eq, gt, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { consent, householdResource } from '../households/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan, assertCanAtAll, NotFoundError } from '../platform/permissions/index.ts';
import { transactionUnlessRefused } from '../platform/sql/index.ts';
import { openServiceHome } from './household-access.ts';
import type { Refused } from './refusals.ts';
import {
  type ActivationEventKind,
  defaultLateness,
  type Lateness,
  type LatenessSettings,
  lateness,
  nextStatus,
} from './rules.ts';
import { type ActivationStatus, activationEvent, activationRequest } from './schema.ts';
import type { ActivationEventInput } from './values.ts';

export type RequestActivationResult =
  | { ok: true; requestId: number }
  | Refused<'no_service' | 'request_live' | 'already_connected'>;

/**
 * A household asks to be connected (by itself, or with staff); the request goes to the operator of its sector's open
 * service. With the household's consent (`consent`, given unless said otherwise) the contact person's name and
 * phone go with it, and the consent to share them is recorded; without it, the request carries no contact at all:
 * the operator sees the dwelling and proposes the appointment by letter or through the landlord.
 */
export async function requestActivation({
  db,
  actor,
  householdId,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  householdId: number;
  input: {
    contactName?: string;
    contactPhone?: string;
    slots: string[];
    installHelp: boolean;
    /** Whether the household agrees to share the contact with the operator (yes when not said). */
    consent?: boolean;
  };
  now?: Date;
}): Promise<RequestActivationResult> {
  const share = input.consent !== false && Boolean(input.contactName && input.contactPhone);
  assertCan(actor, 'activation.request', await householdResource(db, householdId));
  const today = localDate(now);
  const home = await openServiceHome(db, householdId, today);
  if (!home) return { ok: false, reason: 'no_service' };
  return transactionUnlessRefused<RequestActivationResult>(db, async (tx) => {
    const [created] = await tx
      .insert(activationRequest)
      .values({
        programmeId: actor.programmeId,
        householdId,
        dwellingId: home.dwellingId,
        sectorId: home.sectorId,
        operatorId: home.operatorId,
        // Nothing of the person's when they do not agree: the operator gets the dwelling and the moments only.
        contactName: share ? input.contactName! : '',
        contactPhone: share ? input.contactPhone! : '',
        slots: input.slots,
        installHelp: input.installHelp,
        sentAt: now,
        updatedAt: changeTime,
        createdBy: actor.label,
      })
      .onConflictDoNothing()
      .returning({ id: activationRequest.id });
    if (!created) return { ok: false, reason: 'request_live' };
    const [connected] = await tx.execute(sql`
      select 1 from activation_request where household_id = ${householdId} and status = 'activated'
        and dwelling_id = ${home.dwellingId} and id <> ${created.id}`);
    if (connected) return { ok: false, reason: 'already_connected' };
    const [given] = await tx
      .select({ id: consent.id })
      .from(consent)
      .where(
        and(
          eq(consent.householdId, householdId),
          eq(consent.purpose, 'operator_sharing'),
          isNull(consent.withdrawnOn),
        ),
      );
    if (!given && share) {
      const source = actor.role === 'resident' ? 'online' : 'in_person';
      await tx.insert(consent).values({
        programmeId: actor.programmeId,
        householdId,
        purpose: 'operator_sharing',
        givenOn: today,
        source,
      });
      await recordAudit(tx, actor, {
        action: 'consent.given',
        entityType: 'household',
        entityId: householdId,
        details: { purpose: 'operator_sharing', givenOn: today, source },
      });
    }
    await tx
      .insert(activationEvent)
      .values({ requestId: created.id, kind: 'sent', toStatus: 'sent', at: now, recordedBy: actor.label });
    await recordAudit(tx, actor, {
      action: 'access.requested',
      entityType: 'household',
      entityId: householdId,
      details: {
        requestId: created.id,
        installHelp: input.installHelp,
        slots: input.slots,
        contactShared: share,
      },
    });
    return { ok: true, requestId: created.id };
  });
}

export type ActivationEventResult =
  | { ok: true; status: ActivationStatus; replayed: boolean }
  | (Refused<'illegal_transition' | 'idempotency_key_reused' | 'request_live'> & {
      status: ActivationStatus;
    });

const operatorEvents: ActivationEventKind[] = ['scheduled', 'activated', 'failed'];

/**
 * When a request last changed, as pollers see it: the clock at the write (not when the request began waiting for
 * its lock), to the millisecond like the `<time>|<id>` cursor. Pollers should still re-read a short overlap.
 */
const changeTime = sql`date_trunc('milliseconds', clock_timestamp())` as unknown as Date;

/** A flat JSON object written the same way whatever the order of its keys (jsonb reorders them). */
const canonical = (value: unknown) => {
  const plain = JSON.parse(JSON.stringify(value ?? {})) as Record<string, unknown>;
  return JSON.stringify(plain, Object.keys(plain).sort());
};

/**
 * One step of a request. The operator schedules, activates or reports a failure for requests of its sectors;
 * staff re-send a failed request or cancel one. With an idempotency key, the same event sent twice is applied once.
 */
export async function recordActivationEvent({
  db,
  actor,
  requestId,
  input,
  idempotencyKey,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  requestId: number;
  input: ActivationEventInput;
  idempotencyKey?: string;
  now?: Date;
}): Promise<ActivationEventResult> {
  return transactionUnlessRefused<ActivationEventResult>(db, async (tx) => {
    const request = await lockRequest(tx, actor, requestId);
    const resource = {
      programmeId: request.programmeId,
      sectorIds: [request.sectorId],
      householdId: request.householdId,
    };
    if (operatorEvents.includes(input.kind)) {
      assertCan(actor, 'activation.operate', resource);
      // An operator acts only on its own requests, whatever sectors it serves.
      if (actor.organisationId !== request.operatorId) throw new NotFoundError('activation_request');
    } else assertCan(actor, 'activation.request', resource);
    if (idempotencyKey) {
      const [done] = await tx
        .select({
          kind: activationEvent.kind,
          toStatus: activationEvent.toStatus,
          details: activationEvent.details,
        })
        .from(activationEvent)
        .where(
          and(eq(activationEvent.requestId, requestId), eq(activationEvent.idempotencyKey, idempotencyKey)),
        );
      // The same key for another step (or other details) is a client's mistake, not a replay.
      const { kind: _kind, ...sent } = input;
      if (done && (done.kind !== input.kind || canonical(done.details) !== canonical(sent)))
        return { ok: false, reason: 'idempotency_key_reused', status: request.status };
      if (done) return { ok: true, status: done.toStatus as ActivationStatus, replayed: true };
    }
    const to = nextStatus(request.status, input.kind);
    if (!to) return { ok: false, reason: 'illegal_transition', status: request.status };
    if (input.kind === 'resent') {
      // One request in progress per household: a newer one may have been sent since this one failed.
      const [other] = await tx.execute(sql`
        select 1 from activation_request where household_id = ${request.householdId} and id <> ${requestId}
          and status in ('sent', 'scheduled', 'activated')`);
      if (other) return { ok: false, reason: 'request_live', status: request.status };
    }
    const changes: Partial<typeof activationRequest.$inferInsert> = { status: to, updatedAt: changeTime };
    if (input.kind === 'scheduled')
      Object.assign(changes, { scheduledFor: input.scheduledFor, scheduledAt: now });
    if (input.kind === 'activated')
      Object.assign(changes, { activatedOn: input.activatedOn, equipmentRef: input.equipmentRef });
    if (input.kind === 'failed')
      Object.assign(changes, { failureReason: input.reason, failureDetail: input.detail ?? null });
    if (input.kind === 'resent')
      Object.assign(changes, {
        sentAt: now,
        scheduledFor: null,
        scheduledAt: null,
        failureReason: null,
        failureDetail: null,
      });
    await tx.update(activationRequest).set(changes).where(eq(activationRequest.id, requestId));
    const { kind: _, ...details } = input;
    await tx.insert(activationEvent).values({
      requestId,
      kind: input.kind,
      fromStatus: request.status,
      toStatus: to,
      at: now,
      details,
      idempotencyKey: idempotencyKey ?? null,
      recordedBy: actor.label,
    });
    await recordAudit(tx, actor, {
      action: `access.${input.kind}`,
      entityType: 'household',
      entityId: request.householdId,
      details: { requestId, from: request.status, to, ...details },
    });
    return { ok: true, status: to, replayed: false };
  });
}

/** What the operator reads instead of a contact the household did not agree to share. */
export const contactNotShared =
  'Contact non transmis (pas d’accord du foyer) : proposer le rendez-vous par courrier au logement ou par le bailleur';

/** What the operator may know of a request: the appointment, never the household's other data. */
export interface OperatorRequestView {
  id: number;
  status: ActivationStatus;
  dwellingReference: string;
  address: string;
  postcode: string;
  city: string;
  floor: number | null;
  /** The contact person, or a sentence saying it was not shared (then `contactPhone` is empty). */
  contactName: string;
  contactPhone: string;
  /** Whether the household agreed that the operator gets its contact for this request (and still does). */
  contactShared: boolean;
  slots: string[];
  installHelp: boolean;
  sentAt: Date;
  scheduledFor: Date | null;
  activatedOn: string | null;
  equipmentRef: string | null;
  failureReason: string | null;
  failureDetail: string | null;
  updatedAt: Date;
  late: Lateness;
}

export interface StaffRequestView extends OperatorRequestView {
  householdId: number;
  householdReference: string;
  sectorName: string;
  operatorName: string;
  installVisitAt: Date | null;
  installVisitBy: string | null;
  installOutcome: string | null;
  installOutcomeNote: string | null;
}

/**
 * Requests the actor may see, in a stable order: by id, or with `since` by last change then id (what an operator's
 * system polls). Operators get `OperatorRequestView` rows only.
 */
export async function listActivationRequests({
  db,
  actor,
  status,
  householdId,
  since,
  lateOnly = false,
  after,
  limit = 100,
  now = new Date(),
  settings = defaultLateness,
}: {
  db: DbOrTx;
  actor: Actor;
  status?: ActivationStatus;
  householdId?: number;
  since?: Date;
  lateOnly?: boolean;
  after?: string;
  limit?: number;
  now?: Date;
  /** The programme's thresholds (configuration), for the late flags. */
  settings?: LatenessSettings;
}): Promise<{ items: (OperatorRequestView | StaffRequestView)[]; next: string | null }> {
  const scope = assertCanAtAll(actor, 'activation.read');
  const where: SQL[] = [eq(activationRequest.programmeId, actor.programmeId)];
  if (actor.role === 'operator_agent')
    where.push(eq(activationRequest.operatorId, actor.organisationId ?? -1));
  if (scope === 'sectors')
    where.push(inArray(activationRequest.sectorId, actor.sectorIds.length ? actor.sectorIds : [-1]));
  if (scope === 'household') where.push(eq(activationRequest.householdId, actor.householdId ?? -1));
  if (status) where.push(eq(activationRequest.status, status));
  if (householdId) where.push(eq(activationRequest.householdId, householdId));
  // Late requests: pre-selected here (n working days are at least n calendar days), decided by `lateness`.
  if (lateOnly)
    where.push(
      sql`${activationRequest.status} in ('sent', 'scheduled') and ${activationRequest.sentAt} < ${new Date(
        now.getTime() -
          Math.min(settings.scheduleWithinWorkingDays, settings.activateWithinDays) * 86_400_000,
      ).toISOString()}::timestamptz`,
    );
  // Keyset: "<updatedAt ISO>|<id>" when polling by change, "<id>" otherwise.
  if (since) where.push(sql`${activationRequest.updatedAt} >= ${since.toISOString()}::timestamptz`);
  if (after) {
    const [at, id] = after.includes('|') ? after.split('|') : [null, after];
    const validId = (v: string | undefined) => /^\d{1,10}$/.test(v ?? '') && Number(v) <= 2_147_483_647;
    if (at && !Number.isNaN(Date.parse(at)) && validId(id))
      where.push(
        or(
          gt(activationRequest.updatedAt, new Date(at)),
          and(eq(activationRequest.updatedAt, new Date(at)), gt(activationRequest.id, Number(id))),
        )!,
      );
    else if (!at && validId(id)) where.push(gt(activationRequest.id, Number(id)));
  }
  const size = Math.min(limit, 500);
  const rows = await db.execute<Record<string, unknown>>(sql`
    select activation_request.id, activation_request.status, d.landlord_reference as dwelling_reference, b.address, b.postcode, b.city, d.floor,
           activation_request.contact_name, activation_request.contact_phone, activation_request.slots, activation_request.install_help, activation_request.sent_at, activation_request.scheduled_for, activation_request.activated_on::text,
           activation_request.equipment_ref, activation_request.failure_reason, activation_request.failure_detail, activation_request.updated_at, activation_request.household_id, h.reference as household_reference,
           s.name as sector_name, o.name as operator_name, activation_request.install_visit_at, activation_request.install_visit_by,
           activation_request.install_outcome, activation_request.install_outcome_note,
           exists (select 1 from consent c where c.household_id = activation_request.household_id
                   and c.purpose = 'operator_sharing' and c.withdrawn_on is null) as consented
    from activation_request
    join dwelling d on d.id = activation_request.dwelling_id
    join building b on b.id = d.building_id
    join sector s on s.id = activation_request.sector_id
    join organisation o on o.id = activation_request.operator_id
    join household h on h.id = activation_request.household_id
    where ${and(...where)}
    order by ${since ? sql`activation_request.updated_at, activation_request.id` : sql`activation_request.id`}
    limit ${size + 1}`);
  const items = rows.slice(0, size).map((r) => {
    const base: OperatorRequestView = {
      id: r.id as number,
      status: r.status as ActivationStatus,
      dwellingReference: r.dwelling_reference as string,
      address: r.address as string,
      postcode: r.postcode as string,
      city: r.city as string,
      floor: r.floor as number | null,
      contactName: r.contact_name as string,
      contactPhone: r.contact_phone as string,
      contactShared: Boolean(r.consented) && r.contact_name !== '',
      slots: r.slots as string[],
      installHelp: r.install_help as boolean,
      sentAt: new Date(r.sent_at as string),
      scheduledFor: r.scheduled_for ? new Date(r.scheduled_for as string) : null,
      activatedOn: r.activated_on as string | null,
      equipmentRef: r.equipment_ref as string | null,
      failureReason: r.failure_reason as string | null,
      failureDetail: r.failure_detail as string | null,
      updatedAt: new Date(r.updated_at as string),
      late: lateness(
        { status: r.status as ActivationStatus, sentAt: new Date(r.sent_at as string) },
        now,
        settings,
      ),
    };
    // A household that did not agree, or withdrew its consent, is not reachable by the operator through Palier.
    if (actor.role === 'operator_agent')
      return base.contactShared ? base : { ...base, contactName: contactNotShared, contactPhone: '' };
    return {
      ...base,
      householdId: r.household_id as number,
      householdReference: r.household_reference as string,
      sectorName: r.sector_name as string,
      operatorName: r.operator_name as string,
      installVisitAt: r.install_visit_at ? new Date(r.install_visit_at as string) : null,
      installVisitBy: r.install_visit_by as string | null,
      installOutcome: r.install_outcome as string | null,
      installOutcomeNote: r.install_outcome_note as string | null,
    } satisfies StaffRequestView;
  });
  const last = items.at(-1);
  return {
    items: lateOnly ? items.filter((i) => i.late !== null) : items,
    next:
      rows.length > size && last
        ? since
          ? `${last.updatedAt.toISOString()}|${last.id}`
          : String(last.id)
        : null,
  };
}

/** One request with its history, for its page. */
export async function getActivationRequest({
  db,
  actor,
  requestId,
  now = new Date(),
  settings = defaultLateness,
}: {
  db: DbOrTx;
  actor: Actor;
  requestId: number;
  now?: Date;
  settings?: LatenessSettings;
}) {
  const { items } = await listActivationRequests({
    db,
    actor,
    after: String(requestId - 1),
    limit: 1,
    now,
    settings,
  });
  const request = items[0];
  if (!request || request.id !== requestId) throw new NotFoundError('activation_request');
  const events = await db
    .select({
      kind: activationEvent.kind,
      toStatus: activationEvent.toStatus,
      at: activationEvent.at,
      details: activationEvent.details,
      recordedBy: activationEvent.recordedBy,
    })
    .from(activationEvent)
    .where(eq(activationEvent.requestId, requestId))
    .orderBy(activationEvent.id);
  // The operator learns the steps, not who among the partners recorded them.
  return {
    request,
    events: actor.role === 'operator_agent' ? events.map((e) => ({ ...e, recordedBy: '' })) : events,
  };
}

export type InstallVisitResult = { ok: true } | Refused<'not_install_help'>;

/** A request of the actor's programme, locked for a change. */
async function lockRequest(tx: DbOrTx, actor: Actor, requestId: number) {
  const [request] = await tx
    .select()
    .from(activationRequest)
    .where(eq(activationRequest.id, requestId))
    .for('update');
  if (!request || request.programmeId !== actor.programmeId) throw new NotFoundError('activation_request');
  return request;
}

/** A request whose home-installation help the actor's facility handles, locked for the change. */
async function lockInstallRequest(tx: DbOrTx, actor: Actor, requestId: number) {
  const request = await lockRequest(tx, actor, requestId);
  assertCan(actor, 'activation.install', { programmeId: request.programmeId, sectorIds: [request.sectorId] });
  return request;
}

/** A facility schedules its visit to help install at home. */
export async function scheduleInstallVisit({
  db,
  actor,
  requestId,
  at,
}: {
  db: Db;
  actor: Actor;
  requestId: number;
  at: Date;
}): Promise<InstallVisitResult> {
  return transactionUnlessRefused<InstallVisitResult>(db, async (tx) => {
    const request = await lockInstallRequest(tx, actor, requestId);
    if (!request.installHelp) return { ok: false, reason: 'not_install_help' };
    await tx
      .update(activationRequest)
      .set({ installVisitAt: at, installVisitBy: actor.label })
      .where(eq(activationRequest.id, requestId));
    await recordAudit(tx, actor, {
      action: 'access.install_visit',
      entityType: 'household',
      entityId: request.householdId,
      details: { requestId, at: at.toISOString() },
    });
    return { ok: true };
  });
}

export const installOutcomes = ['connected', 'not_home', 'needs_operator', 'declined'] as const;
export type InstallOutcome = (typeof installOutcomes)[number];
export type InstallOutcomeResult = { ok: true } | Refused<'not_install_help' | 'no_install_visit'>;

/**
 * The facilitator records how the home-installation visit went (on the household's timeline). A visit that found
 * nobody home can be scheduled again and its new outcome recorded.
 */
export async function recordInstallOutcome({
  db,
  actor,
  requestId,
  outcome,
  note,
}: {
  db: Db;
  actor: Actor;
  requestId: number;
  outcome: InstallOutcome;
  note?: string;
}): Promise<InstallOutcomeResult> {
  return transactionUnlessRefused<InstallOutcomeResult>(db, async (tx) => {
    const request = await lockInstallRequest(tx, actor, requestId);
    if (!request.installHelp) return { ok: false, reason: 'not_install_help' };
    if (!request.installVisitAt) return { ok: false, reason: 'no_install_visit' };
    await tx
      .update(activationRequest)
      .set({ installOutcome: outcome, installOutcomeNote: note ?? null })
      .where(eq(activationRequest.id, requestId));
    await recordAudit(tx, actor, {
      action: 'access.install_outcome',
      entityType: 'household',
      entityId: request.householdId,
      details: { requestId, outcome, note: note ?? null, visitAt: request.installVisitAt.toISOString() },
    });
    return { ok: true };
  });
}
