import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { equipmentProgramme } from '../../test/equipment.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { apiAs } from '../../test/services.ts';
import { deviceCsvColumns, equipmentRefusalMessage } from '../equipment/index.ts';
import type { Db } from '../platform/db/index.ts';

let db: Db;
let p: TestProgramme;
let call: Awaited<ReturnType<typeof apiAs>>['call'];
const _day = 86_400_000;

const laptop = (serial: string) => ({
  kind: 'laptop',
  bundle: false,
  make: 'Lenovo',
  model: 'ThinkPad T450',
  cpu: 'Core i5-5300U',
  ramGb: 8,
  storageGb: 240,
  os: 'Linux Mint',
  grade: 'B',
  serial,
  receivedOn: '2026-10-01',
  tier: 'standard',
});

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  ({ call } = await apiAs(db, p.actors));
  await equipmentProgramme(db, p);
});

/** Adds a device through the API, records a passed erasure, and makes it ready. */
async function readyDevice(serial: string): Promise<number> {
  const added = await call('recycling_agent', '/devices', { json: laptop(serial) });
  expect(added.status).toBe(201);
  const { id } = await added.json();
  expect(
    (
      await call('recycling_agent', `/devices/${id}/erasure`, {
        json: { method: 'nwipe DoD', on: '2026-10-02', by: 'Gwen', result: 'passed' },
      })
    ).status,
  ).toBe(204);
  expect(
    (await call('recycling_agent', `/devices/${id}/status`, { json: { event: 'refurbish' } })).status,
  ).toBe(200);
  const ready = await call('recycling_agent', `/devices/${id}/status`, { json: { event: 'ready' } });
  expect(await ready.json()).toEqual({ status: 'ready', offeredTo: null });
  return id;
}

