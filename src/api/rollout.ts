// /api/v1 roll-out: the suggested calendar (JSON, CSV, iCalendar), each sector's stages with their checklist and
// history, the partners' consultation (positions, meetings and their minutes), pins and the settings.
import { createRoute, z } from '@hono/zod-openapi';
import { listProgrammes } from '../partners/index.ts';
import { assertCanAtAll } from '../platform/permissions/index.ts';
import {
  ChecklistTickInput,
  decideStage,
  getMeetingMinutes,
  getRolloutPlan,
  getSectorRollout,
  involvements,
  loadRolloutSettings,
  MeetingInput,
  opinions,
  PinInput,
  type Plan,
  PositionInput,
  pinSector,
  planCsv,
  planIcal,
  type RolloutRefusal,
  RolloutSettingsInput,
  recordMeeting,
  recordPosition,
  rolloutRefusalMessage,
  StageDecision,
  tickChecklistItem,
  unpinSector,
  updateRolloutSettings,
} from '../rollout/index.ts';
import { rolloutStages, stageSources } from '../territory/index.ts';
import { apiRouter, Day, ErrorBody, errorResponses, Id, Instant, json, PathId } from './context.ts';
import { downloadDocument, fileOf, multipartOnly, uploadLimit } from './uploads.ts';

const planTags = ['Roll-out plan'];
const stageTags = ['Roll-out stages'];
const consultationTags = ['Roll-out consultation'];

const Stage = z.enum(rolloutStages);

const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

// ---- Refusals ---------------------------------------------------------------------------------------------------

const RefusalBody = z
  .object({
    error: z.string().openapi({ example: 'checklist_incomplete' }),
    message: z.string().openapi({ description: 'In plain French, for people' }),
    field: z.string().optional().openapi({ description: 'The input field at fault, when there is one' }),
    missing: z
      .array(z.string())
      .optional()
      .openapi({ description: 'For `checklist_incomplete`: what the stage still needs, in French' }),
  })
  .openapi('RolloutRefusal');
const refused = (r: { reason: RolloutRefusal; field?: string; missing?: string[] }) => ({
  error: r.reason,
  message: rolloutRefusalMessage(r.reason),
  ...(r.field ? { field: r.field } : {}),
  ...(r.missing ? { missing: r.missing } : {}),
});

// ---- The plan ---------------------------------------------------------------------------------------------------

const Readiness = z
  .object({
    nearbyFacilities: z.array(z.object({ id: z.number(), name: z.string(), distanceM: z.number() })),
    nearestFacility: z.object({ id: z.number(), name: z.string(), distanceM: z.number() }).nullable(),
    buildingsPlaced: z.number(),
    buildingsCovered: z.number(),
    demandSeats: z.number().openapi({ description: 'Workshop seats the expected beginners need' }),
    freeSeats: z.number().openapi({ description: 'Free seats of the nearby facilities within the horizon' }),
    checks: z.array(
      z.object({
        key: z.enum(['facility_nearby', 'capacity', 'partners_agree', 'tenant_representation', 'qpv']),
        ok: z.boolean(),
        detail: z.string().openapi({ description: 'One sentence in French saying what was found' }),
      }),
    ),
    ready: z.boolean(),
    score: z.number().openapi({ description: '0–100, to order sectors' }),
    earliestStart: Day.nullable(),
    waitReason: z.string().nullable(),
  })
  .openapi('Readiness');

const Milestone = z.enum([
  'consultation',
  'partners_consulted',
  'support_ready',
  'vote_open',
  'adopted',
  'works',
  'service_open',
  'evaluated',
]);

const PlanLine = z
  .object({
    sectorId: z.number(),
    code: z.string(),
    name: z.string(),
    neighbourhood: z.string(),
    stage: Stage,
    status: z.enum(['done', 'in_progress', 'planned', 'pinned', 'unscheduled']).openapi({
      description:
        'in_progress: between consultation and works; planned: dates proposed; pinned: placed by the coordinator; ' +
        'unscheduled: cannot be placed; done: open or evaluated',
    }),
    milestones: z.array(z.object({ milestone: Milestone, on: Day })),
    reasons: z.array(z.string()).openapi({ description: 'Why it is placed there, in French' }),
    readiness: Readiness.nullable(),
  })
  .openapi('PlanLine');

const Settings = z
  .object({
    walkingDistanceM: z.number(),
    demandRateBp: z.number().openapi({ description: 'Basis points: 1200 is 12 %' }),
    beginnerSeats: z.number(),
    capacityHorizonMonths: z.number(),
    maxConcurrent: z.number(),
    consultationMonths: z.number(),
    preparationMonths: z.number(),
    voteMonths: z.number(),
    worksMonths: z.number(),
    evaluationMonths: z.number(),
    requiredConsultees: z.array(z.string()),
  })
  .openapi('RolloutSettings');

