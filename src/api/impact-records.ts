// /api/v1 impact records: residents' testimonies (recorded with their consent, withdrawable) and the before/after
// questionnaire (its current definition, a household's answers, the households to ask again).
import { createRoute, z } from '@hono/zod-openapi';
import {
  consentForms,
  listTestimonies,
  maxQuoteLength,
  type QuestionnaireRefusal,
  questionnaireMoments,
  questionnaireOn,
  questionnairesDue,
  recordQuestionnaire,
  recordTestimony,
  type TestimonyRow,
  testimonyAttributions,
  withdrawTestimony,
} from '../impact/index.ts';
import { localDate } from '../platform/dates.ts';
import { CalendarDay } from '../platform/validation.ts';
import { apiRouter, Day, errorResponses, Id, Instant, json, PathId } from './context.ts';

const testimonyTags = ['Testimonies'];
const questionnaireTags = ['Questionnaire'];

const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

// ---- Refusals ---------------------------------------------------------------------------------------------------

const RefusalBody = z
  .object({
    error: z.string().openapi({ example: 'too_early' }),
    message: z
      .string()
      .openapi({ description: 'In plain French, for people (with the dates where they help)' }),
    field: z.string().optional().openapi({ description: 'The input field at fault, when there is one' }),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    dueFrom: Day.optional().openapi({
      description: 'For `too_early`: the first day « after » can be answered',
    }),
  })
  .openapi('ImpactRecordRefusal');
type RefusalOf = {
  reason: string;
  message: string;
  field?: string;
  issues?: { path: string; message: string }[];
  dueFrom?: string;
};
const refusalJson = (r: RefusalOf) => ({
  error: r.reason,
  message: r.message,
  ...(r.field ? { field: r.field } : {}),
  ...(r.issues ? { issues: r.issues } : {}),
  ...(r.dueFrom ? { dueFrom: r.dueFrom } : {}),
});
/** A refusal about what the household has already answered is a conflict; one about the values sent, unprocessable. */
const conflicts = new Set<string>([
  'already_answered',
  'before_missing',
  'too_early',
  'already_withdrawn',
] satisfies (QuestionnaireRefusal | 'already_withdrawn')[]);
const refused = (r: RefusalOf) =>
  [refusalJson(r), conflicts.has(r.reason) ? (409 as const) : (422 as const)] as const;

// ---- Testimonies ------------------------------------------------------------------------------------------------

const Testimony = z
  .object({
    id: z.number(),
    quote: z.string().nullable().openapi({ description: 'The words; null once withdrawn (they are erased)' }),
    attribution: z.enum(testimonyAttributions).openapi({ description: 'As the person chose' }),
    firstName: z.string().nullable().openapi({ description: 'When quoted under their first name' }),
    context: z.string().nullable().openapi({ example: 'Atelier débutants, Kerourien' }),
    householdId: z.number().nullable(),
    householdReference: z.string().nullable(),
    sectorId: z.number().nullable(),
    sectorName: z.string().nullable(),
    organisationId: z.number().nullable().openapi({ description: 'The organisation that recorded it' }),
    organisationName: z.string().nullable(),
    consentOn: Day,
    consentForm: z.enum(consentForms),
    recordedBy: z.string(),
    recordedAt: Instant,
    withdrawnOn: Day.nullable(),
    canWithdraw: z.boolean().openapi({ description: 'Whether this token may withdraw it' }),
  })
  .openapi('Testimony');
const testimonyJson = (t: TestimonyRow) => ({ ...t, recordedAt: t.recordedAt.toISOString() });

const NewTestimony = z
  .object({
    quote: z.string().openapi({ description: `The person’s words, 3 to ${maxQuoteLength} characters` }),
    attribution: z
      .enum(testimonyAttributions, 'Choisissez comment la personne veut être citée')
      .openapi({ description: '`first_name`: quoted under `firstName`; `anonymous`' }),
    firstName: z
      .string()
      .optional()
      .openapi({ description: 'Required with `first_name`; ignored otherwise' }),
    context: z
      .string()
      .openapi({ description: 'Where it was said', example: 'Atelier débutants, Kerourien' }),
    householdId: Id.optional().openapi({ description: 'A household the token may read (optional)' }),
    householdReference: z
      .string()
      .optional()
      .openapi({ description: 'Or its reference (F-…), instead of its id', example: 'F-000123' }),
    sectorId: Id.optional().openapi({ description: 'Default: the household’s sector, if any' }),
    consentOn: CalendarDay.describe('The day the person consented (not in the future)'),
    consentForm: z
      .enum(consentForms, 'Choisissez la forme du consentement')
      .openapi({ description: '`signed` form, `oral` (noted by staff) or `online`' }),
  })
  .openapi('NewTestimony');