describe('/api/v1 equipment', () => {
  let deviceId: number;
  let orderId: number;

  it('is in the OpenAPI document', async () => {
    const doc = await (await call(null, '/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/devices',
        '/devices/import',
        '/devices/{id}',
        '/devices/{id}/erasure',
        '/devices/{id}/status',
        '/price-tiers',
        '/device-orders',
        '/device-orders/{id}',
        '/device-orders/{id}/cancel',
        '/device-orders/{id}/payments',
        '/device-orders/{id}/payments/{paymentId}/receipt.pdf',
        '/device-orders/{id}/handover',
        '/device-orders/{id}/handover.pdf',
        '/device-orders/{id}/tickets',
        '/device-tickets/{id}/close',
        '/device-waiting-list',
        '/equipment/stats',
      ]),
    );
    expect(Object.keys(doc.paths['/devices/import'].post.requestBody.content)).toEqual(['text/csv']);
  });

  it('the centre adds a device; a facility may not', async () => {
    const added = await call('recycling_agent', '/devices', { json: laptop('SN-API-1') });
    expect(added.status).toBe(201);
    const body = await added.json();
    expect(body).toEqual({ id: expect.any(Number), reference: expect.stringMatching(/^PC-\d{6}$/) });
    deviceId = body.id;
    expect((await call('facilitator', '/devices', { json: laptop('SN-API-X') })).status).toBe(403);
    expect(
      (await call('recycling_agent', '/devices', { json: { ...laptop('SN-Y'), ramGb: 0 } })).status,
    ).toBe(422);
    const again = await call('recycling_agent', '/devices', { json: laptop('SN-API-1') });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'serial_taken', field: 'serial' });
  });

  it('no ready without erasure proof; erasure then ready', async () => {
    await call('recycling_agent', `/devices/${deviceId}/status`, { json: { event: 'refurbish' } });
    const early = await call('recycling_agent', `/devices/${deviceId}/status`, { json: { event: 'ready' } });
    expect(early.status).toBe(409);
    expect(await early.json()).toEqual({
      error: 'no_erasure_proof',
      message: equipmentRefusalMessage('no_erasure_proof'),
    });
    expect(
      (
        await call('recycling_agent', `/devices/${deviceId}/erasure`, {
          json: { method: 'nwipe DoD', on: '2026-10-02', by: 'Gwen', result: 'passed' },
        })
      ).status,
    ).toBe(204);
    const ready = await call('recycling_agent', `/devices/${deviceId}/status`, { json: { event: 'ready' } });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', offeredTo: null });
    const d = await (await call('recycling_agent', `/devices/${deviceId}`)).json();
    expect(d).toMatchObject({ status: 'ready', erasure: { result: 'passed', by: 'Gwen' } });
    const list = await (await call('facilitator', '/devices?kind=laptop')).json();
    expect(list.items.map((x: { id: number }) => x.id)).toContain(deviceId);
  });

  it('a facility reserves for L-001; the same device again is not available, with alternatives', async () => {
    const other = await readyDevice('SN-API-2');
    const reserved = await call('facilitator', '/device-orders', {
      json: { deviceId, householdId: p.households['L-001'] },
    });
    expect(reserved.status).toBe(201);
    const body = await reserved.json();
    expect(body).toEqual({ id: expect.any(Number), priceCents: 4000 });
    orderId = body.id;
    const again = await call('facilitator', '/device-orders', {
      json: { deviceId, householdId: p.households['L-002'] },
    });
    expect(again.status).toBe(409);
    const refusal = await again.json();
    expect(refusal).toMatchObject({
      error: 'not_available',
      message: equipmentRefusalMessage('not_available'),
    });
    expect(refusal.alternatives).toEqual(expect.arrayContaining([other]));
    const notEligible = await call('recycling_agent', '/device-orders', {
      json: { deviceId: other, householdId: p.households['L-101'] },
    });
    expect(notEligible.status).toBe(409);
    expect(await notEligible.json()).toMatchObject({
      error: 'not_eligible',
      why: expect.stringMatching(/^(not_in_open_sector|no_access_request)$/),
    });
    const mine = await (await call('facilitator', '/device-orders?status=reserved')).json();
    expect(mine.items).toEqual([
      expect.objectContaining({ id: orderId, householdId: p.households['L-001'] }),
    ]);
  });

  it('payments bring the balance down; each has a PDF receipt', async () => {
    expect(
      (
        await call('facilitator', `/device-orders/${orderId}/payments`, {
          json: { amountCents: 1000, method: 'cash' },
        })
      ).status,
    ).toBe(403);
    const first = await call('recycling_agent', `/device-orders/${orderId}/payments`, {
      json: { amountCents: 1500, method: 'cash' },
    });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ balanceCents: 2500 });
    const over = await call('recycling_agent', `/device-orders/${orderId}/payments`, {
      json: { amountCents: 3000, method: 'card' },
    });
    expect(over.status).toBe(409);
    expect(await over.json()).toMatchObject({ error: 'overpaid', field: 'amountCents' });
    const second = await call('recycling_agent', `/device-orders/${orderId}/payments`, {
      json: { amountCents: 2500, method: 'card' },
    });
    const { id: paymentId, balanceCents } = await second.json();
    expect(balanceCents).toBe(0);
    const receipt = await call(
      'recycling_agent',
      `/device-orders/${orderId}/payments/${paymentId}/receipt.pdf`,
    );
    expect(receipt.status).toBe(200);
    expect(receipt.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await receipt.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(
      (await call('recycling_agent', `/device-orders/${orderId}/payments/999999/receipt.pdf`)).status,
    ).toBe(404);
    const order = await (await call('recycling_agent', `/device-orders/${orderId}`)).json();
    expect(order).toMatchObject({ status: 'reserved', paidCents: 4000, balanceCents: 0 });
    expect(order.payments).toHaveLength(2);
  });

  it('hand-over, then the hand-over sheet', async () => {
    const early = await call('recycling_agent', `/device-orders/${orderId}/handover.pdf`);
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ error: 'not_handed_over' });
    const handed = await call('recycling_agent', `/device-orders/${orderId}/handover`, {
      json: { mode: 'centre' },
    });
    expect(handed.status).toBe(200);
    expect(await handed.json()).toEqual({ warrantyUntil: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const sheet = await call('recycling_agent', `/device-orders/${orderId}/handover.pdf`);
    expect(sheet.status).toBe(200);
    expect(
      Buffer.from(await sheet.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const ticket = await call('recycling_agent', `/device-orders/${orderId}/tickets`, {
      json: { fault: 'L’écran ne s’allume plus' },
    });
    expect(ticket.status).toBe(201);
    const { id: ticketId } = await ticket.json();
    expect(
      (
        await call('recycling_agent', `/device-tickets/${ticketId}/close`, {
          json: { diagnosis: 'Nappe débranchée', outcome: 'repaired' },
        })
      ).status,
    ).toBe(204);
  });

  it('the coordinator sees the figures but not the orders', async () => {
    const stats = await call('coordinator', '/equipment/stats');
    expect(stats.status).toBe(200);
    const body = await stats.json();
    expect(body.byStatus).toEqual(
      expect.arrayContaining([{ status: 'handed_over', tier: 'standard', n: 1 }]),
    );
    expect((await call('coordinator', '/device-orders')).status).toBe(403);
    expect((await call('coordinator', `/device-orders/${orderId}`)).status).toBe(403);
  });

  it('a CSV with an error line imports nothing: 422 with the line number', async () => {
    const row = (serial: string, ram = '8') =>
      [
        'portable',
        'non',
        'Dell',
        'Latitude',
        'i5',
        ram,
        '256',
        'Linux',
        'A',
        serial,
        '',
        '2026-10-03',
        'standard',
      ].join(';');
    const file = [deviceCsvColumns.join(';'), row('CSV-1'), row('CSV-2', 'beaucoup'), row('CSV-3')].join(
      '\n',
    );
    const before = (await (await call('recycling_agent', '/devices')).json()).items.length;
    const res = await call('recycling_agent', '/devices/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: file,
    });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body).toMatchObject({ error: 'invalid_file' });
    expect(body.errors).toEqual([expect.objectContaining({ line: 3 })]);
    expect((await (await call('recycling_agent', '/devices')).json()).items.length).toBe(before);
    const ok = await call('recycling_agent', '/devices/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: [deviceCsvColumns.join(';'), row('CSV-1'), row('CSV-3')].join('\n'),
    });
    expect(await ok.json()).toEqual({ rows: 2, imported: 2 });
  });
});
