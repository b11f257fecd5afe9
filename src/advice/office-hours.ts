// Office hours (permanences): a consumer association's bookable slots at a facility, and the appointments residents
// or advisers book there — one person per slot, a confirmation and a reminder through the outbox.
import { and, asc, eq, gt, gte, inArray, lt, ne, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { displayPhone, household, householdMember, householdResource } from '../households/index.ts';
import { cancelPendingNotifications, enqueueNotification } from '../notifications/index.ts';
import { organisation } from '../partners/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import { asSystem } from '../platform/claims/index.ts';
import { addCalendarDays, frenchPublicHoliday, localDayTime, programmeTimeZone } from '../platform/dates.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import {
  type Actor,
  assertCan,
  assertCanAtAll,
  ForbiddenError,
  NotFoundError,
} from '../platform/permissions/index.ts';
import { blankToUndefined, CalendarDay, Checkbox } from '../platform/validation.ts';
import { type AdviceTopic, adviceTopics, appointment, officeSlot } from './schema.ts';

// ---------------------------------------------------------------------------------------------------------------
// Values

export const appointmentChannels = ['sms', 'call', 'letter', 'email'] as const;
export type AppointmentChannel = (typeof appointmentChannels)[number];

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Heure attendue, par exemple 14:00');
const Id = z.coerce.number().int().positive().max(2_147_483_647);
const checkbox = Checkbox;

/** A weekly rule that makes office hours: from `firstDay`, every `everyWeeks` weeks, `weeks` times. */
export const OfficeHoursInput = z
  .object({
    facilityId: Id,
    firstDay: CalendarDay,
    startTime: Time,
    endTime: Time,
    slotMinutes: z.coerce
      .number('Durée en minutes attendue')
      .int('Durée en minutes attendue')
      .min(10, '10 minutes au moins')
      .max(240, '4 heures au plus'),
    everyWeeks: z.coerce.number().int().min(1, '1 semaine au moins').max(4, '4 semaines au plus').default(1),
    weeks: z.coerce
      .number('Nombre de semaines attendu')
      .int('Nombre de semaines attendu')
      .min(1, '1 fois au moins')
      .max(52, '52 fois au plus'),
    skipHolidays: checkbox.default(true),
  })
  .refine((v) => v.endTime > v.startTime, { path: ['endTime'], message: 'La fin doit suivre le début' });
export type OfficeHoursInputValue = z.infer<typeof OfficeHoursInput>;

/** Booking a slot: who comes, how they want to be told, and what it is about (optional). */
export const AppointmentInput = z.object({
  memberId: Id,
  reminderChannel: z.enum(
    appointmentChannels,
    'Choisissez comment être prévenu : SMS, appel, courrier ou e-mail',
  ),
  topic: z.preprocess(blankToUndefined, z.enum(adviceTopics, 'Choisissez un sujet de la liste').optional()),
});
export type AppointmentInputValue = z.infer<typeof AppointmentInput>;

// ---------------------------------------------------------------------------------------------------------------
// Refusals

export type AppointmentRefusal =
  | 'not_a_facility'
  | 'no_slot'
  | 'slot_taken'
  | 'slot_cancelled'
  | 'slot_past'
  | 'already_booked'
  | 'not_a_member'
  | 'no_phone'
  | 'no_email'
  | 'no_address'
  | 'already_cancelled'
  | 'appointment_past';

