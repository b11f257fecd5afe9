// /api/v1 workshops: facilities (lieux de médiation numérique) and their rooms, in and out of the national standard;
// courses (cycles and drop-in sessions), sessions, registrations with the waiting list, and the roll call.
import { createRoute, z } from '@hono/zod-openapi';
import { listProgrammes } from '../partners/index.ts';
import { parseLocalDateTime } from '../platform/dates.ts';
import { downloadResponse } from '../platform/http/index.ts';
import { CalendarDay } from '../platform/validation.ts';
import {
  addRoom,
  addSession,
  assertCanReadWorkshops,
  attendanceSheet,
  CancelSessionInput,
  CourseInput,
  cancelRegistration,
  cancelSession,
  courseKinds,
  courseLevels,
  createCourse,
  createFacility,
  exportFacilities,
  FacilityInput,
  facilityCalendar,
  getCourse,
  getFacility,
  householdRegistrations,
  importFacilities,
  listCourses,
  listFacilities,
  listSessions,
  RegistrationInput,
  RoomInput,
  recordAttendance,
  register,
  reminderChannels,
  rescheduleSession,
  rollCall,
  SessionInput,
  setCourseCapacity,
  standardColumns,
  updateFacility,
  type WorkshopRefusal,
  workshopRefusalMessage,
} from '../workshops/index.ts';
import { apiRouter, Day, errorResponses, Id, Instant, json, PathId } from './context.ts';

const facilityTags = ['Facilities'];
const courseTags = ['Courses'];
const sessionTags = ['Sessions'];
const registrationTags = ['Registrations'];

// ---- Schemas ----------------------------------------------------------------------------------------------------
// Request bodies are the workshops module's own zod schemas (the pages use the same); responses are declared here.

const WorkshopRefusalBody = z
  .object({
    error: z.string().openapi({ example: 'room_exists' }),
    message: z.string(),
    field: z.string().optional().openapi({ description: 'The input field at fault, when there is one' }),
  })
  .openapi('WorkshopRefusal');
const refusal = (description: string) => ({ 409: json(WorkshopRefusalBody, description) });
const refused = (r: { reason: WorkshopRefusal; field?: string }) => ({
  error: r.reason,
  message: workshopRefusalMessage(r.reason),
  ...(r.field ? { field: r.field } : {}),
});

const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
const file = (contentType: string, description: string) => ({
  200: { description, content: { [contentType]: { schema: z.string().openapi({ format: 'binary' }) } } },
});

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

const FacilitySummary = z
  .object({
    id: z.number(),
    name: z.string(),
    address: z.string(),
    postcode: z.string(),
    commune: z.string(),
    openingHours: z.string().nullable().openapi({ description: 'OpenStreetMap opening_hours syntax' }),
    phone: z.string().nullable(),
    organisationId: z.number().nullable(),
    organisationName: z.string().nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    wheelchairAccessible: z.boolean().nullable(),
    computers: z.number(),
  })
  .openapi('FacilitySummary');

const Room = z
  .object({ id: z.number(), name: z.string(), seats: z.number(), computers: z.number() })
  .openapi('Room');

