// Reservations, payments, hand-over and warranty: a household buys a refurbished computer.
import { and, desc, eq, sql } from 'drizzle-orm';
import { householdAccess } from '../access/index.ts';
import { householdResource } from '../households/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan, assertCanAtAll, NotFoundError } from '../platform/permissions/index.ts';
import { intArray, transactionUnlessRefused } from '../platform/sql/index.ts';
import { offerToNextInLine } from './devices.ts';
import type { Refused } from './refusals.ts';
import {
  balanceCents,
  defaultEligibility,
  type EligibilityRule,
  type Ineligibility,
  ineligibility,
  warrantyUntil,
} from './rules.ts';
import { device, deviceOrder, payment, waitingEntry, warrantyTicket } from './schema.ts';

/** What a household may do now: the programme's rule applied to its facts. */
export async function householdEligibility(
  db: DbOrTx,
  householdId: number,
  today: string,
  rule: EligibilityRule = defaultEligibility,
): Promise<Ineligibility | null> {
  const [access, [last]] = await Promise.all([
    householdAccess(db, householdId, today),
    db.execute<{ last_on: string | null }>(sql`
      select max(handed_over_at)::date::text as last_on from device_order
      where household_id = ${householdId} and status = 'handed_over'`),
  ]);
  return ineligibility({ ...access, lastHandedOverOn: last?.last_on ?? null }, today, rule);
}

export type ReserveResult =
  | { ok: true; orderId: number; priceCents: number }
  | (Refused<'not_available' | 'no_price' | 'offered_to_other'> & { alternatives?: number[] })
  | (Refused<'not_eligible'> & { why: Ineligibility });

/**
 * Reserves a ready computer for an eligible household at its tier's price of the day. Of any number of staff
 * reserving the same computer at once, one gets it (the device row moves from ready to reserved in one guarded
 * update, and a unique index allows one live order per device); the others learn it is gone, with other options.
 */
export async function reserveDevice({
  db,
  actor,
  deviceId,
  householdId,
  now = new Date(),
  rule = defaultEligibility,
}: {
  db: Db;
  actor: Actor;
  deviceId: number;
  householdId: number;
  now?: Date;
  rule?: EligibilityRule;
}): Promise<ReserveResult> {
  assertCan(actor, 'equipment.reserve', await householdResource(db, householdId));
  const today = localDate(now);
  const why = await householdEligibility(db, householdId, today, rule);
  if (why) return { ok: false, reason: 'not_eligible', why };
  return transactionUnlessRefused<ReserveResult>(db, async (tx) => {
    // One reservation in progress per household: two staff reserving for it at once take turns here.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('device_order_household'), ${householdId})`);
    const [live] = await tx.execute(
      sql`select 1 from device_order where household_id = ${householdId} and status = 'reserved'`,
    );
    if (live) return { ok: false, reason: 'not_eligible', why: 'live_order' };
    // A computer offered to the first household in line is kept for it for a week.
    const [offer] = await tx.execute<{ id: number; household_id: number; fresh: boolean }>(sql`
      select id, household_id, offered_at > ${new Date(now.getTime() - 7 * 86_400_000).toISOString()}::timestamptz as fresh
      from device_waiting_entry where offered_device_id = ${deviceId} and status = 'offered' for update`);
    if (offer && offer.household_id !== householdId) {
      if (offer.fresh) return { ok: false, reason: 'offered_to_other' };
      // An offer nobody took up in time: that household goes back to waiting.
      await tx.execute(
        sql`update device_waiting_entry set status = 'waiting', offered_device_id = null, offered_at = null where id = ${offer.id}`,
      );
    }
    const [taken] = await tx
      .update(device)
      .set({ status: 'reserved', updatedAt: now })
      .where(
        and(eq(device.id, deviceId), eq(device.programmeId, actor.programmeId), eq(device.status, 'ready')),
      )
      .returning({ id: device.id, tier: device.tier, kind: device.kind });
    if (!taken) {
      const [d] = await tx
        .select({ tier: device.tier, kind: device.kind })
        .from(device)
        .where(and(eq(device.id, deviceId), eq(device.programmeId, actor.programmeId)));
      if (!d) throw new NotFoundError('device');
      const others = await tx
        .select({ id: device.id })
        .from(device)
        .where(
          and(
            eq(device.programmeId, actor.programmeId),
            eq(device.status, 'ready'),
            eq(device.tier, d.tier),
            eq(device.kind, d.kind),
          ),
        )
        .limit(5);
      return { ok: false, reason: 'not_available', alternatives: others.map((o) => o.id) };
    }
    const [price] = await tx.execute<{ amount_cents: number }>(sql`
      select amount_cents from price_tier where programme_id = ${actor.programmeId} and tier = ${taken.tier}
        and effective_from <= ${today}::date order by effective_from desc limit 1`);
    if (!price) return { ok: false, reason: 'no_price' };
    const [order] = await tx
      .insert(deviceOrder)
      .values({
        programmeId: actor.programmeId,
        deviceId,
        householdId,
        reservedByOrg: actor.organisationId,
        reservedBy: actor.label,
        priceCents: price.amount_cents,
        reservedAt: now,
      })
      .returning({ id: deviceOrder.id });
    // A household served from the waiting list leaves it.
    await tx
      .update(waitingEntry)
      .set({ status: 'served' })
      .where(
        and(eq(waitingEntry.householdId, householdId), sql`${waitingEntry.status} in ('waiting', 'offered')`),
      );
    await recordAudit(tx, actor, {
      action: 'device.reserved',
      entityType: 'household',
      entityId: householdId,
      details: { orderId: order!.id, deviceId, priceCents: price.amount_cents },
    });
    return { ok: true, orderId: order!.id, priceCents: price.amount_cents };
  });
}

