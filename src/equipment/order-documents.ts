// The receipt of a payment and the hand-over sheet of an order, as PDFs, from what the order holds.
import { eq, sql } from 'drizzle-orm';
import { organisation } from '../partners/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { NotFoundError } from '../platform/permissions/index.ts';
import { type DeviceSummary, type OrderParty, renderHandover, renderReceipt } from './documents/index.ts';
import { getOrder } from './orders.ts';

async function partyOf(db: Db, order: Awaited<ReturnType<typeof getOrder>>): Promise<OrderParty> {
  const [centre] = await db.select().from(organisation).where(eq(organisation.id, order.device.centreId));
  return {
    centreName: centre?.name ?? 'Recyclerie',
    centreAddress: null,
    centrePhone: centre?.phone ?? null,
    householdReference: order.order?.householdReference ?? '',
    householdName: order.order?.householdName ?? '',
    address: order.order?.address ?? null,
  };
}

const summaryOf = (d: Awaited<ReturnType<typeof getOrder>>['device']): DeviceSummary => ({
  reference: d.reference,
  kind: d.kind,
  bundle: d.bundle,
  make: d.make,
  model: d.model,
  cpu: d.cpu,
  ramGb: d.ramGb,
  storageGb: d.storageGb,
  os: d.os,
  grade: d.grade,
  serial: d.serial,
  erasure: { method: d.erasureMethod ?? '', date: d.erasureOn ?? '', operator: d.erasureBy ?? '' },
});

/** The receipt of one payment, with what was paid before and what remains. */
export async function receiptPdf({
  db,
  actor,
  orderId,
  paymentId,
}: {
  db: Db;
  actor: Actor;
  orderId: number;
  paymentId: number;
}) {
  const order = await getOrder({ db, actor, orderId });
  const index = order.payments.findIndex((p) => p.id === paymentId);
  if (index < 0) throw new NotFoundError('device_payment');
  const pay = order.payments[index]!;
  const paidBefore = order.payments.slice(0, index).reduce((sum, p) => sum + p.amountCents, 0);
  const pdf = await renderReceipt({
    receiptNumber: `R-${localDate(pay.paidAt).slice(0, 4)}-${String(pay.id).padStart(6, '0')}`,
    party: await partyOf(db, order),
    device: summaryOf(order.device),
    orderReference: `C-${String(orderId).padStart(6, '0')}`,
    priceCents: order.head.priceCents,
    payment: {
      amountCents: pay.amountCents,
      method: pay.method,
      paidAt: pay.paidAt,
      receivedBy: pay.receivedBy,
    },
    paidBeforeCents: paidBefore,
    balanceCents: Math.max(0, order.head.priceCents - paidBefore - pay.amountCents),
  });
  return { pdf, name: `recu-${pay.id}.pdf` };
}

/** The hand-over sheet the household signs (only once handed over). */
export async function handoverPdf({
  db,
  actor,
  orderId,
  warrantyMonths,
}: {
  db: Db;
  actor: Actor;
  orderId: number;
  warrantyMonths: number;
}) {
  const order = await getOrder({ db, actor, orderId });
  const { head, device } = order;
  if (head.status !== 'handed_over' && head.status !== 'returned') return null;
  const paid = order.payments.reduce((sum, p) => sum + p.amountCents, 0);
  const pdf = await renderHandover({
    orderReference: `C-${String(orderId).padStart(6, '0')}`,
    party: await partyOf(db, order),
    device: summaryOf(device),
    accessories:
      device.kind === 'laptop'
        ? ['Chargeur']
        : device.bundle
          ? ['Écran', 'Clavier', 'Souris', 'Câble d’alimentation']
          : ['Câble d’alimentation'],
    priceCents: head.priceCents,
    paidCents: paid,
    balanceCents: Math.max(0, head.priceCents - paid),
    handedOverAt: head.handedOverAt!,
    mode: head.handoverMode ?? 'centre',
    warrantyMonths,
    warrantyUntil: head.warrantyUntil!,
  });
  return { pdf, name: `remise-C-${String(orderId).padStart(6, '0')}.pdf` };
}

/** A household of the programme by its reference ("F-000123"), for staff who type it. */
export async function householdIdByReference(
  db: Db,
  programmeId: number,
  reference: string,
): Promise<number | null> {
  const [row] = await db.execute<{ id: number }>(
    sql`select id from household where programme_id = ${programmeId} and reference = ${reference.trim().toUpperCase()}`,
  );
  return row?.id ?? null;
}

/** A computer by its reference ("PC-000123"), for staff who type it. */
export async function deviceIdByReference(
  db: Db,
  programmeId: number,
  reference: string,
): Promise<number | null> {
  const [row] = await db.execute<{ id: number }>(
    sql`select id from device where programme_id = ${programmeId} and reference = ${reference.trim().toUpperCase()}`,
  );
  return row?.id ?? null;
}