function testimonyRoutes() {
  return apiRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/testimonies',
        tags: testimonyTags,
        summary:
          'The testimonies the token works with (the coordinator: all; a facility or association: those it recorded), withdrawn ones without their words',
        responses: {
          200: json(z.object({ items: z.array(Testimony) }), 'The testimonies, the latest consent first'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const rows = await listTestimonies({ db: c.var.db, actor: c.var.actor });
        return c.json({ items: rows.map(testimonyJson) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/testimonies',
        tags: testimonyTags,
        summary: 'Record a testimony given with consent (the coordinator, a facility, an association)',
        request: body(NewTestimony),
        responses: {
          201: json(z.object({ testimonyId: z.number() }), 'Recorded'),
          ...errorResponses,
          422: json(
            RefusalBody,
            'Invalid values, a consent dated in the future, an unknown household or sector; nothing was changed',
          ),
        },
      }),
      async (c) => {
        const result = await recordTestimony({
          db: c.var.db,
          actor: c.var.actor,
          input: c.req.valid('json'),
        });
        if (!result.ok) return c.json(refusalJson(result), 422);
        return c.json({ testimonyId: result.testimonyId }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/testimonies/{id}/withdrawal',
        tags: testimonyTags,
        summary:
          'The person changed their mind: the words and first name are erased and it is never shown again (the coordinator, the organisation that recorded it, or the resident of the household it is linked to)',
        request: { params: PathId },
        responses: {
          200: json(z.object({ withdrawnOn: Day }), 'Withdrawn'),
          ...errorResponses,
          409: json(RefusalBody, 'Already withdrawn'),
        },
      }),
      async (c) => {
        const result = await withdrawTestimony({
          db: c.var.db,
          actor: c.var.actor,
          testimonyId: c.req.valid('param').id,
        });
        if (!result.ok) return c.json(refusalJson(result), 409);
        return c.json({ withdrawnOn: result.withdrawnOn }, 200);
      },
    );
}

// ---- Questionnaire ----------------------------------------------------------------------------------------------

const Questionnaire = z
  .object({
    version: z.string().openapi({ example: '2011-1' }),
    from: Day.openapi({ description: 'First day this version is asked' }),
    questions: z.array(
      z.object({
        key: z.string().openapi({ example: 'confidence' }),
        label: z.string().openapi({ description: 'The question, in French' }),
        kind: z
          .enum(['one', 'many'])
          .openapi({ description: '`one`: a single option; `many`: a list of options' }),
        options: z.array(z.object({ value: z.string(), label: z.string() })),
      }),
    ),
  })
  .openapi('Questionnaire');

const NewResponse = z
  .object({
    moment: z
      .enum(questionnaireMoments, 'Choisissez le moment : avant ou après')
      .openapi({ description: '`before` (at sign-up) or `after` (six months after `before` at least)' }),
    answeredOn: CalendarDay.optional().describe(
      'The day the household answered (default today; a paper form entered later); not for residents',
    ),
    answers: z
      .record(z.string(), z.union([z.string(), z.array(z.string())]).nullable())
      .default({})
      .openapi({
        description:
          'By question key: an option value (`one`) or a list of them (`many`); every question may be left out — an empty object records « ne souhaite pas répondre »',
        example: { confidence: 'a_little', uses: ['email', 'admin'] },
      }),
  })
  .openapi('NewQuestionnaireResponse');

const Due = z
  .object({
    householdId: z.number(),
    reference: z.string(),
    name: z.string().nullable().openapi({ description: 'The reference person' }),
    phone: z.string().nullable(),
    sectorId: z.number().nullable(),
    sectorCode: z.string().nullable(),
    sectorName: z.string().nullable(),
    beforeOn: Day.openapi({ description: 'When « before » was answered' }),
    dueFrom: Day.openapi({ description: 'Six months later: « after » can be answered from this day' }),
  })
  .openapi('QuestionnaireDue');

function questionnaireRoutes() {
  return apiRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/questionnaire',
        tags: questionnaireTags,
        summary: 'The before/after questionnaire asked on a day (default today): a versioned definition',
        request: {
          query: z.object({ on: CalendarDay.optional().describe('The day (default today, Paris)') }),
        },
        responses: { 200: json(Questionnaire, 'The version asked that day'), ...errorResponses },
      }),
      async (c) => {
        const version = questionnaireOn(c.req.valid('query').on ?? localDate(new Date()));
        return c.json({ version: version.version, from: version.from, questions: version.questions }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/households/{id}/questionnaire-responses',
        tags: questionnaireTags,
        summary:
          'Record a household’s answers (the coordinator; a facility for the households of its sectors; a resident for their own)',
        request: { params: PathId, ...body(NewResponse) },
        responses: {
          201: json(
            z.object({
              responseId: z.number(),
              version: z.string(),
              moment: z.enum(questionnaireMoments),
              answeredOn: Day,
            }),
            'Recorded',
          ),
          ...errorResponses,
          409: json(
            RefusalBody,
            'Already answered for this moment, « after » without « before », or too early (`dueFrom`)',
          ),
          422: json(RefusalBody, 'An unknown question or option, a day to come; nothing was changed'),
        },
      }),
      async (c) => {
        const result = await recordQuestionnaire({
          db: c.var.db,
          actor: c.var.actor,
          householdId: c.req.valid('param').id,
          input: c.req.valid('json'),
        });
        if (!result.ok) return c.json(...refused(result));
        const { ok: _, ...recorded } = result;
        return c.json(recorded, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/questionnaires/due',
        tags: questionnaireTags,
        summary:
          'The households to ask again: « before » six months old or more, no « after » yet (a facility: its sectors’), the longest waiting first',
        responses: { 200: json(z.object({ items: z.array(Due) }), 'The call list'), ...errorResponses },
      }),
      async (c) => {
        const items = await questionnairesDue({ db: c.var.db, actor: c.var.actor });
        return c.json({ items }, 200);
      },
    );
}

export const impactRecordsApi = () =>
  apiRouter().route('/', testimonyRoutes()).route('/', questionnaireRoutes());
