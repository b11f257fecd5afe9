// Puts messages for participants into the outbox, each by the channel the person chose, in the caller's
// transaction: a message exists only if the change that caused it was committed.
import { type SQL, sql } from 'drizzle-orm';
import { enqueueNotification } from '../notifications/index.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import { type MessageTopic, type SessionFacts, sessionMessage } from './messages.ts';
import { urgentChannel } from './rules.ts';
import type { ReminderChannel } from './schema.ts';

export type Participant = {
  registrationId: number;
  householdId: number;
  memberId: number;
  firstName: string;
  lastName: string;
  channel: ReminderChannel;
  phone: string | null;
  email: string | null;
  /** Postal address lines of the household's current dwelling. */
  postal: string | null;
  organisationId: number | null;
};

/** The postal address lines of a household's current dwelling (a letter's recipient), as an SQL expression. */
const postalAddress = (householdId: SQL) => sql`
  (select concat_ws(E'\n', b.address || case when d.floor is not null then ', étage ' || d.floor else '' end,
                    b.postcode || ' ' || b.city)
     from tenancy t join dwelling d on d.id = t.dwelling_id join building b on b.id = d.building_id
    where t.household_id = ${householdId} and t.end_date is null
    order by t.start_date desc limit 1)`;

/** Who the registrations are and how to reach them (one query for any number). */
export async function participants(tx: DbOrTx, registrationIds: number[]): Promise<Participant[]> {
  if (!registrationIds.length) return [];
  const rows = await tx.execute<Participant>(sql`
    select r.id as "registrationId", r.household_id as "householdId", r.member_id as "memberId",
           m.first_name as "firstName", m.last_name as "lastName", r.reminder_channel as channel,
           h.phone, h.email, f.organisation_id as "organisationId", ${postalAddress(sql`r.household_id`)} as postal
      from registration r
      join household_member m on m.id = r.member_id
      join household h on h.id = r.household_id
      join course c on c.id = r.course_id
      join facility f on f.id = c.facility_id
     where r.id = any(${`{${registrationIds.join(',')}}`}::int[])
     order by r.id`);
  return [...rows];
}

/** How a household can be reached: phone, e-mail, postal address (nulls when unknown). */
export async function householdContact(db: DbOrTx, householdId: number) {
  const [row] = await db.execute<Pick<Participant, 'phone' | 'email' | 'postal'>>(sql`
    select h.phone, h.email, ${postalAddress(sql`h.id`)} as postal from household h where h.id = ${householdId}`);
  return row ?? { phone: null, email: null, postal: null };
}

/** The address a channel needs, or null when the household has none. */
export function recipientFor(
  p: Pick<Participant, 'phone' | 'email'> & { postal?: string | null },
  channel: ReminderChannel,
): string | null {
  switch (channel) {
    case 'sms':
    case 'call':
      return p.phone;
    case 'email':
      return p.email;
    case 'letter':
      return p.postal ?? null;
  }
}

/**
 * One message per participant about a session. Urgent topics (a place freed, a session cancelled or moved) go by
 * phone to people who chose letters, when a letter would arrive too late. `dedupe` names the reason: the same
 * reason never yields two messages.
 */
export async function notifyParticipants(
  tx: DbOrTx,
  input: {
    programmeId: number;
    people: Participant[];
    topic: MessageTopic;
    session: SessionFacts;
    /** What the message is about, to cancel it when that goes away: one for all, or one per person. */
    subjectRef: string | ((p: Participant) => string);
    dedupe: (p: Participant) => string;
    sessions?: Date[];
    reason?: string;
    now?: Date;
  },
): Promise<number> {
  const now = input.now ?? new Date();
  let queued = 0;
  for (const person of input.people) {
    const minutesAhead = (input.session.startsAt.getTime() - now.getTime()) / 60_000;
    const channel =
      input.topic === 'convocation'
        ? person.channel
        : urgentChannel(person.channel, minutesAhead, Boolean(person.phone));
    const recipient = recipientFor(person, channel);
    if (!recipient) continue;
    const { subject, body } = sessionMessage(input.topic, person.firstName, input.session, {
      sessions: input.sessions,
      reason: input.reason,
    });
    const id = await enqueueNotification(tx, {
      programmeId: input.programmeId,
      organisationId: person.organisationId,
      householdId: person.householdId,
      memberId: person.memberId,
      channel,
      recipientName: `${person.firstName} ${person.lastName}`,
      recipient,
      subject,
      body,
      topic: input.topic,
      dedupeKey: input.dedupe(person),
      subjectRef: typeof input.subjectRef === 'string' ? input.subjectRef : input.subjectRef(person),
      // By post instead, when the household no longer accepts SMS, e-mail or calls.
      letterAddress: person.postal,
    });
    if (id !== null) queued++;
  }
  return queued;
}