const Facility = FacilitySummary.extend({
  externalId: z.string().openapi({ description: 'The national standard’s `id`' }),
  pivot: z.string().openapi({ description: 'SIRET or RNA number (00000000000000 when unknown)' }),
  addressComplement: z.string().nullable(),
  inseeCode: z.string().nullable(),
  emails: z.array(z.string()),
  websites: z.array(z.string()),
  summary: z.string().nullable(),
  description: z.string().nullable(),
  accessibility: z.string().nullable(),
  services: z.array(z.string()),
  publics: z.array(z.string()),
  fees: z.array(z.string()),
  source: z.string().nullable(),
  updatedOn: Day,
  rooms: z.array(Room),
  canManage: z.boolean().openapi({ description: 'Whether this token may change the facility' }),
}).openapi('Facility');
type FacilityDetail = Awaited<ReturnType<typeof getFacility>>;
const facilityJson = (f: FacilityDetail) => ({
  id: f.id,
  name: f.name,
  address: f.address,
  postcode: f.postcode,
  commune: f.commune,
  openingHours: f.openingHours,
  phone: f.phone,
  organisationId: f.organisationId,
  organisationName: f.organisationName,
  latitude: f.latitude,
  longitude: f.longitude,
  wheelchairAccessible: f.wheelchairAccessible,
  computers: f.computers,
  externalId: f.externalId,
  pivot: f.pivot,
  addressComplement: f.addressComplement,
  inseeCode: f.inseeCode,
  emails: f.emails,
  websites: f.websites,
  summary: f.summary,
  description: f.description,
  accessibility: f.accessibility,
  services: f.services,
  publics: f.publics,
  fees: f.fees,
  source: f.source,
  updatedOn: f.updatedOn,
  rooms: f.rooms.map((r) => ({ id: r.id, name: r.name, seats: r.seats, computers: r.computers })),
  canManage: f.canManage,
});

const LineError = z.object({
  line: z.number().openapi({ description: 'Line in the file (1 is the header)' }),
  column: z.string().openapi({ description: 'The standard’s column name, empty for the whole file' }),
  message: z.string(),
});
const ImportErrors = z
  .object({
    error: z.string().openapi({ example: 'invalid_file' }),
    message: z.string(),
    errors: z.array(LineError).openapi({ description: 'Every problem found, by line' }),
  })
  .openapi('FacilityImportErrors');
const ImportReport = z
  .object({ imported: z.number(), created: z.number(), updated: z.number() })
  .openapi('FacilityImportReport');

const CourseSummary = z
  .object({
    id: z.number(),
    title: z.string(),
    kind: z.enum(courseKinds),
    level: z.string(),
    audience: z.string(),
    facilityId: z.number(),
    facilityName: z.string(),
    organisationId: z.number().nullable(),
    capacity: z.number(),
    seatsTaken: z.number(),
    waiting: z.number(),
    sessionCount: z.number(),
    firstSession: Instant.nullable(),
    lastSession: Instant.nullable(),
    nextSession: Instant.nullable(),
    status: z.enum(['open', 'cancelled']),
  })
  .openapi('CourseSummary');

const CourseSession = z
  .object({
    id: z.number(),
    startsAt: Instant,
    endsAt: Instant,
    roomId: z.number().nullable(),
    roomName: z.string().nullable(),
    facilitatorName: z.string().nullable(),
    capacity: z.number(),
    seatsTaken: z
      .number()
      .openapi({ description: 'Drop-in sessions; a cycle counts its seats on the course' }),
    status: z.enum(['scheduled', 'cancelled']),
    cancelledReason: z.string().nullable(),
    present: z.number(),
    absent: z.number(),
  })
  .openapi('CourseSession');

const CourseRegistration = z
  .object({
    id: z.number(),
    status: z.enum(['registered', 'waiting']),
    sessionId: z.number().nullable(),
    householdId: z.number(),
    householdReference: z.string(),
    name: z.string(),
    reminderChannel: z.string(),
    createdAt: Instant,
    completed: z.boolean(),
    attended: z.number(),
    missed: z.number(),
    position: z.number().nullable().openapi({ description: 'Place on the waiting list' }),
  })
  .openapi('CourseRegistration');

const Course = z
  .object({
    id: z.number(),
    facilityId: z.number(),
    facilityName: z.string(),
    organisationId: z.number().nullable(),
    kind: z.enum(courseKinds),
    title: z.string(),
    level: z.enum(courseLevels),
    audience: z.string(),
    description: z.string(),
    sessionCount: z.number(),
    competencies: z.array(z.string()),
    capacity: z.number(),
    seatsTaken: z.number(),
    status: z.enum(['open', 'cancelled']),
    sessions: z.array(CourseSession),
    registrations: z.array(CourseRegistration).nullable().openapi({
      description: 'Who is registered or waiting: only for the facility’s own staff (null otherwise)',
    }),
    canRegister: z.boolean(),
    canManage: z.boolean(),
  })
  .openapi('Course');
