// /api/v1 equipment: the recycling centre's stock of refurbished computers (intake, erasure proof, lifecycle),
// price tiers, reservations for households (facilities and the centre), payments, hand-over, warranty tickets,
// the waiting list, and stock and flow figures (the coordinator).
import { createRoute, z } from '@hono/zod-openapi';
import {
  addDevice,
  cancelReservation,
  closeTicket,
  defaultEligibility,
  deviceCsvColumns,
  deviceKinds,
  deviceStatuses,
  type EligibilityRule,
  type EquipmentRefusal,
  Erasure,
  equipmentRefusalMessage,
  getDevice,
  getOrder,
  grades,
  handOver,
  handoverPdf,
  importDevices,
  joinWaitingList,
  listDevices,
  listOrders,
  listPriceTiers,
  listWaiting,
  moveDevice,
  NewDevice,
  openTicket,
  PaymentInput,
  paymentMethods,
  receiptPdf,
  recordErasure,
  recordPayment,
  reserveDevice,
  setPriceTier,
  stockAndFlow,
  TicketClose,
  TicketInput,
  WaitingInput,
} from '../equipment/index.ts';
import { IsoDate } from '../households/index.ts';
import { downloadResponse } from '../platform/http/index.ts';
import { apiRouter, errorResponses, Id, json, PathId } from './context.ts';

const deviceTags = ['Devices'];
const orderTags = ['Device orders'];

// ---- Schemas ----------------------------------------------------------------------------------------------------

const EquipmentRefusalBody = z
  .object({
    error: z.string().openapi({ example: 'not_available' }),
    message: z.string(),
    field: z.string().optional().openapi({ description: 'The input field at fault, when there is one' }),
    alternatives: z
      .array(z.number())
      .optional()
      .openapi({ description: 'not_available: other ready devices of the same tier and kind' }),
    why: z
      .enum(['not_in_open_sector', 'no_access_request', 'recent_device'])
      .optional()
      .openapi({ description: 'not_eligible: why the household may not buy a computer now' }),
  })
  .openapi('EquipmentRefusal');
const refusal = (description: string) => ({ 409: json(EquipmentRefusalBody, description) });
const refused = (r: { reason: EquipmentRefusal; field?: string }, extra: object = {}) => ({
  error: r.reason,
  message: equipmentRefusalMessage(r.reason),
  ...(r.field ? { field: r.field } : {}),
  ...extra,
});