const appointmentRefusalMessages: Record<AppointmentRefusal, string> = {
  not_a_facility: 'Choisissez un lieu de la liste.',
  no_slot: 'Aucun créneau à créer : vérifiez les dates et les heures (jours fériés, créneaux déjà prévus).',
  slot_taken: 'Ce rendez-vous vient d’être pris par une autre personne. Choisissez un autre horaire.',
  slot_cancelled: 'Ce créneau est annulé. Choisissez un autre horaire.',
  slot_past: 'Ce créneau est déjà passé. Choisissez un autre horaire.',
  already_booked:
    'Cette personne a déjà un rendez-vous avec cette association. Annulez-le d’abord pour en prendre un autre.',
  not_a_member: 'Cette personne ne fait pas partie de ce foyer.',
  no_phone: 'Nous n’avons pas de numéro de téléphone pour ce foyer. Choisissez le courrier ou l’e-mail.',
  no_email: 'Nous n’avons pas d’adresse e-mail pour ce foyer. Choisissez le SMS, l’appel ou le courrier.',
  no_address: 'Nous n’avons pas d’adresse postale pour ce foyer. Choisissez le SMS, l’appel ou l’e-mail.',
  already_cancelled: 'Ce rendez-vous est déjà annulé.',
  appointment_past: 'Ce rendez-vous est déjà passé.',
};
export const appointmentRefusalMessage = (reason: AppointmentRefusal) => appointmentRefusalMessages[reason];
type Refused<R extends AppointmentRefusal> = { ok: false; reason: R; field?: string };

// ---------------------------------------------------------------------------------------------------------------
// Time: local days and hours of the programme (Europe/Paris), French public holidays.

/** The public holiday of France on a calendar day, or null (the same list as the workshops' recurrence). */
export const publicHoliday = frenchPublicHoliday;
const minutesOf = (time: string) => {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

export interface PlannedSlot {
  day: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * The slots of a weekly rule: each day's time range cut into `slotMinutes` pieces (a last piece shorter than that
 * is dropped); public holidays are skipped when asked (the rule does not go further: office hours are dated).
 */
export function planOfficeSlots(rule: OfficeHoursInputValue): {
  slots: PlannedSlot[];
  skipped: { day: string; holiday: string }[];
} {
  const slots: PlannedSlot[] = [];
  const skipped: { day: string; holiday: string }[] = [];
  const start = minutesOf(rule.startTime);
  const end = minutesOf(rule.endTime);
  for (let week = 0; week < rule.weeks; week++) {
    const day = addCalendarDays(rule.firstDay, week * 7 * rule.everyWeeks);
    const holiday = rule.skipHolidays ? publicHoliday(day) : null;
    if (holiday) {
      skipped.push({ day, holiday });
      continue;
    }
    for (let from = start; from + rule.slotMinutes <= end; from += rule.slotMinutes)
      slots.push({
        day,
        startsAt: localDayTime(day, from),
        endsAt: localDayTime(day, from + rule.slotMinutes),
      });
  }
  return { slots, skipped };
}

const format = (options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: programmeTimeZone, ...options });
const dayFormat = format({ weekday: 'long', day: 'numeric', month: 'long' });
const timeFormat = format({ hour: 'numeric', minute: '2-digit' });
/** « jeudi 3 décembre » (« mardi 1er décembre ») in programme time. */
export const appointmentDayText = (instant: Date) =>
  dayFormat.format(instant).replace(/^(\p{L}+ )1 /u, '$11er ');
/** « 14 h 00 » in programme time. */
export const appointmentHourText = (instant: Date) => timeFormat.format(instant).replace(':', ' h ');
/** « jeudi 3 décembre à 14 h 00 » in programme time. */
export const appointmentWhenText = (instant: Date) =>
  `${appointmentDayText(instant)} à ${appointmentHourText(instant)}`;

// ---------------------------------------------------------------------------------------------------------------
// Office slots

type FacilityRow = {
  id: number;
  name: string;
  address: string;
  postcode: string;
  commune: string;
  phone: string | null;
};

async function facilityOf(db: DbOrTx, programmeId: number, facilityId: number): Promise<FacilityRow | null> {
  const [row] = await db.execute<FacilityRow>(sql`
    select id, name, address, postcode, commune, phone from facility
     where id = ${facilityId} and programme_id = ${programmeId}`);
  return row ?? null;
}

export type CreateOfficeSlotsResult =
  | { ok: true; created: number; skippedHolidays: { day: string; holiday: string }[]; overlapping: number }
  | Refused<'not_a_facility' | 'no_slot'>;

/**
 * An adviser publishes its association's office hours at a facility from a weekly rule. A slot overlapping one the
 * association already has (anywhere) is not created again; at most 500 slots at once.
 */