const courseJson = (c: Awaited<ReturnType<typeof getCourse>>) => ({
  id: c.id,
  facilityId: c.facilityId,
  facilityName: c.facilityName,
  organisationId: c.organisationId,
  kind: c.kind,
  title: c.title,
  level: c.level,
  audience: c.audience,
  description: c.description,
  sessionCount: c.sessionCount,
  competencies: c.competencies,
  capacity: c.capacity,
  seatsTaken: c.seatsTaken,
  status: c.status,
  sessions: c.sessions.map((s) => ({
    ...s,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
  })),
  registrations: c.registrations?.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) ?? null,
  canRegister: c.canRegister,
  canManage: c.canManage,
});

const SessionItem = z
  .object({
    id: z.number(),
    courseId: z.number(),
    courseTitle: z.string(),
    kind: z.enum(courseKinds),
    facilityId: z.number(),
    startsAt: Instant,
    endsAt: Instant,
    roomName: z.string().nullable(),
    facilitatorName: z.string().nullable(),
    capacity: z.number(),
    seatsTaken: z.number(),
    status: z.enum(['scheduled', 'cancelled']),
    sequence: z.number().openapi({ description: 'iCalendar SEQUENCE: goes up with every change' }),
    updatedAt: Instant,
  })
  .openapi('Session');

const RollCall = z
  .object({
    sessionId: z.number(),
    courseId: z.number(),
    courseTitle: z.string(),
    kind: z.enum(courseKinds),
    number: z.number().nullable().openapi({ description: 'Cycles: the session’s number (3 of 6)' }),
    sessionCount: z.number(),
    startsAt: Instant,
    endsAt: Instant,
    status: z.enum(['scheduled', 'cancelled']),
    facilityName: z.string(),
    roomName: z.string().nullable(),
    facilitatorName: z.string().nullable(),
    people: z.array(
      z.object({
        registrationId: z.number(),
        householdId: z.number(),
        householdReference: z.string(),
        name: z.string(),
        present: z.boolean().nullable().openapi({ description: 'null: not marked yet' }),
      }),
    ),
    present: z.number(),
    absent: z.number(),
  })
  .openapi('RollCall');

const HouseholdRegistration = z
  .object({
    id: z.number(),
    status: z.enum(['registered', 'waiting']),
    courseId: z.number(),
    title: z.string(),
    kind: z.enum(courseKinds),
    facilityId: z.number(),
    facilityName: z.string(),
    memberId: z.number(),
    name: z.string(),
    reminderChannel: z.enum(reminderChannels),
    nextSession: Instant.nullable(),
    attended: z.number(),
    completed: z.boolean(),
    position: z.number().nullable(),
  })
  .openapi('HouseholdRegistration');

const NewRegistration = RegistrationInput.extend({ courseId: Id, householdId: Id });

const day = 86_400_000;
const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + day).toISOString().slice(0, 10);
const DateParam = CalendarDay;
const SessionsQuery = z
  .object({
    from: DateParam.describe('First day (local time), e.g. 2027-01-04'),
    to: DateParam.describe('Last day, included (366 days at most), e.g. 2027-01-31'),
    facilityId: Id.optional(),
  })
  .refine((q) => q.to >= q.from, { path: ['to'], message: 'La date de fin doit suivre la date de début' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) < 366 * day, {
    path: ['to'],
    message: '366 jours au plus entre le début et la fin',
  });

const AttendanceParams = PathId.extend({
  registrationId: Id.openapi({ param: { name: 'registrationId', in: 'path' }, example: 1 }),
});

// ---- Routes -------------------------------------------------------------------------------------------------------