async function lockOrder(tx: DbOrTx, actor: Actor, orderId: number) {
  const [order] = await tx.select().from(deviceOrder).where(eq(deviceOrder.id, orderId)).for('update');
  if (!order || order.programmeId !== actor.programmeId) throw new NotFoundError('device_order');
  return order;
}

export type CancelResult = { ok: true; offeredTo: number | null } | Refused<'order_closed' | 'paid_order'>;

/** Cancels a reservation: the computer is ready again, and offered to the next household in line. */
export async function cancelReservation({
  db,
  actor,
  orderId,
}: {
  db: Db;
  actor: Actor;
  orderId: number;
}): Promise<CancelResult> {
  assertCanAtAll(actor, 'equipment.reserve');
  return transactionUnlessRefused<CancelResult>(db, async (tx) => {
    const order = await lockOrder(tx, actor, orderId);
    if (actor.role !== 'recycling_agent' && order.reservedByOrg !== actor.organisationId)
      throw new NotFoundError('device_order');
    if (order.status !== 'reserved') return { ok: false, reason: 'order_closed' };
    const [paid] = (await tx.execute<{ cents: number }>(
      sql`select coalesce(sum(amount_cents), 0)::int as cents from device_payment where order_id = ${orderId}`,
    )) as unknown as [{ cents: number }];
    // Money already paid is given back by the centre, and recorded: only the centre cancels a paid reservation.
    if (paid.cents > 0 && actor.role !== 'recycling_agent') return { ok: false, reason: 'paid_order' };
    await tx
      .update(deviceOrder)
      .set({ status: 'cancelled', refundedCents: paid.cents })
      .where(eq(deviceOrder.id, orderId));
    const [d] = await tx
      .update(device)
      .set({ status: 'ready', updatedAt: new Date() })
      .where(eq(device.id, order.deviceId))
      .returning();
    await recordAudit(tx, actor, {
      action: 'device.reservation_cancelled',
      entityType: 'household',
      entityId: order.householdId,
      details: { orderId, refundedCents: paid.cents },
    });
    return { ok: true, offeredTo: await offerToNextInLine(tx, actor, d!) };
  });
}

export type PaymentResult =
  | { ok: true; paymentId: number; balanceCents: number }
  | Refused<'order_closed' | 'overpaid'>;

