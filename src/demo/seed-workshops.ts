// The demo's workshops: the three facilities with their hours and rooms, a beginners' cycle running now in each
// (half of it held, with the roll call taken), a cycle held last spring, a drop-in session tomorrow that is full
// with a waiting list, and the reminders it puts in the outbox. Built through the use cases, dated from today.
import type { fakerFR } from '@faker-js/faker';
import { sql } from 'drizzle-orm';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import {
  addRoom,
  createCourse,
  createFacility,
  type ReminderChannel,
  recordAttendance,
  register,
  scheduleReminders,
} from '../workshops/index.ts';
import { demoActor } from './actor.ts';

const day = 86_400_000;

const places = [
  {
    key: 'facility-ker',
    name: 'Centre social de Kerourien',
    address: '20 rue de Kerourien',
    latitude: 48.3977,
    longitude: -4.5173,
    phone: '02 98 45 10 92',
    openingHours: 'Mo-Fr 09:00-12:00,13:30-18:00; PH off',
    accessibility:
      'Entrée de plain-pied, salle multimédia au rez-de-chaussée, boucle magnétique à l’accueil.',
    rooms: [
      { name: 'Salle multimédia', seats: 10, computers: 8 },
      { name: 'Salle Iroise', seats: 16, computers: 0 },
    ],
    weekday: 2, // Tuesday
    time: ['14:00', '16:00'],
  },
  {
    key: 'facility-bel',
    name: 'Maison de quartier de Bellevue',
    address: '1 rue Sisley',
    latitude: 48.4062,
    longitude: -4.5036,
    phone: '02 98 03 44 10',
    openingHours: 'Mo-Fr 09:00-12:30,14:00-19:00; Sa 09:30-12:00; PH off',
    accessibility: 'Ascenseur, toilettes adaptées.',
    rooms: [{ name: 'Espace public numérique', seats: 12, computers: 10 }],
    weekday: 4, // Thursday
    time: ['09:30', '11:30'],
  },
  {
    key: 'facility-pon',
    name: 'Maison Pour Tous de Pontanézen',
    address: '3 rue Pierre Loti',
    latitude: 48.4133,
    longitude: -4.4852,
    phone: '02 98 41 54 20',
    openingHours: 'Mo 14:00-18:00; Tu-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00 "ateliers libres"; PH off',
    accessibility: 'Entrée de plain-pied.',
    rooms: [{ name: 'Cyber-base', seats: 8, computers: 8 }],
    weekday: 3, // Wednesday
    time: ['14:00', '16:00'],
  },
] as const;

/** The day of the given weekday (1 = Monday) on or before a date, as an ISO date. */
function lastWeekday(from: Date, weekday: number): string {
  const d = new Date(from);
  while (((d.getUTCDay() + 6) % 7) + 1 !== weekday) d.setTime(d.getTime() - day);
  return d.toISOString().slice(0, 10);
}