export async function createOfficeSlots({
  db,
  actor,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  input: OfficeHoursInputValue;
  now?: Date;
}): Promise<CreateOfficeSlotsResult> {
  assertCan(actor, 'office.manage', { programmeId: actor.programmeId, organisationId: actor.organisationId });
  const organisationId = actor.organisationId!;
  const place = await facilityOf(db, actor.programmeId, input.facilityId);
  if (!place) return { ok: false, reason: 'not_a_facility', field: 'facilityId' };
  const plan = planOfficeSlots(input);
  const future = plan.slots.filter((s) => s.startsAt > now).slice(0, 500);
  if (!future.length) return { ok: false, reason: 'no_slot', field: 'firstDay' };
  return db.transaction(async (tx) => {
    // Serialised per association, so that two rules sent at once do not both create a slot.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('office_slot'), ${organisationId})`);
    const existing = await tx
      .select({ startsAt: officeSlot.startsAt, endsAt: officeSlot.endsAt })
      .from(officeSlot)
      .where(
        and(
          eq(officeSlot.organisationId, organisationId),
          eq(officeSlot.status, 'open'),
          lt(officeSlot.startsAt, future.at(-1)!.endsAt),
          gt(officeSlot.endsAt, future[0]!.startsAt),
        ),
      );
    const fresh = future.filter((s) => !existing.some((e) => e.startsAt < s.endsAt && e.endsAt > s.startsAt));
    if (!fresh.length) return { ok: false as const, reason: 'no_slot' as const, field: 'firstDay' };
    await tx.insert(officeSlot).values(
      fresh.map((s) => ({
        programmeId: actor.programmeId,
        organisationId,
        facilityId: input.facilityId,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        createdBy: actor.label,
      })),
    );
    await recordAudit(tx, actor, {
      action: 'advice.office_hours_created',
      entityType: 'organisation',
      entityId: organisationId,
      details: {
        facilityId: input.facilityId,
        firstDay: input.firstDay,
        startTime: input.startTime,
        endTime: input.endTime,
        slotMinutes: input.slotMinutes,
        everyWeeks: input.everyWeeks,
        weeks: input.weeks,
        created: fresh.length,
      },
    });
    return {
      ok: true as const,
      created: fresh.length,
      skippedHolidays: plan.skipped,
      overlapping: future.length - fresh.length,
    };
  });
}

async function slotScope(db: DbOrTx, programmeId: number, slotId: number) {
  const [row] = await db
    .select()
    .from(officeSlot)
    .where(and(eq(officeSlot.id, slotId), eq(officeSlot.programmeId, programmeId)));
  if (!row) throw new NotFoundError('office_slot');
  return row;
}

/** The association cancels a slot; the person who booked it is told, and their reminder is cancelled. */
export async function cancelSlot({
  db,
  actor,
  slotId,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  slotId: number;
  now?: Date;
}): Promise<{ ok: true; told: number } | Refused<'already_cancelled'>> {
  const slot = await slotScope(db, actor.programmeId, slotId);
  assertCan(actor, 'office.manage', { programmeId: slot.programmeId, organisationId: slot.organisationId });
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: officeSlot.status })
      .from(officeSlot)
      .where(eq(officeSlot.id, slotId))
      .for('update');
    if (current!.status === 'cancelled') return { ok: false as const, reason: 'already_cancelled' as const };
    await tx.update(officeSlot).set({ status: 'cancelled' }).where(eq(officeSlot.id, slotId));
    const booked = await tx
      .update(appointment)
      .set({ status: 'cancelled' })
      .where(and(eq(appointment.slotId, slotId), eq(appointment.status, 'booked')))
      .returning({ id: appointment.id, householdId: appointment.householdId });
    await recordAudit(tx, actor, {
      action: 'advice.office_slot_cancelled',
      entityType: 'organisation',
      entityId: slot.organisationId,
      details: { slotId, startsAt: slot.startsAt.toISOString(), appointments: booked.length },
    });
    let told = 0;
    for (const a of booked) {
      await recordAudit(tx, actor, {
        action: 'advice.appointment_cancelled',
        entityType: 'household',
        entityId: a.householdId,
        details: { organisationId: slot.organisationId },
      });
      told += await tellCancelled(tx, a.id, now);
    }
    return { ok: true as const, told };
  });
}