/** `baseUrl`: the site's address, for the calendars' event identifiers and links. */
export function workshopsApi({ baseUrl }: { baseUrl: string }) {
  return (
    apiRouter()
      // Facilities
      .openapi(
        createRoute({
          method: 'get',
          path: '/facilities',
          tags: facilityTags,
          summary: 'The programme’s facilities: public information (address, hours, contact)',
          responses: {
            200: json(z.object({ items: z.array(FacilitySummary) }), 'The facilities'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const items = await listFacilities({ db: c.var.db, programmeId: c.var.actor.programmeId });
          return c.json({ items }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/facilities',
          tags: facilityTags,
          summary: 'A new facility (the coordinator links it to a partner; a facility creates its own)',
          request: body(FacilityInput),
          responses: {
            201: json(z.object({ id: z.number() }), 'Created'),
            ...refusal('Refused: the partner is not a facility of the programme'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await createFacility({
            db: c.var.db,
            actor: c.var.actor,
            input: c.req.valid('json'),
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ id: result.facilityId }, 201);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/facilities/export.csv',
          tags: facilityTags,
          summary: 'Every facility in the national standard’s CSV (schéma des lieux de médiation numérique)',
          description: `Columns \`${standardColumns.join(',')}\`, comma-separated, UTF-8, lists joined with \`|\`.`,
          responses: { ...file('text/csv', 'The file'), ...errorResponses },
        }),
        async (c) => {
          const csv = await exportFacilities({ db: c.var.db, programmeId: c.var.actor.programmeId });
          return downloadResponse(
            Buffer.from(csv, 'utf8'),
            'lieux-mediation-numerique.csv',
            'text/csv; charset=utf-8',
          );
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/facilities/import',
          tags: facilityTags,
          summary: 'Import a file of the national standard, all or nothing (the coordinator)',
          description:
            `Columns of the standard (\`${standardColumns.join(',')}\`; \`,\` or \`;\`). Every line is checked ` +
            'first: with any error, nothing is written (422 with every problem, by line and column). A known ' +
            '`id` updates its facility. `organisationId` links every facility of the file to that partner.',
          request: {
            query: z.object({ organisationId: Id.optional() }),
            body: {
              content: { 'text/csv': { schema: z.string().openapi({ format: 'binary' }) } },
              required: true,
            },
          },
          responses: {
            200: json(ImportReport, 'Imported'),
            ...refusal('Refused: the partner is not a facility of the programme'),
            ...errorResponses,
            422: json(ImportErrors, 'The file has errors; nothing was imported'),
          },
        }),
        async (c) => {
          const report = await importFacilities({
            db: c.var.db,
            actor: c.var.actor,
            file: Buffer.from(await c.req.arrayBuffer()),
            organisationId: c.req.valid('query').organisationId,
          });
          if ('ok' in report) return c.json(refused(report), 409);
          if (report.errors.length)
            return c.json(
              {
                error: 'invalid_file',
                message: 'Le fichier contient des erreurs : rien n’a été importé.',
                errors: report.errors,
              },
              422,
            );
          return c.json({ imported: report.imported, created: report.created, updated: report.updated }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/facilities/{id}',
          tags: facilityTags,
          summary: 'One facility with its rooms',
          request: { params: PathId },
          responses: { 200: json(Facility, 'The facility'), ...errorResponses },
        }),
        async (c) => {
          const f = await getFacility({
            db: c.var.db,
            programmeId: c.var.actor.programmeId,
            facilityId: c.req.valid('param').id,
            actor: c.var.actor,
          });
          return c.json(facilityJson(f), 200);
        },
      )
      .openapi(
        createRoute({
          method: 'put',
          path: '/facilities/{id}',
          tags: facilityTags,
          summary: 'Change a facility (only the coordinator moves it to another partner)',
          description:
            'The body replaces the whole record: send every field you want kept. For the coordinator, leaving ' +
            '`organisationId` out unlinks the facility from its partner; a facilitator’s facility stays theirs.',
          request: { params: PathId, ...body(FacilityInput) },
          responses: {
            204: { description: 'Changed' },
            ...refusal('Refused: the partner is not a facility of the programme'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await updateFacility({
            db: c.var.db,
            actor: c.var.actor,
            facilityId: c.req.valid('param').id,
            input: c.req.valid('json'),
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.body(null, 204);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/facilities/{id}/rooms',
          tags: facilityTags,
          summary: 'A room of the facility, with its seats and computers',
          request: { params: PathId, ...body(RoomInput) },
          responses: {
            201: json(z.object({ id: z.number() }), 'Added'),
            ...refusal('Refused: a room of this facility already has that name'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await addRoom({
            db: c.var.db,
            actor: c.var.actor,
            facilityId: c.req.valid('param').id,
            input: c.req.valid('json'),
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ id: result.roomId }, 201);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/facilities/{id}/calendar.ics',
          tags: facilityTags,
          summary: 'The facility’s sessions as an iCalendar feed (dates and places, no names)',
          description: 'From 3 months back to a year ahead; cancelled sessions are marked cancelled.',
          request: { params: PathId },
          responses: { ...file('text/calendar', 'The calendar'), ...errorResponses },
        }),
        async (c) => {
          const ics = await facilityCalendar({
            db: c.var.db,
            programmeId: c.var.actor.programmeId,
            facilityId: c.req.valid('param').id,
            baseUrl,
          });
          return new Response(ics, {
            headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'no-cache' },
          });
        },
      )
      // Courses
      .openapi(
        createRoute({
          method: 'get',
          path: '/courses',
          tags: courseTags,
          summary: 'The programme of courses (no names): dates and seats, by facility',
          description:
            '`current` (default): a session still to come or within the last 2 weeks; `past`: the others.',
          request: {
            query: z.object({
              facilityId: Id.optional(),
              period: z.enum(['current', 'past', 'all']).optional(),
            }),
          },
          responses: {
            200: json(z.object({ items: z.array(CourseSummary) }), 'The courses'),
            ...errorResponses,
          },
        }),
        async (c) => {
          assertCanReadWorkshops(c.var.actor);
          const { facilityId, period } = c.req.valid('query');
          const rows = await listCourses({
            db: c.var.db,
            programmeId: c.var.actor.programmeId,
            facilityId,
            period,
          });
          return c.json(
            {
              items: rows.map((r) => ({
                ...r,
                firstSession: iso(r.firstSession),
                lastSession: iso(r.lastSession),
                nextSession: iso(r.nextSession),
              })),
            },
            200,
          );
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/courses',
          tags: courseTags,
          summary: 'A course: a cycle planned from a weekly rule, or drop-in sessions (the first one)',
          description:
            '`kind: cycle`: `sessionCount` sessions from `firstDay`, every `everyWeeks` weeks at the same ' +
            'time, public holidays stepped over (`skipHolidays`, returned in `skipped`). `kind: drop_in`: one ' +
            'session on `firstDay`; more are added with POST /courses/{id}/sessions.',
          request: body(CourseInput),
          responses: {
            201: json(
              z.object({
                id: z.number(),
                sessionIds: z.array(z.number()),
                skipped: z.array(z.object({ day: Day, holiday: z.string() })),
              }),
              'Created',
            ),
            ...refusal('Refused: the room is in another facility or too small'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await createCourse({ db: c.var.db, actor: c.var.actor, input: c.req.valid('json') });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ id: result.courseId, sessionIds: result.sessionIds, skipped: result.skipped }, 201);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/courses/{id}',
          tags: courseTags,
          summary: 'One course with its sessions; who is registered only for the facility’s own staff',
          request: { params: PathId },
          responses: { 200: json(Course, 'The course'), ...errorResponses },
        }),
        async (c) => {
          assertCanReadWorkshops(c.var.actor);
          const course = await getCourse({
            db: c.var.db,
            programmeId: c.var.actor.programmeId,
            courseId: c.req.valid('param').id,
            actor: c.var.actor,
          });
          return c.json(courseJson(course), 200);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/courses/{id}/sessions',
          tags: courseTags,
          summary: 'Add a session: a drop-in date, or a catch-up session of a cycle',
          request: { params: PathId, ...body(SessionInput) },
          responses: {
            201: json(z.object({ id: z.number() }), 'Added'),
            ...refusal('Refused: the course is cancelled, or the room is elsewhere or too small'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await addSession({
            db: c.var.db,
            actor: c.var.actor,
            courseId: c.req.valid('param').id,
            input: c.req.valid('json'),
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ id: result.sessionId }, 201);
        },
      )
      .openapi(
        createRoute({
          method: 'put',
          path: '/courses/{id}/capacity',
          tags: courseTags,
          summary: 'Change the seats of a course; new seats go to the waiting list at once',
          request: {
            params: PathId,
            ...body(z.object({ capacity: z.number().int().min(1, 'Au moins 1 place').max(200) })),
          },
          responses: {
            200: json(
              z.object({
                promoted: z.array(z.number()).openapi({ description: 'Registrations given a place' }),
              }),
              'Changed',
            ),
            ...refusal('Refused: more people are already registered'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await setCourseCapacity({
            db: c.var.db,
            actor: c.var.actor,
            courseId: c.req.valid('param').id,
            capacity: c.req.valid('json').capacity,
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ promoted: result.promoted }, 200);
        },
      )
      // Sessions
      .openapi(
        createRoute({
          method: 'get',
          path: '/sessions',
          tags: sessionTags,
          summary: 'Sessions between two days (366 days at most), across the programme or one facility',
          request: { query: SessionsQuery },
          responses: {
            200: json(z.object({ items: z.array(SessionItem) }), 'The sessions (2000 at most)'),
            ...errorResponses,
          },
        }),
        async (c) => {
          assertCanReadWorkshops(c.var.actor);
          const { from, to, facilityId } = c.req.valid('query');
          const rows = await listSessions({
            db: c.var.db,
            programmeId: c.var.actor.programmeId,
            facilityId,
            from: parseLocalDateTime(`${from}T00:00`)!,
            to: parseLocalDateTime(`${dayAfter(to)}T00:00`)!,
          });
          return c.json(
            {
              items: rows.map((s) => ({
                ...s,
                startsAt: s.startsAt.toISOString(),
                endsAt: s.endsAt.toISOString(),
                updatedAt: s.updatedAt.toISOString(),
              })),
            },
            200,
          );
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/sessions/{id}/attendance',
          tags: sessionTags,
          summary: 'The roll call: who is expected and who was marked present or absent (the facility)',
          request: { params: PathId },
          responses: { 200: json(RollCall, 'The roll call'), ...errorResponses },
        }),
        async (c) => {
          const call = await rollCall({
            db: c.var.db,
            actor: c.var.actor,
            sessionId: c.req.valid('param').id,
          });
          return c.json(
            {
              sessionId: call.session.id,
              courseId: call.course.id,
              courseTitle: call.course.title,
              kind: call.course.kind,
              number: call.number,
              sessionCount: call.course.sessionCount,
              startsAt: call.session.startsAt.toISOString(),
              endsAt: call.session.endsAt.toISOString(),
              status: call.session.status,
              facilityName: call.facilityName,
              roomName: call.roomName,
              facilitatorName: call.session.facilitatorName,
              people: call.people,
              present: call.present,
              absent: call.absent,
            },
            200,
          );
        },
      )
      .openapi(
        createRoute({
          method: 'put',
          path: '/sessions/{id}/attendance/{registrationId}',
          tags: sessionTags,
          summary: 'Mark one person present or absent (the last answer counts), from the day of the session',
          description:
            'A cycle participant who has attended enough sessions completes the cycle (`completed`).',
          request: { params: AttendanceParams, ...body(z.object({ present: z.boolean() })) },
          responses: {
            200: json(z.object({ completed: z.boolean() }), 'Recorded'),
            ...refusal('Refused: the session is cancelled or not yet today, or the person is not registered'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const { id, registrationId } = c.req.valid('param');
          const result = await recordAttendance({
            db: c.var.db,
            actor: c.var.actor,
            sessionId: id,
            registrationId,
            present: c.req.valid('json').present,
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ completed: result.completed }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/sessions/{id}/reschedule',
          tags: sessionTags,
          summary: 'Move a session (day, time, room); registered people are told and calendars updated',
          request: { params: PathId, ...body(SessionInput) },
          responses: {
            200: json(z.object({ told: z.number().openapi({ description: 'People told' }) }), 'Moved'),
            ...refusal(
              'Refused: the session is cancelled, the room is elsewhere or too small, or too few seats',
            ),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await rescheduleSession({
            db: c.var.db,
            actor: c.var.actor,
            sessionId: c.req.valid('param').id,
            input: c.req.valid('json'),
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ told: result.told }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/sessions/{id}/cancel',
          tags: sessionTags,
          summary: 'Cancel a session not yet started; registered people are told, reminders dropped',
          request: { params: PathId, ...body(CancelSessionInput) },
          responses: {
            200: json(z.object({ told: z.number().openapi({ description: 'People told' }) }), 'Cancelled'),
            ...refusal('Refused: the session is already cancelled or has started'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await cancelSession({
            db: c.var.db,
            actor: c.var.actor,
            sessionId: c.req.valid('param').id,
            reason: c.req.valid('json').reason,
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ told: result.told }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/sessions/{id}/attendance-sheet.pdf',
          tags: sessionTags,
          summary: 'The attendance sheet of a session, to print and sign',
          request: { params: PathId },
          responses: { ...file('application/pdf', 'The sheet'), ...errorResponses },
        }),
        async (c) => {
          const { db, actor } = c.var;
          const sessionId = c.req.valid('param').id;
          const programme = (await listProgrammes(db)).find((p) => p.id === actor.programmeId);
          const pdf = await attendanceSheet({ db, actor, sessionId, programmeName: programme?.name ?? '' });
          return downloadResponse(pdf, `emargement-seance-${sessionId}.pdf`);
        },
      )
      // Registrations
      .openapi(
        createRoute({
          method: 'post',
          path: '/registrations',
          tags: registrationTags,
          summary: 'Register a household member for a cycle, or a drop-in session (`sessionId`)',
          description:
            'A place while seats remain, else the waiting list (`status: waiting` with its `position`), served ' +
            'in arrival order as places free up. `reminderChannel` needs the matching contact on the household.',
          request: body(NewRegistration),
          responses: {
            201: json(
              z.object({
                registrationId: z.number(),
                status: z.enum(['registered', 'waiting']),
                position: z.number().nullable().openapi({ description: 'Place on the waiting list' }),
              }),
              'Registered or waiting',
            ),
            ...refusal(
              'Refused: registration closed, already registered, not a member, no contact for the channel…',
            ),
            ...errorResponses,
          },
        }),
        async (c) => {
          const { courseId, householdId, ...input } = c.req.valid('json');
          const result = await register({ db: c.var.db, actor: c.var.actor, courseId, householdId, input });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json(
            { registrationId: result.registrationId, status: result.status, position: result.position },
            201,
          );
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/registrations',
          tags: registrationTags,
          summary: 'A household’s workshops: places and waiting lists, with the next session',
          request: { query: z.object({ householdId: Id }) },
          responses: {
            200: json(z.object({ items: z.array(HouseholdRegistration) }), 'The registrations'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const rows = await householdRegistrations({
            db: c.var.db,
            actor: c.var.actor,
            householdId: c.req.valid('query').householdId,
          });
          return c.json({ items: rows.map((r) => ({ ...r, nextSession: iso(r.nextSession) })) }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'delete',
          path: '/registrations/{id}',
          tags: registrationTags,
          summary: 'Cancel a registration; the freed place goes at once to the first person waiting',
          request: { params: PathId },
          responses: {
            200: json(
              z.object({
                promoted: z.array(z.number()).openapi({ description: 'Registrations given the freed place' }),
              }),
              'Cancelled',
            ),
            ...refusal('Refused: the registration is already cancelled'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await cancelRegistration({
            db: c.var.db,
            actor: c.var.actor,
            registrationId: c.req.valid('param').id,
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ promoted: result.promoted }, 200);
        },
      )
  );
}
