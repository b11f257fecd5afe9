import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme, testPassword } from '../../test/programme.ts';
import { getHousehold } from '../households/index.ts';
import { actorFor, createOrganisation, createUser, findActiveUser } from '../partners/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, ForbiddenError } from '../platform/permissions/index.ts';
import {
  appointmentMessage,
  bookAppointment,
  cancelAppointment,
  cancelSlot,
  createOfficeSlots,
  listAppointments,
  listOfficeSlots,
  listOpenSlots,
  OfficeHoursInput,
  planOfficeSlots,
  reminderAheadMs,
} from './index.ts';

let db: Db;
let p: TestProgramme;
let otherAdviser: Actor;
let facilityId: number;
const day = 86_400_000;

/** A Tuesday at least three weeks ahead (never a public holiday in these tests: checked below). */
const futureTuesday = (() => {
  const d = new Date(Date.now() + 21 * day);
  while (d.getUTCDay() !== 2) d.setTime(d.getTime() + day);
  return localDate(d);
})();

const rule = (extra: Record<string, unknown> = {}) =>
  OfficeHoursInput.parse({
    facilityId,
    firstDay: futureTuesday,
    startTime: '14:00',
    endTime: '16:00',
    slotMinutes: 30,
    everyWeeks: 1,
    weeks: 2,
    skipHolidays: false,
    ...extra,
  });

const memberOf = async (ref: string) =>
  (await getHousehold({ db, actor: p.actors.landlord_officer, householdId: p.households[ref]! })).members[0]!
    .id;

const slotsOf = async (organisationId: number) =>
  listOpenSlots({
    db,
    programmeId: p.programmeId,
    from: new Date(),
    to: new Date(Date.now() + 400 * day),
    organisationId,
  });

const messagesAbout = (appointmentId: number) =>
  db.execute<{ topic: string; channel: string; status: string; next_attempt_at: string; body: string }>(sql`
    select topic, channel, status, next_attempt_at, body from notification
     where subject_ref like ${`appointment:${appointmentId}%`} order by id`);

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  const [f] = await db.execute<{ id: number }>(sql`
    insert into facility (programme_id, external_id, pivot, name, address, postcode, commune, phone, updated_on)
    values (${p.programmeId}, 'test-ker', '21290019700011', 'Centre social de Kerourien', '20 rue de Kerourien',
            '29200', 'Brest', '+33298000000', current_date)
    returning id`);
  facilityId = f!.id;
  const org = await createOrganisation({
    db,
    actor: p.system,
    input: { kind: 'consumer_association', name: 'CSF' },
  });
  if (!org.ok) throw new Error('org');
  const user = await createUser({
    db,
    actor: p.system,
    password: testPassword,
    input: {
      name: 'Autre conseil',
      email: 'csf@test.example.org',
      role: 'adviser',
      organisationId: org.id,
      householdId: null,
    },
  });
  if (!user.ok) throw new Error('user');
  otherAdviser = actorFor((await findActiveUser(db, user.userId))!, { ip: null, channel: 'web' });
});

describe('planning office hours from a weekly rule', () => {
  it('cuts each time range into slots, in Paris time, and skips public holidays when asked', () => {
    const plan = planOfficeSlots(
      OfficeHoursInput.parse({
        facilityId: 1,
        firstDay: '2026-11-04',
        startTime: '14:00',
        endTime: '15:45',
        slotMinutes: 30,
        weeks: 3,
      }),
    );
    // 14:00, 14:30, 15:00 (15:30–16:00 would run past the end): 11 November is skipped.
    expect(plan.skipped).toEqual([{ day: '2026-11-11', holiday: expect.any(String) }]);
    expect(plan.slots.map((s) => s.startsAt.toISOString())).toEqual([
      '2026-11-04T13:00:00.000Z',
      '2026-11-04T13:30:00.000Z',
      '2026-11-04T14:00:00.000Z',
      '2026-11-18T13:00:00.000Z',
      '2026-11-18T13:30:00.000Z',
      '2026-11-18T14:00:00.000Z',
    ]);
    expect(plan.slots[0]!.endsAt.toISOString()).toBe('2026-11-04T13:30:00.000Z');
    // Summer time: 14:00 in Paris is 12:00 UTC.
    const summer = planOfficeSlots(
      OfficeHoursInput.parse({
        facilityId: 1,
        firstDay: '2026-06-02',
        startTime: '14:00',
        endTime: '15:00',
        slotMinutes: 60,
        weeks: 1,
        everyWeeks: 2,
      }),
    );
    expect(summer.slots.map((s) => s.startsAt.toISOString())).toEqual(['2026-06-02T12:00:00.000Z']);
  });

  it('refuses an end before the start', () => {
    expect(OfficeHoursInput.safeParse({ ...rule(), endTime: '13:00' }).success).toBe(false);
  });
});

