import { sql } from 'drizzle-orm';
import { type CalendarResponse, parseICS, type VEvent } from 'node-ical';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme, testPassword } from '../../test/programme.ts';
import { getHousehold } from '../households/index.ts';
import { actorFor, createOrganisation, createUser, findActiveUser } from '../partners/index.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, ForbiddenError } from '../platform/permissions/index.ts';
import {
  calendarToken,
  cancelRegistration,
  cancelSession,
  createCourse,
  createFacility,
  facilityCalendar,
  getCourse,
  householdRegistrations,
  participantCalendarFeed,
  recordAttendance,
  register,
  rescheduleSession,
  rollCall,
  scheduleReminders,
  setCourseCapacity,
  workshopStats,
} from './index.ts';

let db: Db;
let p: TestProgramme;
let facilityId: number;
let otherFacilitator: Actor;
const day = 86_400_000;
const hour = 3_600_000;
const vevents = (feed: CalendarResponse) =>
  Object.values(feed).filter((c): c is VEvent => c?.type === 'VEVENT');
const inDays = (n: number) => new Date(Date.now() + n * day).toISOString().slice(0, 10);

const facilityInput = {
  name: 'Maison de quartier de Kerourien',
  address: '12 rue de Kérourien',
  postcode: '29200',
  commune: 'Brest',
  inseeCode: '29019',
  phone: '02 98 00 00 00',
  openingHours: 'Mo-Fr 09:00-12:00,14:00-18:00',
  wheelchairAccessible: true,
  computers: 8,
};

async function cycle(overrides: Record<string, unknown> = {}) {
  const created = await createCourse({
    db,
    actor: p.actors.facilitator,
    input: {
      kind: 'cycle',
      facilityId,
      title: 'Premiers pas sur l’ordinateur',
      level: 'beginner',
      audience: 'Débutants',
      description: 'Souris, clavier, fichiers, puis Internet.',
      competencies: ['PIM-1'],
      capacity: 3,
      startTime: '14:00',
      endTime: '16:00',
      firstDay: inDays(7),
      sessionCount: 6,
      everyWeeks: 1,
      skipHolidays: true,
      ...overrides,
    } as never,
  });
  if (!created.ok) throw new Error(created.reason);
  return created;
}

/** Adds members to a household (one registration per person). */
async function members(householdId: number, count: number, prefix: string): Promise<number[]> {
  const rows = await db.execute<{ id: number }>(sql`
    insert into household_member (programme_id, household_id, first_name, last_name)
    select ${p.programmeId}, ${householdId}, ${prefix} || n, 'Test' from generate_series(1, ${count}) n
    returning id`);
  return rows.map((r) => r.id);
}

const firstMember = async (householdId: number) =>
  (await getHousehold({ db, actor: p.actors.landlord_officer, householdId })).members[0]!.id;

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  const created = await createFacility({
    db,
    actor: p.actors.coordinator,
    input: { ...facilityInput, organisationId: p.actors.facilitator.organisationId! } as never,
  });
  if (!created.ok) throw new Error(created.reason);
  facilityId = created.facilityId;
  await db.execute(
    sql`update household set email = 'aicha@example.org' where id = ${p.households['L-001']!}`,
  );
  // A second facility partner, with its own facilitator.
  const org = await createOrganisation({
    db,
    actor: p.system,
    input: { kind: 'facility', name: 'Maison pour tous' },
  });
  if (!org.ok) throw new Error('org');
  const user = await createUser({
    db,
    actor: p.system,
    password: testPassword,
    input: {
      name: 'Autre',
      email: 'autre@test.example.org',
      role: 'facilitator',
      organisationId: org.id,
      householdId: null,
    },
  });
  if (!user.ok) throw new Error(user.reason);
  otherFacilitator = actorFor((await findActiveUser(db, user.userId))!, { ip: null, channel: 'web' });
});

