import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { household } from '../households/schema.ts';
import { organisation, programme } from '../partners/schema.ts';

export const deviceStatuses = [
  'received',
  'refurbishing',
  'ready',
  'reserved',
  'handed_over',
  'returned',
  'recycled',
] as const;
export type DeviceStatus = (typeof deviceStatuses)[number];

/** The price tiers of a programme, dated: an amount applies from a day (40 € and 70 € in Brest). */
export const priceTier = pgTable(
  'price_tier',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    tier: text('tier').notNull(),
    label: text('label').notNull(),
    amountCents: integer('amount_cents').notNull(),
    effectiveFrom: date('effective_from').notNull(),
  },
  (t) => [
    unique('price_tier_from_uq').on(t.programmeId, t.tier, t.effectiveFrom),
    check('price_tier_amount_ck', sql`amount_cents > 0`),
  ],
);

/** A donated computer, refurbished by the recycling centre; sold only with a passed data-erasure proof. */
export const device = pgTable(
  'device',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programme.id),
    centreId: integer('centre_id')
      .notNull()
      .references(() => organisation.id),
    reference: text('reference').notNull(),
    kind: text('kind').$type<'desktop' | 'laptop'>().notNull(),
    bundle: boolean('bundle').notNull().default(false),
    make: text('make').notNull(),
    model: text('model').notNull(),
    cpu: text('cpu').notNull(),
    ramGb: smallint('ram_gb').notNull(),
    storageGb: integer('storage_gb').notNull(),
    os: text('os').notNull(),
    grade: text('grade').notNull(),
    serial: text('serial').notNull(),
    donor: text('donor'),
    receivedOn: date('received_on').notNull(),
    tier: text('tier').notNull(),
    status: text('status').$type<DeviceStatus>().notNull().default('received'),
    recycledReason: text('recycled_reason'),
    erasureMethod: text('erasure_method'),
    erasureOn: date('erasure_on'),
    erasureBy: text('erasure_by'),
    erasureResult: text('erasure_result').$type<'passed' | 'failed'>(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('device_reference_uq').on(t.programmeId, t.reference),
    unique('device_serial_uq').on(t.programmeId, t.serial),
    index('device_status_idx').on(t.programmeId, t.status, t.tier, t.kind),
    check('device_kind_ck', sql`kind in ('desktop', 'laptop')`),
    // No computer leaves the shelf without proof that the donor's data is gone.
    check(
      'device_erasure_ck',
      sql`status not in ('ready', 'reserved', 'handed_over') or coalesce(erasure_result, '') = 'passed'`,
    ),
  ],
);

/** A household's reservation of a device, then its purchase: paid in one go or in instalments. */
export const deviceOrder = pgTable(
  'device_order',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id').notNull(),
    deviceId: integer('device_id')
      .notNull()
      .references(() => device.id),
    householdId: integer('household_id')
      .notNull()
      .references(() => household.id),
    /** The organisation whose staff reserved it (a facility, or the centre). */
    reservedByOrg: integer('reserved_by_org'),
    reservedBy: text('reserved_by').notNull(),
    priceCents: integer('price_cents').notNull(),
    status: text('status')
      .$type<'reserved' | 'handed_over' | 'cancelled' | 'returned'>()
      .notNull()
      .default('reserved'),
    reservedAt: timestamp('reserved_at', { withTimezone: true }).notNull().defaultNow(),
    handedOverAt: timestamp('handed_over_at', { withTimezone: true }),
    handoverMode: text('handover_mode').$type<'centre' | 'delivery'>(),
    warrantyUntil: date('warranty_until'),
    warrantyMonths: smallint('warranty_months'),
    /** The erasure proof as it was when the computer was handed over (a returned computer is erased again). */
    erasureProof: text('erasure_proof'),
    refundedCents: integer('refunded_cents').notNull().default(0),
  },
  (t) => [
    // One live order per device: of twenty staff reserving the last computer at once, one gets it.
    uniqueIndex('device_order_live_uq').on(t.deviceId).where(sql`status in ('reserved', 'handed_over')`),
    index('device_order_household_idx').on(t.householdId),
    index('device_order_programme_idx').on(t.programmeId, t.status, t.id),
    check('device_order_price_ck', sql`price_cents > 0`),
  ],
);

export const payment = pgTable(
  'device_payment',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orderId: integer('order_id')
      .notNull()
      .references(() => deviceOrder.id),
    amountCents: integer('amount_cents').notNull(),
    method: text('method').$type<'cash' | 'cheque' | 'card'>().notNull(),
    paidAt: timestamp('paid_at', { withTimezone: true }).notNull().defaultNow(),
    receivedBy: text('received_by').notNull(),
  },
  (t) => [
    index('device_payment_order_idx').on(t.orderId),
    check('device_payment_amount_ck', sql`amount_cents > 0`),
    check('device_payment_method_ck', sql`method in ('cash', 'cheque', 'card')`),
  ],
);

/** Households waiting for a tier and kind of computer, served in order of arrival. */
export const waitingEntry = pgTable(
  'device_waiting_entry',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id').notNull(),
    householdId: integer('household_id')
      .notNull()
      .references(() => household.id),
    tier: text('tier').notNull(),
    kind: text('kind').$type<'desktop' | 'laptop'>().notNull(),
    status: text('status')
      .$type<'waiting' | 'offered' | 'served' | 'cancelled'>()
      .notNull()
      .default('waiting'),
    offeredDeviceId: integer('offered_device_id').references(() => device.id),
    offeredAt: timestamp('offered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    uniqueIndex('device_waiting_live_uq').on(t.householdId).where(sql`status in ('waiting', 'offered')`),
    index('device_waiting_queue_idx').on(t.programmeId, t.tier, t.kind, t.status, t.id),
  ],
);

/** A return or repair during the warranty. */
export const warrantyTicket = pgTable(
  'device_warranty_ticket',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orderId: integer('order_id')
      .notNull()
      .references(() => deviceOrder.id),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    fault: text('fault').notNull(),
    diagnosis: text('diagnosis'),
    outcome: text('outcome').$type<'repaired' | 'exchanged' | 'refunded'>(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    openedBy: text('opened_by').notNull(),
  },
  (t) => [index('device_warranty_order_idx').on(t.orderId)],
);