const pdf = (description: string) => ({
  200: { description, content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
});

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const orderStatuses = ['reserved', 'handed_over', 'cancelled', 'returned'] as const;

const Device = z
  .object({
    id: z.number(),
    reference: z.string().openapi({ example: 'PC-000123' }),
    centreId: z.number(),
    kind: z.enum(deviceKinds),
    bundle: z.boolean().openapi({ description: 'Desktops: screen, keyboard and mouse included' }),
    make: z.string(),
    model: z.string(),
    cpu: z.string(),
    ramGb: z.number(),
    storageGb: z.number(),
    os: z.string(),
    grade: z.enum(grades),
    serial: z.string(),
    donor: z.string().nullable(),
    receivedOn: z.string().openapi({ format: 'date' }),
    tier: z.string(),
    status: z.enum(deviceStatuses),
    recycledReason: z.string().nullable(),
    erasure: z
      .object({
        method: z.string().nullable(),
        on: z.string().openapi({ format: 'date' }).nullable(),
        by: z.string().nullable(),
        result: z.enum(['passed', 'failed']).nullable(),
      })
      .openapi({ description: 'The proof that the donor’s data was erased (required before sale)' }),
    updatedAt: z.string(),
  })
  .openapi('Device');
type DeviceRow = Awaited<ReturnType<typeof getDevice>>;
const deviceJson = (d: DeviceRow) => ({
  id: d.id,
  reference: d.reference,
  centreId: d.centreId,
  kind: d.kind,
  bundle: d.bundle,
  make: d.make,
  model: d.model,
  cpu: d.cpu,
  ramGb: d.ramGb,
  storageGb: d.storageGb,
  os: d.os,
  grade: d.grade as (typeof grades)[number],
  serial: d.serial,
  donor: d.donor,
  receivedOn: d.receivedOn,
  tier: d.tier,
  status: d.status,
  recycledReason: d.recycledReason,
  erasure: { method: d.erasureMethod, on: d.erasureOn, by: d.erasureBy, result: d.erasureResult },
  updatedAt: d.updatedAt.toISOString(),
});

const LineMessage = z.object({ line: z.number(), message: z.string() });
const ImportErrors = z
  .object({
    error: z.string().openapi({ example: 'invalid_file' }),
    message: z.string(),
    errors: z.array(LineMessage).openapi({ description: 'Every line at fault (line 1 is the header)' }),
  })
  .openapi('DeviceImportErrors');

const DeviceMove = z.object({
  event: z.enum(['refurbish', 'ready', 'recycle']).openapi({
    description: 'refurbish (received or returned → refurbishing), ready (needs a passed erasure), recycle',
  }),
  reason: z.string().trim().min(1).max(200).optional().openapi({ description: 'Why it is recycled' }),
});

const PriceTier = z
  .object({
    id: z.number(),
    tier: z.string().openapi({ example: 'standard' }),
    label: z.string(),
    amountCents: z.number(),
    effectiveFrom: z.string().openapi({ format: 'date' }),
  })
  .openapi('PriceTier');
const NewPriceTier = z.object({
  tier: z.string().trim().min(1).max(40).openapi({ example: 'standard' }),
  label: z.string().trim().min(1).max(80).openapi({ example: 'Standard' }),
  amountCents: z.number().int().positive().max(100_000).openapi({ example: 4000 }),
  effectiveFrom: IsoDate,
});

const OrderSummary = z
  .object({
    id: z.number(),
    reference: z.string().openapi({ example: 'C-000012' }),
    status: z.enum(orderStatuses),
    reservedAt: z.string(),
    handedOverAt: z.string().nullable(),
    priceCents: z.number(),
    paidCents: z.number(),
    balanceCents: z.number(),
    deviceReference: z.string(),
    deviceKind: z.enum(deviceKinds),
    tier: z.string(),
    householdId: z.number(),
    householdReference: z.string(),
    householdName: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
    reservedBy: z.string(),
  })
  .openapi('DeviceOrderSummary');
type OrderRow = Awaited<ReturnType<typeof listOrders>>[number];
const orderSummaryJson = (o: OrderRow) => ({
  ...o,
  status: o.status as (typeof orderStatuses)[number],
  deviceKind: o.deviceKind as (typeof deviceKinds)[number],
  reservedAt: o.reservedAt.toISOString(),
  handedOverAt: iso(o.handedOverAt),
});

const Payment = z
  .object({
    id: z.number(),
    amountCents: z.number(),
    method: z.enum(paymentMethods),
    paidAt: z.string(),
    receivedBy: z.string(),
  })
  .openapi('DevicePayment');
const Ticket = z
  .object({
    id: z.number(),
    fault: z.string(),
    openedAt: z.string(),
    openedBy: z.string(),
    diagnosis: z.string().nullable(),
    outcome: z.enum(['repaired', 'exchanged', 'refunded']).nullable(),
    closedAt: z.string().nullable(),
  })
  .openapi('WarrantyTicket');
const Order = z
  .object({
    id: z.number(),
    reference: z.string().openapi({ example: 'C-000012' }),
    status: z.enum(orderStatuses),
    householdId: z.number(),
    household: z
      .object({
        reference: z.string(),
        name: z.string().nullable(),
        phone: z.string().nullable(),
        address: z.string().nullable(),
      })
      .nullable(),
    priceCents: z.number(),
    paidCents: z.number(),
    balanceCents: z.number(),
    reservedAt: z.string(),
    reservedBy: z.string(),
    handedOverAt: z.string().nullable(),
    handoverMode: z.enum(['centre', 'delivery']).nullable(),
    warrantyUntil: z.string().openapi({ format: 'date' }).nullable(),
    device: Device,
    payments: z.array(Payment),
    tickets: z.array(Ticket),
  })
  .openapi('DeviceOrder');
function orderJson({ order, head, device, payments, tickets }: Awaited<ReturnType<typeof getOrder>>) {
  const paidCents = payments.reduce((sum, p) => sum + p.amountCents, 0);
  return {
    id: head.id,
    reference: `C-${String(head.id).padStart(6, '0')}`,
    status: head.status,
    householdId: head.householdId,
    household: order
      ? {
          reference: order.householdReference,
          name: order.householdName,
          phone: order.phone,
          address: order.address,
        }
      : null,
    priceCents: head.priceCents,
    paidCents,
    balanceCents: Math.max(0, head.priceCents - paidCents),
    reservedAt: head.reservedAt.toISOString(),
    reservedBy: head.reservedBy,
    handedOverAt: iso(head.handedOverAt),
    handoverMode: head.handoverMode,
    warrantyUntil: head.warrantyUntil,
    device: deviceJson(device),
    payments: payments.map((p) => ({
      id: p.id,
      amountCents: p.amountCents,
      method: p.method,
      paidAt: p.paidAt.toISOString(),
      receivedBy: p.receivedBy,
    })),
    tickets: tickets.map((t) => ({
      id: t.id,
      fault: t.fault,
      openedAt: t.openedAt.toISOString(),
      openedBy: t.openedBy,
      diagnosis: t.diagnosis,
      outcome: t.outcome,
      closedAt: iso(t.closedAt),
    })),
  };
}

const WaitingEntry = z
  .object({
    id: z.number(),
    householdId: z.number(),
    householdReference: z.string(),
    tier: z.string(),
    kind: z.enum(deviceKinds),
    status: z.enum(['waiting', 'offered']),
    createdAt: z.string(),
    offeredDeviceId: z.number().nullable().openapi({ description: 'The ready device offered, if any' }),
  })
  .openapi('DeviceWaitingEntry');

const Stats = z
  .object({
    byStatus: z.array(z.object({ status: z.enum(deviceStatuses), tier: z.string(), n: z.number() })),
    waiting: z.array(
      z.object({ tier: z.string(), kind: z.enum(deviceKinds), n: z.number(), oldest: z.string() }),
    ),
    perMonth: z
      .array(z.object({ month: z.string().openapi({ example: '2027-03' }), n: z.number() }))
      .openapi({ description: 'Computers handed over per month, newest first (24 months)' }),
    averageDaysToHandOver: z.number().nullable(),
  })
  .openapi('EquipmentStats');

const PaymentParams = PathId.extend({
  paymentId: Id.openapi({ param: { name: 'paymentId', in: 'path' }, example: 1 }),
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

// ---- Routes -------------------------------------------------------------------------------------------------------

/** `warrantyMonths`: the programme's warranty on a computer handed over (configuration). */
export function equipmentApi({
  warrantyMonths = 6,
  eligibility = defaultEligibility,
}: {
  warrantyMonths?: number;
  eligibility?: EligibilityRule;
} = {}) {
  return (
    apiRouter()
      // Devices
      .openapi(
        createRoute({
          method: 'get',
          path: '/devices',
          tags: deviceTags,
          summary: 'The stock, filtered (facilities see ready devices only: what they may reserve)',
          request: {
            query: z.object({
              status: z.enum(deviceStatuses).optional(),
              tier: z.string().max(40).optional(),
              kind: z.enum(deviceKinds).optional(),
            }),
          },
          responses: { 200: json(z.object({ items: z.array(Device) }), 'The devices'), ...errorResponses },
        }),
        async (c) => {
          const items = await listDevices({ db: c.var.db, actor: c.var.actor, ...c.req.valid('query') });
          return c.json({ items: items.map(deviceJson) }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/devices',
          tags: deviceTags,
          summary: 'A donated computer arrives at the centre',
          request: body(NewDevice),
          responses: {
            201: json(z.object({ id: z.number(), reference: z.string() }), 'Received'),
            ...refusal('Refused: a device with this serial number is already in stock'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const { db, actor } = c.var;
          const result = await addDevice({ db, actor, input: c.req.valid('json') });
          if (!result.ok) return c.json(refused(result), 409);
          const d = await getDevice({ db, actor, deviceId: result.deviceId });
          return c.json({ id: d.id, reference: d.reference }, 201);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/devices/import',
          tags: deviceTags,
          summary: 'Bulk intake from a CSV file, all or nothing',
          description:
            `Columns \`${deviceCsvColumns.join(';')}\`. \`type\`: \`bureau\` or \`portable\`; \`ensemble\`: ` +
            '`oui` when a desktop comes with screen, keyboard and mouse; `recu_le` = `AAAA-MM-JJ`. Every line is ' +
            'checked first: with any error (or a serial number already in stock), nothing is imported (422 with ' +
            'the line numbers).',
          request: {
            body: {
              content: { 'text/csv': { schema: z.string().openapi({ format: 'binary' }) } },
              required: true,
            },
          },
          responses: {
            200: json(z.object({ rows: z.number(), imported: z.number() }), 'Imported'),
            ...errorResponses,
            422: json(ImportErrors, 'The file has errors; nothing was imported'),
          },
        }),
        async (c) => {
          const report = await importDevices({ db: c.var.db, actor: c.var.actor, file: await c.req.text() });
          if (report.errors.length)
            return c.json(
              {
                error: 'invalid_file',
                message: 'Le fichier contient des erreurs : rien n’a été importé.',
                errors: report.errors,
              },
              422,
            );
          return c.json({ rows: report.rows, imported: report.imported }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/devices/{id}',
          tags: deviceTags,
          summary: 'One device, with its erasure proof',
          request: { params: PathId },
          responses: { 200: json(Device, 'The device'), ...errorResponses },
        }),
        async (c) => {
          const d = await getDevice({ db: c.var.db, actor: c.var.actor, deviceId: c.req.valid('param').id });
          return c.json(deviceJson(d), 200);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/devices/{id}/erasure',
          tags: deviceTags,
          summary: 'Record the proof that the donor’s data was erased (method, date, who, result)',
          request: { params: PathId, ...body(Erasure) },
          responses: {
            204: { description: 'Recorded' },
            ...refusal('Refused: the proof of a reserved or handed-over computer never changes'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const erased = await recordErasure({
            db: c.var.db,
            actor: c.var.actor,
            deviceId: c.req.valid('param').id,
            input: c.req.valid('json'),
          });
          if (!erased.ok) return c.json(refused(erased), 409);
          return c.body(null, 204);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/devices/{id}/status',
          tags: deviceTags,
          summary:
            'Move a device along its lifecycle; a ready device is offered to the next household in line',
          request: { params: PathId, ...body(DeviceMove) },
          responses: {
            200: json(
              z.object({
                status: z.enum(deviceStatuses),
                offeredTo: z
                  .number()
                  .nullable()
                  .openapi({ description: 'The household offered the device from the waiting list' }),
              }),
              'Moved',
            ),
            ...refusal('Refused: not possible from the current status, or no passed erasure proof'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const { event, reason } = c.req.valid('json');
          const result = await moveDevice({
            db: c.var.db,
            actor: c.var.actor,
            deviceId: c.req.valid('param').id,
            event,
            reason,
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ status: result.status, offeredTo: result.offeredTo }, 200);
        },
      )
      // Price tiers
      .openapi(
        createRoute({
          method: 'get',
          path: '/price-tiers',
          tags: deviceTags,
          summary: 'The price tiers with their dated amounts',
          responses: { 200: json(z.object({ items: z.array(PriceTier) }), 'The tiers'), ...errorResponses },
        }),
        async (c) => {
          const rows = await listPriceTiers({ db: c.var.db, actor: c.var.actor });
          return c.json(
            {
              items: rows.map((t) => ({
                id: t.id,
                tier: t.tier,
                label: t.label,
                amountCents: t.amountCents,
                effectiveFrom: t.effectiveFrom,
              })),
            },
            200,
          );
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/price-tiers',
          tags: deviceTags,
          summary: 'The amount of a tier from a day (amounts of past days stay as they were)',
          request: body(NewPriceTier),
          responses: {
            201: json(NewPriceTier, 'Set'),
            ...refusal('Refused: the tier already has an amount from that day'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const input = c.req.valid('json');
          const result = await setPriceTier({ db: c.var.db, actor: c.var.actor, input });
          // `tier_exists` is not (yet) an EquipmentRefusal: its message is written here.
          if (!result.ok)
            return c.json(
              {
                error: result.reason,
                message: 'Ce tarif a déjà un montant à partir de ce jour.',
                field: 'effectiveFrom',
              },
              409,
            );
          return c.json(input, 201);
        },
      )
      // Orders
      .openapi(
        createRoute({
          method: 'get',
          path: '/device-orders',
          tags: orderTags,
          summary: 'Orders: the centre sees all, a facility those it reserved (the 300 latest)',
          request: { query: z.object({ status: z.enum(orderStatuses).optional() }) },
          responses: {
            200: json(z.object({ items: z.array(OrderSummary) }), 'The orders'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const rows = await listOrders({
            db: c.var.db,
            actor: c.var.actor,
            status: c.req.valid('query').status,
          });
          return c.json({ items: rows.map(orderSummaryJson) }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/device-orders',
          tags: orderTags,
          summary: 'Reserve a ready computer for an eligible household, at its tier’s price of the day',
          description:
            'Of several reservations of the same computer at once, one succeeds; the others get 409 ' +
            '`not_available` with `alternatives`. An ineligible household gets `not_eligible` with `why`.',
          request: body(z.object({ deviceId: Id, householdId: Id })),
          responses: {
            201: json(z.object({ id: z.number(), priceCents: z.number() }), 'Reserved'),
            ...refusal(
              'Refused: the device is gone, the household is not eligible, or the tier has no price',
            ),
            ...errorResponses,
          },
        }),
        async (c) => {
          const { deviceId, householdId } = c.req.valid('json');
          const result = await reserveDevice({
            db: c.var.db,
            actor: c.var.actor,
            deviceId,
            householdId,
            rule: eligibility,
          });
          if (!result.ok)
            return c.json(
              refused(result, {
                ...('alternatives' in result && result.alternatives
                  ? { alternatives: result.alternatives }
                  : {}),
                ...('why' in result ? { why: result.why } : {}),
              }),
              409,
            );
          return c.json({ id: result.orderId, priceCents: result.priceCents }, 201);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/device-orders/{id}',
          tags: orderTags,
          summary: 'One order with its device, payments and warranty tickets',
          request: { params: PathId },
          responses: { 200: json(Order, 'The order'), ...errorResponses },
        }),
        async (c) => {
          const order = await getOrder({
            db: c.var.db,
            actor: c.var.actor,
            orderId: c.req.valid('param').id,
          });
          return c.json(orderJson(order), 200);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/device-orders/{id}/cancel',
          tags: orderTags,
          summary:
            'Cancel a reservation without payment: the computer is ready again and offered to the next in line',
          request: { params: PathId },
          responses: {
            200: json(z.object({ offeredTo: z.number().nullable() }), 'Cancelled'),
            ...refusal('Refused: the order is closed or has payments'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await cancelReservation({
            db: c.var.db,
            actor: c.var.actor,
            orderId: c.req.valid('param').id,
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ offeredTo: result.offeredTo }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/device-orders/{id}/payments',
          tags: orderTags,
          summary: 'A payment at the centre (cash, cheque or card), in one go or one instalment of several',
          request: { params: PathId, ...body(PaymentInput) },
          responses: {
            201: json(
              z.object({ id: z.number(), balanceCents: z.number().openapi({ description: 'What remains' }) }),
              'Recorded',
            ),
            ...refusal('Refused: the order is closed, or the payment exceeds what remains'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await recordPayment({
            db: c.var.db,
            actor: c.var.actor,
            orderId: c.req.valid('param').id,
            input: c.req.valid('json'),
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ id: result.paymentId, balanceCents: result.balanceCents }, 201);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/device-orders/{id}/payments/{paymentId}/receipt.pdf',
          tags: orderTags,
          summary: 'The receipt of one payment, with what was paid before and what remains',
          request: { params: PaymentParams },
          responses: { ...pdf('The receipt'), ...errorResponses },
        }),
        async (c) => {
          const { id, paymentId } = c.req.valid('param');
          const { pdf: bytes, name } = await receiptPdf({
            db: c.var.db,
            actor: c.var.actor,
            orderId: id,
            paymentId,
          });
          return downloadResponse(bytes, name);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/device-orders/{id}/handover',
          tags: orderTags,
          summary: 'The household takes its computer (at the centre, or delivered): the warranty starts',
          request: {
            params: PathId,
            ...body(z.object({ mode: z.enum(['centre', 'delivery']) })),
          },
          responses: {
            200: json(z.object({ warrantyUntil: z.string().openapi({ format: 'date' }) }), 'Handed over'),
            ...refusal('Refused: the order is not reserved (already handed over, cancelled, returned)'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await handOver({
            db: c.var.db,
            actor: c.var.actor,
            orderId: c.req.valid('param').id,
            mode: c.req.valid('json').mode,
            warrantyMonths,
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ warrantyUntil: result.warrantyUntil }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/device-orders/{id}/handover.pdf',
          tags: orderTags,
          summary: 'The hand-over sheet the household signs (once handed over)',
          request: { params: PathId },
          responses: {
            ...pdf('The hand-over sheet'),
            ...refusal('Refused: the computer has not been handed over'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const sheet = await handoverPdf({
            db: c.var.db,
            actor: c.var.actor,
            orderId: c.req.valid('param').id,
            warrantyMonths,
          });
          if (!sheet) return c.json(refused({ reason: 'not_handed_over' }), 409);
          return downloadResponse(sheet.pdf, sheet.name);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/device-orders/{id}/tickets',
          tags: orderTags,
          summary: 'A return or repair under warranty',
          request: { params: PathId, ...body(TicketInput) },
          responses: {
            201: json(z.object({ id: z.number() }), 'Opened'),
            ...refusal('Refused: not handed over, or the warranty is over'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await openTicket({
            db: c.var.db,
            actor: c.var.actor,
            orderId: c.req.valid('param').id,
            fault: c.req.valid('json').fault,
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ id: result.ticketId }, 201);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/device-tickets/{id}/close',
          tags: orderTags,
          summary: 'Close a warranty ticket: repaired, exchanged, or refunded (the computer comes back)',
          request: { params: PathId, ...body(TicketClose) },
          responses: {
            204: { description: 'Closed' },
            ...refusal('Refused: the ticket is already closed'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await closeTicket({
            db: c.var.db,
            actor: c.var.actor,
            ticketId: c.req.valid('param').id,
            input: c.req.valid('json'),
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.body(null, 204);
        },
      )
      // Waiting list
      .openapi(
        createRoute({
          method: 'get',
          path: '/device-waiting-list',
          tags: orderTags,
          summary: 'The waiting list, in order per tier and kind, with offers made',
          responses: {
            200: json(z.object({ items: z.array(WaitingEntry) }), 'The waiting list'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const rows = await listWaiting({ db: c.var.db, actor: c.var.actor });
          return c.json(
            {
              items: [...rows].map((w) => ({
                id: w.id,
                householdId: w.household_id,
                householdReference: w.household_reference,
                tier: w.tier,
                kind: w.kind as (typeof deviceKinds)[number],
                status: w.status as 'waiting' | 'offered',
                createdAt: new Date(w.created_at).toISOString(),
                offeredDeviceId: w.offered_device_id,
              })),
            },
            200,
          );
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/device-waiting-list',
          tags: orderTags,
          summary: 'Put an eligible household on the waiting list for a tier and kind',
          request: body(WaitingInput),
          responses: {
            201: json(z.object({ id: z.number(), position: z.number() }), 'On the list'),
            ...refusal('Refused: already waiting, or the household is not eligible (`why`)'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await joinWaitingList({
            db: c.var.db,
            actor: c.var.actor,
            input: c.req.valid('json'),
            rule: eligibility,
          });
          if (!result.ok) return c.json(refused(result, 'why' in result ? { why: result.why } : {}), 409);
          return c.json({ id: result.entryId, position: result.position }, 201);
        },
      )
      // Figures
      .openapi(
        createRoute({
          method: 'get',
          path: '/equipment/stats',
          tags: deviceTags,
          summary: 'Stock and flow: devices per status and tier, waiting households, hand-overs per month',
          responses: { 200: json(Stats, 'The figures'), ...errorResponses },
        }),
        async (c) => {
          const s = await stockAndFlow({ db: c.var.db, actor: c.var.actor });
          return c.json(
            {
              byStatus: s.byStatus.map((r) => ({
                ...r,
                status: r.status as (typeof deviceStatuses)[number],
              })),
              waiting: s.waiting.map((w) => ({
                ...w,
                kind: w.kind as (typeof deviceKinds)[number],
                oldest: new Date(w.oldest).toISOString(),
              })),
              perMonth: s.perMonth,
              averageDaysToHandOver: s.averageDaysToHandOver,
            },
            200,
          );
        },
      )
  );
}