export type OpenSlot = {
  id: number;
  startsAt: Date;
  endsAt: Date;
  organisationId: number;
  organisationName: string;
  facilityId: number;
  facilityName: string;
  address: string;
  postcode: string;
  commune: string;
  phone: string | null;
  free: boolean;
};

/**
 * The office hours of a period, for anyone: the association, the place, the time and whether the slot is free —
 * never who booked it. Cancelled slots are left out.
 */
export async function listOpenSlots({
  db,
  programmeId,
  from,
  to,
  organisationId,
}: {
  db: DbOrTx;
  programmeId: number;
  from: Date;
  to: Date;
  organisationId?: number;
}): Promise<OpenSlot[]> {
  // Whether a slot is taken depends on every household's bookings: read past the row policies (only the yes/no leaves).
  const rows = await asSystem(
    async () =>
      await db.execute<OpenSlot & { startsAt: string; endsAt: string }>(sql`
    select s.id, s.starts_at as "startsAt", s.ends_at as "endsAt", s.organisation_id as "organisationId",
           o.name as "organisationName", f.id as "facilityId", f.name as "facilityName", f.address, f.postcode,
           f.commune, f.phone,
           not exists (select 1 from appointment a where a.slot_id = s.id and a.status <> 'cancelled') as free
      from office_slot s
      join organisation o on o.id = s.organisation_id
      join facility f on f.id = s.facility_id
     where s.programme_id = ${programmeId} and s.status = 'open'
       and s.starts_at >= ${from.toISOString()} and s.starts_at < ${to.toISOString()}
       ${organisationId ? sql`and s.organisation_id = ${organisationId}` : sql``}
     order by o.name, f.name, s.starts_at
     limit 2000`),
  );
  return rows.map((r) => ({ ...r, startsAt: new Date(r.startsAt), endsAt: new Date(r.endsAt) }));
}

/** The association's own slots of a period, with who booked each (an adviser). */
export async function listOfficeSlots({
  db,
  actor,
  from,
  to,
}: {
  db: DbOrTx;
  actor: Actor;
  from: Date;
  to: Date;
}) {
  assertCanAtAll(actor, 'office.manage');
  const rows = await db.execute<{
    id: number;
    startsAt: string;
    endsAt: string;
    facilityId: number;
    facilityName: string;
    appointmentId: number | null;
    householdId: number | null;
    householdReference: string | null;
    memberName: string | null;
    topic: AdviceTopic | null;
    reminderChannel: AppointmentChannel | null;
  }>(sql`
    select s.id, s.starts_at as "startsAt", s.ends_at as "endsAt", s.facility_id as "facilityId",
           f.name as "facilityName", a.id as "appointmentId", a.household_id as "householdId",
           h.reference as "householdReference", m.first_name || ' ' || m.last_name as "memberName", a.topic,
           a.reminder_channel as "reminderChannel"
      from office_slot s
      join facility f on f.id = s.facility_id
      left join appointment a on a.slot_id = s.id and a.status <> 'cancelled'
      left join household h on h.id = a.household_id
      left join household_member m on m.id = a.member_id
     where s.programme_id = ${actor.programmeId} and s.organisation_id = ${actor.organisationId ?? -1}
       and s.status = 'open' and s.starts_at >= ${from.toISOString()} and s.starts_at < ${to.toISOString()}
     order by s.starts_at
     limit 1000`);
  return rows.map((r) => ({ ...r, startsAt: new Date(r.startsAt), endsAt: new Date(r.endsAt) }));
}

// ---------------------------------------------------------------------------------------------------------------
// Appointments

/** How far ahead of the appointment the reminder leaves. */
export const reminderAheadMs = 2 * 86_400_000;

type Contact = { phone: string | null; email: string | null; postal: string | null };

const postalAddress = (householdId: SQL) => sql`
  (select concat_ws(E'\n', b.address || case when d.floor is not null then ', étage ' || d.floor else '' end,
                    b.postcode || ' ' || b.city)
     from tenancy t join dwelling d on d.id = t.dwelling_id join building b on b.id = d.building_id
    where t.household_id = ${householdId} and t.end_date is null
    order by t.start_date desc limit 1)`;

