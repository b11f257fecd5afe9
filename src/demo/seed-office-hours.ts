// The demo's office hours: the first consumer association (CLCV) every Tuesday afternoon at Kerourien's social
// centre, the second (CSF) every Thursday morning at Bellevue's, two hours in 30-minute slots for the next six weeks,
// a few of them booked. Built through the use cases, dated from today.
import { sql } from 'drizzle-orm';
import { bookAppointment, createOfficeSlots, listOpenSlots, OfficeHoursInput } from '../advice/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { demoActor } from './actor.ts';

const day = 86_400_000;

const plans = [
  { facility: 'Centre social de Kerourien', weekday: 2, startTime: '14:00', endTime: '16:00' },
  { facility: 'Maison de quartier de Bellevue', weekday: 4, startTime: '09:30', endTime: '11:30' },
];

/** The next day after today that is this weekday (0 Sunday … 6 Saturday), in programme time. */
function nextWeekday(weekday: number, now = new Date()): string {
  let d = new Date(Date.parse(`${localDate(now)}T12:00:00Z`) + day);
  while (d.getUTCDay() !== weekday) d = new Date(d.getTime() + day);
  return d.toISOString().slice(0, 10);
}

export async function seedDemoOfficeHours(
  db: Db,
  { programmeId, associations }: { programmeId: number; associations: number[] },
): Promise<void> {
  // Households for the bookings: not the first ones (the demo resident's is the first), with a phone.
  const people = await db.execute<{ household_id: number; member_id: number }>(sql`
    select distinct on (h.id) h.id as household_id, m.id as member_id
      from household h join household_member m on m.household_id = h.id
     where h.programme_id = ${programmeId} and h.phone is not null
     order by h.id, m.id offset 20 limit 12`);
  let next = 0;
  for (const [i, organisationId] of associations.slice(0, plans.length).entries()) {
    const plan = plans[i]!;
    const [place] = await db.execute<{ id: number }>(
      sql`select id from facility where programme_id = ${programmeId} and name = ${plan.facility} limit 1`,
    );
    if (!place) continue;
    const adviser: Actor = demoActor({
      programmeId,
      role: 'adviser',
      label: 'démo (conseil)',
      organisationId,
    });
    await createOfficeSlots({
      db,
      actor: adviser,
      input: OfficeHoursInput.parse({
        facilityId: place.id,
        firstDay: nextWeekday(plan.weekday),
        startTime: plan.startTime,
        endTime: plan.endTime,
        slotMinutes: 30,
        everyWeeks: 1,
        weeks: 6,
        skipHolidays: true,
      }),
    });
    // A few booked: the first two slots of the first week, one the week after.
    const slots = await listOpenSlots({
      db,
      programmeId,
      from: new Date(),
      to: new Date(Date.now() + 50 * day),
      organisationId,
    });
    for (const slot of [slots[0], slots[1], slots[5]]) {
      const person = people[next++];
      if (!slot || !person) continue;
      await bookAppointment({
        db,
        actor: adviser,
        slotId: slot.id,
        householdId: person.household_id,
        input: { memberId: person.member_id, reminderChannel: 'sms' },
      });
    }
  }
}
