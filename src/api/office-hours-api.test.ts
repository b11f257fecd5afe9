import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { apiAs } from '../../test/services.ts';
import { appointmentRefusalMessage } from '../advice/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';

let db: Db;
let p: TestProgramme;
let call: Awaited<ReturnType<typeof apiAs>>['call'];
let facilityId: number;
const day = 86_400_000;
const firstDay = localDate(new Date(Date.now() + 10 * day));

const rule = (extra: Record<string, unknown> = {}) => ({
  facilityId,
  firstDay,
  startTime: '09:00',
  endTime: '10:00',
  slotMinutes: 20,
  everyWeeks: 1,
  weeks: 2,
  skipHolidays: false,
  ...extra,
});

async function memberOf(dwelling: string): Promise<number> {
  const res = await call('adviser', `/households/${p.households[dwelling]}`);
  expect(res.status).toBe(200);
  return (await res.json()).members[0].id;
}

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  ({ call } = await apiAs(db, p.actors));
  const [f] = await db.execute<{ id: number }>(sql`
    insert into facility (programme_id, external_id, pivot, name, address, postcode, commune, updated_on)
    values (${p.programmeId}, 'test-bel', '21290019700011', 'Maison de quartier de Bellevue',
            '1 place de Bellevue', '29200', 'Brest', current_date)
    returning id`);
  facilityId = f!.id;
});

describe('/api/v1/office-slots and /api/v1/appointments', () => {
  it('an adviser publishes office hours; invalid input changes nothing', async () => {
    const bad = await call('adviser', '/office-slots', { json: rule({ endTime: '08:00' }) });
    expect(bad.status).toBe(422);
    const res = await call('adviser', '/office-slots', { json: rule() });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ created: 6, overlapping: 0 });
    const again = await call('adviser', '/office-slots', { json: rule() });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'no_slot' });
    for (const role of ['facilitator', 'coordinator', 'landlord_officer', 'operator_agent'] as const)
      expect((await call(role, '/office-slots', { json: rule({ weeks: 3 }) })).status).toBe(403);
  });

  it('anyone with a token reads when and where, never who', async () => {
    const res = await call('facilitator', '/office-slots');
    expect(res.status).toBe(200);
    const { items } = await res.json();
    expect(items).toHaveLength(6);
    expect(items[0]).toMatchObject({ facilityName: 'Maison de quartier de Bellevue', free: true });
    expect(Object.keys(items[0])).not.toContain('memberName');
  });

  it('books, refuses a second booking of the slot, lists by role, cancels', async () => {
    const { items } = await (await call('adviser', '/office-slots')).json();
    const slotId = items[0].id;
    const booking = {
      slotId,
      householdId: p.households['L-002'],
      memberId: await memberOf('L-002'),
      reminderChannel: 'sms',
      topic: 'termination',
    };
    const res = await call('adviser', '/appointments', { json: booking });
    expect(res.status).toBe(201);
    const { appointmentId } = await res.json();

    const taken = await call('adviser', '/appointments', {
      json: { ...booking, householdId: p.households['L-101'], memberId: await memberOf('L-101') },
    });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toEqual({
      error: 'slot_taken',
      message: appointmentRefusalMessage('slot_taken'),
    });
    expect(
      (await call('adviser', '/appointments', { json: { ...booking, reminderChannel: 'pigeon' } })).status,
    ).toBe(422);
    // Not the facility's, not the landlord's to book.
    expect(
      (await call('facilitator', '/appointments', { json: { ...booking, slotId: items[1].id } })).status,
    ).toBe(403);

    const list = await (await call('adviser', '/appointments')).json();
    expect(list.items.map((a: { id: number }) => a.id)).toEqual([appointmentId]);
    expect(list.items[0]).toMatchObject({ topic: 'termination', householdReference: expect.any(String) });
    expect((await call('facilitator', '/appointments')).status).toBe(403);
    expect((await call('landlord_officer', '/appointments')).status).toBe(403);

    const slots = await (await call('operator_agent', '/office-slots')).json();
    expect(slots.items.find((s: { id: number }) => s.id === slotId).free).toBe(false);

    expect(
      (await call('facilitator', `/appointments/${appointmentId}/cancel`, { method: 'POST' })).status,
    ).toBe(403);
    const cancelled = await call('adviser', `/appointments/${appointmentId}/cancel`, { method: 'POST' });
    expect(cancelled.status).toBe(200);
    const twice = await call('adviser', `/appointments/${appointmentId}/cancel`, { method: 'POST' });
    expect(twice.status).toBe(409);
    expect((await (await call('adviser', '/appointments')).json()).items).toEqual([]);
  });

  it('cancels a slot: 404 for an unknown one, 409 the second time', async () => {
    const { items } = await (await call('adviser', '/office-slots')).json();
    expect((await call('adviser', '/office-slots/999999/cancel', { method: 'POST' })).status).toBe(404);
    expect(
      (await call('facilitator', `/office-slots/${items[2].id}/cancel`, { method: 'POST' })).status,
    ).toBe(403);
    const res = await call('adviser', `/office-slots/${items[2].id}/cancel`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ told: 0 });
    expect((await call('adviser', `/office-slots/${items[2].id}/cancel`, { method: 'POST' })).status).toBe(
      409,
    );
  });

  it('is in the OpenAPI document', async () => {
    const doc = await (await call(null, '/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/office-slots',
        '/office-slots/{id}/cancel',
        '/appointments',
        '/appointments/{id}/cancel',
      ]),
    );
  });
});