async function contactOf(db: DbOrTx, householdId: number): Promise<Contact> {
  const [row] = await db.execute<Contact>(sql`
    select h.phone, h.email, ${postalAddress(sql`h.id`)} as postal from household h where h.id = ${householdId}`);
  return row ?? { phone: null, email: null, postal: null };
}

const recipientFor = (c: Contact, channel: AppointmentChannel) =>
  channel === 'email' ? c.email : channel === 'letter' ? c.postal : c.phone;

const missingFor = (channel: AppointmentChannel) =>
  channel === 'email'
    ? ('no_email' as const)
    : channel === 'letter'
      ? ('no_address' as const)
      : ('no_phone' as const);

/** Everything a message about an appointment needs, in one read. */
async function appointmentFacts(tx: DbOrTx, appointmentId: number) {
  const [row] = await tx.execute<{
    id: number;
    programmeId: number;
    organisationId: number;
    householdId: number;
    memberId: number;
    channel: AppointmentChannel;
    firstName: string;
    lastName: string;
    startsAt: string;
    association: string;
    associationPhone: string | null;
    facilityName: string;
    address: string;
    commune: string;
    facilityPhone: string | null;
    phone: string | null;
    email: string | null;
    postal: string | null;
  }>(sql`
    select a.id, a.programme_id as "programmeId", a.organisation_id as "organisationId",
           a.household_id as "householdId", a.member_id as "memberId", a.reminder_channel as channel,
           m.first_name as "firstName", m.last_name as "lastName", s.starts_at as "startsAt",
           o.name as association, o.phone as "associationPhone", f.name as "facilityName", f.address, f.commune,
           f.phone as "facilityPhone", h.phone, h.email, ${postalAddress(sql`a.household_id`)} as postal
      from appointment a
      join office_slot s on s.id = a.slot_id
      join organisation o on o.id = a.organisation_id
      join facility f on f.id = s.facility_id
      join household_member m on m.id = a.member_id
      join household h on h.id = a.household_id
     where a.id = ${appointmentId}`);
  return row ? { ...row, startsAt: new Date(row.startsAt) } : null;
}
type Facts = NonNullable<Awaited<ReturnType<typeof appointmentFacts>>>;

export type AppointmentMessageTopic = 'confirmation' | 'reminder' | 'cancelled';

/** What the person is told, in plain French, short enough for one SMS. The topic of the visit is never said. */
export function appointmentMessage(
  topic: AppointmentMessageTopic,
  facts: {
    firstName: string;
    startsAt: Date;
    association: string;
    facilityName: string;
    address: string;
    phone: string | null;
  },
): { subject: string; body: string } {
  const hello = `Bonjour ${facts.firstName},`;
  const when = appointmentWhenText(facts.startsAt);
  const where = `${facts.facilityName}, ${facts.address}`;
  const call = facts.phone ? ` Empêchement ? Appelez le ${displayPhone(facts.phone)}.` : '';
  switch (topic) {
    case 'confirmation':
      return {
        subject: `Votre rendez-vous avec ${facts.association}`,
        body: `${hello} votre rendez-vous avec ${facts.association} est pris : ${when}, ${where}. C’est gratuit. Apportez vos contrats et factures.${call}`,
      };
    case 'reminder':
      return {
        subject: `Rappel : rendez-vous ${when}`,
        body: `${hello} rappel : rendez-vous avec ${facts.association} ${when}, ${where}. Apportez vos contrats et factures.${call}`,
      };
    case 'cancelled':
      return {
        subject: `Rendez-vous annulé : ${when}`,
        body: `${hello} votre rendez-vous avec ${facts.association} du ${when} est annulé. Vous pouvez en prendre un autre.${call}`,
      };
  }
}