export async function seedDemoWorkshops(
  db: Db,
  faker: typeof fakerFR,
  { programmeId, facilityIds }: { programmeId: number; facilityIds: Record<string, number> },
): Promise<void> {
  const now = new Date();
  const coordinator: Actor = demoActor({
    programmeId,
    role: 'coordinator',
    label: 'Claire Le Gall (Ville de Brest)',
  });
  for (const place of places) {
    const organisationId = facilityIds[place.key]!;
    const sectorIds = (
      await db.execute<{ sector_id: number }>(
        sql`select sector_id from sector_partner where organisation_id = ${organisationId}`,
      )
    ).map((r) => r.sector_id);
    const staff: Actor = demoActor({
      programmeId,
      role: 'facilitator',
      label: `${faker.person.firstName()} ${faker.person.lastName()} (${place.name})`,
      organisationId,
      sectorIds,
    });
    const created = await createFacility({
      db,
      actor: coordinator,
      input: {
        name: place.name,
        address: place.address,
        postcode: '29200',
        commune: 'Brest',
        inseeCode: '29019',
        latitude: place.latitude,
        longitude: place.longitude,
        phone: place.phone,
        openingHours: place.openingHours,
        summary: 'Ateliers gratuits pour débuter sur l’ordinateur et Internet, aide aux démarches en ligne.',
        accessibility: place.accessibility,
        wheelchairAccessible: true,
        computers: place.rooms.reduce((n, r) => n + r.computers, 0),
        organisationId,
      },
    });
    if (!created.ok) throw new Error(`facility ${place.name}: ${created.reason}`);
    const rooms: number[] = [];
    for (const r of place.rooms) {
      const added = await addRoom({ db, actor: staff, facilityId: created.facilityId, input: r });
      if (added.ok) rooms.push(added.roomId);
    }

    // People of the facility's sectors, with what they can be reached by.
    const people = await db.execute<{
      household_id: number;
      member_id: number;
      phone: string | null;
      email: string | null;
    }>(sql`
      select h.id as household_id, m.id as member_id, h.phone, h.email
        from household h
        join household_member m on m.household_id = h.id
        join tenancy t on t.household_id = h.id and t.end_date is null
        join dwelling d on d.id = t.dwelling_id
       where h.programme_id = ${programmeId} and d.sector_id in (select unnest(${`{${sectorIds.join(',')}}`}::int[]))
       order by exists (select 1 from device_order o where o.household_id = h.id) desc,
                exists (select 1 from activation_request a where a.household_id = h.id) desc, h.id, m.id
       limit 60`);
    const pick = faker.helpers.shuffle([...people]);
    const channelFor = (p: { phone: string | null; email: string | null }): ReminderChannel =>
      p.phone
        ? faker.helpers.weightedArrayElement([
            { weight: 5, value: 'sms' as const },
            { weight: 3, value: 'call' as const },
            { weight: 2, value: 'letter' as const },
            ...(p.email ? [{ weight: 2, value: 'email' as const }] : []),
          ])
        : p.email
          ? 'email'
          : 'letter';

    const course = async (input: Record<string, unknown>) => {
      const made = await createCourse({ db, actor: staff, input: input as never });
      if (!made.ok) throw new Error(`course: ${made.reason}`);
      return made;
    };
    const enrol = async (courseId: number, who: typeof pick, at: Date, sessionId?: number) => {
      const ids: number[] = [];
      for (const person of who) {
        const done = await register({
          db,
          actor: staff,
          courseId,
          householdId: person.household_id,
          input: { memberId: person.member_id, reminderChannel: channelFor(person), sessionId },
          now: at,
        });
        if (done.ok && done.status === 'registered') ids.push(done.registrationId);
      }
      return ids;
    };
    const rollCall = async (
      sessionIds: number[],
      registrations: number[],
      held: number,
      startsAt: Date[],
    ) => {
      for (let i = 0; i < held; i++)
        for (const registrationId of registrations)
          await recordAttendance({
            db,
            actor: staff,
            sessionId: sessionIds[i]!,
            registrationId,
            present: faker.number.float() < 0.85,
            now: new Date(startsAt[i]!.getTime() + 2 * 3_600_000),
          });
    };
    const base = {
      facilityId: created.facilityId,
      level: 'beginner',
      audience: 'Débutants, tout public',
      roomId: rooms[0],
      facilitatorName: staff.label.split(' (')[0],
      startTime: place.time[0],
      endTime: place.time[1],
      everyWeeks: 1,
      skipHolidays: true,
    };

    // A cycle held last spring, finished, with its roll calls.
    const spring = await course({
      ...base,
      kind: 'cycle',
      title: 'Internet et e-mail au quotidien',
      description: 'Chercher sur Internet, créer et utiliser une adresse e-mail, envoyer une pièce jointe.',
      competencies: ['PIM-3.1', 'PIM-3.2', 'PIM-4.1', 'PIM-4.2', 'PIM-5.1'],
      capacity: 8,
      firstDay: lastWeekday(new Date(now.getTime() - 200 * day), place.weekday),
      sessionCount: 6,
    });
    const springStarts = (
      await db.execute<{ starts_at: string }>(
        sql`select starts_at from workshop_session where course_id = ${spring.courseId} order by starts_at`,
      )
    ).map((r) => new Date(r.starts_at));
    const springPeople = await enrol(
      spring.courseId,
      pick.slice(20, 28),
      new Date(springStarts[0]!.getTime() - 10 * day),
    );
    await rollCall(spring.sessionIds, springPeople, 6, springStarts);

    // The beginners' cycle running now: three sessions held, three to come.
    const current = await course({
      ...base,
      kind: 'cycle',
      title: 'Premiers pas sur l’ordinateur',
      description:
        'La souris, le clavier, les fichiers et les dossiers, puis les premiers pas sur Internet. Pour celles et ceux qui n’ont jamais utilisé d’ordinateur.',
      competencies: ['PIM-1.1', 'PIM-1.2', 'PIM-1.3', 'PIM-2.1', 'PIM-3.1'],
      capacity: 8,
      firstDay: lastWeekday(new Date(now.getTime() - 15 * day), place.weekday),
      sessionCount: 6,
    });
    const currentStarts = (
      await db.execute<{ starts_at: string }>(
        sql`select starts_at from workshop_session where course_id = ${current.courseId} order by starts_at`,
      )
    ).map((r) => new Date(r.starts_at));
    const currentPeople = await enrol(
      current.courseId,
      pick.slice(0, 7),
      new Date(currentStarts[0]!.getTime() - 7 * day),
    );
    const held = currentStarts.filter((s) => s.getTime() + 2 * 3_600_000 < now.getTime()).length;
    await rollCall(current.sessionIds, currentPeople, held, currentStarts);

    // Kerourien's drop-in session tomorrow is full, with people waiting.
    if (place.key === 'facility-ker') {
      const tomorrow = localDate(new Date(now.getTime() + day));
      const dropIn = await course({
        ...base,
        kind: 'drop_in',
        title: 'Atelier libre : vos questions sur l’ordinateur et le téléphone',
        description:
          'Venez avec votre ordinateur ou votre téléphone et vos questions : un animateur vous aide.',
        competencies: [],
        capacity: 6,
        firstDay: tomorrow,
        startTime: '14:00',
        endTime: '16:00',
      });
      await enrol(
        dropIn.courseId,
        pick.slice(7, 16),
        new Date(now.getTime() - 3 * day),
        dropIn.sessionIds[0],
      );
    }
  }
  // Convocations of cycles already started were posted long ago.
  await db.execute(sql`
    update notification n set status = 'done', handled_by = 'démo', sent_at = r.created_at
      from registration r
     where n.topic = 'convocation' and n.subject_ref = 'registration:' || r.id and n.programme_id = ${programmeId}
       and exists (select 1 from workshop_session ws where ws.course_id = r.course_id and ws.starts_at < ${now.toISOString()}::timestamptz)`);
  await scheduleReminders({ db, offsetsMinutes: [2880, 120], now });
}