describe('office slots', () => {
  it('an adviser creates its association’s slots, never twice, at a facility of the programme', async () => {
    const created = await createOfficeSlots({ db, actor: p.actors.adviser, input: rule() });
    expect(created).toMatchObject({ ok: true, created: 8, overlapping: 0 });
    const again = await createOfficeSlots({ db, actor: p.actors.adviser, input: rule({ weeks: 3 }) });
    expect(again).toMatchObject({ ok: true, created: 4, overlapping: 8 });
    const none = await createOfficeSlots({ db, actor: p.actors.adviser, input: rule() });
    expect(none).toMatchObject({ ok: false, reason: 'no_slot' });
    const nowhere = await createOfficeSlots({
      db,
      actor: p.actors.adviser,
      input: rule({ facilityId: 999_999 }),
    });
    expect(nowhere).toMatchObject({ ok: false, reason: 'not_a_facility', field: 'facilityId' });
    const slots = await slotsOf(p.actors.adviser.organisationId!);
    expect(slots).toHaveLength(12);
    expect(slots[0]).toMatchObject({
      organisationName: 'Association de consommateurs',
      facilityName: 'Centre social de Kerourien',
      address: '20 rue de Kerourien',
      free: true,
    });
  });

  it('nobody else publishes office hours', async () => {
    for (const role of ['facilitator', 'coordinator', 'resident', 'landlord_officer', 'tenant_rep'] as const)
      await expect(createOfficeSlots({ db, actor: p.actors[role], input: rule() })).rejects.toThrow(
        ForbiddenError,
      );
  });
});

