// /api/v1 advice: a consumer association's cases on operator contracts (notes, actions, status, documents, letters)
// — each case visible to the association holding it only — and the anonymous counts the city and the landlord see.
import { createRoute, z } from '@hono/zod-openapi';
import {
  type AdviceRefusal,
  addDocument,
  addEntry,
  adviceActionKinds,
  adviceRefusalMessage,
  adviceStats,
  adviceStatuses,
  adviceTopics,
  documentHeaders,
  documentMediaTypes,
  generateLetter,
  getCase,
  getDocument,
  type LetterRefused,
  LetterTemplateInput,
  letterPdf,
  listCases,
  listDocuments,
  listLetters,
  listTemplates,
  openCase,
  saveTemplate,
  setCaseStatus,
} from '../advice/index.ts';
import { localDate } from '../platform/dates.ts';
import { CalendarDay, SingleLine } from '../platform/validation.ts';
import { apiRouter, Day, ErrorBody, errorResponses, Id, Instant, json, PathId } from './context.ts';
import { downloadDocument, fileOf, fileUpload, multipartOnly, uploadLimit } from './uploads.ts';

const caseTags = ['Advice cases'];
const documentTags = ['Advice documents'];
const letterTags = ['Advice letters'];
const statsTags = ['Advice statistics'];

// ---- Schemas ----------------------------------------------------------------------------------------------------

const AdviceRefusalBody = z
  .object({
    error: z.string().openapi({ example: 'illegal_status' }),
    message: z.string(),
    field: z.string().optional().openapi({ description: 'The input field at fault, when there is one' }),
  })
  .openapi('AdviceRefusal');
const refusal = (description: string) => ({ 409: json(AdviceRefusalBody, description) });
const refused = (r: { reason: AdviceRefusal; field?: string }) => ({
  error: r.reason,
  message: adviceRefusalMessage(r.reason),
  ...(r.field ? { field: r.field } : {}),
});

const LetterRefusalBody = z
  .object({
    error: z.string().openapi({ example: 'unknown_fields' }),
    message: z.string(),
    field: z.string().optional().openapi({ description: 'The input field at fault, when there is one' }),
    unknown: z
      .array(z.string())
      .optional()
      .openapi({ description: '`unknown_fields`: the fields as written; `missing_fields`: the field names' }),
  })
  .openapi('LetterRefusal');
const letterRefused = (r: LetterRefused) => ({
  error: r.reason,
  message: r.message,
  ...(r.field ? { field: r.field } : {}),
  ...(r.unknown ? { unknown: r.unknown } : {}),
});

const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

const file = (contentType: string, description: string) => ({
  200: { description, content: { [contentType]: { schema: z.string().openapi({ format: 'binary' }) } } },
});

const entryKinds = ['note', ...adviceActionKinds] as const;

// The shared input pieces (platform/validation) are described with zod's own `.describe`: `.openapi` is not there
// on schemas built outside hono's zod under vitest.
/** A day already come, in Paris: a case is opened, a letter sent, on a day that has happened. */
const PastDay = (description: string) =>
  CalendarDay.refine((v) => v <= localDate(new Date()), 'La date ne peut pas être dans le futur').describe(
    description,
  );
/** Free text on a few lines (what the household says, a note): line breaks and tabs, but no other control character. */
const Paragraph = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .min(min, message)
    .max(max, `${max} caractères au plus`)
    .regex(/^(?:[^\p{Cc}]|[\t\n\r])*$/u, 'Caractères non autorisés');

const NewCase = z
  .object({
    householdId: Id.openapi({ description: 'Any household of the programme' }),
    memberId: Id.openapi({ description: 'The household member the case is for' }),
    topic: z.enum(adviceTopics, 'Choisissez un sujet de la liste'),
    operatorId: Id.optional().openapi({ description: 'The operator concerned, when it is a partner' }),
    operatorName: SingleLine(1, 120, 'Écrivez le nom de l’opérateur')
      .optional()
      .describe('The operator concerned, by name, when it is not a partner'),
    summary: Paragraph(1, 4000, 'Décrivez la demande').describe('What the household asks, in a few words'),
    openedOn: PastDay('The day the household came (not in the future), e.g. 2027-01-12'),
  })
  .refine((v) => !(v.operatorId && v.operatorName), {
    path: ['operatorName'],
    message: 'Choisissez un opérateur de la liste ou écrivez son nom, pas les deux',
  })
  .openapi('NewAdviceCase');