/** A payment at the centre (cash, cheque or card), in one go or one instalment of several. */
export async function recordPayment({
  db,
  actor,
  orderId,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  orderId: number;
  input: { amountCents: number; method: 'cash' | 'cheque' | 'card' };
  now?: Date;
}): Promise<PaymentResult> {
  assertCan(actor, 'equipment.sell', { programmeId: actor.programmeId });
  return transactionUnlessRefused<PaymentResult>(db, async (tx) => {
    const order = await lockOrder(tx, actor, orderId);
    if (order.status !== 'reserved' && order.status !== 'handed_over')
      return { ok: false, reason: 'order_closed' };
    const paid = await tx
      .select({ amountCents: payment.amountCents })
      .from(payment)
      .where(eq(payment.orderId, orderId));
    const due = balanceCents(order.priceCents, paid);
    if (input.amountCents > due) return { ok: false, reason: 'overpaid', field: 'amountCents' };
    const [row] = await tx
      .insert(payment)
      .values({
        orderId,
        amountCents: input.amountCents,
        method: input.method,
        paidAt: now,
        receivedBy: actor.label,
      })
      .returning({ id: payment.id });
    await recordAudit(tx, actor, {
      action: 'device.paid',
      entityType: 'household',
      entityId: order.householdId,
      details: {
        orderId,
        paymentId: row!.id,
        amountCents: input.amountCents,
        method: input.method,
        balanceCents: due - input.amountCents,
      },
    });
    return { ok: true, paymentId: row!.id, balanceCents: due - input.amountCents };
  });
}

export type HandOverResult = { ok: true; warrantyUntil: string } | Refused<'order_closed'>;

/** The household takes its computer (at the centre, or delivered with an installation visit): the warranty starts. */
export async function handOver({
  db,
  actor,
  orderId,
  mode,
  warrantyMonths,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  orderId: number;
  mode: 'centre' | 'delivery';
  warrantyMonths: number;
  now?: Date;
}): Promise<HandOverResult> {
  assertCan(actor, 'equipment.sell', { programmeId: actor.programmeId });
  return transactionUnlessRefused<HandOverResult>(db, async (tx) => {
    const order = await lockOrder(tx, actor, orderId);
    if (order.status !== 'reserved') return { ok: false, reason: 'order_closed' };
    const until = warrantyUntil(localDate(now), warrantyMonths);
    await tx
      .update(deviceOrder)
      .set({
        status: 'handed_over',
        handedOverAt: now,
        handoverMode: mode,
        warrantyUntil: until,
        warrantyMonths,
        // What the household signs for stays as it was, whatever happens to the computer later.
        erasureProof: sql`(select json_build_object('method', erasure_method, 'date', erasure_on, 'operator', erasure_by)::text
          from device where id = ${order.deviceId})`,
      })
      .where(eq(deviceOrder.id, orderId));
    await tx
      .update(device)
      .set({ status: 'handed_over', updatedAt: now })
      .where(eq(device.id, order.deviceId));
    await recordAudit(tx, actor, {
      action: 'device.handed_over',
      entityType: 'household',
      entityId: order.householdId,
      details: { orderId, deviceId: order.deviceId, mode, warrantyUntil: until },
    });
    return { ok: true, warrantyUntil: until };
  });
}

export type TicketResult = { ok: true; ticketId: number } | Refused<'not_handed_over' | 'warranty_over'>;

/** A return or repair under warranty. */
export async function openTicket({
  db,
  actor,
  orderId,
  fault,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  orderId: number;
  fault: string;
  now?: Date;
}): Promise<TicketResult> {
  assertCan(actor, 'equipment.sell', { programmeId: actor.programmeId });
  return transactionUnlessRefused<TicketResult>(db, async (tx) => {
    const order = await lockOrder(tx, actor, orderId);
    if (order.status !== 'handed_over' || !order.warrantyUntil)
      return { ok: false, reason: 'not_handed_over' };
    if (order.warrantyUntil < localDate(now)) return { ok: false, reason: 'warranty_over' };
    const [row] = await tx
      .insert(warrantyTicket)
      .values({ orderId, fault, openedAt: now, openedBy: actor.label })
      .returning({ id: warrantyTicket.id });
    await recordAudit(tx, actor, {
      action: 'device.ticket_opened',
      entityType: 'household',
      entityId: order.householdId,
      details: { orderId, ticketId: row!.id },
    });
    return { ok: true, ticketId: row!.id };
  });
}

