import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { equipmentProgramme } from '../../test/equipment.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { getHousehold } from '../households/index.ts';
import type { Db } from '../platform/db/index.ts';
import { ForbiddenError } from '../platform/permissions/index.ts';
import {
  addDevice,
  cancelReservation,
  closeTicket,
  getOrder,
  handOver,
  importDevices,
  joinWaitingList,
  listDevices,
  listOrders,
  listWaiting,
  moveDevice,
  openTicket,
  recordErasure,
  recordPayment,
  reserveDevice,
  stockAndFlow,
} from './index.ts';

let db: Db;
const listOrdersFor = async (ref: string) =>
  (await listOrders({ db, actor: p.actors.recycling_agent })).filter(
    (o) => o.householdId === p.households[ref] && o.status === 'reserved',
  );
let p: TestProgramme;
const _day = 86_400_000;
const laptop = (serial: string) => ({
  kind: 'laptop' as const,
  bundle: false,
  make: 'Lenovo',
  model: 'ThinkPad T450',
  cpu: 'Core i5-5300U',
  ramGb: 8,
  storageGb: 240,
  os: 'Linux Mint',
  grade: 'B' as const,
  serial,
  receivedOn: '2026-10-01',
  tier: 'standard',
});

/** A computer ready to sell: received, erased, refurbished, ready. */
async function readyDevice(serial: string): Promise<number> {
  const centre = p.actors.recycling_agent;
  const added = await addDevice({ db, actor: centre, input: laptop(serial) });
  if (!added.ok) throw new Error(added.reason);
  await recordErasure({
    db,
    actor: centre,
    deviceId: added.deviceId,
    input: { method: 'nwipe DoD', on: '2026-10-02', by: 'Gwen', result: 'passed' },
  });
  await moveDevice({ db, actor: centre, deviceId: added.deviceId, event: 'refurbish' });
  const ready = await moveDevice({ db, actor: centre, deviceId: added.deviceId, event: 'ready' });
  if (!ready.ok) throw new Error(ready.reason);
  return added.deviceId;
}

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  await equipmentProgramme(db, p);
});

describe('the stock', () => {
  it('refuses to make ready a computer without a passed data-erasure proof, in the code and in the database', async () => {
    const centre = p.actors.recycling_agent;
    const added = await addDevice({ db, actor: centre, input: laptop('SN-NOERASE') });
    if (!added.ok) throw new Error(added.reason);
    await moveDevice({ db, actor: centre, deviceId: added.deviceId, event: 'refurbish' });
    expect(await moveDevice({ db, actor: centre, deviceId: added.deviceId, event: 'ready' })).toMatchObject({
      ok: false,
      reason: 'no_erasure_proof',
    });
    await expect(
      db.execute(sql`update device set status = 'ready' where id = ${added.deviceId}`),
    ).rejects.toThrow();
    expect(
      await moveDevice({ db, actor: centre, deviceId: added.deviceId, event: 'refurbish' }),
    ).toMatchObject({ ok: false, reason: 'illegal_transition' });
    expect(await addDevice({ db, actor: centre, input: laptop('SN-NOERASE') })).toMatchObject({
      ok: false,
      reason: 'serial_taken',
    });
  });

  it('imports a CSV all or nothing, with errors by line', async () => {
    const header =
      'type;ensemble;marque;modele;processeur;memoire_go;stockage_go;systeme;grade;numero_serie;donateur;recu_le;tarif';
    const good =
      'portable;non;Dell;Latitude E7450;i5-5300U;8;256;Linux Mint;A;SN-CSV-1;Entreprise X;2026-10-03;standard';
    const bad = await importDevices({
      db,
      actor: p.actors.recycling_agent,
      file: `${header}\n${good}\nbureau;oui;HP;;i3;4;500;Windows 10;D;SN-CSV-2;;2026-10-03;standard`,
    });
    expect(bad.imported).toBe(0);
    expect(bad.errors.map((e) => e.line)).toEqual([3, 3]);
    const ok = await importDevices({ db, actor: p.actors.recycling_agent, file: `${header}\n${good}` });
    expect(ok).toEqual({ rows: 1, imported: 1, errors: [] });
    await expect(importDevices({ db, actor: p.actors.facilitator, file: header })).rejects.toThrow(
      ForbiddenError,
    );
  });
});