const NewEntry = z
  .object({
    kind: z.enum(entryKinds, 'Choisissez le type de note ou d’action').openapi({
      description:
        '`note`, or an action: `letter_sent`, `formal_notice`, `ombudsman` (referral to the electronic ' +
        'communications ombudsman), `social_worker` (referral to a social worker), `other`',
    }),
    on: PastDay('The day it happened (not in the future)'),
    body: Paragraph(1, 4000, 'Écrivez la note'),
  })
  .openapi('NewAdviceEntry');

const StatusChange = z
  .object({
    status: z.enum(adviceStatuses, 'Choisissez un état de la liste'),
    outcome: Paragraph(0, 1000, 'Décrivez le résultat')
      .optional()
      .describe('What came of it, in words (when resolved or closed)'),
    recoveredCents: z
      .number('Somme en centimes attendue')
      .int('Somme en centimes attendue')
      .min(0, 'La somme ne peut pas être négative')
      .max(100_000_000, 'Somme trop grande')
      .optional()
      .openapi({ description: 'Money recovered for the household, in cents (when resolved)', example: 8970 }),
  })
  .refine((v) => !v.recoveredCents || v.status === 'resolved', {
    path: ['recoveredCents'],
    message: 'Une somme récupérée va avec un dossier résolu',
  })
  .openapi('AdviceStatusChange');

const CaseSummary = z
  .object({
    id: z.number(),
    reference: z.string().openapi({ example: 'CONS-2027-0042' }),
    topic: z.enum(adviceTopics),
    status: z.enum(adviceStatuses),
    householdId: z.number(),
    memberName: z.string(),
    operator: z.string().nullable().openapi({ description: 'The partner’s name, or the name written' }),
    openedOn: Day,
    closedOn: Day.nullable(),
    recoveredCents: z.number(),
  })
  .openapi('AdviceCaseSummary');

const Entry = z
  .object({
    id: z.number(),
    kind: z.enum(entryKinds),
    on: Day,
    body: z.string(),
    letterId: z.number().nullable().openapi({ description: 'The letter this entry records, if any' }),
    author: z.string(),
    createdAt: Instant,
  })
  .openapi('AdviceEntry');

const CaseDetail = z
  .object({
    id: z.number(),
    reference: z.string(),
    householdId: z.number(),
    memberId: z.number(),
    memberName: z.string(),
    topic: z.enum(adviceTopics),
    operatorId: z.number().nullable(),
    operatorName: z.string().nullable().openapi({ description: 'The name written, when not a partner' }),
    operator: z.string().nullable(),
    summary: z.string(),
    status: z.enum(adviceStatuses),
    outcome: z.string().nullable(),
    recoveredCents: z.number(),
    openedOn: Day,
    closedOn: Day.nullable(),
    openedBy: z.string(),
    updatedAt: Instant,
    entries: z.array(Entry).openapi({ description: 'Notes and actions, by day' }),
  })
  .openapi('AdviceCase');
const caseJson = (r: Awaited<ReturnType<typeof getCase>>) => ({
  id: r.id,
  reference: r.reference,
  householdId: r.householdId,
  memberId: r.memberId,
  memberName: r.memberName,
  topic: r.topic,
  operatorId: r.operatorId,
  operatorName: r.operatorName,
  operator: r.operator,
  summary: r.summary,
  status: r.status,
  outcome: r.outcome,
  recoveredCents: r.recoveredCents,
  openedOn: r.openedOn,
  closedOn: r.closedOn,
  openedBy: r.openedBy,
  updatedAt: r.updatedAt.toISOString(),
  entries: r.entries.map((e) => ({
    id: e.id,
    kind: e.kind,
    on: e.on,
    body: e.body,
    letterId: e.letterId,
    author: e.author,
    createdAt: e.createdAt.toISOString(),
  })),
});

const DocumentParams = z.object({
  id: Id.openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
  documentId: Id.openapi({ param: { name: 'documentId', in: 'path' }, example: 1 }),
});
const LetterParams = z.object({
  id: Id.openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
  letterId: Id.openapi({ param: { name: 'letterId', in: 'path' }, example: 1 }),
});

const Upload = fileUpload('AdviceDocumentUpload');

const Document = z
  .object({
    id: z.number(),
    name: z
      .string()
      .openapi({ description: 'Cleaned; the extension is the one of the type found in the content' }),
    mediaType: z.enum(documentMediaTypes),
    size: z.number().openapi({ description: 'Bytes' }),
    sha256: z.string(),
    uploadedBy: z.string(),
    uploadedAt: Instant,
  })
  .openapi('AdviceDocument');
