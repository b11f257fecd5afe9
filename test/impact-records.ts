// Records the impact figures count, inserted directly for tests: a computer handed over, a workshop cycle and who
// attended it. Shared by the indicators' tests and the open-data scenario.
import { sql } from 'drizzle-orm';
import type { Db } from '../src/platform/db/index.ts';
import type { TestProgramme } from './programme.ts';

/** A refurbished laptop sold to a household and handed over at `at`; `tag` makes its reference unique. */
export async function handOverComputer(
  db: Db,
  p: TestProgramme,
  { tag, householdId, at, receivedOn }: { tag: string; householdId: number; at: string; receivedOn: string },
): Promise<void> {
  const [device] = await db.execute<{ id: number }>(sql`
    insert into device (programme_id, centre_id, reference, kind, make, model, cpu, ram_gb, storage_gb, os, grade,
                        serial, received_on, tier, status)
    values (${p.programmeId}, ${p.actors.recycling_agent.organisationId}, ${`D-${tag}`}, 'laptop', 'Dell', 'E7470',
            'i5', 8, 256, 'Linux', 'A', ${`S-${tag}`}, ${receivedOn}, 'standard', 'sold') returning id`);
  await db.execute(sql`
    insert into device_order (programme_id, device_id, household_id, reserved_by, price_cents, status, handed_over_at)
    values (${p.programmeId}, ${device!.id}, ${householdId}, 'test', 4000, 'handed_over', ${at}::timestamptz)`);
}

/** A two-session beginners' cycle at a facility (« Centre social »), sessions as [start, end] instants. */
export async function workshopCycle(
  db: Db,
  programmeId: number,
  { updatedOn, sessions }: { updatedOn: string; sessions: [string, string][] },
): Promise<{ courseId: number; sessionIds: number[] }> {
  const [facility] = await db.execute<{ id: number }>(sql`
    insert into facility (programme_id, external_id, pivot, name, address, postcode, commune, updated_on)
    values (${programmeId}, 'F1', '00000000000000', 'Centre social', '1 rue', '29200', 'Brest', ${updatedOn})
    returning id`);
  const [course] = await db.execute<{ id: number }>(sql`
    insert into course (programme_id, facility_id, kind, title, level, audience, description, session_count, capacity,
                        created_by)
    values (${programmeId}, ${facility!.id}, 'cycle', 'Débuter', 'beginner', 'Tous', 'Cycle', ${sessions.length}, 10,
            'test') returning id`);
  const sessionIds: number[] = [];
  for (const [start, end] of sessions) {
    const [session] = await db.execute<{ id: number }>(sql`
      insert into workshop_session (programme_id, course_id, facility_id, starts_at, ends_at, capacity)
      values (${programmeId}, ${course!.id}, ${facility!.id}, ${start}::timestamptz, ${end}::timestamptz, 10)
      returning id`);
    sessionIds.push(session!.id);
  }
  return { courseId: course!.id, sessionIds };
}

/** A member registered to a cycle, present or not at each of its sessions (in order). */
export async function attendCycle(
  db: Db,
  programmeId: number,
  cycle: { courseId: number; sessionIds: number[] },
  {
    householdId,
    memberId,
    present,
    createdAt,
    completedAt = null,
  }: {
    householdId: number;
    memberId: number;
    present: readonly boolean[];
    createdAt?: string;
    completedAt?: string | null;
  },
): Promise<void> {
  const [registration] = await db.execute<{ id: number }>(sql`
    insert into registration (programme_id, course_id, household_id, member_id, status, reminder_channel, created_by,
                              created_at, completed_at)
    values (${programmeId}, ${cycle.courseId}, ${householdId}, ${memberId}, 'registered', 'sms', 'test',
            coalesce(${createdAt ?? null}::timestamptz, now()), ${completedAt}::timestamptz) returning id`);
  for (const [i, sessionId] of cycle.sessionIds.entries())
    await db.execute(sql`
      insert into attendance (session_id, registration_id, present, recorded_by)
      values (${sessionId}, ${registration!.id}, ${present[i]!}, 'test')`);
}