export type CloseTicketResult = { ok: true } | Refused<'ticket_closed' | 'order_closed' | 'not_available'>;

/** Closes a ticket: repaired, exchanged (the order keeps its warranty) or refunded (the computer comes back). */
export async function closeTicket({
  db,
  actor,
  ticketId,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  ticketId: number;
  input: { diagnosis: string; outcome: 'repaired' | 'exchanged' | 'refunded'; replacementDeviceId?: number };
  now?: Date;
}): Promise<CloseTicketResult> {
  assertCan(actor, 'equipment.sell', { programmeId: actor.programmeId });
  return transactionUnlessRefused<CloseTicketResult>(db, async (tx) => {
    const [ticket] = await tx
      .select()
      .from(warrantyTicket)
      .where(eq(warrantyTicket.id, ticketId))
      .for('update');
    if (!ticket) throw new NotFoundError('warranty_ticket');
    const order = await lockOrder(tx, actor, ticket.orderId);
    if (ticket.closedAt) return { ok: false, reason: 'ticket_closed' };
    // Only a computer still with the household can be exchanged or refunded.
    if (input.outcome !== 'repaired' && order.status !== 'handed_over')
      return { ok: false, reason: 'order_closed' };
    const { replacementDeviceId, ...closing } = input;
    await tx
      .update(warrantyTicket)
      .set({ ...closing, closedAt: now })
      .where(eq(warrantyTicket.id, ticketId));
    // The faulty computer comes back, to be erased again before any new sale.
    const takeBack = () =>
      tx
        .update(device)
        .set({
          status: 'returned',
          erasureMethod: null,
          erasureOn: null,
          erasureBy: null,
          erasureResult: null,
          updatedAt: now,
        })
        .where(and(eq(device.id, order.deviceId), eq(device.status, 'handed_over')));
    let refundedCents = 0;
    if (input.outcome === 'refunded') {
      const [paid] = (await tx.execute<{ cents: number }>(
        sql`select coalesce(sum(amount_cents), 0)::int as cents from device_payment where order_id = ${order.id}`,
      )) as unknown as [{ cents: number }];
      refundedCents = paid.cents;
      await tx
        .update(deviceOrder)
        .set({ status: 'returned', refundedCents })
        .where(eq(deviceOrder.id, order.id));
      await takeBack();
    }
    if (input.outcome === 'exchanged') {
      // Another ready computer of the same tier replaces it, on the same order and warranty.
      const [replacement] = await tx
        .update(device)
        .set({ status: 'handed_over', updatedAt: now })
        .where(
          and(
            eq(device.id, replacementDeviceId ?? -1),
            eq(device.programmeId, actor.programmeId),
            eq(device.status, 'ready'),
          ),
        )
        .returning({ id: device.id });
      if (!replacement) return { ok: false, reason: 'not_available' };
      await takeBack();
      await tx
        .update(deviceOrder)
        .set({
          deviceId: replacement.id,
          erasureProof: sql`(select json_build_object('method', erasure_method, 'date', erasure_on, 'operator', erasure_by)::text
            from device where id = ${replacement.id})`,
        })
        .where(eq(deviceOrder.id, order.id));
    }
    await recordAudit(tx, actor, {
      action: 'device.ticket_closed',
      entityType: 'household',
      entityId: order.householdId,
      details: {
        orderId: order.id,
        ticketId,
        outcome: input.outcome,
        refundedCents,
        replacementDeviceId: replacementDeviceId ?? null,
      },
    });
    return { ok: true };
  });
}