describe('appointments', () => {
  it('a resident books for its own household: confirmation now, reminder two days before', async () => {
    const [slot] = await slotsOf(p.actors.adviser.organisationId!);
    const memberId = await memberOf('L-001');
    const booked = await bookAppointment({
      db,
      actor: p.actors.resident,
      slotId: slot!.id,
      householdId: p.households['L-001']!,
      input: { memberId, reminderChannel: 'sms', topic: 'disputed_bill' },
    });
    expect(booked.ok).toBe(true);
    if (!booked.ok) return;
    const messages = await messagesAbout(booked.appointmentId);
    expect(messages.map((m) => [m.topic, m.channel, m.status])).toEqual([
      ['advice.appointment_confirmation', 'sms', 'pending'],
      ['advice.appointment_reminder', 'sms', 'pending'],
    ]);
    expect(new Date(messages[1]!.next_attempt_at).getTime()).toBe(slot!.startsAt.getTime() - reminderAheadMs);
    // The message says where and when, never what the visit is about.
    expect(messages[0]!.body).toContain('Centre social de Kerourien');
    expect(messages[0]!.body).not.toMatch(/facture contest/i);

    // The slot is no longer free; the same person cannot hold a second one with this association.
    expect((await slotsOf(p.actors.adviser.organisationId!))[0]!.free).toBe(false);
    const [, second] = await slotsOf(p.actors.adviser.organisationId!);
    expect(
      await bookAppointment({
        db,
        actor: p.actors.resident,
        slotId: second!.id,
        householdId: p.households['L-001']!,
        input: { memberId, reminderChannel: 'sms' },
      }),
    ).toEqual({ ok: false, reason: 'already_booked' });

    // The resident sees it; the adviser of the association sees it with the slot; the timeline shows it.
    const mine = await listAppointments({ db, actor: p.actors.resident });
    expect(mine.map((a) => a.id)).toEqual([booked.appointmentId]);
    const theirs = await listOfficeSlots({
      db,
      actor: p.actors.adviser,
      from: new Date(),
      to: new Date(Date.now() + 400 * day),
    });
    expect(theirs.find((s) => s.id === slot!.id)).toMatchObject({ appointmentId: booked.appointmentId });
    const household = await getHousehold({
      db,
      actor: p.actors.adviser,
      householdId: p.households['L-001']!,
    });
    expect(household.timeline.map((e) => e.kind)).toContain('advice.appointment_booked');
    const seenByOther = await getHousehold({ db, actor: otherAdviser, householdId: p.households['L-001']! });
    expect(seenByOther.timeline.map((e) => e.kind)).not.toContain('advice.appointment_booked');
    expect(await listAppointments({ db, actor: otherAdviser })).toEqual([]);

    // Cancelling it cancels the reminder still to leave.
    expect(
      await cancelAppointment({ db, actor: p.actors.resident, appointmentId: booked.appointmentId }),
    ).toEqual({ ok: true });
    expect((await messagesAbout(booked.appointmentId)).map((m) => m.status)).toEqual([
      'cancelled',
      'cancelled',
    ]);
    expect(
      await cancelAppointment({ db, actor: p.actors.resident, appointmentId: booked.appointmentId }),
    ).toEqual({ ok: false, reason: 'already_cancelled' });
    expect((await slotsOf(p.actors.adviser.organisationId!))[0]!.free).toBe(true);
  });

  it('refuses another household, another association, a member of another household, a missing contact', async () => {
    const [slot] = await slotsOf(p.actors.adviser.organisationId!);
    const input = { memberId: await memberOf('L-002'), reminderChannel: 'sms' as const };
    await expect(
      bookAppointment({
        db,
        actor: p.actors.resident,
        slotId: slot!.id,
        householdId: p.households['L-002']!,
        input,
      }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      bookAppointment({
        db,
        actor: otherAdviser,
        slotId: slot!.id,
        householdId: p.households['L-002']!,
        input,
      }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      bookAppointment({
        db,
        actor: p.actors.facilitator,
        slotId: slot!.id,
        householdId: p.households['L-002']!,
        input,
      }),
    ).rejects.toThrow(ForbiddenError);
    expect(
      await bookAppointment({
        db,
        actor: p.actors.adviser,
        slotId: slot!.id,
        householdId: p.households['L-001']!,
        input,
      }),
    ).toEqual({ ok: false, reason: 'not_a_member', field: 'memberId' });
    expect(
      await bookAppointment({
        db,
        actor: p.actors.adviser,
        slotId: slot!.id,
        householdId: p.households['L-002']!,
        input: { ...input, reminderChannel: 'email' },
      }),
    ).toEqual({ ok: false, reason: 'no_email', field: 'reminderChannel' });
  });

  it('ten people booking one slot at once: exactly one gets it', async () => {
    const slots = await slotsOf(p.actors.adviser.organisationId!);
    const slot = slots.at(-1)!;
    const householdId = p.households['L-101']!;
    const members = await db.execute<{ id: number }>(sql`
      insert into household_member (programme_id, household_id, first_name, last_name)
      select ${p.programmeId}, ${householdId}, 'Personne' || n, 'Test' from generate_series(1, 10) n
      returning id`);
    const results = await Promise.all(
      members.map((m) =>
        bookAppointment({
          db,
          actor: p.actors.adviser,
          slotId: slot.id,
          householdId,
          input: { memberId: m.id, reminderChannel: 'call' },
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(Array(9).fill('slot_taken'));
    const [{ n }] = (await db.execute<{ n: number }>(
      sql`select count(*)::int as n from appointment where slot_id = ${slot.id} and status = 'booked'`,
    )) as unknown as [{ n: number }];
    expect(n).toBe(1);
  });

  it('a cancelled slot tells the person who booked it and cancels the reminder', async () => {
    const slots = await slotsOf(p.actors.adviser.organisationId!);
    const slot = slots.find((s) => s.free)!;
    const booked = await bookAppointment({
      db,
      actor: p.actors.adviser,
      slotId: slot.id,
      householdId: p.households['L-201']!,
      input: { memberId: await memberOf('L-201'), reminderChannel: 'letter' },
    });
    expect(booked.ok).toBe(true);
    if (!booked.ok) return;
    // By letter: the confirmation is a letter, the reminder a phone call (a letter would arrive too late).
    expect((await messagesAbout(booked.appointmentId)).map((m) => [m.topic, m.channel])).toEqual([
      ['advice.appointment_confirmation', 'letter'],
      ['advice.appointment_reminder', 'call'],
    ]);
    await expect(cancelSlot({ db, actor: otherAdviser, slotId: slot.id })).rejects.toThrow(ForbiddenError);
    expect(await cancelSlot({ db, actor: p.actors.adviser, slotId: slot.id })).toEqual({ ok: true, told: 1 });
    const after = await messagesAbout(booked.appointmentId);
    expect(after.map((m) => [m.topic, m.status])).toEqual([
      ['advice.appointment_confirmation', 'cancelled'],
      ['advice.appointment_reminder', 'cancelled'],
      ['advice.appointment_cancelled', 'pending'],
    ]);
    expect((await slotsOf(p.actors.adviser.organisationId!)).some((s) => s.id === slot.id)).toBe(false);
    expect(await cancelSlot({ db, actor: p.actors.adviser, slotId: slot.id })).toEqual({
      ok: false,
      reason: 'already_cancelled',
    });
    expect(
      await bookAppointment({
        db,
        actor: p.actors.adviser,
        slotId: slot.id,
        householdId: p.households['L-201']!,
        input: { memberId: await memberOf('L-201'), reminderChannel: 'sms' },
      }),
    ).toEqual({ ok: false, reason: 'slot_cancelled' });
  });

  it('writes messages in plain French', () => {
    const facts = {
      firstName: 'Aïcha',
      startsAt: new Date('2026-12-01T13:00:00Z'),
      association: 'CLCV Brest',
      facilityName: 'Centre social de Kerourien',
      address: '20 rue de Kerourien',
      phone: '+33298000000',
    };
    expect(appointmentMessage('confirmation', facts).body).toBe(
      'Bonjour Aïcha, votre rendez-vous avec CLCV Brest est pris : mardi 1er décembre à 14 h 00, Centre social de Kerourien, 20 rue de Kerourien. C’est gratuit. Apportez vos contrats et factures. Empêchement ? Appelez le 02 98 00 00 00.',
    );
    expect(appointmentMessage('reminder', facts).subject).toBe(
      'Rappel : rendez-vous mardi 1er décembre à 14 h 00',
    );
  });
});
