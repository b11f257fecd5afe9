// /api/v1 coordination: partnership agreements (conventions) with their documents and renewal alerts, subsidies to
// associations with their payments and budget, and the steering committee's meetings, decisions and actions.
import { createRoute, z } from '@hono/zod-openapi';
import {
  type ActionRow,
  type AgreementRow,
  actionStatuses,
  addAgreementDocument,
  addSteeringAction,
  addSteeringDecision,
  attachMeetingMinutes,
  type CoordinationRefusal,
  commitSubsidy,
  createAgreement,
  createSteeringMeeting,
  type DocumentSummary,
  getAgreement,
  getAgreementDocument,
  getMeetingMinutes,
  getSteeringMeeting,
  getSubsidy,
  type Issue,
  listAgreements,
  listSteeringActions,
  listSteeringMeetings,
  listSubsidies,
  maxActions,
  maxCents,
  maxDecisions,
  planSubsidy,
  recordSubsidyPayment,
  renewAgreement,
  renewalStates,
  type SubsidyRow,
  setActionStatus,
  subsidyBudget,
  subsidyStages,
  terminateAgreement,
  updateAgreement,
} from '../coordination/index.ts';
import { localDate } from '../platform/dates.ts';
import { documentMediaTypes } from '../platform/documents.ts';
import { CalendarDay, MultiLine, SingleLine } from '../platform/validation.ts';
import { apiRouter, Day, ErrorBody, errorResponses, Id, Instant, json, PathId } from './context.ts';
import { downloadDocument as download, fileOf, fileUpload, multipartOnly, uploadLimit } from './uploads.ts';

const agreementTags = ['Agreements'];
const subsidyTags = ['Subsidies'];
const committeeTags = ['Steering committee'];

const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

// ---- Refusals ---------------------------------------------------------------------------------------------------