describe('courses', () => {
  it('plans a cycle of six weekly sessions at the same Paris time', async () => {
    const created = await cycle();
    expect(created.sessionIds).toHaveLength(6);
    const course = await getCourse({ db, programmeId: p.programmeId, courseId: created.courseId });
    const times = course.sessions.map((s) =>
      new Intl.DateTimeFormat('fr-FR', {
        timeZone: 'Europe/Paris',
        hour: '2-digit',
        minute: '2-digit',
      }).format(s.startsAt),
    );
    expect(new Set(times)).toEqual(new Set(['14:00']));
  });

  it('is built only by the facility that runs the place', async () => {
    await expect(
      createCourse({
        db,
        actor: otherFacilitator,
        input: {
          kind: 'drop_in',
          facilityId,
          title: 'Libre',
          level: 'beginner',
          audience: 'Tous',
          description: 'Venez avec vos questions.',
          competencies: [],
          capacity: 5,
          startTime: '10:00',
          endTime: '12:00',
          firstDay: inDays(3),
        } as never,
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      createCourse({
        db,
        actor: p.actors.landlord_officer,
        input: {
          kind: 'drop_in',
          facilityId,
          title: 'Libre',
          level: 'beginner',
          audience: 'Tous',
          description: 'Venez avec vos questions.',
          competencies: [],
          capacity: 5,
          startTime: '10:00',
          endTime: '12:00',
          firstDay: inDays(3),
        } as never,
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('registrations', () => {
  it('30 concurrent registrations for the last 3 seats: exactly 3 places and 27 waiting in arrival order', async () => {
    const { courseId } = await cycle({ capacity: 3 });
    const people = await members(p.households['L-002']!, 30, 'Concurrent');
    const results = await Promise.all(
      people.map((memberId) =>
        register({
          db,
          actor: p.actors.facilitator,
          courseId,
          householdId: p.households['L-002']!,
          input: { memberId, reminderChannel: 'sms' },
        }),
      ),
    );
    const ok = results.map((r) => {
      if (!r.ok) throw new Error(r.reason);
      return r;
    });
    const registered = ok.filter((r) => r.status === 'registered');
    const waiting = ok.filter((r) => r.status === 'waiting');
    expect(registered).toHaveLength(3);
    expect(waiting).toHaveLength(27);
    // Arrival order: places went to the first three served, waiting positions follow the order of service.
    const maxRegistered = Math.max(...registered.map((r) => r.registrationId));
    expect(waiting.every((w) => w.registrationId > maxRegistered)).toBe(true);
    const byId = [...waiting].sort((a, b) => a.registrationId - b.registrationId);
    expect(byId.map((w) => w.position)).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    const [seats] = await db.execute<{ seats_taken: number }>(
      sql`select seats_taken from course where id = ${courseId}`,
    );
    expect(seats!.seats_taken).toBe(3);

    // The database refuses a fourth place whatever the code does.
    await expect(
      db.execute(sql`update registration set status = 'registered' where id = ${byId[0]!.registrationId}`),
    ).rejects.toThrow();

    // A place freed goes to the first in line, who is told by SMS; the seats stay full.
    const cancelled = await cancelRegistration({
      db,
      actor: p.actors.facilitator,
      registrationId: registered[0]!.registrationId,
    });
    expect(cancelled).toEqual({ ok: true, promoted: [byId[0]!.registrationId] });
    const [told] = await db.execute<{ channel: string; topic: string; body: string }>(sql`
      select channel, topic, body from notification where dedupe_key = ${`promoted:r${byId[0]!.registrationId}`}`);
    expect(told).toMatchObject({ channel: 'sms', topic: 'promoted' });
    expect(told!.body).toContain('une place s’est libérée');
    const [after] = await db.execute<{ seats_taken: number }>(
      sql`select seats_taken from course where id = ${courseId}`,
    );
    expect(after!.seats_taken).toBe(3);

    // More seats go to the waiting list at once, in order.
    const bigger = await setCourseCapacity({ db, actor: p.actors.facilitator, courseId, capacity: 5 });
    expect(bigger).toEqual({ ok: true, promoted: [byId[1]!.registrationId, byId[2]!.registrationId] });
    expect(await setCourseCapacity({ db, actor: p.actors.facilitator, courseId, capacity: 2 })).toMatchObject(
      {
        ok: false,
        reason: 'capacity_below_taken',
      },
    );
  });

  it('refuses twice the same person, a stranger to the household, and a channel without contact', async () => {
    const { courseId } = await cycle({ capacity: 10 });
    const householdId = p.households['L-101']!;
    const memberId = await firstMember(householdId);
    const base = { db, actor: p.actors.facilitator, courseId, householdId };
    expect((await register({ ...base, input: { memberId, reminderChannel: 'call' } })).ok).toBe(true);
    expect(await register({ ...base, input: { memberId, reminderChannel: 'call' } })).toMatchObject({
      ok: false,
      reason: 'already_registered',
    });
    const stranger = await firstMember(p.households['L-001']!);
    expect(await register({ ...base, input: { memberId: stranger, reminderChannel: 'call' } })).toMatchObject(
      {
        ok: false,
        reason: 'not_a_member',
      },
    );
    const [other] = await members(householdId, 1, 'Sans-mail');
    expect(await register({ ...base, input: { memberId: other!, reminderChannel: 'email' } })).toMatchObject({
      ok: false,
      reason: 'no_email',
    });
  });

  it('a facility registers only households it may see; a resident only its own', async () => {
    const { courseId } = await cycle({ capacity: 10 });
    const s3 = p.households['L-201']!;
    await expect(
      register({
        db,
        actor: p.actors.facilitator,
        courseId,
        householdId: s3,
        input: { memberId: await firstMember(s3), reminderChannel: 'sms' },
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      register({
        db,
        actor: p.actors.resident,
        courseId,
        householdId: s3,
        input: { memberId: await firstMember(s3), reminderChannel: 'sms' },
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const own = p.households['L-001']!;
    const mine = await register({
      db,
      actor: p.actors.resident,
      courseId,
      householdId: own,
      input: { memberId: await firstMember(own), reminderChannel: 'letter' },
    });
    expect(mine).toMatchObject({ ok: true, status: 'registered' });
    // Letter people get their convocation with all the dates at once, to their dwelling's address.
    const [letter] = await db.execute<{ recipient: string; body: string }>(sql`
      select recipient, body from notification where dedupe_key = ${`convocation:r${(mine as { registrationId: number }).registrationId}`}`);
    expect(letter!.recipient).toContain('12 rue de Kérourien');
    expect(letter!.body.match(/^\d\. /gm)).toHaveLength(6);
    const mineList = await householdRegistrations({ db, actor: p.actors.resident, householdId: own });
    expect(mineList.some((r) => r.courseId === courseId)).toBe(true);
    // Another facility cannot cancel it; the resident can.
    const id = (mine as { registrationId: number }).registrationId;
    await expect(
      cancelRegistration({ db, actor: otherFacilitator, registrationId: id }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await cancelRegistration({ db, actor: p.actors.resident, registrationId: id })).toEqual({
      ok: true,
      promoted: [],
    });
    expect(await cancelRegistration({ db, actor: p.actors.resident, registrationId: id })).toMatchObject({
      ok: false,
      reason: 'not_live',
    });
  });

  it('participants are seen only by the facility that runs the course', async () => {
    const { courseId } = await cycle({ capacity: 10 });
    const householdId = p.households['L-001']!;
    await register({
      db,
      actor: p.actors.facilitator,
      courseId,
      householdId,
      input: { memberId: await firstMember(householdId), reminderChannel: 'sms' },
    });
    const own = await getCourse({ db, programmeId: p.programmeId, courseId, actor: p.actors.facilitator });
    expect(own.registrations).toHaveLength(1);
    for (const actor of [
      otherFacilitator,
      p.actors.coordinator,
      p.actors.landlord_officer,
      p.actors.resident,
    ]) {
      const seen = await getCourse({ db, programmeId: p.programmeId, courseId, actor });
      expect(seen.registrations).toBeNull();
    }
    const { sessionIds } = await cycle({ capacity: 10 });
    await expect(rollCall({ db, actor: otherFacilitator, sessionId: sessionIds[0]! })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      rollCall({ db, actor: p.actors.coordinator, sessionId: sessionIds[0]! }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('attendance', () => {
  it('one tap per person; a cycle is completed after all sessions but one, on the household timeline', async () => {
    const { courseId, sessionIds } = await cycle({ capacity: 5 });
    const householdId = p.households['L-001']!;
    const memberId = await firstMember(householdId);
    const reg = await register({
      db,
      actor: p.actors.facilitator,
      courseId,
      householdId,
      input: { memberId, reminderChannel: 'sms' },
    });
    if (!reg.ok) throw new Error(reg.reason);
    const early = await recordAttendance({
      db,
      actor: p.actors.facilitator,
      sessionId: sessionIds[0]!,
      registrationId: reg.registrationId,
      present: true,
    });
    expect(early).toMatchObject({ ok: false, reason: 'too_early' });
    const later = new Date(Date.now() + 60 * day);
    const tap = (i: number, present: boolean) =>
      recordAttendance({
        db,
        actor: p.actors.facilitator,
        sessionId: sessionIds[i]!,
        registrationId: reg.registrationId,
        present,
        now: later,
      });
    for (let i = 0; i < 4; i++) expect(await tap(i, true)).toEqual({ ok: true, completed: false });
    expect(await tap(4, false)).toEqual({ ok: true, completed: false });
    expect(await tap(5, true)).toEqual({ ok: true, completed: true });
    // A correction below the threshold withdraws it; the last tap counts.
    expect(await tap(5, false)).toEqual({ ok: true, completed: false });
    expect(await tap(5, true)).toEqual({ ok: true, completed: true });
    const call = await rollCall({ db, actor: p.actors.facilitator, sessionId: sessionIds[5]! });
    expect(call.people.find((x) => x.registrationId === reg.registrationId)?.present).toBe(true);
    expect(call.number).toBe(6);
    const timeline = (await getHousehold({ db, actor: p.actors.facilitator, householdId })).timeline;
    const kinds = timeline.filter((e) => e.journey === 'workshops').map((e) => e.kind);
    expect(kinds).toContain('workshop.registered');
    expect(kinds).toContain('workshop.attended');
    expect(kinds).toContain('workshop.absent');
    expect(kinds).toContain('workshop.cycle_completed');
    const figures = await workshopStats({
      db,
      actor: p.actors.coordinator,
      from: new Date(Date.now() - day),
      to: new Date(Date.now() + 90 * day),
    });
    expect(figures.find((f) => f.facilityId === facilityId)?.cyclesCompleted).toBeGreaterThanOrEqual(1);
    await expect(
      workshopStats({ db, actor: p.actors.facilitator, from: new Date(), to: new Date() }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('reminders', () => {
  it('2 days and 2 hours before, by the chosen channel, never twice', async () => {
    const { courseId, sessionIds } = await cycle({ capacity: 10, firstDay: inDays(30) });
    const session = (await getCourse({ db, programmeId: p.programmeId, courseId })).sessions[0]!;
    const people = await members(p.households['L-002']!, 4, 'Rappel');
    const channels = ['sms', 'email', 'call', 'letter'] as const;
    await db.execute(
      sql`update household set email = 'helene@example.org' where id = ${p.households['L-002']!}`,
    );
    const ids: number[] = [];
    for (const [i, memberId] of people.entries()) {
      const r = await register({
        db,
        actor: p.actors.facilitator,
        courseId,
        householdId: p.households['L-002']!,
        input: { memberId, reminderChannel: channels[i]! },
      });
      if (!r.ok) throw new Error(r.reason);
      ids.push(r.registrationId);
    }
    const offsets = [2880, 120];
    const reminders = async () =>
      db.execute<{ channel: string; dedupe_key: string }>(sql`
        select channel, dedupe_key from notification where topic = 'reminder' and subject_ref = ${`session:${sessionIds[0]}`} order by id`);
    const twoDaysBefore = new Date(session.startsAt.getTime() - 47 * hour);
    await scheduleReminders({ db, offsetsMinutes: offsets, now: twoDaysBefore });
    await scheduleReminders({ db, offsetsMinutes: offsets, now: new Date(twoDaysBefore.getTime() + 60_000) });
    expect((await reminders()).map((r) => r.channel).sort()).toEqual(['call', 'email', 'sms']);
    const twoHoursBefore = new Date(session.startsAt.getTime() - 90 * 60_000);
    await scheduleReminders({ db, offsetsMinutes: offsets, now: twoHoursBefore });
    await scheduleReminders({ db, offsetsMinutes: offsets, now: twoHoursBefore });
    const all = await reminders();
    expect(all).toHaveLength(5);
    expect(
      all
        .filter((r) => r.dedupe_key.startsWith('reminder:120:'))
        .map((r) => r.channel)
        .sort(),
    ).toEqual(['email', 'sms']);

    // Moving the session voids pending reminders and tells people; new reminders follow the new time.
    const moved = await rescheduleSession({
      db,
      actor: p.actors.facilitator,
      sessionId: sessionIds[0]!,
      input: { day: inDays(31), startTime: '10:00', endTime: '12:00' },
    });
    expect(moved).toMatchObject({ ok: true });
    expect((moved as { told: number }).told).toBe(4);
    // Cancelling tells them again and drops what was not yet sent.
    const cancelled = await cancelSession({
      db,
      actor: p.actors.facilitator,
      sessionId: sessionIds[1]!,
      reason: 'Salle indisponible',
    });
    expect(cancelled).toMatchObject({ ok: true, told: 4 });
    expect(
      await cancelSession({ db, actor: p.actors.facilitator, sessionId: sessionIds[1]!, reason: 'encore' }),
    ).toMatchObject({
      ok: false,
      reason: 'session_cancelled',
    });
  });
});

describe('calendars', () => {
  it('facility and participant feeds parse back with an independent parser, cancellations included', async () => {
    const { courseId, sessionIds } = await cycle({ capacity: 10, firstDay: inDays(40) });
    const householdId = p.households['L-001']!;
    const memberId = await firstMember(householdId);
    const reg = await register({
      db,
      actor: p.actors.resident,
      courseId,
      householdId,
      input: { memberId, reminderChannel: 'sms' },
    });
    if (!reg.ok) throw new Error(reg.reason);
    await cancelSession({ db, actor: p.actors.facilitator, sessionId: sessionIds[2]!, reason: 'Vacances' });
    const baseUrl = 'https://palier.example.org';
    const feed = parseICS(await facilityCalendar({ db, programmeId: p.programmeId, facilityId, baseUrl }));
    const events = vevents(feed);
    const ours = events.filter((e) => sessionIds.some((id) => e.uid === `session-${id}@palier.example.org`));
    expect(ours).toHaveLength(6);
    const third = ours.find((e) => e.uid === `session-${sessionIds[2]}@palier.example.org`)!;
    expect(third.status).toBe('CANCELLED');

    const token = await calendarToken({ db, actor: p.actors.resident, memberId });
    expect(await calendarToken({ db, actor: p.actors.resident, memberId })).toBe(token);
    const mine = parseICS((await participantCalendarFeed({ db, token, baseUrl }))!);
    const mineEvents = vevents(mine);
    expect(mineEvents.filter((e) => e.uid.startsWith(`session-${sessionIds[0]}-r`))).toHaveLength(1);
    // Giving up the place shows the sessions as cancelled in the person's calendar.
    await cancelRegistration({ db, actor: p.actors.resident, registrationId: reg.registrationId });
    const after = parseICS((await participantCalendarFeed({ db, token, baseUrl }))!);
    const afterEvents = vevents(after).filter((e) => e.uid.includes(`-r${reg.registrationId}@`));
    expect(afterEvents.every((e) => e.status === 'CANCELLED')).toBe(true);
    // A renewed address kills the old one; a stranger's household is refused.
    const renewed = await calendarToken({ db, actor: p.actors.resident, memberId, renew: true });
    expect(renewed).not.toBe(token);
    expect(await participantCalendarFeed({ db, token, baseUrl })).toBeNull();
    await expect(
      calendarToken({ db, actor: p.actors.resident, memberId: await firstMember(p.households['L-201']!) }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});