async function queueMessage(
  tx: DbOrTx,
  facts: Facts,
  topic: AppointmentMessageTopic,
  channel: AppointmentChannel,
  nextAttemptAt?: Date,
): Promise<number> {
  const recipient = recipientFor(facts, channel);
  if (!recipient) return 0;
  const { subject, body } = appointmentMessage(topic, {
    ...facts,
    phone: facts.facilityPhone ?? facts.associationPhone,
  });
  const id = await enqueueNotification(tx, {
    programmeId: facts.programmeId,
    organisationId: facts.organisationId,
    householdId: facts.householdId,
    memberId: facts.memberId,
    channel,
    recipientName: `${facts.firstName} ${facts.lastName}`,
    recipient,
    subject,
    body,
    topic: `advice.appointment_${topic}`,
    dedupeKey: `appointment:${facts.id}:${topic}`,
    subjectRef: topic === 'cancelled' ? `appointment:${facts.id}:cancelled` : `appointment:${facts.id}`,
    ...(nextAttemptAt ? { nextAttemptAt } : {}),
    // By post instead, when the household no longer accepts SMS, e-mail or calls.
    letterAddress: facts.postal,
  });
  return id === null ? 0 : 1;
}

/**
 * The confirmation now, by the chosen channel, and a reminder two days before (the delivery worker sends a row only
 * when it is due). A letter arrives too late to remind: by letter, the confirmation is the reminder, and the
 * reminder goes by phone call when the household has a phone.
 */
async function tellBooked(tx: DbOrTx, appointmentId: number, now: Date) {
  const facts = (await appointmentFacts(tx, appointmentId))!;
  await queueMessage(tx, facts, 'confirmation', facts.channel);
  const remindAt = new Date(facts.startsAt.getTime() - reminderAheadMs);
  if (remindAt <= now) return;
  const channel = facts.channel === 'letter' ? (facts.phone ? 'call' : null) : facts.channel;
  if (channel) await queueMessage(tx, facts, 'reminder', channel, remindAt);
}

/** Cancels what is still to leave about an appointment and tells the person (by phone rather than a late letter). */
async function tellCancelled(tx: DbOrTx, appointmentId: number, now: Date): Promise<number> {
  const facts = (await appointmentFacts(tx, appointmentId))!;
  await cancelPendingNotifications(tx, {
    programmeId: facts.programmeId,
    subjectRef: `appointment:${appointmentId}`,
  });
  if (facts.startsAt <= now) return 0;
  const soon = facts.startsAt.getTime() - now.getTime() < 4 * 86_400_000;
  const channel = facts.channel === 'letter' && soon && facts.phone ? 'call' : facts.channel;
  return queueMessage(tx, facts, 'cancelled', channel);
}

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
};

/** Residents book for their own household; an adviser books at its own association's slots. */
async function assertMayBook(db: DbOrTx, actor: Actor, organisationId: number, householdId: number) {
  const household = await householdResource(db, householdId);
  if (household.programmeId !== actor.programmeId) throw new NotFoundError('household');
  if (actor.role === 'resident') {
    assertCan(actor, 'appointment.book', household);
    return;
  }
  assertCan(actor, 'appointment.book', { programmeId: actor.programmeId, organisationId });
  assertCan(actor, 'household.read', household);
}

export type BookAppointmentResult =
  | { ok: true; appointmentId: number }
  | Refused<
      | 'slot_taken'
      | 'slot_cancelled'
      | 'slot_past'
      | 'already_booked'
      | 'not_a_member'
      | 'no_phone'
      | 'no_email'
      | 'no_address'
    >;

/**
 * Books a slot for a household member. One person per slot (the partial unique index decides between people
 * booking at once); a person holds at most one future appointment with an association.
 */