const RefusalBody = z
  .object({
    error: z.string().openapi({ example: 'over_committed' }),
    message: z
      .string()
      .openapi({ description: 'In plain French, for people (with the amounts where they help)' }),
    field: z.string().optional().openapi({ description: 'The input field at fault, when there is one' }),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('CoordinationRefusal');

/** A refusal about the state of the records is a conflict; one about the values sent, unprocessable. */
const conflicts = new Set<CoordinationRefusal>([
  'reference_taken',
  'terminated',
  'already_renewed',
  'overlaps_previous',
  'overlaps_next',
  'subsidy_exists',
  'committed_below_paid',
  'not_committed',
  'over_committed',
]);
const refusalResponses = (conflict: string, invalid: string) => ({
  409: json(RefusalBody, conflict),
  422: json(RefusalBody, `${invalid}; nothing was changed`),
});
type RefusalOf = { reason: CoordinationRefusal; message: string; field?: string; issues?: Issue[] };
const refusalJson = (r: RefusalOf) => ({
  error: r.reason,
  message: r.message,
  ...(r.field ? { field: r.field } : {}),
  ...(r.issues ? { issues: r.issues } : {}),
});
const refused = (r: RefusalOf) =>
  [refusalJson(r), conflicts.has(r.reason) ? (409 as const) : (422 as const)] as const;
/** For the use cases whose only refusal is about the values sent. */
const unprocessable = (description: string) => ({
  422: json(RefusalBody, `${description}; nothing was changed`),
});

// ---- Input ------------------------------------------------------------------------------------------------------

// The shared input pieces (platform/validation) are described with zod's own `.describe` (see api/advice.ts).
const Cents = (description: string) =>
  z
    .number('Montant en centimes attendu')
    .int('Montant en centimes attendu (un nombre entier)')
    .min(0, 'Le montant ne peut pas être négatif')
    .max(maxCents, 'Montant trop grand (10 millions d’euros au plus)')
    .openapi({ description, example: 2_000_000 });
const NoticeDays = z
  .number('Nombre de jours attendu')
  .int('Nombre de jours entier attendu')
  .min(0, 'Le préavis ne peut pas être négatif')
  .max(365, '365 jours au plus')
  .openapi({ description: 'Days before the end when the renewal alert starts (default 90)', example: 90 });
const Reference = SingleLine(1, 40, 'Écrivez la référence de la convention').describe(
  'Unique in the programme, e.g. CONV-2024-03',
);
const ObjectText = MultiLine(3, 2000, 'Écrivez l’objet de la convention (3 caractères au moins)').describe(
  'What the agreement is about',
);
const endsAfterStart = {
  check: (v: { startsOn: string; endsOn: string }) => v.endsOn >= v.startsOn,
  issue: { path: ['endsOn'], message: 'La fin doit être le jour du début ou après' },
};

const AgreementFields = {
  reference: Reference,
  object: ObjectText,
  startsOn: CalendarDay.describe('First day (past dates are fine: history is recorded too)'),
  endsOn: CalendarDay.describe('Last day, on or after the first'),
  amountCents: Cents('What the programme pays over the agreement, in cents; 0: no money').default(0),
  noticeDays: NoticeDays.default(90),
};
const NewAgreement = z
  .object({ organisationId: Id.openapi({ description: 'The partner organisation' }), ...AgreementFields })
  .refine(endsAfterStart.check, endsAfterStart.issue)
  .openapi('NewAgreement');
/** A replacement: every field is sent (a missing amount is not taken for 0 €). */
const AgreementChange = z
  .object({
    ...AgreementFields,
    amountCents: Cents('What the programme pays over the agreement, in cents; 0: no money'),
    noticeDays: NoticeDays,
  })
  .refine(endsAfterStart.check, endsAfterStart.issue)
  .openapi('AgreementChange');
const Renewal = z
  .object({
    reference: Reference,
    endsOn: CalendarDay.describe('Last day of the new agreement (it starts the day after the old one ends)'),
    object: ObjectText.optional(),
    amountCents: Cents('Default: the old agreement’s').optional(),
    noticeDays: NoticeDays.optional(),
  })
  .openapi('AgreementRenewal');
const Termination = z
  .object({
    on: CalendarDay.describe('The day it ends: between its first day and its planned end'),
    reason: MultiLine(3, 1000, 'Écrivez pourquoi la convention prend fin').describe('Why'),
  })
  .openapi('AgreementTermination');

const Year = z.coerce
  .number('Année attendue, par exemple 2024')
  .int('Année attendue, par exemple 2024')
  .min(2000, 'Année entre 2000 et 2100')
  .max(2100, 'Année entre 2000 et 2100');
const NewSubsidy = z
  .object({
    organisationId: Id.openapi({ description: 'An association or facility partner' }),
    year: Year.openapi({ example: 2024 }),
    purpose: SingleLine(3, 120, 'Écrivez l’objet de la subvention').describe('e.g. "Ateliers multimédia"'),
    plannedCents: Cents('Planned amount, in cents'),
    agreementId: Id.optional().openapi({ description: 'An agreement of the same association' }),
  })
  .openapi('NewSubsidy');
const Commitment = z
  .object({
    committedCents: Cents('The amount voted, in cents'),
    committedOn: CalendarDay.describe('The day of the vote (not in the future)'),
  })
  .openapi('SubsidyCommitment');
const NewPayment = z
  .object({
    paidOn: CalendarDay.describe('The day it was paid (not in the future)'),
    amountCents: Cents('In cents, more than 0 and at most what remains of the amount voted'),
    reference: SingleLine(1, 80, 'Écrivez la référence du mandat ou du virement')
      .optional()
      .describe('The payment order or transfer reference'),
  })
  .openapi('NewSubsidyPayment');

const ActionInput = z
  .object({
    description: MultiLine(3, 1000, 'Décrivez l’action (3 caractères au moins)').describe(
      'What is to be done',
    ),
    ownerOrganisationId: Id.optional().openapi({
      description: 'The partner responsible, if any: its users may then say where the action stands',
    }),
    ownerName: SingleLine(2, 120, 'Écrivez qui s’en charge').describe('Who does it, in words'),
    dueOn: CalendarDay.describe('By when'),
  })
  .openapi('NewSteeringAction');
const Decision = MultiLine(3, 2000, 'Écrivez la décision (3 caractères au moins)').describe('The decision');
const NewMeeting = z
  .object({
    heldOn: CalendarDay.describe('The day of the meeting'),
    place: SingleLine(2, 160, 'Écrivez le lieu de la réunion').describe('Where'),
    attendees: MultiLine(2, 4000, 'Écrivez qui était présent').describe('Who came'),
    decisions: z.array(Decision).max(maxDecisions, `${maxDecisions} décisions au plus`).default([]),
    actions: z.array(ActionInput).max(maxActions, `${maxActions} actions au plus`).default([]),
  })
  .openapi('NewSteeringMeeting');
const StatusChange = z
  .object({
    status: z.enum(actionStatuses, 'Choisissez : à faire, fait ou abandonné'),
    note: MultiLine(1, 1000, 'Écrivez une note').optional().describe('Required when dropping the action'),
  })
  .refine((v) => v.status !== 'dropped' || v.note, {
    path: ['note'],
    message: 'Dites pourquoi l’action est abandonnée',
  })
  .openapi('SteeringActionStatus');

// ---- Output -----------------------------------------------------------------------------------------------------

const Document = z
  .object({
    id: z.number(),
    name: z
      .string()
      .openapi({ description: 'Cleaned; the extension is that of the type found in the content' }),
    mediaType: z.enum(documentMediaTypes),
    size: z.number().openapi({ description: 'Bytes' }),
    sha256: z.string(),
    uploadedBy: z.string(),
    uploadedAt: Instant,
  })
  .openapi('CoordinationDocument');
const documentJson = (d: DocumentSummary) => ({ ...d, uploadedAt: d.uploadedAt.toISOString() });

const Agreement = z
  .object({
    id: z.number(),
    reference: z.string(),
    organisationId: z.number(),
    organisationName: z.string(),
    object: z.string(),
    startsOn: Day,
    endsOn: Day,
    amountCents: z.number(),
    noticeDays: z.number(),
    status: z.enum(['active', 'terminated']),
    state: z.enum(renewalStates).openapi({
      description:
        'Today (Paris): `renewal_due` from endsOn − noticeDays to endsOn, `expired` after endsOn when nothing ' +
        'renews it; `renewed`, `terminated`, `upcoming`, `current`',
    }),
    alertFrom: Day.openapi({ description: 'First day of the renewal alert' }),
    daysLeft: z.number().openapi({ description: 'Days from today to its end (negative once ended)' }),
    renewsId: z.number().nullable(),
    renewedById: z.number().nullable(),
    createdBy: z.string(),
    createdAt: Instant,
  })
  .openapi('Agreement');
const agreementJson = (a: AgreementRow) => ({
  id: a.id,
  reference: a.reference,
  organisationId: a.organisationId,
  organisationName: a.organisationName,
  object: a.object,
  startsOn: a.startsOn,
  endsOn: a.endsOn,
  amountCents: a.amountCents,
  noticeDays: a.noticeDays,
  status: a.status,
  state: a.state,
  alertFrom: a.alertFrom,
  daysLeft: a.daysLeft,
  renewsId: a.renewsId,
  renewedById: a.renewedById,
  createdBy: a.createdBy,
  createdAt: a.createdAt.toISOString(),
});

const Subsidy = z
  .object({
    id: z.number(),
    organisationId: z.number(),
    organisationName: z.string(),
    year: z.number(),
    purpose: z.string(),
    plannedCents: z.number(),
    committedCents: z
      .number()
      .nullable()
      .openapi({ description: 'The amount voted; null while only planned' }),
    committedOn: Day.nullable(),
    paidCents: z.number(),
    remainingCents: z.number().openapi({ description: 'Voted and not yet paid' }),
    stage: z.enum(subsidyStages),
    agreementId: z.number().nullable(),
    agreementReference: z.string().nullable(),
    createdBy: z.string(),
    createdAt: Instant,
  })
  .openapi('Subsidy');
const subsidyJson = (s: SubsidyRow) => ({
  id: s.id,
  organisationId: s.organisationId,
  organisationName: s.organisationName,
  year: s.year,
  purpose: s.purpose,
  plannedCents: s.plannedCents,
  committedCents: s.committedCents,
  committedOn: s.committedOn,
  paidCents: s.paidCents,
  remainingCents: s.remainingCents,
  stage: s.stage,
  agreementId: s.agreementId,
  agreementReference: s.agreementReference,
  createdBy: s.createdBy,
  createdAt: s.createdAt.toISOString(),
});
const Payment = z
  .object({
    id: z.number(),
    paidOn: Day,
    amountCents: z.number(),
    reference: z.string().nullable(),
    recordedBy: z.string(),
    recordedAt: Instant,
  })
  .openapi('SubsidyPayment');

const Figures = {
  plannedCents: z.number(),
  committedCents: z.number(),
  paidCents: z.number(),
  remainingCents: z.number().openapi({ description: 'Voted and not yet paid' }),
  subsidies: z.number(),
};
const Budget = z
  .object({
    year: z.number(),
    totals: z.object(Figures),
    byAssociation: z.array(
      z.object({ organisationId: z.number(), organisationName: z.string(), ...Figures }),
    ),
    byPurpose: z.array(z.object({ purpose: z.string(), ...Figures })),
    years: z
      .array(z.object({ year: z.number(), ...Figures }))
      .openapi({ description: 'Every year, oldest first' }),
  })
  .openapi('SubsidyBudget');

const Action = z
  .object({
    id: z.number(),
    meetingId: z.number(),
    meetingHeldOn: Day,
    description: z.string(),
    ownerOrganisationId: z.number().nullable(),
    ownerOrganisationName: z.string().nullable(),
    ownerName: z.string(),
    dueOn: Day,
    status: z.enum(actionStatuses),
    statusNote: z.string().nullable(),
    overdue: z.boolean().openapi({ description: 'Open and past its due day' }),
    updatedBy: z.string(),
    updatedAt: Instant,
  })
  .openapi('SteeringAction');
const actionJson = (a: ActionRow) => ({
  id: a.id,
  meetingId: a.meetingId,
  meetingHeldOn: a.meetingHeldOn,
  description: a.description,
  ownerOrganisationId: a.ownerOrganisationId,
  ownerOrganisationName: a.ownerOrganisationName,
  ownerName: a.ownerName,
  dueOn: a.dueOn,
  status: a.status,
  statusNote: a.statusNote,
  overdue: a.overdue,
  updatedBy: a.updatedBy,
  updatedAt: a.updatedAt.toISOString(),
});
const MeetingSummary = z
  .object({
    id: z.number(),
    heldOn: Day,
    place: z.string(),
    attendees: z.string(),
    hasMinutes: z.boolean(),
    decisions: z.number(),
    actions: z.number(),
    openActions: z.number(),
  })
  .openapi('SteeringMeetingSummary');
const Meeting = z
  .object({
    id: z.number(),
    heldOn: Day,
    place: z.string(),
    attendees: z.string(),
    minutes: z
      .object({
        name: z.string(),
        mediaType: z.enum(documentMediaTypes),
        size: z.number(),
        uploadedAt: Instant,
      })
      .nullable(),
    decisions: z.array(z.object({ id: z.number(), text: z.string() })),
    actions: z.array(Action),
    createdBy: z.string(),
    createdAt: Instant,
  })
  .openapi('SteeringMeeting');

// ---- Documents --------------------------------------------------------------------------------------------------

const Upload = fileUpload('CoordinationDocumentUpload');
const uploadRequest = {
  params: PathId,
  body: { content: { 'multipart/form-data': { schema: Upload } }, required: true },
};
const uploadResponses = {
  201: json(z.object({ documentId: z.number() }), 'Stored'),
  ...errorResponses,
  413: json(ErrorBody, 'The request is larger than 10 MiB (`too_large`)'),
  415: json(ErrorBody, 'Not sent as multipart/form-data'),
  422: json(RefusalBody, 'The file is empty, too large, or not a PDF, JPEG or PNG by its content'),
};
const fileResponse = {
  200: {
    description: 'The file, always as an attachment, of the type found in its content',
    content: Object.fromEntries(
      documentMediaTypes.map((type) => [type, { schema: z.string().openapi({ format: 'binary' }) }]),
    ),
  },
  ...errorResponses,
};
const DocumentParams = z.object({
  id: Id.openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
  documentId: Id.openapi({ param: { name: 'documentId', in: 'path' }, example: 1 }),
});
const Ok = z.object({ ok: z.literal(true) });

// ---- Routes -----------------------------------------------------------------------------------------------------

function agreementRoutes() {
  return apiRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/agreements',
        tags: agreementTags,
        summary:
          'The agreements the token may read, alerts first (the coordinator and admin: all; a partner: its own)',
        request: {
          query: z.object({
            organisationId: Id.optional(),
            status: z.enum(['active', 'terminated'], 'Choisissez un état de la liste').optional(),
            due: z
              .enum(['true', 'false'])
              .optional()
              .openapi({ description: '`true`: only those to renew (renewal due or expired, not renewed)' }),
          }),
        },
        responses: {
          200: json(z.object({ items: z.array(Agreement) }), 'The agreements'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { due, ...filter } = c.req.valid('query');
        const rows = await listAgreements({
          db: c.var.db,
          actor: c.var.actor,
          filter: { ...filter, due: due === 'true' },
        });
        return c.json({ items: rows.map(agreementJson) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/agreements',
        tags: agreementTags,
        summary: 'Record an agreement with a partner (the coordinator)',
        request: body(NewAgreement),
        responses: {
          201: json(z.object({ agreementId: z.number() }), 'Recorded'),
          ...errorResponses,
          ...refusalResponses('The reference is already used in the programme', 'Unknown partner'),
        },
      }),
      async (c) => {
        const result = await createAgreement({
          db: c.var.db,
          actor: c.var.actor,
          input: c.req.valid('json'),
        });
        if (!result.ok) return c.json(...refused(result));
        return c.json({ agreementId: result.agreementId }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/agreements/{id}',
        tags: agreementTags,
        summary: 'One agreement, its documents and its renewal chain',
        request: { params: PathId },
        responses: {
          200: json(
            Agreement.extend({
              documents: z.array(Document),
              renews: z.object({ id: z.number(), reference: z.string(), endsOn: Day }).nullable(),
              renewedBy: z.object({ id: z.number(), reference: z.string(), startsOn: Day }).nullable(),
            }),
            'The agreement',
          ),
          ...errorResponses,
        },
      }),
      async (c) => {
        const a = await getAgreement({
          db: c.var.db,
          actor: c.var.actor,
          agreementId: c.req.valid('param').id,
        });
        return c.json(
          {
            ...agreementJson(a),
            documents: a.documents.map(documentJson),
            renews: a.renews,
            renewedBy: a.renewedBy,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/agreements/{id}',
        tags: agreementTags,
        summary: 'Correct an agreement (the coordinator); its partner stays',
        request: { params: PathId, ...body(AgreementChange) },
        responses: {
          200: json(Ok, 'Changed'),
          ...errorResponses,
          ...refusalResponses(
            'Terminated, the reference is taken, or the dates would overlap its renewal chain',
            'Invalid values',
          ),
        },
      }),
      async (c) => {
        const result = await updateAgreement({
          db: c.var.db,
          actor: c.var.actor,
          agreementId: c.req.valid('param').id,
          input: c.req.valid('json'),
        });
        if (!result.ok) return c.json(...refused(result));
        return c.json({ ok: true as const }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/agreements/{id}/renewal',
        tags: agreementTags,
        summary: 'Renew: a new agreement starting the day after this one ends, which then raises no alert',
        request: { params: PathId, ...body(Renewal) },
        responses: {
          201: json(z.object({ agreementId: z.number(), startsOn: Day }), 'The new agreement'),
          ...errorResponses,
          ...refusalResponses(
            'Terminated, already renewed, or the reference is taken',
            'The new end is before the new start',
          ),
        },
      }),
      async (c) => {
        const result = await renewAgreement({
          db: c.var.db,
          actor: c.var.actor,
          agreementId: c.req.valid('param').id,
          input: c.req.valid('json'),
        });
        if (!result.ok) return c.json(...refused(result));
        return c.json({ agreementId: result.agreementId, startsOn: result.startsOn }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/agreements/{id}/termination',
        tags: agreementTags,
        summary: 'End an agreement on a day (at the latest its planned end), saying why',
        request: { params: PathId, ...body(Termination) },
        responses: {
          200: json(Ok, 'Terminated'),
          ...errorResponses,
          ...refusalResponses('Already terminated', 'The day is outside the agreement'),
        },
      }),
      async (c) => {
        const result = await terminateAgreement({
          db: c.var.db,
          actor: c.var.actor,
          agreementId: c.req.valid('param').id,
          input: c.req.valid('json'),
        });
        if (!result.ok) return c.json(...refused(result));
        return c.json({ ok: true as const }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/agreements/{id}/documents',
        tags: agreementTags,
        summary: 'Attach a document: a PDF or a photo (JPEG, PNG), 10 MiB at most (the coordinator)',
        description:
          'Sent as `multipart/form-data` with the file in `file`. The type is found from the content, never from ' +
          'the name or the declared type: anything else is refused (422, in plain French).',
        middleware: [multipartOnly(), uploadLimit] as const,
        request: uploadRequest,
        responses: uploadResponses,
      }),
      async (c) => {
        const result = await addAgreementDocument({
          db: c.var.db,
          actor: c.var.actor,
          agreementId: c.req.valid('param').id,
          upload: await fileOf(c.req.valid('form').file),
        });
        if (!result.ok) return c.json({ error: result.reason, message: result.message }, 422);
        return c.json({ documentId: result.documentId }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/agreements/{id}/documents/{documentId}',
        tags: agreementTags,
        summary: 'Download a document of an agreement',
        description: 'Served as an attachment, with `nosniff`, a sandboxing policy and no caching.',
        request: { params: DocumentParams },
        responses: fileResponse,
      }),
      async (c) => {
        const { id, documentId } = c.req.valid('param');
        return download(
          await getAgreementDocument({ db: c.var.db, actor: c.var.actor, agreementId: id, documentId }),
        );
      },
    );
}

function subsidyRoutes() {
  return (
    apiRouter()
      .openapi(
        createRoute({
          method: 'get',
          path: '/subsidies',
          tags: subsidyTags,
          summary: 'The subsidies the token may read (the coordinator: all; an association: its own)',
          request: { query: z.object({ year: Year.optional(), organisationId: Id.optional() }) },
          responses: { 200: json(z.object({ items: z.array(Subsidy) }), 'The subsidies'), ...errorResponses },
        }),
        async (c) => {
          const rows = await listSubsidies({
            db: c.var.db,
            actor: c.var.actor,
            filter: c.req.valid('query'),
          });
          return c.json({ items: rows.map(subsidyJson) }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/subsidies',
          tags: subsidyTags,
          summary: 'Plan a subsidy to an association for a year and a purpose (the coordinator)',
          request: body(NewSubsidy),
          responses: {
            201: json(z.object({ subsidyId: z.number() }), 'Planned'),
            ...errorResponses,
            ...refusalResponses(
              'The association already has a subsidy for this purpose this year',
              'Not an association, or the agreement is not the association’s',
            ),
          },
        }),
        async (c) => {
          const result = await planSubsidy({ db: c.var.db, actor: c.var.actor, input: c.req.valid('json') });
          if (!result.ok) return c.json(...refused(result));
          return c.json({ subsidyId: result.subsidyId }, 201);
        },
      )
      // Before /subsidies/{id}: `budget` is not an id.
      .openapi(
        createRoute({
          method: 'get',
          path: '/subsidies/budget',
          tags: subsidyTags,
          summary:
            'The budget: planned vs committed vs paid for a year (total, per association, per purpose)',
          description: 'With the same figures for every year. An association sees its own subsidies only.',
          request: {
            query: z.object({
              year: Year.optional().openapi({
                description: 'Default: the current year (Paris)',
                example: 2024,
              }),
            }),
          },
          responses: { 200: json(Budget, 'The budget'), ...errorResponses },
        }),
        async (c) => {
          const year = c.req.valid('query').year ?? Number(localDate(new Date()).slice(0, 4));
          return c.json(await subsidyBudget({ db: c.var.db, actor: c.var.actor, year }), 200);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/subsidies/{id}',
          tags: subsidyTags,
          summary: 'One subsidy with its payments',
          request: { params: PathId },
          responses: {
            200: json(Subsidy.extend({ payments: z.array(Payment) }), 'The subsidy'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const s = await getSubsidy({
            db: c.var.db,
            actor: c.var.actor,
            subsidyId: c.req.valid('param').id,
          });
          return c.json(
            {
              ...subsidyJson(s),
              payments: s.payments.map((x) => ({ ...x, recordedAt: x.recordedAt.toISOString() })),
            },
            200,
          );
        },
      )
      .openapi(
        createRoute({
          method: 'put',
          path: '/subsidies/{id}/commitment',
          tags: subsidyTags,
          summary: 'Record the amount voted and the day of the vote (a later vote may change it)',
          request: { params: PathId, ...body(Commitment) },
          responses: {
            200: json(Ok, 'Recorded'),
            ...errorResponses,
            ...refusalResponses(
              'Below what was already paid',
              'A payment precedes the vote, or the vote is in the future',
            ),
          },
        }),
        async (c) => {
          const result = await commitSubsidy({
            db: c.var.db,
            actor: c.var.actor,
            subsidyId: c.req.valid('param').id,
            input: c.req.valid('json'),
          });
          if (!result.ok) return c.json(...refused(result));
          return c.json({ ok: true as const }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/subsidies/{id}/payments',
          tags: subsidyTags,
          summary: 'Record a payment, at most what remains of the amount voted',
          description:
            'Payments are counted one after the other: two at once whose sum exceeds the amount voted get one ' +
            'recorded and the other refused (409 `over_committed`, the message giving the amounts).',
          request: { params: PathId, ...body(NewPayment) },
          responses: {
            201: json(
              z.object({ paymentId: z.number(), paidCents: z.number(), remainingCents: z.number() }),
              'Recorded',
            ),
            ...errorResponses,
            ...refusalResponses(
              'Not voted yet, or above what remains (`over_committed`)',
              'The day is in the future or before the vote',
            ),
          },
        }),
        async (c) => {
          const result = await recordSubsidyPayment({
            db: c.var.db,
            actor: c.var.actor,
            subsidyId: c.req.valid('param').id,
            input: c.req.valid('json'),
          });
          if (!result.ok) return c.json(...refused(result));
          const { paymentId, paidCents, remainingCents } = result;
          return c.json({ paymentId, paidCents, remainingCents }, 201);
        },
      )
  );
}

function committeeRoutes() {
  return apiRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/steering-meetings',
        tags: committeeTags,
        summary: 'The steering committee’s meetings, latest first (all staff)',
        responses: {
          200: json(z.object({ items: z.array(MeetingSummary) }), 'The meetings'),
          ...errorResponses,
        },
      }),
      async (c) => c.json({ items: await listSteeringMeetings({ db: c.var.db, actor: c.var.actor }) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/steering-meetings',
        tags: committeeTags,
        summary: 'Record a meeting with its decisions and follow-up actions, all at once (the coordinator)',
        description: 'The minutes are attached afterwards: `POST /steering-meetings/{id}/minutes`.',
        request: body(NewMeeting),
        responses: {
          201: json(
            z.object({
              meetingId: z.number(),
              decisionIds: z.array(z.number()),
              actionIds: z.array(z.number()),
            }),
            'Recorded',
          ),
          ...errorResponses,
          422: json(RefusalBody, 'Invalid values, or an owner that is not a partner; nothing was recorded'),
        },
      }),
      async (c) => {
        const result = await createSteeringMeeting({
          db: c.var.db,
          actor: c.var.actor,
          input: c.req.valid('json'),
        });
        if (!result.ok) return c.json(refusalJson(result), 422);
        const { meetingId, decisionIds, actionIds } = result;
        return c.json({ meetingId, decisionIds, actionIds }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/steering-meetings/{id}',
        tags: committeeTags,
        summary: 'One meeting with its decisions and actions',
        request: { params: PathId },
        responses: { 200: json(Meeting, 'The meeting'), ...errorResponses },
      }),
      async (c) => {
        const m = await getSteeringMeeting({
          db: c.var.db,
          actor: c.var.actor,
          meetingId: c.req.valid('param').id,
        });
        return c.json(
          {
            id: m.id,
            heldOn: m.heldOn,
            place: m.place,
            attendees: m.attendees,
            minutes: m.minutes
              ? {
                  name: m.minutes.name,
                  mediaType: m.minutes.mediaType,
                  size: m.minutes.size,
                  uploadedAt: m.minutes.uploadedAt.toISOString(),
                }
              : null,
            decisions: m.decisions,
            actions: m.actions.map(actionJson),
            createdBy: m.createdBy,
            createdAt: m.createdAt.toISOString(),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/steering-meetings/{id}/decisions',
        tags: committeeTags,
        summary: 'Add a decision to a meeting (the coordinator)',
        request: { params: PathId, ...body(z.object({ text: Decision }).openapi('NewSteeringDecision')) },
        responses: {
          201: json(z.object({ decisionId: z.number() }), 'Added'),
          ...errorResponses,
          ...unprocessable('Invalid text'),
        },
      }),
      async (c) => {
        const result = await addSteeringDecision({
          db: c.var.db,
          actor: c.var.actor,
          meetingId: c.req.valid('param').id,
          text: c.req.valid('json').text,
        });
        if (!result.ok) return c.json(refusalJson(result), 422);
        return c.json({ decisionId: result.decisionId }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/steering-meetings/{id}/actions',
        tags: committeeTags,
        summary: 'Add a follow-up action to a meeting (the coordinator)',
        request: { params: PathId, ...body(ActionInput) },
        responses: {
          201: json(z.object({ actionId: z.number() }), 'Added'),
          ...errorResponses,
          ...unprocessable('Invalid values, or an owner that is not a partner'),
        },
      }),
      async (c) => {
        const result = await addSteeringAction({
          db: c.var.db,
          actor: c.var.actor,
          meetingId: c.req.valid('param').id,
          input: c.req.valid('json'),
        });
        if (!result.ok) return c.json(refusalJson(result), 422);
        return c.json({ actionId: result.actionId }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/steering-meetings/{id}/minutes',
        tags: committeeTags,
        summary: 'Attach (or replace) the minutes: a PDF or a photo, 10 MiB at most (the coordinator)',
        middleware: [multipartOnly(), uploadLimit] as const,
        request: uploadRequest,
        responses: uploadResponses,
      }),
      async (c) => {
        const result = await attachMeetingMinutes({
          db: c.var.db,
          actor: c.var.actor,
          meetingId: c.req.valid('param').id,
          upload: await fileOf(c.req.valid('form').file),
        });
        if (!result.ok) return c.json({ error: result.reason, message: result.message }, 422);
        return c.json({ documentId: result.documentId }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/steering-meetings/{id}/minutes',
        tags: committeeTags,
        summary: 'Download the minutes of a meeting',
        request: { params: PathId },
        responses: fileResponse,
      }),
      async (c) =>
        download(
          await getMeetingMinutes({ db: c.var.db, actor: c.var.actor, meetingId: c.req.valid('param').id }),
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/steering-actions',
        tags: committeeTags,
        summary: 'The follow-up actions (default: the open ones), late ones first',
        request: {
          query: z.object({
            status: z.enum(actionStatuses, 'Choisissez : open, done ou dropped').default('open'),
            mine: z
              .enum(['true', 'false'])
              .optional()
              .openapi({ description: '`true`: only those of the token’s organisation' }),
          }),
        },
        responses: { 200: json(z.object({ items: z.array(Action) }), 'The actions'), ...errorResponses },
      }),
      async (c) => {
        const { status, mine } = c.req.valid('query');
        const rows = await listSteeringActions({
          db: c.var.db,
          actor: c.var.actor,
          filter: { status, mine: mine === 'true' },
        });
        return c.json({ items: rows.map(actionJson) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/steering-actions/{id}/status',
        tags: committeeTags,
        summary: 'Say where an action stands: the coordinator, or the owner organisation for its own actions',
        request: { params: PathId, ...body(StatusChange) },
        responses: {
          200: json(z.object({ status: z.enum(actionStatuses) }), 'Changed'),
          ...errorResponses,
          ...unprocessable('Invalid values (dropping an action needs a note)'),
        },
      }),
      async (c) => {
        const input = c.req.valid('json');
        const result = await setActionStatus({
          db: c.var.db,
          actor: c.var.actor,
          actionId: c.req.valid('param').id,
          input,
        });
        if (!result.ok) return c.json(refusalJson(result), 422);
        return c.json({ status: input.status }, 200);
      },
    );
}

export function coordinationApi() {
  return apiRouter().route('/', agreementRoutes()).route('/', subsidyRoutes()).route('/', committeeRoutes());
}