describe('a sale', () => {
  it('twenty staff reserving the last computer at once: exactly one reservation, the others told it is gone', async () => {
    const deviceId = await readyDevice('SN-LAST');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        reserveDevice({
          db,
          actor: i % 2 ? p.actors.recycling_agent : p.actors.facilitator,
          deviceId,
          householdId: p.households[i % 2 ? 'L-001' : 'L-002']!,
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    // The others learn the computer is gone (with other options), or that their household already holds it.
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(19);
    for (const r of refused)
      expect(
        r.reason === 'not_available'
          ? Array.isArray((r as { alternatives?: unknown }).alternatives)
          : (r as { why?: string }).why === 'live_order',
      ).toBe(true);
    expect(refused.filter((r) => r.reason === 'not_available').length).toBeGreaterThanOrEqual(10);
    const [{ n }] = (await db.execute<{ n: number }>(
      sql`select count(*)::int as n from device_order where device_id = ${deviceId}`,
    )) as unknown as [{ n: number }];
    expect(n).toBe(1);
    // Release it for the next tests.
    const winner = results.find((r) => r.ok) as { orderId: number };
    expect(
      await cancelReservation({ db, actor: p.actors.recycling_agent, orderId: winner.orderId }),
    ).toMatchObject({ ok: true });
  });

  it('refuses an ineligible household, with the reason', async () => {
    const deviceId = await readyDevice('SN-ELIG');
    // L-101 lives in N2, where the service is not open.
    await expect(
      reserveDevice({ db, actor: p.actors.facilitator, deviceId, householdId: p.households['L-201']! }),
    ).rejects.toThrow(ForbiddenError);
    expect(
      await reserveDevice({
        db,
        actor: p.actors.recycling_agent,
        deviceId,
        householdId: p.households['L-101']!,
      }),
    ).toMatchObject({
      ok: false,
      reason: 'not_eligible',
      why: 'not_in_open_sector',
    });
  });

  it('reserve, pay in instalments, hand over, warranty ticket; the household timeline tells it', async () => {
    const centre = p.actors.recycling_agent;
    const deviceId = await readyDevice('SN-SALE');
    const reserved = await reserveDevice({
      db,
      actor: p.actors.facilitator,
      deviceId,
      householdId: p.households['L-001']!,
    });
    expect(reserved).toMatchObject({ ok: true, priceCents: 4000 });
    if (!reserved.ok) return;
    expect(
      await recordPayment({
        db,
        actor: centre,
        orderId: reserved.orderId,
        input: { amountCents: 1000, method: 'cash' },
      }),
    ).toMatchObject({ ok: true, balanceCents: 3000 });
    expect(
      await recordPayment({
        db,
        actor: centre,
        orderId: reserved.orderId,
        input: { amountCents: 5000, method: 'card' },
      }),
    ).toMatchObject({ ok: false, reason: 'overpaid' });
    await expect(
      recordPayment({
        db,
        actor: p.actors.facilitator,
        orderId: reserved.orderId,
        input: { amountCents: 1000, method: 'cash' },
      }),
    ).rejects.toThrow(ForbiddenError);
    const handed = await handOver({
      db,
      actor: centre,
      orderId: reserved.orderId,
      mode: 'centre',
      warrantyMonths: 6,
      now: new Date('2026-11-10T10:00:00Z'),
    });
    expect(handed).toEqual({ ok: true, warrantyUntil: '2027-05-10' });
    for (let i = 0; i < 3; i++)
      await recordPayment({
        db,
        actor: centre,
        orderId: reserved.orderId,
        input: { amountCents: 1000, method: 'cheque' },
      });
    const { order, payments } = await getOrder({ db, actor: centre, orderId: reserved.orderId });
    expect(order).toMatchObject({ status: 'handed_over', paidCents: 4000, balanceCents: 0 });
    expect(payments).toHaveLength(4);
    const ticket = await openTicket({
      db,
      actor: centre,
      orderId: reserved.orderId,
      fault: 'L’écran reste noir',
      now: new Date('2027-01-05T10:00:00Z'),
    });
    expect(ticket.ok).toBe(true);
    if (ticket.ok)
      expect(
        await closeTicket({
          db,
          actor: centre,
          ticketId: ticket.ticketId,
          input: { diagnosis: 'Nappe débranchée', outcome: 'repaired' },
        }),
      ).toEqual({ ok: true });
    expect(
      await openTicket({
        db,
        actor: centre,
        orderId: reserved.orderId,
        fault: 'Batterie',
        now: new Date('2027-06-01T10:00:00Z'),
      }),
    ).toMatchObject({ reason: 'warranty_over' });
    const household = await getHousehold({
      db,
      actor: p.actors.landlord_officer,
      householdId: p.households['L-001']!,
    });
    expect(household.timeline.filter((e) => e.journey === 'equipment').map((e) => e.kind)).toEqual(
      expect.arrayContaining([
        'device.reserved',
        'device.paid',
        'device.handed_over',
        'device.ticket_opened',
        'device.ticket_closed',
      ]),
    );
    // One computer per household every three years.
    const next = await readyDevice('SN-SECOND');
    expect(
      await reserveDevice({ db, actor: centre, deviceId: next, householdId: p.households['L-001']! }),
    ).toMatchObject({ why: 'recent_device' });
  });

  it('a waiting list served in order: the next computer ready is offered to the first in line', async () => {
    const centre = p.actors.recycling_agent;
    expect(
      await joinWaitingList({
        db,
        actor: p.actors.facilitator,
        input: { householdId: p.households['L-002']!, tier: 'premium', kind: 'desktop' },
      }),
    ).toMatchObject({ ok: true, position: 1 });
    expect(
      await joinWaitingList({
        db,
        actor: p.actors.facilitator,
        input: { householdId: p.households['L-002']!, tier: 'premium', kind: 'desktop' },
      }),
    ).toMatchObject({ ok: false, reason: 'already_waiting' });
    const added = await addDevice({
      db,
      actor: centre,
      input: { ...laptop('SN-DESK'), kind: 'desktop', bundle: true, tier: 'premium' },
    });
    if (!added.ok) throw new Error(added.reason);
    await recordErasure({
      db,
      actor: centre,
      deviceId: added.deviceId,
      input: { method: 'nwipe', on: '2026-10-02', by: 'Gwen', result: 'passed' },
    });
    await moveDevice({ db, actor: centre, deviceId: added.deviceId, event: 'refurbish' });
    expect(await moveDevice({ db, actor: centre, deviceId: added.deviceId, event: 'ready' })).toMatchObject({
      ok: true,
      offeredTo: p.households['L-002'],
    });
    const waiting = await listWaiting({ db, actor: centre });
    expect(waiting.find((w) => w.household_id === p.households['L-002'])).toMatchObject({
      status: 'offered',
      offered_device_id: added.deviceId,
    });
    // Kept for L-002 for a week: nobody else may take it.
    expect(
      await reserveDevice({
        db,
        actor: centre,
        deviceId: added.deviceId,
        householdId: p.households['L-001']!,
      }),
    ).toMatchObject({
      ok: false,
    });
    expect(
      await joinWaitingList({
        db,
        actor: centre,
        input: { householdId: p.households['L-001']!, tier: 'standard', kind: 'laptop' },
      }),
    ).toMatchObject({
      ok: false,
    });
    const reserved = await reserveDevice({
      db,
      actor: p.actors.facilitator,
      deviceId: added.deviceId,
      householdId: p.households['L-002']!,
    });
    expect(reserved, JSON.stringify(reserved)).toMatchObject({ ok: true, priceCents: 7000 });
    expect(
      (await listWaiting({ db, actor: centre })).find((w) => w.household_id === p.households['L-002']),
    ).toBeUndefined();
  });

  it('a refund takes the computer back to be erased again; an exchange swaps it on the same order', async () => {
    const centre = p.actors.recycling_agent;
    // L-002 holds the premium desktop from the waiting list: pay, hand over, then a fault.
    const [order] = await listOrdersFor('L-002');
    await recordPayment({
      db,
      actor: centre,
      orderId: order!.id,
      input: { amountCents: 7000, method: 'card' },
    });
    await handOver({ db, actor: centre, orderId: order!.id, mode: 'delivery', warrantyMonths: 12 });
    const first = await openTicket({ db, actor: centre, orderId: order!.id, fault: 'Ne démarre plus' });
    if (!first.ok) throw new Error(first.reason);
    const spare = await readyDevice('SN-SPARE');
    expect(
      await closeTicket({
        db,
        actor: centre,
        ticketId: first.ticketId,
        input: { diagnosis: 'Carte mère', outcome: 'exchanged', replacementDeviceId: spare },
      }),
    ).toEqual({ ok: true });
    const swapped = await getOrder({ db, actor: centre, orderId: order!.id });
    expect(swapped.device.id).toBe(spare);
    const second = await openTicket({ db, actor: centre, orderId: order!.id, fault: 'Toujours en panne' });
    if (!second.ok) throw new Error(second.reason);
    expect(
      await closeTicket({
        db,
        actor: centre,
        ticketId: second.ticketId,
        input: { diagnosis: 'Irréparable', outcome: 'refunded' },
      }),
    ).toEqual({ ok: true });
    const after = await getOrder({ db, actor: centre, orderId: order!.id });
    expect(after.head).toMatchObject({ status: 'returned', refundedCents: 7000 });
    expect(after.device).toMatchObject({ status: 'returned', erasureResult: null });
  });

  it('each role sees what it may', async () => {
    // The facility sees its own reservations; the centre sees every order with the contact it needs.
    const facility = await listOrders({ db, actor: p.actors.facilitator });
    expect(facility.every((o) => o.reservedBy.includes('facilitator'))).toBe(true);
    const centre = await listOrders({ db, actor: p.actors.recycling_agent });
    expect(centre.length).toBeGreaterThanOrEqual(facility.length);
    expect(await listOrders({ db, actor: { ...p.actors.facilitator, organisationId: -5 } })).toEqual([]);
    expect(centre[0]).toHaveProperty('phone');
    expect(JSON.stringify(centre)).not.toMatch(/minimum|benefit|single|vote/i);
    // A facility sees only ready computers; the coordinator sees figures only.
    expect((await listDevices({ db, actor: p.actors.facilitator })).every((d) => d.status === 'ready')).toBe(
      true,
    );
    await expect(listOrders({ db, actor: p.actors.coordinator })).rejects.toThrow(ForbiddenError);
    const stats = await stockAndFlow({ db, actor: p.actors.coordinator });
    expect(stats.byStatus.length).toBeGreaterThan(0);
    await expect(stockAndFlow({ db, actor: p.actors.operator_agent })).rejects.toThrow(ForbiddenError);
    await expect(listDevices({ db, actor: p.actors.landlord_officer })).rejects.toThrow(ForbiddenError);
  });
});