export async function bookAppointment({
  db,
  actor,
  slotId,
  householdId,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  slotId: number;
  householdId: number;
  input: { memberId: number; reminderChannel: AppointmentChannel; topic?: AdviceTopic };
  now?: Date;
}): Promise<BookAppointmentResult> {
  const slot = await slotScope(db, actor.programmeId, slotId);
  await assertMayBook(db, actor, slot.organisationId, householdId);
  const [member] = await db
    .select({ householdId: householdMember.householdId })
    .from(householdMember)
    .where(eq(householdMember.id, input.memberId));
  if (member?.householdId !== householdId) return { ok: false, reason: 'not_a_member', field: 'memberId' };
  if (!recipientFor(await contactOf(db, householdId), input.reminderChannel))
    return { ok: false, reason: missingFor(input.reminderChannel), field: 'reminderChannel' };

  return db
    .transaction(async (tx): Promise<BookAppointmentResult> => {
      // One person's bookings are serialised: "one future appointment per association" holds under races too.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('appointment_member'), ${input.memberId})`);
      const [current] = await tx
        .select({ status: officeSlot.status, startsAt: officeSlot.startsAt })
        .from(officeSlot)
        .where(eq(officeSlot.id, slotId))
        .for('share');
      if (current!.status === 'cancelled') return { ok: false, reason: 'slot_cancelled' };
      if (current!.startsAt <= now) return { ok: false, reason: 'slot_past' };
      const [held] = await tx
        .select({ id: appointment.id })
        .from(appointment)
        .innerJoin(officeSlot, eq(officeSlot.id, appointment.slotId))
        .where(
          and(
            eq(appointment.memberId, input.memberId),
            eq(appointment.organisationId, slot.organisationId),
            eq(appointment.status, 'booked'),
            gt(officeSlot.startsAt, now),
          ),
        );
      if (held) return { ok: false, reason: 'already_booked' };
      const [taken] = await tx
        .select({ id: appointment.id })
        .from(appointment)
        .where(and(eq(appointment.slotId, slotId), ne(appointment.status, 'cancelled')));
      if (taken) return { ok: false, reason: 'slot_taken' };
      const [created] = await tx
        .insert(appointment)
        .values({
          programmeId: actor.programmeId,
          slotId,
          organisationId: slot.organisationId,
          householdId,
          memberId: input.memberId,
          topic: input.topic ?? null,
          reminderChannel: input.reminderChannel,
          bookedBy: actor.label,
          bookedAt: now,
        })
        .returning({ id: appointment.id });
      // The household's timeline says an appointment exists with this association, nothing more.
      await recordAudit(tx, actor, {
        action: 'advice.appointment_booked',
        entityType: 'household',
        entityId: householdId,
        details: { organisationId: slot.organisationId },
      });
      await tellBooked(tx, created!.id, now);
      return { ok: true, appointmentId: created!.id };
    })
    .catch((error: unknown): BookAppointmentResult => {
      // The partial unique index is the last word on "one person per slot".
      if (isUniqueViolation(error)) return { ok: false, reason: 'slot_taken' };
      throw error;
    });
}

/** The household (a resident) or the association (an adviser) cancels an appointment still to come. */
export async function cancelAppointment({
  db,
  actor,
  appointmentId,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  appointmentId: number;
  now?: Date;
}): Promise<{ ok: true } | Refused<'already_cancelled' | 'appointment_past'>> {
  const [row] = await db
    .select({
      organisationId: appointment.organisationId,
      householdId: appointment.householdId,
      status: appointment.status,
      startsAt: officeSlot.startsAt,
    })
    .from(appointment)
    .innerJoin(officeSlot, eq(officeSlot.id, appointment.slotId))
    .where(and(eq(appointment.id, appointmentId), eq(appointment.programmeId, actor.programmeId)));
  if (!row) throw new NotFoundError('appointment');
  if (actor.role === 'resident')
    assertCan(actor, 'appointment.book', { programmeId: actor.programmeId, householdId: row.householdId });
  else
    assertCan(actor, 'appointment.book', {
      programmeId: actor.programmeId,
      organisationId: row.organisationId,
    });
  if (row.startsAt <= now) return { ok: false, reason: 'appointment_past' };
  return db.transaction(async (tx) => {
    const [done] = await tx
      .update(appointment)
      .set({ status: 'cancelled' })
      .where(and(eq(appointment.id, appointmentId), eq(appointment.status, 'booked')))
      .returning({ id: appointment.id });
    if (!done) return { ok: false as const, reason: 'already_cancelled' as const };
    await recordAudit(tx, actor, {
      action: 'advice.appointment_cancelled',
      entityType: 'household',
      entityId: row.householdId,
      details: { organisationId: row.organisationId },
    });
    if (actor.role === 'resident') {
      // They know: only what was still to leave is cancelled.
      await cancelPendingNotifications(tx, {
        programmeId: actor.programmeId,
        subjectRef: `appointment:${appointmentId}`,
      });
    } else await tellCancelled(tx, appointmentId, now);
    return { ok: true as const };
  });
}