const PlanBody = z
  .object({ today: Day, settings: Settings, lines: z.array(PlanLine) })
  .openapi('RolloutPlan');

const planJson = (plan: Plan) => ({ today: plan.today, settings: plan.settings, lines: plan.lines });

// ---- A sector's stages ------------------------------------------------------------------------------------------

const SectorParams = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' }, example: 1 }) });

const Stages = z
  .object({
    sector: z.object({ id: z.number(), code: z.string(), name: z.string(), stage: Stage }),
    since: Day.nullable().openapi({ description: 'The day the sector reached its current stage' }),
    history: z.array(
      z.object({
        id: z.number(),
        fromStage: Stage.nullable(),
        stage: Stage,
        decidedOn: Day,
        source: z.enum(stageSources).openapi({
          description:
            'decision (a person), vote or service (another module’s event), history (recorded later)',
        }),
        decidedBy: z.string(),
        comment: z.string().nullable(),
        recordedAt: Instant,
      }),
    ),
    next: z
      .object({
        stage: Stage,
        complete: z.boolean(),
        items: z.array(
          z.object({
            key: z.string(),
            label: z.string(),
            kind: z.enum(['manual', 'auto']).openapi({
              description: 'auto: computed from what Palier knows; manual: ticked by the coordinator',
            }),
            done: z.boolean(),
          }),
        ),
        missing: z.array(z.string()),
      })
      .nullable()
      .openapi({
        description: 'The checklist of the next stage decided by a person (null: an event comes next)',
      }),
    backTo: z.array(Stage).openapi({ description: 'Stages the sector may go back to, with a comment' }),
    readiness: Readiness.nullable(),
  })
  .openapi('SectorStages');

const Position = z
  .object({
    id: z.number(),
    organisationId: z.number(),
    organisationName: z.string(),
    kind: z.string(),
    opinion: z.enum(opinions),
    agrees: z.boolean(),
    involvement: z.array(z.enum(involvements)),
    meetingId: z.number().nullable(),
    comment: z.string().nullable(),
    recordedBy: z.string(),
    recordedAt: Instant,
  })
  .openapi('PartnerPosition');

const Meeting = z
  .object({
    id: z.number(),
    heldOn: Day,
    place: z.string(),
    attendees: z.string(),
    hasMinutes: z.boolean(),
    createdBy: z.string(),
  })
  .openapi('ConsultationMeeting');

const MeetingUpload = z
  .object({
    heldOn: MeetingInput.shape.heldOn.describe('The day it was held, e.g. 2027-03-14'),
    place: MeetingInput.shape.place.describe('Where'),
    attendees: MeetingInput.shape.attendees.describe('Who came, in words'),
    minutes: z.instanceof(File).optional().openapi({
      type: 'string',
      format: 'binary',
      description: 'The minutes: a PDF, JPEG or PNG of 10 MiB at most',
    }),
  })
  .openapi('NewConsultationMeeting');

const minutesOnly = multipartOnly(
  'Envoyez la réunion en multipart/form-data (le compte rendu dans le champ « minutes »).',
);

async function programmeName(db: Parameters<typeof listProgrammes>[0], programmeId: number) {
  return (await listProgrammes(db)).find((p) => p.id === programmeId)?.name ?? 'Palier';
}

