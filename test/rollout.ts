// The roll-out's test geography: the test programme's buildings placed in Brest (N1 in Kerourien, N2 4 km east, S3
// in the city centre) and a facility 120 m from N1 running a beginners' cycle of 6 sessions × 10 places in two weeks
// (60 free seats, against N1's demand of ⌈4 × 12 %⌉ × 8 = 8).
import { sql } from 'drizzle-orm';
import { localDate } from '../src/platform/dates.ts';
import type { Db } from '../src/platform/db/index.ts';
import { createCourse, createFacility } from '../src/workshops/index.ts';
import type { TestProgramme } from './programme.ts';

export const rolloutPlaces = {
  N1: [48.3985, -4.5135],
  N2: [48.4052, -4.4561],
  S3: [48.3904, -4.486],
} as const;

export async function placeRolloutFixture(db: Db, p: TestProgramme) {
  for (const [code, [lat, lon]] of Object.entries(rolloutPlaces))
    await db.execute(sql`update building set latitude = ${lat} + id * 0.0001, longitude = ${lon}
      where sector_id = ${p.sectorIds[code as keyof typeof rolloutPlaces]}`);
  const facility = await createFacility({
    db,
    actor: p.actors.coordinator,
    input: {
      name: 'Centre social de Kerourien',
      address: '12 rue de Kerourien',
      postcode: '29200',
      commune: 'Brest',
      latitude: 48.3995,
      longitude: -4.5125,
      openingHours: 'Mo-Fr 09:00-12:00',
      computers: 8,
      organisationId: p.actors.facilitator.organisationId!,
    } as never,
  });
  if (!facility.ok) throw new Error(facility.reason);
  const course = await createCourse({
    db,
    actor: p.actors.facilitator,
    input: {
      kind: 'cycle',
      facilityId: facility.facilityId,
      title: 'Premiers pas',
      level: 'beginner',
      audience: 'Débutants',
      description: 'Souris, clavier, Internet.',
      competencies: [],
      capacity: 10,
      startTime: '14:00',
      endTime: '16:00',
      firstDay: localDate(new Date(Date.now() + 14 * 86_400_000)),
      sessionCount: 6,
      everyWeeks: 1,
      skipHolidays: false,
    } as never,
  });
  if (!course.ok) throw new Error(course.reason);
  return { facilityId: facility.facilityId, courseId: course.courseId };
}