export type AppointmentRow = {
  id: number;
  slotId: number;
  startsAt: Date;
  endsAt: Date;
  status: 'booked' | 'cancelled' | 'attended' | 'missed';
  organisationId: number;
  association: string;
  facilityId: number;
  facilityName: string;
  address: string;
  commune: string;
  phone: string | null;
  householdId: number;
  householdReference: string;
  memberId: number;
  memberName: string;
  topic: AdviceTopic | null;
  reminderChannel: AppointmentChannel;
  bookedBy: string;
  bookedAt: Date;
};

/**
 * Appointments: an adviser sees its association's, a resident its household's. From `from` (now by default) on,
 * booked ones only unless `withCancelled`.
 */
export async function listAppointments({
  db,
  actor,
  from = new Date(),
  to,
  householdId,
  withCancelled = false,
}: {
  db: DbOrTx;
  actor: Actor;
  from?: Date;
  to?: Date;
  householdId?: number;
  withCancelled?: boolean;
}): Promise<AppointmentRow[]> {
  const scope = assertCanAtAll(actor, 'appointment.book');
  const where: SQL[] = [eq(appointment.programmeId, actor.programmeId), gte(officeSlot.startsAt, from)];
  if (scope === 'household') {
    if (!actor.householdId || (householdId && householdId !== actor.householdId))
      throw new ForbiddenError('appointment.book');
    where.push(eq(appointment.householdId, actor.householdId));
  } else {
    where.push(eq(appointment.organisationId, actor.organisationId ?? -1));
    if (householdId) where.push(eq(appointment.householdId, householdId));
  }
  if (to) where.push(lt(officeSlot.startsAt, to));
  if (!withCancelled) where.push(inArray(appointment.status, ['booked', 'attended', 'missed']));
  const rows = await db
    .select({
      id: appointment.id,
      slotId: appointment.slotId,
      startsAt: officeSlot.startsAt,
      endsAt: officeSlot.endsAt,
      status: appointment.status,
      organisationId: appointment.organisationId,
      association: organisation.name,
      facilityId: officeSlot.facilityId,
      facilityName: sql<string>`f.name`,
      address: sql<string>`f.address`,
      commune: sql<string>`f.commune`,
      phone: sql<string | null>`coalesce(f.phone, ${organisation.phone})`,
      householdId: appointment.householdId,
      householdReference: household.reference,
      memberId: appointment.memberId,
      memberName: sql<string>`${householdMember.firstName} || ' ' || ${householdMember.lastName}`,
      topic: appointment.topic,
      reminderChannel: sql<AppointmentChannel>`${appointment.reminderChannel}`,
      bookedBy: appointment.bookedBy,
      bookedAt: appointment.bookedAt,
    })
    .from(appointment)
    .innerJoin(officeSlot, eq(officeSlot.id, appointment.slotId))
    .innerJoin(organisation, eq(organisation.id, appointment.organisationId))
    .innerJoin(sql`facility f`, sql`f.id = ${officeSlot.facilityId}`)
    .innerJoin(household, eq(household.id, appointment.householdId))
    .innerJoin(householdMember, eq(householdMember.id, appointment.memberId))
    .where(and(...where))
    .orderBy(asc(officeSlot.startsAt), asc(appointment.id))
    .limit(1000);
  return rows;
}

/** The association names of the programme's consumer associations that have office hours coming (for filters). */
export async function officeHoursAssociations(db: DbOrTx, programmeId: number, now = new Date()) {
  return db
    .selectDistinct({ id: organisation.id, name: organisation.name })
    .from(officeSlot)
    .innerJoin(organisation, eq(organisation.id, officeSlot.organisationId))
    .where(
      and(
        eq(officeSlot.programmeId, programmeId),
        eq(officeSlot.status, 'open'),
        gt(officeSlot.startsAt, now),
      ),
    )
    .orderBy(asc(organisation.name));
}