export function rolloutApi({ baseUrl }: { baseUrl: string }) {
  return apiRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/roll-out/plan',
        tags: planTags,
        summary:
          'The suggested roll-out calendar: every sector’s place, its dates and why (partners: their sectors)',
        description:
          'Sectors under way keep their course; pinned sectors sit where the coordinator put them; the others are ' +
          'placed by readiness within the coordinator’s capacity. `format=csv` gives a file French spreadsheets ' +
          'open (UTF-8 with BOM, `;`); `format=ics` the milestones as an iCalendar file.',
        request: {
          query: z.object({
            format: z.enum(['json', 'csv', 'ics']).default('json').openapi({ example: 'json' }),
          }),
        },
        responses: {
          200: {
            description: 'The plan',
            content: {
              'application/json': { schema: PlanBody },
              'text/csv': { schema: z.string().openapi({ format: 'binary' }) },
              'text/calendar': { schema: z.string().openapi({ format: 'binary' }) },
            },
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const plan = await getRolloutPlan({ db: c.var.db, actor: c.var.actor });
        const { format } = c.req.valid('query');
        if (format === 'csv')
          return new Response(planCsv(plan), {
            headers: {
              'content-type': 'text/csv; charset=utf-8',
              'content-disposition': 'attachment; filename="calendrier-deploiement.csv"',
              'cache-control': 'no-store',
            },
          });
        if (format === 'ics')
          return new Response(
            planIcal(plan, {
              baseUrl,
              programmeName: await programmeName(c.var.db, c.var.actor.programmeId),
            }),
            {
              headers: {
                'content-type': 'text/calendar; charset=utf-8',
                'content-disposition': 'attachment; filename="calendrier-deploiement.ics"',
                'cache-control': 'no-store',
              },
            },
          );
        return c.json(planJson(plan), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/sectors/{id}/stages',
        tags: stageTags,
        summary: 'A sector’s stage, its history, what the next stage needs, the stages it may go back to',
        request: { params: SectorParams },
        responses: { 200: json(Stages, 'The sector’s stages'), ...errorResponses },
      }),
      async (c) => {
        const view = await getSectorRollout({
          db: c.var.db,
          actor: c.var.actor,
          sectorId: c.req.valid('param').id,
        });
        const current = view.history.find((h) => h.stage === view.sector.stage);
        return c.json(
          {
            sector: view.sector,
            since: current?.decidedOn ?? null,
            history: view.history.map((h) => ({
              id: h.id,
              fromStage: h.fromStage,
              stage: h.stage,
              decidedOn: h.decidedOn,
              source: h.source,
              decidedBy: h.decidedBy,
              comment: h.comment,
              recordedAt: h.recordedAt.toISOString(),
            })),
            next: view.next,
            backTo: view.backTo,
            readiness: view.readiness,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/sectors/{id}/stages',
        tags: stageTags,
        summary: 'Decide a sector’s next stage (the coordinator), or take it back a stage with a comment',
        description:
          'Forward only when the stage’s checklist is complete (409 `checklist_incomplete` with what is `missing`). ' +
          'Stages that follow events (a vote opened or certified, a service opened) are refused (`by_event`). ' +
          'Going back needs a `comment`. `decidedOn` defaults to today and cannot be in the future, nor before ' +
          'the day the sector reached its current stage (`before_current_stage`).',
        request: { params: SectorParams, ...body(StageDecision) },
        responses: {
          200: json(z.object({ stage: Stage }), 'Decided'),
          409: json(RefusalBody, 'Refused: checklist incomplete, not the next stage, stage from an event…'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const input = c.req.valid('json');
        const result = await decideStage({
          db: c.var.db,
          actor: c.var.actor,
          sectorId: c.req.valid('param').id,
          input,
        });
        if (!result.ok) return c.json(refused(result), 409);
        return c.json({ stage: input.stage }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/sectors/{id}/checklist/{itemKey}',
        tags: stageTags,
        summary: 'Tick (or untick, with `done: false`) a manual item of a stage’s checklist',
        request: {
          params: z.object({
            id: Id.openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
            itemKey: z
              .string()
              .min(1)
              .max(60)
              .openapi({
                param: { name: 'itemKey', in: 'path' },
                example: 'tenants_informed',
              }),
          }),
          ...body(ChecklistTickInput.omit({ itemKey: true })),
        },
        responses: {
          200: json(z.object({ itemKey: z.string(), done: z.boolean() }), 'Recorded'),
          409: json(RefusalBody, 'Not a manual item of the checklist (`unknown_item`)'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { id, itemKey } = c.req.valid('param');
        const input = { ...c.req.valid('json'), itemKey };
        const result = await tickChecklistItem({ db: c.var.db, actor: c.var.actor, sectorId: id, input });
        if (!result.ok) return c.json(refused(result), 409);
        return c.json({ itemKey, done: input.done }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/sectors/{id}/positions',
        tags: consultationTags,
        summary: 'The local partners’ positions on a sector’s roll-out, and the meetings they came from',
        request: { params: SectorParams },
        responses: {
          200: json(z.object({ items: z.array(Position), meetings: z.array(Meeting) }), 'The positions'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const view = await getSectorRollout({
          db: c.var.db,
          actor: c.var.actor,
          sectorId: c.req.valid('param').id,
        });
        return c.json(
          {
            items: view.positions.map((p) => ({
              ...p,
              opinion: p.opinion as (typeof opinions)[number],
              involvement: p.involvement as (typeof involvements)[number][],
              recordedAt: p.recordedAt.toISOString(),
            })),
            meetings: view.meetings.map(({ minutesDocumentId, ...m }) => ({
              ...m,
              hasMinutes: minutesDocumentId !== null,
            })),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/sectors/{id}/positions',
        tags: consultationTags,
        summary: 'Record a partner’s position (opinion, agreement, involvement); it replaces the former one',
        request: { params: SectorParams, ...body(PositionInput) },
        responses: {
          201: json(z.object({ positionId: z.number() }), 'Recorded'),
          409: json(RefusalBody, 'Not a partner of the programme, or a meeting of another sector'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const result = await recordPosition({
          db: c.var.db,
          actor: c.var.actor,
          sectorId: c.req.valid('param').id,
          input: c.req.valid('json'),
        });
        if (!result.ok) return c.json(refused(result), 409);
        return c.json({ positionId: result.positionId }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/sectors/{id}/meetings',
        tags: consultationTags,
        summary: 'Record a meeting with the sector’s local actors, with its minutes when given',
        description:
          'Sent as `multipart/form-data`; the minutes (optional) in `minutes`: a PDF, JPEG or PNG of 10 MiB at ' +
          'most, the type found from the content.',
        middleware: [minutesOnly, uploadLimit] as const,
        request: {
          params: SectorParams,
          body: { content: { 'multipart/form-data': { schema: MeetingUpload } }, required: true },
        },
        responses: {
          201: json(z.object({ meetingId: z.number() }), 'Recorded'),
          409: json(RefusalBody, 'A meeting in the future (`future_date`)'),
          413: json(ErrorBody, 'Larger than 10 MiB'),
          415: json(ErrorBody, 'Not sent as multipart/form-data'),
          ...errorResponses,
          422: json(ErrorBody, 'Invalid input, or minutes that are empty, too large, not a PDF, JPEG or PNG'),
        },
      }),
      async (c) => {
        const { minutes, ...input } = c.req.valid('form');
        const result = await recordMeeting({
          db: c.var.db,
          actor: c.var.actor,
          sectorId: c.req.valid('param').id,
          input,
          minutes: minutes && minutes.size > 0 ? await fileOf(minutes) : null,
        });
        if (!result.ok) {
          if ('message' in result) return c.json({ error: result.reason, message: result.message }, 422);
          return c.json(refused(result), 409);
        }
        return c.json({ meetingId: result.meetingId }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/consultation-meetings/{id}/minutes',
        tags: consultationTags,
        summary: 'Download a meeting’s minutes (always as an attachment, of the type found in its content)',
        request: { params: PathId },
        responses: {
          200: {
            description: 'The minutes',
            content: {
              'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
              'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) },
              'image/png': { schema: z.string().openapi({ format: 'binary' }) },
            },
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const doc = await getMeetingMinutes({
          db: c.var.db,
          actor: c.var.actor,
          meetingId: c.req.valid('param').id,
        });
        return downloadDocument(doc);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/sectors/{id}/pin',
        tags: planTags,
        summary:
          'Place an identified (or rejected) sector in the calendar by hand: its consultation starts that month',
        request: { params: SectorParams, ...body(PinInput) },
        responses: {
          200: json(z.object({ startsOn: Day }), 'Pinned; the other sectors re-plan around it'),
          409: json(
            RefusalBody,
            'Not identified nor rejected (`not_pinnable`), or a past month (`pin_in_past`)',
          ),
          ...errorResponses,
        },
      }),
      async (c) => {
        const input = c.req.valid('json');
        const result = await pinSector({
          db: c.var.db,
          actor: c.var.actor,
          sectorId: c.req.valid('param').id,
          input,
        });
        if (!result.ok) return c.json(refused(result), 409);
        return c.json({ startsOn: input.month }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/sectors/{id}/pin',
        tags: planTags,
        summary: 'Give the sector back to the suggested calendar',
        request: { params: SectorParams },
        responses: {
          200: json(z.object({ removed: z.boolean() }), 'Unpinned (removed: false when it was not pinned)'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const result = await unpinSector({
          db: c.var.db,
          actor: c.var.actor,
          sectorId: c.req.valid('param').id,
        });
        return c.json({ removed: result.removed }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/roll-out/settings',
        tags: planTags,
        summary:
          'How readiness is judged and the calendar paced (the defaults until the coordinator changes them)',
        responses: { 200: json(Settings, 'The settings'), ...errorResponses },
      }),
      async (c) => {
        const actor = c.var.actor;
        // Readable by whoever reads the plan (it carries them too); changed by the coordinator only.
        assertCanAtAll(actor, 'rollout.read');
        return c.json(await loadRolloutSettings(c.var.db, actor.programmeId), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/roll-out/settings',
        tags: planTags,
        summary: 'Change the settings (the coordinator); the demand rate is given in percent',
        request: body(RolloutSettingsInput),
        responses: { 200: json(Settings, 'The settings now'), ...errorResponses },
      }),
      async (c) => {
        const settings = await updateRolloutSettings({
          db: c.var.db,
          actor: c.var.actor,
          input: c.req.valid('json'),
        });
        return c.json(settings, 200);
      },
    );
}