const DocumentRefusalBody = z
  .object({
    error: z.enum(['empty', 'too_large', 'unsupported_type']),
    message: z.string(),
  })
  .openapi('AdviceDocumentRefusal');

const Template = z
  .object({
    id: z.number(),
    name: z.string(),
    subject: z.string(),
    body: z
      .string()
      .openapi({ description: 'With {{fields}}: titulaire, adresse, operateur, reference_dossier, …' }),
    updatedBy: z.string(),
    updatedAt: Instant,
  })
  .openapi('LetterTemplate');

const NewLetter = z
  .object({
    templateId: Id.openapi({
      description: 'One of the association’s templates (GET /advice-letter-templates)',
    }),
    recipient: Paragraph(0, 300, 'Indiquez le destinataire')
      .optional()
      .describe(
        'The operator’s postal address, 6 lines of 38 characters at most (default: the operator’s name)',
      ),
  })
  .openapi('NewAdviceLetter');
const Letter = z
  .object({
    id: z.number(),
    templateId: z.number().nullable(),
    subject: z.string(),
    recipient: z.string(),
    generatedBy: z.string(),
    generatedAt: Instant,
  })
  .openapi('AdviceLetter');

/** A published cell: `count` is null when fewer than 11 cases are in it (shown "< 11"), or to protect such a cell. */
const Cell = z.object({
  key: z.string(),
  count: z.number().nullable().openapi({ description: 'null: fewer than 11 (statistical secrecy)' }),
});
const Breakdown = z.object({
  cells: z.array(Cell),
  total: z.number().nullable().openapi({ description: 'null when the total itself is under 11' }),
});
const AdviceStats = z
  .object({
    from: Day,
    to: Day,
    byTopic: Breakdown,
    byOperator: Breakdown.openapi({
      description: 'By the operator’s name ("Autre opérateur" when not a partner)',
    }),
    byOutcome: Breakdown.openapi({
      description: 'By status: open, waiting_operator, resolved, closed_no_result',
    }),
    byMonth: Breakdown.openapi({ description: 'By month opened, YYYY-MM' }),
  })
  .openapi('AdviceStats');