/** Orders the actor may see: the centre all, a facility those it reserved. With the household's contact for the centre. */
export async function listOrders({
  db,
  actor,
  status,
  orderId,
}: {
  db: DbOrTx;
  actor: Actor;
  status?: string;
  orderId?: number;
}) {
  assertCanAtAll(actor, 'equipment.reserve');
  const own =
    actor.role === 'recycling_agent' ? sql`true` : sql`o.reserved_by_org = ${actor.organisationId ?? -1}`;
  const rows = await db.execute<{
    id: number;
    status: string;
    reserved_at: Date;
    handed_over_at: Date | null;
    price_cents: number;
    paid_cents: number;
    device_reference: string;
    device_kind: string;
    tier: string;
    household_id: number;
    household_reference: string;
    household_name: string | null;
    phone: string | null;
    address: string | null;
    reserved_by: string;
  }>(sql`
    select o.id, o.status, o.reserved_at, o.handed_over_at, o.price_cents,
           (select coalesce(sum(amount_cents), 0)::int from device_payment p where p.order_id = o.id) as paid_cents,
           d.reference as device_reference, d.kind as device_kind, d.tier, o.household_id, h.reference as household_reference,
           (select m.first_name || ' ' || m.last_name from household_member m where m.household_id = h.id
              and m.is_reference_person = 'yes' limit 1) as household_name,
           case when o.status in ('reserved', 'handed_over') then h.phone end as phone,
           (select b.address || ', ' || b.postcode || ' ' || b.city from tenancy t join dwelling dw on dw.id = t.dwelling_id
              join building b on b.id = dw.building_id where t.household_id = h.id and t.end_date is null
              and o.status in ('reserved', 'handed_over') limit 1) as address,
           o.reserved_by
    from device_order o join device d on d.id = o.device_id join household h on h.id = o.household_id
    where o.programme_id = ${actor.programmeId} and ${own} ${status ? sql`and o.status = ${status}` : sql``}
      ${orderId ? sql`and o.id = ${orderId}` : sql``}
    order by o.id desc limit 300`);
  return rows.map((r) => ({
    id: r.id,
    reference: `C-${String(r.id).padStart(6, '0')}`,
    status: r.status,
    reservedAt: new Date(r.reserved_at),
    handedOverAt: r.handed_over_at ? new Date(r.handed_over_at) : null,
    priceCents: r.price_cents,
    paidCents: r.paid_cents,
    balanceCents: Math.max(0, r.price_cents - r.paid_cents),
    deviceReference: r.device_reference,
    deviceKind: r.device_kind,
    tier: r.tier,
    householdId: r.household_id,
    householdReference: r.household_reference,
    householdName: r.household_name,
    phone: r.phone,
    address: r.address,
    reservedBy: r.reserved_by,
  }));
}

/** One order with its device, payments and tickets. */
export async function getOrder({ db, actor, orderId }: { db: DbOrTx; actor: Actor; orderId: number }) {
  const [order] = await listOrders({ db, actor, orderId });
  if (!order) throw new NotFoundError('device_order');
  const [head] = await db.select().from(deviceOrder).where(eq(deviceOrder.id, orderId));
  const [d] = await db.select().from(device).where(eq(device.id, head!.deviceId));
  const [payments, tickets] = await Promise.all([
    db.select().from(payment).where(eq(payment.orderId, orderId)).orderBy(payment.id),
    db
      .select()
      .from(warrantyTicket)
      .where(eq(warrantyTicket.orderId, orderId))
      .orderBy(desc(warrantyTicket.id)),
  ]);
  return { order, head: head!, device: d!, payments, tickets };
}

/** Puts a household on the waiting list for a tier and kind (when nothing ready fits). */
export async function joinWaitingList({
  db,
  actor,
  input,
  now = new Date(),
  rule = defaultEligibility,
}: {
  db: Db;
  actor: Actor;
  input: { householdId: number; tier: string; kind: 'desktop' | 'laptop' };
  now?: Date;
  rule?: EligibilityRule;
}): Promise<
  | { ok: true; entryId: number; position: number }
  | Refused<'already_waiting' | 'device_available'>
  | (Refused<'not_eligible'> & { why: Ineligibility })
