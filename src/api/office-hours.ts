// /api/v1 office hours: a consumer association's bookable slots at facilities (anyone may read when and where, never
// who booked), and the appointments booked there — an association's own, or a household's.
import { createRoute, z } from '@hono/zod-openapi';
import {
  AppointmentInput,
  type AppointmentRefusal,
  type AppointmentRow,
  adviceTopics,
  appointmentChannels,
  appointmentRefusalMessage,
  bookAppointment,
  cancelAppointment,
  cancelSlot,
  createOfficeSlots,
  listAppointments,
  listOpenSlots,
  OfficeHoursInput,
} from '../advice/index.ts';
import { IsoInstant } from '../platform/validation.ts';
import { apiRouter, errorResponses, Id, Instant, json, PathId } from './context.ts';

const tags = ['Office hours'];
const day = 86_400_000;

const RefusalBody = z
  .object({
    error: z.string().openapi({ example: 'slot_taken' }),
    message: z.string(),
    field: z.string().optional().openapi({ description: 'The input field at fault, when there is one' }),
  })
  .openapi('AppointmentRefusal');
const refusal = (description: string) => ({ 409: json(RefusalBody, description) });
const refused = (r: { reason: AppointmentRefusal; field?: string }) => ({
  error: r.reason,
  message: appointmentRefusalMessage(r.reason),
  ...(r.field ? { field: r.field } : {}),
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

// The shared input schemas are built with zod outside hono's (no `.openapi` on them under vitest): described here.
const NewOfficeHours = OfficeHoursInput.describe(
  'A weekly rule: from `firstDay` (YYYY-MM-DD), every `everyWeeks` weeks, `weeks` times, the time range ' +
    '`startTime`–`endTime` (HH:MM, Paris time) at `facilityId` cut into `slotMinutes` slots; public holidays ' +
    'skipped unless `skipHolidays` is false. Slots overlapping the association’s existing ones are not made again.',
);
const NewAppointment = AppointmentInput.extend({ slotId: Id, householdId: Id }).describe(
  '`reminderChannel`: sms, call, letter or email — how the person is told (confirmation now, reminder two ' +
    'days before). `topic` (optional) stays with the association.',
);

const Slot = z
  .object({
    id: z.number(),
    startsAt: Instant,
    endsAt: Instant,
    organisationId: z.number(),
    organisationName: z.string(),
    facilityId: z.number(),
    facilityName: z.string(),
    address: z.string(),
    postcode: z.string(),
    commune: z.string(),
    phone: z.string().nullable(),
    free: z.boolean(),
  })
  .openapi('OfficeSlot');

const Appointment = z
  .object({
    id: z.number(),
    slotId: z.number(),
    startsAt: Instant,
    endsAt: Instant,
    status: z.enum(['booked', 'cancelled', 'attended', 'missed']),
    organisationId: z.number(),
    association: z.string(),
    facilityId: z.number(),
    facilityName: z.string(),
    address: z.string(),
    commune: z.string(),
    householdId: z.number(),
    householdReference: z.string(),
    memberId: z.number(),
    memberName: z.string(),
    topic: z.enum(adviceTopics).nullable(),
    reminderChannel: z.enum(appointmentChannels),
    bookedBy: z.string(),
    bookedAt: Instant,
  })
  .openapi('Appointment');
const appointmentJson = (a: AppointmentRow) => ({
  id: a.id,
  slotId: a.slotId,
  startsAt: a.startsAt.toISOString(),
  endsAt: a.endsAt.toISOString(),
  status: a.status,
  organisationId: a.organisationId,
  association: a.association,
  facilityId: a.facilityId,
  facilityName: a.facilityName,
  address: a.address,
  commune: a.commune,
  householdId: a.householdId,
  householdReference: a.householdReference,
  memberId: a.memberId,
  memberName: a.memberName,
  topic: a.topic,
  reminderChannel: a.reminderChannel,
  bookedBy: a.bookedBy,
  bookedAt: a.bookedAt.toISOString(),
});

const Period = z.object({
  from: IsoInstant().optional().openapi({ description: 'Default: now' }),
  to: IsoInstant().optional().openapi({ description: 'Default: 90 days after `from`' }),
});

export function officeHoursApi() {
  return apiRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/office-slots',
        tags,
        summary: 'Office hours of a period: association, place, time, free or not (never who booked)',
        request: {
          query: Period.extend({
            organisationId: Id.optional().openapi({ description: 'One association only' }),
          }),
        },
        responses: {
          200: json(z.object({ items: z.array(Slot) }), 'Slots, by association and place'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const from = q.from ? new Date(q.from) : new Date();
        const to = q.to ? new Date(q.to) : new Date(from.getTime() + 90 * day);
        const rows = await listOpenSlots({
          db: c.var.db,
          programmeId: c.var.actor.programmeId,
          from,
          to,
          organisationId: q.organisationId,
        });
        return c.json(
          {
            items: rows.map((s) => ({
              ...s,
              startsAt: s.startsAt.toISOString(),
              endsAt: s.endsAt.toISOString(),
            })),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/office-slots',
        tags,
        summary: 'Publish office hours from a weekly rule (an adviser, for its association)',
        request: body(NewOfficeHours),
        responses: {
          201: json(
            z.object({
              created: z.number(),
              overlapping: z.number().openapi({ description: 'Slots already there, not made again' }),
              skippedHolidays: z.array(z.object({ day: z.string(), holiday: z.string() })),
            }),
            'Created',
          ),
          ...refusal('Refused: not a facility of the programme, or no slot to make'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const result = await createOfficeSlots({
          db: c.var.db,
          actor: c.var.actor,
          input: c.req.valid('json'),
        });
        if (!result.ok) return c.json(refused(result), 409);
        return c.json(
          {
            created: result.created,
            overlapping: result.overlapping,
            skippedHolidays: result.skippedHolidays,
          },
          201,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/office-slots/{id}/cancel',
        tags,
        summary: 'Cancel a slot (its association); the person who booked it is told',
        request: { params: PathId },
        responses: {
          200: json(z.object({ told: z.number() }), 'Cancelled'),
          ...refusal('Already cancelled'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const result = await cancelSlot({
          db: c.var.db,
          actor: c.var.actor,
          slotId: c.req.valid('param').id,
        });
        if (!result.ok) return c.json(refused(result), 409);
        return c.json({ told: result.told }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/appointments',
        tags,
        summary: 'Appointments from now on: an adviser’s association’s, a resident’s household’s',
        request: {
          query: Period.extend({
            householdId: Id.optional(),
            withCancelled: z
              .enum(['true', 'false'])
              .optional()
              .openapi({ description: 'Also the cancelled ones' }),
          }),
        },
        responses: {
          200: json(z.object({ items: z.array(Appointment) }), 'Appointments, by time'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const rows = await listAppointments({
          db: c.var.db,
          actor: c.var.actor,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
          householdId: q.householdId,
          withCancelled: q.withCancelled === 'true',
        });
        return c.json({ items: rows.map(appointmentJson) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/appointments',
        tags,
        summary: 'Book a slot for a household member (the slot’s association, or the household)',
        description:
          'One person per slot: when two book at once, one gets it and the other is refused `slot_taken`. A ' +
          'person holds at most one future appointment with an association (`already_booked`).',
        request: body(NewAppointment),
        responses: {
          201: json(z.object({ appointmentId: z.number() }), 'Booked'),
          ...refusal('Refused: taken, cancelled or past slot, already booked, not a member, no contact'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { slotId, householdId, ...input } = c.req.valid('json');
        const result = await bookAppointment({
          db: c.var.db,
          actor: c.var.actor,
          slotId,
          householdId,
          input,
        });
        if (!result.ok) return c.json(refused(result), 409);
        return c.json({ appointmentId: result.appointmentId }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/appointments/{id}/cancel',
        tags,
        summary: 'Cancel an appointment still to come (the association, or the household)',
        request: { params: PathId },
        responses: {
          200: json(z.object({ status: z.literal('cancelled') }), 'Cancelled'),
          ...refusal('Already cancelled, or past'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const result = await cancelAppointment({
          db: c.var.db,
          actor: c.var.actor,
          appointmentId: c.req.valid('param').id,
        });
        if (!result.ok) return c.json(refused(result), 409);
        return c.json({ status: 'cancelled' as const }, 200);
      },
    );
}