export function adviceApi() {
  return (
    apiRouter()
      .openapi(
        createRoute({
          method: 'get',
          path: '/advice-cases',
          tags: caseTags,
          summary: 'The association’s cases, newest first (an adviser; no one else sees any)',
          request: {
            query: z.object({
              status: z.enum(adviceStatuses, 'Choisissez un état de la liste').optional(),
              topic: z.enum(adviceTopics, 'Choisissez un sujet de la liste').optional(),
              householdId: Id.optional(),
              before: Id.optional().openapi({ description: 'nextBefore of the previous page' }),
              limit: z.coerce.number().int().min(1).max(200).default(50),
            }),
          },
          responses: {
            200: json(
              z.object({ items: z.array(CaseSummary), nextBefore: z.number().nullable() }),
              'A page of cases',
            ),
            ...errorResponses,
          },
        }),
        async (c) => {
          const { before, limit, ...filter } = c.req.valid('query');
          const rows = await listCases({
            db: c.var.db,
            actor: c.var.actor,
            filter: { ...filter, beforeId: before, limit },
          });
          return c.json(
            { items: rows, nextBefore: rows.length === limit ? (rows.at(-1)?.id ?? null) : null },
            200,
          );
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/advice-cases',
          tags: caseTags,
          summary: 'Open a case for a household member (an adviser, for their association)',
          description:
            'The case gets a reference `CONS-<year>-<number>` and is visible to the adviser’s association only. ' +
            'The household’s timeline says a case exists, never its topic.',
          request: body(NewCase),
          responses: {
            201: json(z.object({ caseId: z.number(), reference: z.string() }), 'Opened'),
            ...refusal(
              'Refused: the person is not of this household, or the operator not a partner operator',
            ),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await openCase({ db: c.var.db, actor: c.var.actor, input: c.req.valid('json') });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ caseId: result.caseId, reference: result.reference }, 201);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/advice-cases/{id}',
          tags: caseTags,
          summary: 'One case with its notes and actions (the association holding it; reading is recorded)',
          request: { params: PathId },
          responses: { 200: json(CaseDetail, 'The case'), ...errorResponses },
        }),
        async (c) => {
          const row = await getCase({ db: c.var.db, actor: c.var.actor, caseId: c.req.valid('param').id });
          return c.json(caseJson(row), 200);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/advice-cases/{id}/entries',
          tags: caseTags,
          summary:
            'Add a note or an action: letter sent, formal notice, referral to the ombudsman or a social worker',
          request: { params: PathId, ...body(NewEntry) },
          responses: { 201: json(z.object({ entryId: z.number() }), 'Added'), ...errorResponses },
        }),
        async (c) => {
          const result = await addEntry({
            db: c.var.db,
            actor: c.var.actor,
            caseId: c.req.valid('param').id,
            input: c.req.valid('json'),
          });
          return c.json({ entryId: result.entryId }, 201);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/advice-cases/{id}/status',
          tags: caseTags,
          summary:
            'Move a case on: waiting for the operator, resolved (outcome, money recovered), closed, reopened',
          description:
            'open ⇄ waiting_operator → resolved | closed_no_result; a resolved or closed case may be reopened ' +
            '(`open`). The outcome and the money recovered are replaced by what is sent (absent: none).',
          request: { params: PathId, ...body(StatusChange) },
          responses: {
            200: json(z.object({ status: z.enum(adviceStatuses) }), 'Changed'),
            ...refusal('Refused: the case cannot go to this status from its current one'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const input = c.req.valid('json');
          const result = await setCaseStatus({
            db: c.var.db,
            actor: c.var.actor,
            caseId: c.req.valid('param').id,
            input,
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ status: input.status }, 200);
        },
      )
      // Documents
      .openapi(
        createRoute({
          method: 'post',
          path: '/advice-cases/{id}/documents',
          tags: documentTags,
          summary: 'Add a document the household brought: a PDF or a photo (JPEG, PNG), 10 MiB at most',
          description:
            'Sent as `multipart/form-data` with the file in `file`. The type is found from the content, never ' +
            'from the name or the declared type: anything else is refused (422, in plain French). The name is ' +
            'cleaned (path, invisible characters) and given the extension of the type found.',
          middleware: [multipartOnly(), uploadLimit] as const,
          request: {
            params: PathId,
            body: { content: { 'multipart/form-data': { schema: Upload } }, required: true },
          },
          responses: {
            201: json(z.object({ documentId: z.number() }), 'Added'),
            ...errorResponses,
            413: json(DocumentRefusalBody, 'The request is larger than 10 MiB (`too_large`)'),
            415: json(ErrorBody, 'Not sent as multipart/form-data'),
            422: json(DocumentRefusalBody, 'The file is empty, too large, or not a PDF, JPEG or PNG'),
          },
        }),
        async (c) => {
          const upload = c.req.valid('form').file;
          const result = await addDocument({
            db: c.var.db,
            actor: c.var.actor,
            caseId: c.req.valid('param').id,
            upload: await fileOf(upload),
          });
          if (!result.ok) return c.json({ error: result.reason, message: result.message }, 422);
          return c.json({ documentId: result.documentId }, 201);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/advice-cases/{id}/documents',
          tags: documentTags,
          summary: 'The documents of a case: what they are, not their content',
          request: { params: PathId },
          responses: {
            200: json(z.object({ items: z.array(Document) }), 'The documents'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const rows = await listDocuments({
            db: c.var.db,
            actor: c.var.actor,
            caseId: c.req.valid('param').id,
          });
          return c.json({ items: rows.map((d) => ({ ...d, uploadedAt: d.uploadedAt.toISOString() })) }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/advice-cases/{id}/documents/{documentId}',
          tags: documentTags,
          summary: 'Download a document (always as an attachment, of the type found in its content)',
          description: 'Reading it is recorded. Served with `nosniff`, a sandboxing policy and no caching.',
          request: { params: DocumentParams },
          responses: {
            200: {
              description: 'The file',
              content: Object.fromEntries(
                documentMediaTypes.map((type) => [
                  type,
                  { schema: z.string().openapi({ format: 'binary' }) },
                ]),
              ),
            },
            ...errorResponses,
          },
        }),
        async (c) => {
          const { id, documentId } = c.req.valid('param');
          const doc = await getDocument({ db: c.var.db, actor: c.var.actor, caseId: id, documentId });
          return downloadDocument(doc);
        },
      )
      // Letters
      .openapi(
        createRoute({
          method: 'get',
          path: '/advice-letter-templates',
          tags: letterTags,
          summary: 'The association’s letter templates (termination, dispute, formal notice…)',
          responses: {
            200: json(z.object({ items: z.array(Template) }), 'The templates'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const rows = await listTemplates({ db: c.var.db, actor: c.var.actor });
          return c.json({ items: rows.map((t) => ({ ...t, updatedAt: t.updatedAt.toISOString() })) }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/advice-letter-templates',
          tags: letterTags,
          summary: 'Add a letter template to the association’s, or change one (with `id`)',
          description:
            'Fields are written `{{name}}`: titulaire, adresse, operateur, reference_dossier, date, association, ' +
            'objet. A template with an unknown field is refused (409 `unknown_fields`, listing them).',
          request: body(LetterTemplateInput),
          responses: {
            201: json(z.object({ templateId: z.number() }), 'Saved'),
            409: json(LetterRefusalBody, 'Refused: an unknown field, or a name the association already uses'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await saveTemplate({ db: c.var.db, actor: c.var.actor, input: c.req.valid('json') });
          if (!result.ok) return c.json(letterRefused(result), 409);
          return c.json({ templateId: result.templateId }, 201);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/advice-cases/{id}/letters',
          tags: letterTags,
          summary: 'The letters generated for a case, newest first',
          request: { params: PathId },
          responses: { 200: json(z.object({ items: z.array(Letter) }), 'The letters'), ...errorResponses },
        }),
        async (c) => {
          const rows = await listLetters({
            db: c.var.db,
            actor: c.var.actor,
            caseId: c.req.valid('param').id,
          });
          return c.json(
            { items: rows.map((l) => ({ ...l, generatedAt: l.generatedAt.toISOString() })) },
            200,
          );
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/advice-cases/{id}/letters',
          tags: letterTags,
          summary:
            'Generate a letter from a template, filled from the case; the case records it as a letter sent',
          request: { params: PathId, ...body(NewLetter) },
          responses: {
            201: json(z.object({ letterId: z.number() }), 'Generated'),
            409: json(
              LetterRefusalBody,
              'Refused: an unknown field in the template, something the letter needs is missing (the household’s ' +
                'address, the operator), or the recipient’s address is too long',
            ),
            ...errorResponses,
          },
        }),
        async (c) => {
          const { templateId, recipient } = c.req.valid('json');
          const result = await generateLetter({
            db: c.var.db,
            actor: c.var.actor,
            caseId: c.req.valid('param').id,
            templateId,
            recipient: recipient || undefined,
          });
          if (!result.ok) return c.json(letterRefused(result), 409);
          return c.json({ letterId: result.letterId }, 201);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/advice-cases/{id}/letters/{letterId}/pdf',
          tags: letterTags,
          summary: 'A letter as a PDF to print, sign and post (reading it is recorded)',
          request: { params: LetterParams },
          responses: { ...file('application/pdf', 'The letter'), ...errorResponses },
        }),
        async (c) => {
          const { id, letterId } = c.req.valid('param');
          const pdf = await letterPdf({ db: c.var.db, actor: c.var.actor, caseId: id, letterId });
          return new Response(new Uint8Array(pdf), {
            headers: documentHeaders({
              name: `courrier-${letterId}.pdf`,
              mediaType: 'application/pdf',
              size: pdf.length,
            }),
          });
        },
      )
      // Statistics
      .openapi(
        createRoute({
          method: 'get',
          path: '/advice-stats',
          tags: statsTags,
          summary: 'Anonymous counts of cases opened in a period (the coordinator, the landlord)',
          description:
            'By topic, operator, outcome and month, over every association. A cell about fewer than 11 cases is ' +
            '`null` (shown "< 11"), and so is a second one when it alone could give the first away. No case, ' +
            'person or association is ever named. Counts are for whole months: `from` is taken back to the first ' +
            'of its month and `to` forward to the first of a month (the period counted is in the answer); a total ' +
            'under 11 gives no row at all.',
          request: {
            query: z
              .object({
                from: CalendarDay.describe('First day of the period, included (its month is counted whole)'),
                to: CalendarDay.describe(
                  'Day after the period, excluded (rounded up to the first of a month)',
                ),
              })
              .refine((v) => v.to > v.from, { path: ['to'], message: 'La fin doit suivre le début' }),
          },
          responses: { 200: json(AdviceStats, 'The counts'), ...errorResponses },
        }),
        async (c) => {
          const { from, to } = c.req.valid('query');
          const { period, ...stats } = await adviceStats({ db: c.var.db, actor: c.var.actor, from, to });
          return c.json({ ...period, ...stats }, 200);
        },
      )
  );
}