> {
  assertCan(actor, 'equipment.reserve', await householdResource(db, input.householdId));
  const why = await householdEligibility(db, input.householdId, localDate(now), rule);
  if (why) return { ok: false, reason: 'not_eligible', why };
  // Nobody waits while a matching computer is on the shelf (and not kept for someone else).
  const [available] = await db.execute(sql`
    select 1 from device d where d.programme_id = ${actor.programmeId} and d.status = 'ready'
      and d.tier = ${input.tier} and d.kind = ${input.kind}
      and not exists (select 1 from device_waiting_entry w where w.offered_device_id = d.id and w.status = 'offered')
    limit 1`);
  if (available) return { ok: false, reason: 'device_available' };
  return transactionUnlessRefused(db, async (tx) => {
    const [entry] = await tx
      .insert(waitingEntry)
      .values({ programmeId: actor.programmeId, ...input, createdAt: now, createdBy: actor.label })
      .onConflictDoNothing()
      .returning({ id: waitingEntry.id });
    if (!entry) return { ok: false as const, reason: 'already_waiting' as const };
    const [{ position }] = (await tx.execute<{ position: number }>(sql`
      select count(*)::int as position from device_waiting_entry where programme_id = ${actor.programmeId}
        and tier = ${input.tier} and kind = ${input.kind} and status = 'waiting' and id <= ${entry.id}`)) as unknown as [
      { position: number },
    ];
    await recordAudit(tx, actor, {
      action: 'device.waiting',
      entityType: 'household',
      entityId: input.householdId,
      details: { entryId: entry.id, tier: input.tier, kind: input.kind },
    });
    return { ok: true as const, entryId: entry.id, position };
  });
}

/** The waiting list, in order, with offers made. */
export async function listWaiting({ db, actor }: { db: DbOrTx; actor: Actor }) {
  const scope = assertCanAtAll(actor, 'equipment.reserve');
  // A facility sees the households of its sectors only.
  const mine =
    scope === 'programme'
      ? sql`true`
      : sql`exists (select 1 from tenancy t join dwelling d on d.id = t.dwelling_id where t.household_id = w.household_id
          and t.end_date is null and d.sector_id = any(${intArray(actor.sectorIds.length ? actor.sectorIds : [-1])}))`;
  return db.execute<{
    id: number;
    household_id: number;
    household_reference: string;
    tier: string;
    kind: string;
    status: string;
    created_at: Date;
    offered_device_id: number | null;
  }>(sql`
    select w.id, w.household_id, h.reference as household_reference, w.tier, w.kind, w.status, w.created_at, w.offered_device_id
    from device_waiting_entry w join household h on h.id = w.household_id
    where w.programme_id = ${actor.programmeId} and w.status in ('waiting', 'offered') and ${mine}
    order by w.tier, w.kind, w.id limit 500`);
}

/** Stock and flow, for the centre and the coordinator. */
export async function stockAndFlow({ db, actor }: { db: DbOrTx; actor: Actor }) {
  assertCanAtAll(actor, 'equipment.stats');
  const p = actor.programmeId;
  const [byStatus, waiting, perMonth, [delay]] = await Promise.all([
    db.execute<{ status: string; tier: string; n: number }>(sql`
      select status, tier, count(*)::int as n from device where programme_id = ${p} group by 1, 2 order by 1, 2`),
    db.execute<{ tier: string; kind: string; n: number; oldest: Date }>(sql`
      select tier, kind, count(*)::int as n, min(created_at) as oldest from device_waiting_entry
      where programme_id = ${p} and status = 'waiting' group by 1, 2 order by 1, 2`),
    db.execute<{ month: string; n: number }>(sql`
      select to_char(handed_over_at, 'YYYY-MM') as month, count(*)::int as n from device_order
      where programme_id = ${p} and handed_over_at is not null group by 1 order by 1 desc limit 24`),
    db.execute<{ days: number | null }>(sql`
      select round(avg(extract(epoch from handed_over_at - reserved_at) / 86400)::numeric, 1)::float as days
      from device_order where programme_id = ${p} and handed_over_at is not null`),
  ]);
  return {
    byStatus: [...byStatus],
    waiting: [...waiting],
    perMonth: [...perMonth],
    averageDaysToHandOver: delay?.days ?? null,
  };
}
