import { sql } from 'drizzle-orm';
import { type CalendarResponse, parseICS, type VEvent } from 'node-ical';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme, testPassword } from '../../test/programme.ts';
import { getHousehold } from '../households/index.ts';
import { actorFor, createOrganisation, createUser, findActiveUser } from '../partners/index.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, ForbiddenError } from '../platform/permissions/index.ts';
import {
  addRoom,
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

// ---------------------------------------------------------------------------------------------------------------
// Races and edges found in review: each test fails on the code before the fix.

async function dropIn(overrides: Record<string, unknown> = {}) {
  const created = await createCourse({
    db,
    actor: p.actors.facilitator,
    input: {
      kind: 'drop_in',
      facilityId,
      title: 'Atelier libre',
      level: 'beginner',
      audience: 'Tous',
      description: 'Venez avec vos questions.',
      competencies: [],
      capacity: 1,
      startTime: '10:00',
      endTime: '12:00',
      firstDay: inDays(5),
      ...overrides,
    } as never,
  });
  if (!created.ok) throw new Error(created.reason);
  return { courseId: created.courseId, sessionId: created.sessionIds[0]! };
}

/** Registers new members of L-002 and returns their registration ids, in order. */
async function registerMany(
  courseId: number,
  count: number,
  prefix: string,
  extra: { sessionId?: number; reminderChannel?: 'sms' | 'call' | 'letter' | 'email'; now?: Date } = {},
) {
  const householdId = p.households['L-002']!;
  const ids: number[] = [];
  for (const memberId of await members(householdId, count, prefix)) {
    const r = await register({
      db,
      actor: p.actors.facilitator,
      courseId,
      householdId,
      input: { memberId, reminderChannel: extra.reminderChannel ?? 'sms', sessionId: extra.sessionId },
      now: extra.now,
    });
    if (!r.ok) throw new Error(r.reason);
    ids.push(r.registrationId);
  }
  return ids;
}

const statusOf = async (registrationId: number) =>
  (
    await db.execute<{ status: string }>(sql`select status from registration where id = ${registrationId}`)
  )[0]!.status;

/** Waits until `n` sessions of this database wait for a lock (false if they never do within 3 s). */
async function blocked(n: number) {
  for (let i = 0; i < 120; i++) {
    const [row] = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from pg_stat_activity
       where datname = current_database() and wait_event_type = 'Lock'`);
    if (row!.n >= n) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

/**
 * Runs `statement` in a transaction left open while `race` starts, waits until `race` waits for that transaction's
 * locks (or has finished without waiting, as racy code does), then commits and returns what `race` gave.
 */
async function whileUncommitted<T>(statement: ReturnType<typeof sql>, race: () => Promise<T>): Promise<T> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started!: () => void;
  const ready = new Promise<void>((resolve) => {
    started = resolve;
  });
  const tx = db.transaction(async (t) => {
    await t.execute(statement);
    started();
    await held;
  });
  await ready;
  const result = race();
  await Promise.race([blocked(1), result.catch(() => undefined)]);
  release();
  await tx;
  return result;
}

describe('the waiting list, with sessions cancelled or started', () => {
  it('nobody is promoted into a drop-in session that has started', async () => {
    const { courseId, sessionId } = await dropIn();
    const [first, second] = await registerMany(courseId, 2, 'Commencé', { sessionId });
    expect(await statusOf(second!)).toBe('waiting');
    const started = new Date(Date.now() + 5 * day + 12 * hour);
    expect(
      await cancelRegistration({ db, actor: p.actors.facilitator, registrationId: first!, now: started }),
    ).toEqual({ ok: true, promoted: [] });
    expect(await statusOf(second!)).toBe('waiting');
  });

  it('a waiting list whose session is past is shown to nobody and counted nowhere', async () => {
    const { courseId, sessionId } = await dropIn();
    const [, waiting] = await registerMany(courseId, 2, 'Passé', { sessionId });
    const waitingNow = async () =>
      (
        await workshopStats({
          db,
          actor: p.actors.coordinator,
          from: new Date(Date.now() - 30 * day),
          to: new Date(Date.now() + 30 * day),
        })
      ).find((f) => f.facilityId === facilityId)!.waiting;
    const listed = async () =>
      (
        await householdRegistrations({ db, actor: p.actors.facilitator, householdId: p.households['L-002']! })
      ).some((r) => r.id === waiting);
    const before = await waitingNow();
    expect(await listed()).toBe(true);
    await db.execute(sql`
      update workshop_session set starts_at = now() - interval '1 day', ends_at = now() - interval '22 hours'
       where id = ${sessionId}`);
    expect(await waitingNow()).toBe(before - 1);
    expect(await listed()).toBe(false);
  });

  it('a drop-in session cancelled ends its waiting list, tells everyone, and drops the convocation not yet posted', async () => {
    const { courseId, sessionId } = await dropIn();
    const [placed] = await registerMany(courseId, 1, 'Convoqué', { sessionId, reminderChannel: 'letter' });
    const [waiting] = await registerMany(courseId, 1, 'Attente', { sessionId });
    const cancelled = await cancelSession({ db, actor: p.actors.facilitator, sessionId, reason: 'Panne' });
    expect(cancelled).toEqual({ ok: true, told: 2 });
    expect(await statusOf(waiting!)).toBe('cancelled');
    expect(await statusOf(placed!)).toBe('registered');
    const messages = await db.execute<{ dedupe_key: string; status: string }>(sql`
      select dedupe_key, status from notification
       where dedupe_key in (${`convocation:r${placed}`}, ${`cancelled:s${sessionId}:r${placed}`},
                            ${`cancelled:s${sessionId}:r${waiting}`})
       order by dedupe_key`);
    expect(Object.fromEntries(messages.map((m) => [m.dedupe_key, m.status]))).toEqual({
      [`convocation:r${placed}`]: 'cancelled',
      [`cancelled:s${sessionId}:r${placed}`]: 'pending',
      [`cancelled:s${sessionId}:r${waiting}`]: 'pending',
    });
    // The seat freed later goes to nobody: the session is gone.
    expect(await cancelRegistration({ db, actor: p.actors.facilitator, registrationId: placed! })).toEqual({
      ok: true,
      promoted: [],
    });
  });

  it('a registration arriving while the session is being cancelled is refused, not placed in it', async () => {
    const { courseId, sessionId } = await dropIn({ capacity: 5 });
    const householdId = p.households['L-002']!;
    const [memberId] = await members(householdId, 1, 'Course');
    const result = await whileUncommitted(
      sql`update workshop_session set status = 'cancelled' where id = ${sessionId}`,
      () =>
        register({
          db,
          actor: p.actors.facilitator,
          courseId,
          householdId,
          input: { memberId: memberId!, reminderChannel: 'sms', sessionId },
        }),
    );
    expect(result).toMatchObject({ ok: false, reason: 'session_cancelled' });
  });

  it('a session being cancelled is not moved (nobody told of a move) once the cancellation commits', async () => {
    const { sessionIds } = await cycle({ capacity: 5 });
    const result = await whileUncommitted(
      sql`update workshop_session set status = 'cancelled' where id = ${sessionIds[0]!}`,
      () =>
        rescheduleSession({
          db,
          actor: p.actors.facilitator,
          sessionId: sessionIds[0]!,
          input: { day: inDays(8), startTime: '15:00', endTime: '17:00' },
        }),
    );
    expect(result).toMatchObject({ ok: false, reason: 'session_cancelled' });
  });

  it('a roll-call tap made while the place is being given up waits for it and is refused', async () => {
    const { courseId, sessionId } = await dropIn({ capacity: 3 });
    const [registrationId] = await registerMany(courseId, 1, 'Appel', { sessionId });
    const during = new Date(Date.now() + 5 * day + 11 * hour);
    const tap = await whileUncommitted(
      sql`update registration set status = 'cancelled', cancelled_at = now() where id = ${registrationId!}`,
      () =>
        recordAttendance({
          db,
          actor: p.actors.facilitator,
          sessionId,
          registrationId: registrationId!,
          present: true,
          now: during,
        }),
    );
    expect(tap).toMatchObject({ ok: false, reason: 'not_registered' });
  });
});

describe('people promoted from the waiting list', () => {
  it('letter people get the convocation with every date, not a letter saying only the next one', async () => {
    const { courseId } = await cycle({ capacity: 1, firstDay: inDays(14) });
    const [first] = await registerMany(courseId, 1, 'Premier');
    const [second] = await registerMany(courseId, 1, 'Courrier', { reminderChannel: 'letter' });
    await cancelRegistration({ db, actor: p.actors.facilitator, registrationId: first! });
    const told = await db.execute<{ topic: string; channel: string; body: string }>(sql`
      select topic, channel, body from notification where subject_ref = ${`registration:${second}`} order by id`);
    expect(told.map((m) => [m.topic, m.channel])).toEqual([['convocation', 'letter']]);
    expect(told[0]!.body.match(/^\d\. /gm)).toHaveLength(6);
  });

  it('letter people promoted a day before are called, and still get the dates by letter', async () => {
    const { courseId } = await cycle({ capacity: 1, firstDay: inDays(2) });
    const [first] = await registerMany(courseId, 1, 'Premier');
    const [second] = await registerMany(courseId, 1, 'Appelé', { reminderChannel: 'letter' });
    await cancelRegistration({ db, actor: p.actors.facilitator, registrationId: first! });
    const told = await db.execute<{ topic: string; channel: string }>(sql`
      select topic, channel from notification where subject_ref = ${`registration:${second}`} order by id`);
    expect(told.map((m) => [m.topic, m.channel])).toEqual([
      ['promoted', 'call'],
      ['convocation', 'letter'],
    ]);
  });
});

describe('seats of a course', () => {
  it('a drop-in course’s seats are changed session by session, not all at once (no database error)', async () => {
    const { courseId, sessionId } = await dropIn({ capacity: 3 });
    await registerMany(courseId, 3, 'Plein', { sessionId });
    expect(await setCourseCapacity({ db, actor: p.actors.facilitator, courseId, capacity: 2 })).toMatchObject(
      {
        ok: false,
        reason: 'seats_per_session',
      },
    );
  });

  it('a cycle gets no more seats than the room of its sessions holds', async () => {
    const room = await addRoom({
      db,
      actor: p.actors.facilitator,
      facilityId,
      input: { name: 'Petite salle', seats: 4, computers: 4 },
    });
    if (!room.ok) throw new Error(room.reason);
    const { courseId } = await cycle({ capacity: 4, roomId: room.roomId });
    expect(await setCourseCapacity({ db, actor: p.actors.facilitator, courseId, capacity: 6 })).toMatchObject(
      {
        ok: false,
        reason: 'room_too_small',
      },
    );
    expect(await setCourseCapacity({ db, actor: p.actors.facilitator, courseId, capacity: 3 })).toEqual({
      ok: true,
      promoted: [],
    });
  });
});

describe('reminders, never twice and never late', () => {
  const offsets = [2880, 120];
  const remindersOf = async (registrationId: number) =>
    db.execute<{ dedupe_key: string; status: string; body: string }>(sql`
      select dedupe_key, status, body from notification
       where topic = 'reminder' and dedupe_key like ${`%:r${registrationId}`} order by id`);

  it('a new facilitator for the session does not send the reminder again', async () => {
    const { courseId, sessionIds } = await cycle({ capacity: 5, firstDay: inDays(20) });
    const [registrationId] = await registerMany(courseId, 1, 'Animateur');
    const startsAt = (await getCourse({ db, programmeId: p.programmeId, courseId })).sessions[0]!.startsAt;
    const dayBefore = new Date(startsAt.getTime() - 24 * hour);
    await scheduleReminders({ db, offsetsMinutes: offsets, now: dayBefore });
    const moved = await rescheduleSession({
      db,
      actor: p.actors.facilitator,
      sessionId: sessionIds[0]!,
      input: { day: inDays(20), startTime: '14:00', endTime: '16:00', facilitatorName: 'Yann' },
      now: dayBefore,
    });
    expect(moved).toEqual({ ok: true, told: 0 });
    await scheduleReminders({ db, offsetsMinutes: offsets, now: new Date(dayBefore.getTime() + 60_000) });
    expect(await remindersOf(registrationId!)).toHaveLength(1);
  });

  it('a session moved away and back gets its reminder back; the one for the other time stays cancelled', async () => {
    const { courseId, sessionIds } = await cycle({ capacity: 5, firstDay: inDays(21) });
    const [registrationId] = await registerMany(courseId, 1, 'Retour');
    const startsAt = (await getCourse({ db, programmeId: p.programmeId, courseId })).sessions[0]!.startsAt;
    const at = new Date(startsAt.getTime() - 30 * hour);
    const move = (startTime: string, endTime: string) =>
      rescheduleSession({
        db,
        actor: p.actors.facilitator,
        sessionId: sessionIds[0]!,
        input: { day: inDays(21), startTime, endTime },
        now: at,
      });
    await scheduleReminders({ db, offsetsMinutes: offsets, now: at });
    await move('15:00', '17:00');
    await scheduleReminders({ db, offsetsMinutes: offsets, now: at });
    await move('14:00', '16:00');
    await scheduleReminders({ db, offsetsMinutes: offsets, now: at });
    const rows = await remindersOf(registrationId!);
    expect(rows.map((r) => r.status)).toEqual(['pending', 'cancelled']);
    expect(rows[0]!.body).toContain('14 h 00');
  });

  it('someone given a place from the waiting list is not reminded at once of what they were just told', async () => {
    const { courseId } = await cycle({ capacity: 1, firstDay: inDays(22) });
    const [first, second] = await registerMany(courseId, 2, 'Promu');
    const startsAt = (await getCourse({ db, programmeId: p.programmeId, courseId })).sessions[0]!.startsAt;
    const dayBefore = new Date(startsAt.getTime() - 24 * hour);
    await cancelRegistration({ db, actor: p.actors.facilitator, registrationId: first!, now: dayBefore });
    expect(await statusOf(second!)).toBe('registered');
    await scheduleReminders({ db, offsetsMinutes: offsets, now: new Date(dayBefore.getTime() + 60_000) });
    expect(await remindersOf(second!)).toHaveLength(0);
    await scheduleReminders({ db, offsetsMinutes: offsets, now: new Date(startsAt.getTime() - 90 * 60_000) });
    expect((await remindersOf(second!)).map((r) => r.dedupe_key.split(':')[1])).toEqual(['120']);
  });

  it('a place given up while reminders are being queued gets no reminder', async () => {
    const { courseId } = await cycle({ capacity: 5, firstDay: inDays(23) });
    const [registrationId] = await registerMany(courseId, 1, 'Parti');
    const startsAt = (await getCourse({ db, programmeId: p.programmeId, courseId })).sessions[0]!.startsAt;
    await whileUncommitted(
      sql`update registration set status = 'cancelled', cancelled_at = now() where id = ${registrationId!}`,
      () => scheduleReminders({ db, offsetsMinutes: offsets, now: new Date(startsAt.getTime() - 24 * hour) }),
    );
    expect(await remindersOf(registrationId!)).toHaveLength(0);
  });
});

describe('facilities', () => {
  it('a facility recorded just after midnight in Paris is dated that day (the standard’s date_maj)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-31T23:30:00Z'));
    try {
      const created = await createFacility({
        db,
        actor: p.actors.coordinator,
        input: { ...facilityInput, name: 'Médiathèque de Bellevue' } as never,
      });
      if (!created.ok) throw new Error(created.reason);
      const [row] = await db.execute<{ updated_on: string }>(
        sql`select updated_on::text from facility where id = ${created.facilityId}`,
      );
      expect(row!.updated_on).toBe('2027-01-01');
    } finally {
      vi.useRealTimers();
    }
  });
});
