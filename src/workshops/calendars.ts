// Calendar feeds (iCalendar): one per facility (public: dates, no names) and one per participant behind a secret
// address, so sessions, moves and cancellations show up in the phone's calendar.
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { householdMember, householdResource } from '../households/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import { asSystem } from '../platform/claims/index.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan, NotFoundError } from '../platform/permissions/index.ts';
import { type CalendarEvent, calendarFeed } from './calendar.ts';
import { participantCalendar } from './schema.ts';

const day = 86_400_000;

type SessionRow = {
  id: number;
  registration_id: number | null;
  registration_status: string | null;
  sequence: number;
  starts_at: string;
  ends_at: string;
  updated_at: string;
  status: 'scheduled' | 'cancelled';
  cancelled_reason: string | null;
  title: string;
  description: string;
  facility_name: string;
  address: string;
  postcode: string;
  commune: string;
  room_name: string | null;
};

const host = (baseUrl: string) => new URL(baseUrl).host;

function eventOf(
  row: SessionRow,
  baseUrl: string,
  uid: string,
  cancelled: boolean,
  sequence: number,
): CalendarEvent {
  const where = [
    row.facility_name,
    row.room_name ? `salle ${row.room_name}` : null,
    row.address,
    `${row.postcode} ${row.commune}`,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    uid,
    sequence,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    summary: `Atelier : ${row.title}`,
    description:
      cancelled && row.cancelled_reason ? `Séance annulée : ${row.cancelled_reason}` : row.description,
    location: where,
    status: cancelled ? 'cancelled' : 'confirmed',
    updatedAt: new Date(row.updated_at),
    url: baseUrl,
  };
}

const sessionColumns = sql`ws.id, ws.sequence, ws.starts_at, ws.ends_at, ws.updated_at, ws.status, ws.cancelled_reason,
  c.title, c.description, f.name as facility_name, f.address, f.postcode, f.commune, rm.name as room_name`;

/** A facility's sessions from 3 months back to a year ahead, cancelled ones marked so calendars drop them. */
export async function facilityCalendar({
  db,
  programmeId,
  facilityId,
  baseUrl,
  now = new Date(),
}: {
  db: DbOrTx;
  programmeId: number;
  facilityId: number;
  baseUrl: string;
  now?: Date;
}): Promise<string> {
  const [place] = await db.execute<{ name: string }>(
    sql`select name from facility where id = ${facilityId} and programme_id = ${programmeId}`,
  );
  if (!place) throw new NotFoundError('facility');
  const rows = await db.execute<SessionRow>(sql`
    select ${sessionColumns}, null::int as registration_id, null::text as registration_status
      from workshop_session ws join course c on c.id = ws.course_id join facility f on f.id = ws.facility_id
      left join room rm on rm.id = ws.room_id
     where ws.facility_id = ${facilityId}
       and ws.starts_at between ${new Date(now.getTime() - 90 * day).toISOString()}::timestamptz
                            and ${new Date(now.getTime() + 365 * day).toISOString()}::timestamptz
     order by ws.starts_at limit 2000`);
  return calendarFeed({
    name: `Ateliers — ${place.name}`,
    events: rows.map((r) =>
      eventOf(r, baseUrl, `session-${r.id}@${host(baseUrl)}`, r.status === 'cancelled', r.sequence),
    ),
  });
}

/** The public feed of a facility found by its id alone (the calendar address carries no programme). */
export async function facilityCalendarById({
  db,
  facilityId,
  baseUrl,
  now = new Date(),
}: {
  db: DbOrTx;
  facilityId: number;
  baseUrl: string;
  now?: Date;
}): Promise<string> {
  const [place] = await db.execute<{ programme_id: number }>(
    sql`select programme_id from facility where id = ${facilityId}`,
  );
  if (!place) throw new NotFoundError('facility');
  return facilityCalendar({ db, programmeId: place.programme_id, facilityId, baseUrl, now });
}

/**
 * The feed behind a participant's secret address. Calendar apps cannot sign in: the address is the key, so the feed
 * is read past the database's row policies — and says nothing about an unknown address.
 */
export function participantCalendarFeed(
  args: Parameters<typeof readParticipantCalendarFeed>[0],
): Promise<string | null> {
  return asSystem(async () => await readParticipantCalendarFeed(args));
}

/**
 * A participant's sessions, behind the secret token of their calendar address; null for an unknown token. A place
 * given up shows as cancelled (its sequence goes one above the session's), so the calendar removes it.
 */
async function readParticipantCalendarFeed({
  db,
  token,
  baseUrl,
  now = new Date(),
}: {
  db: DbOrTx;
  token: string;
  baseUrl: string;
  now?: Date;
}): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const [owner] = await db
    .select({ memberId: participantCalendar.memberId, firstName: householdMember.firstName })
    .from(participantCalendar)
    .innerJoin(householdMember, eq(householdMember.id, participantCalendar.memberId))
    .where(eq(participantCalendar.token, token));
  if (!owner) return null;
  const rows = await db.execute<SessionRow>(sql`
    select ${sessionColumns}, r.id as registration_id, r.status as registration_status
      from registration r
      join course c on c.id = r.course_id
      join workshop_session ws on ws.course_id = c.id and (r.session_id is null or ws.id = r.session_id)
      join facility f on f.id = ws.facility_id
      left join room rm on rm.id = ws.room_id
     where r.member_id = ${owner.memberId} and r.status in ('registered', 'cancelled')
       and ws.starts_at >= ${new Date(now.getTime() - 90 * day).toISOString()}::timestamptz
     order by ws.starts_at limit 2000`);
  return calendarFeed({
    name: `Mes ateliers (${owner.firstName})`,
    events: rows.map((r) => {
      const gaveUp = r.registration_status === 'cancelled';
      return eventOf(
        r,
        baseUrl,
        `session-${r.id}-r${r.registration_id}@${host(baseUrl)}`,
        gaveUp || r.status === 'cancelled',
        r.sequence + (gaveUp ? 1 : 0),
      );
    }),
  });
}

/** The secret calendar token of a household member (made on first ask; `renew` kills the old address). */
export async function calendarToken({
  db,
  actor,
  memberId,
  renew = false,
}: {
  db: Db;
  actor: Actor;
  memberId: number;
  renew?: boolean;
}): Promise<string> {
  const [member] = await db
    .select({ householdId: householdMember.householdId })
    .from(householdMember)
    .where(and(eq(householdMember.id, memberId), eq(householdMember.programmeId, actor.programmeId)));
  if (!member) throw new NotFoundError('member');
  assertCan(actor, 'household.read', await householdResource(db, member.householdId));
  const [existing] = await db
    .select({ token: participantCalendar.token })
    .from(participantCalendar)
    .where(eq(participantCalendar.memberId, memberId));
  if (existing && !renew) return existing.token;
  const token = randomBytes(24).toString('base64url');
  await db.transaction(async (tx) => {
    await tx
      .insert(participantCalendar)
      .values({ memberId, programmeId: actor.programmeId, token })
      .onConflictDoUpdate({ target: participantCalendar.memberId, set: { token, createdAt: sql`now()` } });
    await recordAudit(tx, actor, {
      action: existing ? 'workshop.calendar_renewed' : 'workshop.calendar_created',
      entityType: 'household',
      entityId: member.householdId,
      details: { memberId },
    });
  });
  return token;
}
