// A household's computers, for residents' rights (GDPR art. 15–17, 20): its orders with their payments and warranty
// tickets, its place on the waiting list; and their erasure (the money stays whole, the free texts go).
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import {
  type ErasureCounts,
  type ErasureTarget,
  erasedResidentLabel,
  erasedText,
  type WorkInProgress,
  workInProgress,
} from '../platform/personal-data.ts';
import { textArray } from '../platform/sql/index.ts';

export async function equipmentPersonalData(db: DbOrTx, householdId: number) {
  const [row] = await db.execute<{ orders: unknown[]; waiting: unknown[] }>(sql`
    select
      (select coalesce(json_agg(json_build_object('id', o.id, 'device', d.make || ' ' || d.model,
         'deviceReference', d.reference, 'priceCents', o.price_cents, 'status', o.status,
         'reservedAt', o.reserved_at, 'reservedBy', o.reserved_by, 'handedOverAt', o.handed_over_at,
         'handoverMode', o.handover_mode, 'warrantyUntil', o.warranty_until, 'refundedCents', o.refunded_cents,
         'payments', (select coalesce(json_agg(json_build_object('paidAt', p.paid_at, 'amountCents', p.amount_cents,
                        'method', p.method, 'receivedBy', p.received_by) order by p.id), '[]')
                        from device_payment p where p.order_id = o.id),
         'warrantyTickets', (select coalesce(json_agg(json_build_object('openedAt', w.opened_at, 'fault', w.fault,
                               'diagnosis', w.diagnosis, 'outcome', w.outcome, 'closedAt', w.closed_at)
                               order by w.id), '[]')
                               from device_warranty_ticket w where w.order_id = o.id)) order by o.id), '[]')
       from device_order o join device d on d.id = o.device_id where o.household_id = ${householdId}) as orders,
      (select coalesce(json_agg(json_build_object('tier', w.tier, 'kind', w.kind, 'status', w.status,
         'createdAt', w.created_at, 'offeredAt', w.offered_at) order by w.id), '[]')
       from device_waiting_entry w where w.household_id = ${householdId}) as waiting`);
  return { orders: row!.orders, waitingList: row!.waiting };
}

/** A computer reserved and not yet handed over, or a place on the waiting list, stops the erasure until settled. */
export async function equipmentWorkInProgress(db: DbOrTx, householdId: number): Promise<WorkInProgress[]> {
  const [row] = await db.execute<{ reserved: number; waiting: number }>(sql`
    select (select count(*)::int from device_order where household_id = ${householdId} and status = 'reserved')
             as reserved,
           (select count(*)::int from device_waiting_entry where household_id = ${householdId}
              and status in ('waiting', 'offered')) as waiting`);
  return workInProgress([
    {
      kind: 'device_order',
      count: row!.reserved,
      one: 'ordinateur réservé, pas encore remis',
      many: 'ordinateurs réservés, pas encore remis',
    },
    {
      kind: 'device_waiting_entry',
      count: row!.waiting,
      one: 'place sur la liste d’attente',
      many: 'places sur la liste d’attente',
    },
  ]);
}

/**
 * Orders and payments stay whole (money: price, payments, refunds, the erasure proof of the computer); warranty
 * tickets lose what was written about the fault and its diagnosis; the waiting list keeps its dates (waiting times).
 */
export async function eraseEquipmentPersonalData(tx: DbOrTx, target: ErasureTarget): Promise<ErasureCounts> {
  const id = target.householdId;
  const labels = textArray(target.residentLabels);
  const orders = await tx.execute(sql`
    update device_order
       set reserved_by = case when reserved_by = any(${labels}) then ${erasedResidentLabel} else reserved_by end
     where household_id = ${id}`);
  const tickets = await tx.execute(sql`
    update device_warranty_ticket set fault = ${erasedText}, diagnosis = null,
           opened_by = case when opened_by = any(${labels}) then ${erasedResidentLabel} else opened_by end
     where order_id in (select o.id from device_order o where o.household_id = ${id})`);
  const [kept] = await tx.execute<{ payments: number; waiting: number }>(sql`
    select (select count(*)::int from device_payment p join device_order o on o.id = p.order_id
             where o.household_id = ${id}) as payments,
           (select count(*)::int from device_waiting_entry where household_id = ${id}) as waiting`);
  await tx.execute(sql`
    update device_waiting_entry
       set created_by = case when created_by = any(${labels}) then ${erasedResidentLabel} else created_by end
     where household_id = ${id}`);
  return {
    ordersKept: orders.count,
    paymentsKept: kept!.payments,
    warrantyTicketsAnonymised: tickets.count,
    waitingEntriesKept: kept!.waiting,
  };
}
