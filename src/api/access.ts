// /api/v1 access: the sectors' collective service and tariffs (landlord), the monthly charges file (landlord's
// accountant), and activation requests (households ask, the operator schedules and activates, facilities help).
import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import {
  type AccessRefusal,
  ActivationEventInput,
  type ActivationStatus,
  Adjustment,
  accessRefusalMessage,
  activationRequest,
  activationStatuses,
  addAdjustment,
  addTariff,
  type appointmentSlots,
  type ChargeSummary,
  chargeSummary,
  chargesCsv,
  closeCharges,
  closeService,
  defaultLateness,
  failureReasons,
  getActivationRequest,
  installOutcomes,
  type LatenessSettings,
  listActivationRequests,
  listChargeLines,
  listChargeMonths,
  listServices,
  NewService,
  NewTariff,
  type OperatorRequestView,
  openService,
  recordActivationEvent,
  recordInstallOutcome,
  requestActivation,
  runCharges,
  SignUp,
  type StaffRequestView,
  scheduleInstallVisit,
} from '../access/index.ts';
import { IsoDate } from '../households/index.ts';
import { type CsvRecord, csvCell, parseCsv } from '../platform/csv/index.ts';
import { LocalDateTime, toLocalInput } from '../platform/dates.ts';
import { downloadResponse } from '../platform/http/index.ts';
import { assertCanAtAll, ForbiddenError, NotFoundError } from '../platform/permissions/index.ts';
import { IsoInstant } from '../platform/validation.ts';
import { apiRouter, ErrorBody, errorResponses, Id, json, PathId } from './context.ts';

const serviceTags = ['Services'];
const chargeTags = ['Charges'];
const requestTags = ['Activation requests'];

// ---- Schemas ----------------------------------------------------------------------------------------------------

const Created = z.object({ id: z.number() });
const AccessRefusalBody = z
  .object({
    error: z.string().openapi({ example: 'month_closed' }),
    message: z.string(),
    field: z.string().optional().openapi({ description: 'The input field at fault, when there is one' }),
  })
  .openapi('AccessRefusal');
const refusal = (description: string) => ({ 409: json(AccessRefusalBody, description) });
const refused = (r: { reason: AccessRefusal; field?: string }) => ({
  error: r.reason,
  message: accessRefusalMessage(r.reason),
  ...(r.field ? { field: r.field } : {}),
});

const LineMessage = z.object({ line: z.number(), message: z.string() });
const ImportErrors = z
  .object({
    error: z.string().openapi({ example: 'invalid_file' }),
    message: z.string(),
    errors: z
      .array(LineMessage)
      .optional()
      .openapi({ description: 'Every line at fault (line 1 is the header)' }),
  })
  .openapi('ImportErrors');

const Service = z
  .object({
    id: z.number(),
    sectorId: z.number(),
    sectorName: z.string(),
    neighbourhoodName: z.string(),
    description: z.string(),
    opensOn: z.string().openapi({ format: 'date' }),
    closesOn: z.string().openapi({ format: 'date' }).nullable(),
    operatorId: z.number(),
    dwellingCount: z.number(),
    tariffs: z
      .array(
        z.object({
          id: z.number(),
          monthlyAmountCents: z.number(),
          effectiveFrom: z.string().openapi({ format: 'date' }),
        }),
      )
      .openapi({
        description: 'Newest first; the one in force on a day is the latest that started on or before it',
      }),
  })
  .openapi('SectorService');

const Summary = z
  .object({
    month: z.string().openapi({ example: '2027-03' }),
    status: z.enum(['open', 'closed']),
    runAt: z.string().nullable(),
    runBy: z.string().nullable(),
    closedAt: z.string().nullable(),
    closedBy: z.string().nullable(),
    lines: z.number(),
    totalCents: z.number(),
    vacantLines: z.number().openapi({ description: 'Vacant dwellings: billed to the landlord' }),
    bySector: z.array(
      z.object({
        sectorId: z.number(),
        sectorName: z.string(),
        dwellings: z.number(),
        tariffCents: z.number(),
        totalCents: z.number(),
      }),
    ),
    adjustments: z.object({ count: z.number(), totalCents: z.number() }),
    reconciles: z
      .boolean()
      .openapi({ description: 'Sum of the lines = Σ dwellings × tariff, per sector and in total' }),
  })
  .openapi('ChargeSummary');
const summaryJson = (s: ChargeSummary) => ({
  ...s,
  runAt: s.runAt?.toISOString() ?? null,
  closedAt: s.closedAt?.toISOString() ?? null,
});

const ChargeMonth = z
  .object({
    month: z.string().openapi({ example: '2027-03' }),
    status: z.enum(['open', 'closed']),
    runAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    lines: z.number(),
    totalCents: z.number().openapi({ description: 'Charges and adjustments' }),
  })
  .openapi('ChargeMonth');

const ChargeLine = z
  .object({
    id: z.number(),
    month: z.string(),
    kind: z.enum(['charge', 'adjustment']),
    dwellingReference: z.string(),
    address: z.string(),
    sectorCode: z.string(),
    householdReference: z
      .string()
      .nullable()
      .openapi({ description: 'Null: vacant, billed to the landlord' }),
    amountCents: z.number(),
    adjustsLineId: z.number().nullable(),
    reason: z.string().nullable(),
  })
  .openapi('ChargeLine');

const MonthParam = z.object({
  // Built here rather than from the module's `Month`: schemas get `.openapi` only once zod-openapi has loaded.
  month: z
    .string()
    .regex(/^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/, 'Mois attendu au format AAAA-MM, par exemple 2027-03')
    .openapi({ param: { name: 'month', in: 'path' }, example: '2027-03' }),
});

const OperatorRequest = z
  .object({
    id: z.number(),
    status: z.enum(activationStatuses),
    dwellingReference: z.string(),
    address: z.string(),
    postcode: z.string(),
    city: z.string(),
    floor: z.number().nullable(),
    contactName: z.string(),
    contactPhone: z.string(),
    slots: z.array(z.string()),
    installHelp: z.boolean(),
    sentAt: z.string(),
    scheduledFor: z.string().nullable(),
    activatedOn: z.string().nullable(),
    equipmentRef: z.string().nullable(),
    failureReason: z.string().nullable(),
    failureDetail: z.string().nullable(),
    updatedAt: z.string(),
    late: z.enum(['not_scheduled', 'not_activated']).nullable(),
  })
  .openapi('OperatorActivationRequest', {
    description: 'What an operator sees of a request: what the appointment needs, nothing more',
  });
const StaffRequest = OperatorRequest.extend({
  householdId: z.number(),
  householdReference: z.string(),
  sectorName: z.string(),
  operatorName: z.string(),
  installVisitAt: z.string().nullable(),
  installVisitBy: z.string().nullable(),
}).openapi('StaffActivationRequest');
const ActivationRequest = z.union([StaffRequest, OperatorRequest]).openapi('ActivationRequest', {
  description:
    'Operators get the operator view; the landlord, the coordinator, facilities and residents more',
});

type RequestView = OperatorRequestView | StaffRequestView;
const iso = (d: Date | null) => d?.toISOString() ?? null;
function requestJson(r: RequestView) {
  const base = {
    ...r,
    sentAt: r.sentAt.toISOString(),
    scheduledFor: iso(r.scheduledFor),
    updatedAt: r.updatedAt.toISOString(),
  };
  return 'installVisitAt' in r ? { ...base, installVisitAt: iso(r.installVisitAt) } : base;
}

const ActivationEvent = z.object({
  kind: z.string(),
  toStatus: z.string(),
  at: z.string(),
  details: z.record(z.string(), z.unknown()).nullable(),
  recordedBy: z.string(),
});

// ---- Files --------------------------------------------------------------------------------------------------------

export const requestCsvColumns = [
  'id',
  'statut',
  'reference_logement',
  'adresse',
  'code_postal',
  'commune',
  'etage',
  'contact',
  'telephone',
  'creneaux',
  'aide_installation',
  'envoyee_le',
  'rendez_vous',
  'active_le',
  'materiel',
  'echec',
  'detail',
] as const;
export const eventCsvColumns = ['id', 'evenement', 'date', 'materiel', 'raison', 'detail'] as const;

const statusWords: Record<ActivationStatus, string> = {
  sent: 'envoyee',
  scheduled: 'planifiee',
  activated: 'activee',
  failed: 'echec',
  cancelled: 'annulee',
};
const slotWords: Record<(typeof appointmentSlots)[number], string> = {
  weekday_morning: 'en semaine le matin',
  weekday_afternoon: 'en semaine l’après-midi',
  weekday_evening: 'en semaine le soir',
  saturday_morning: 'le samedi matin',
};

const localDateTime = (d: Date | null) => (d ? toLocalInput(d).replace('T', ' ') : '');

function requestCsvRow(r: RequestView): string {
  return [
    String(r.id),
    statusWords[r.status],
    r.dwellingReference,
    r.address,
    r.postcode,
    r.city,
    r.floor === null ? '' : String(r.floor),
    r.contactName,
    r.contactPhone,
    r.slots.map((s) => slotWords[s as keyof typeof slotWords] ?? s).join(', '),
    r.installHelp ? 'oui' : 'non',
    localDateTime(r.sentAt),
    localDateTime(r.scheduledFor),
    r.activatedOn ?? '',
    r.equipmentRef ?? '',
    r.failureReason ?? '',
    r.failureDetail ?? '',
  ]
    .map(csvCell)
    .join(';');
}

const eventWords = { planifie: 'scheduled', active: 'activated', echec: 'failed' } as const;
const columnOf: Record<string, string> = {
  scheduledFor: 'date',
  activatedOn: 'date',
  equipmentRef: 'materiel',
  reason: 'raison',
  detail: 'detail',
};
const maxImportLines = 5000;

interface ImportLine {
  line: number;
  requestId: number;
  input: ActivationEventInput;
  key: string;
}

/** Reads every line of the operator's events file; a line with an error is reported, none is applied. */
function readEventsFile(file: string): { lines: ImportLine[]; errors: { line: number; message: string }[] } {
  const { headers, records } = parseCsv(file);
  const missing = (['id', 'evenement'] as const).filter((c) => !headers.includes(c));
  if (missing.length)
    return { lines: [], errors: [{ line: 1, message: `colonnes manquantes : ${missing.join(', ')}` }] };
  if (records.length > maxImportLines)
    return {
      lines: [],
      errors: [{ line: 1, message: `au plus ${maxImportLines} lignes par fichier (${records.length} lues)` }],
    };
  const lines: ImportLine[] = [];
  const errors: { line: number; message: string }[] = [];
  for (const { line, values } of records as CsvRecord[]) {
    const v = Object.fromEntries(eventCsvColumns.map((c) => [c, values[c]?.trim() ?? ''])) as Record<
      (typeof eventCsvColumns)[number],
      string
    >;
    const id = Id.safeParse(v.id);
    if (!id.success) errors.push({ line, message: `id : identifiant de demande attendu (« ${v.id} »)` });
    const kind = eventWords[v.evenement as keyof typeof eventWords];
    if (!kind) {
      errors.push({ line, message: 'evenement : attendu planifie, active ou echec' });
      continue;
    }
    const parsed = ActivationEventInput.safeParse(
      kind === 'scheduled'
        ? { kind, scheduledFor: v.date }
        : kind === 'activated'
          ? { kind, activatedOn: v.date, equipmentRef: v.materiel }
          : { kind, reason: v.raison, detail: v.detail },
    );
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({
          line,
          message: `${columnOf[String(issue.path[0])] ?? 'evenement'} : ${issue.message}`,
        });
      continue;
    }
    if (!id.success) continue;
    const key = `csv:${createHash('sha256')
      .update(JSON.stringify(eventCsvColumns.map((c) => v[c])))
      .digest('hex')}`;
    lines.push({ line, requestId: id.data, input: parsed.data, key });
  }
  return { lines, errors };
}

// ---- Routes -------------------------------------------------------------------------------------------------------

/** `lateness`: the programme's thresholds for late connection requests (configuration). */
export function accessApi({ lateness = defaultLateness }: { lateness?: LatenessSettings } = {}) {
  return (
    apiRouter()
      // Services
      .openapi(
        createRoute({
          method: 'get',
          path: '/services',
          tags: serviceTags,
          summary: 'Sector services with their tariff history, and adopted sectors still without a service',
          responses: {
            200: json(
              z.object({
                items: z.array(Service),
                adoptedWithoutService: z.array(z.object({ id: z.number(), name: z.string() })).openapi({
                  description: 'Sectors whose tenants adopted the service (programme-wide roles only)',
                }),
              }),
              'The services',
            ),
            ...errorResponses,
          },
        }),
        async (c) => {
          const { services, adoptedWithoutService } = await listServices({
            db: c.var.db,
            actor: c.var.actor,
          });
          return c.json({ items: services, adoptedWithoutService }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/services',
          tags: serviceTags,
          summary:
            'Open the service of a sector whose tenants adopted it, with the agreement’s operator and tariff',
          description:
            'The service opens on the first day of a month; the first tariff comes from the agreement.',
          request: { body: { content: { 'application/json': { schema: NewService } }, required: true } },
          responses: {
            201: json(Created, 'Opened'),
            ...refusal('Refused: the tenants did not adopt the service, or the sector already has one'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await openService({ db: c.var.db, actor: c.var.actor, input: c.req.valid('json') });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ id: result.serviceId }, 201);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/services/{id}/tariffs',
          tags: serviceTags,
          summary: 'A new monthly amount from the first day of a future month (the past never changes)',
          request: {
            params: PathId,
            body: { content: { 'application/json': { schema: NewTariff } }, required: true },
          },
          responses: {
            201: json(Created, 'Added'),
            ...refusal('Refused: the month has started, or a tariff already starts that month'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await addTariff({
            db: c.var.db,
            actor: c.var.actor,
            serviceId: c.req.valid('param').id,
            input: c.req.valid('json'),
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ id: result.tariffId }, 201);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/services/{id}/close',
          tags: serviceTags,
          summary: 'End a service from the first day of a future month (no charges from that month on)',
          request: {
            params: PathId,
            body: {
              content: { 'application/json': { schema: z.object({ closesOn: IsoDate }) } },
              required: true,
            },
          },
          responses: {
            204: { description: 'Closed from that day' },
            ...refusal('Refused: the day is not the first of a future month'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await closeService({
            db: c.var.db,
            actor: c.var.actor,
            serviceId: c.req.valid('param').id,
            closesOn: c.req.valid('json').closesOn,
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.body(null, 204);
        },
      )
      // Charges
      .openapi(
        createRoute({
          method: 'get',
          path: '/charges',
          tags: chargeTags,
          summary: 'The months whose charges were run, newest first',
          responses: {
            200: json(z.object({ items: z.array(ChargeMonth) }), 'The months'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const months = await listChargeMonths({ db: c.var.db, actor: c.var.actor });
          return c.json(
            {
              items: months.map((m) => ({ ...m, runAt: iso(m.runAt), closedAt: iso(m.closedAt) })),
            },
            200,
          );
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/charges/{month}/run',
          tags: chargeTags,
          summary:
            'Compute (or compute again) an open month’s charges: one line per dwelling of every open sector',
          description:
            'The tariff in force on the 1st, billed to the tenancy active that day (vacant: to the landlord). ' +
            'Running again replaces the charges with the same ones and keeps adjustments.',
          request: { params: MonthParam },
          responses: {
            200: json(Summary, 'The month’s summary'),
            ...refusal('Refused: the month is closed, or has not started'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await runCharges({
            db: c.var.db,
            actor: c.var.actor,
            month: c.req.valid('param').month,
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json(summaryJson(result.summary), 200);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/charges/{month}',
          tags: chargeTags,
          summary:
            'A month’s summary: totals by sector, vacant dwellings, adjustments, and whether it reconciles',
          request: { params: MonthParam },
          responses: {
            200: json(Summary, 'The summary'),
            ...errorResponses,
            404: json(ErrorBody, 'Not run yet (`not_found`)'),
          },
        }),
        async (c) => {
          const summary = await chargeSummary({
            db: c.var.db,
            actor: c.var.actor,
            month: c.req.valid('param').month,
          });
          if (!summary)
            return c.json(
              { error: 'not_found', message: 'Ces charges n’ont pas encore été calculées.' },
              404,
            );
          return c.json(summaryJson(summary), 200);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/charges/{month}/close',
          tags: chargeTags,
          summary: 'Close a month once sent to the rent software: its lines never change again',
          request: { params: MonthParam },
          responses: {
            204: { description: 'Closed' },
            ...refusal('Refused: the month was not run, or is already closed'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await closeCharges({
            db: c.var.db,
            actor: c.var.actor,
            month: c.req.valid('param').month,
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.body(null, 204);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/charges/{month}/lines',
          tags: chargeTags,
          summary: 'A page of the month’s lines (charges and adjustments), in a stable order',
          request: {
            params: MonthParam,
            query: z.object({
              after: z.coerce
                .number()
                .int()
                .min(0)
                .max(Number.MAX_SAFE_INTEGER)
                .optional()
                .openapi({ description: 'nextAfter of the previous page' }),
              limit: z.coerce.number().int().min(1).max(1000).default(100),
            }),
          },
          responses: {
            200: json(z.object({ items: z.array(ChargeLine), nextAfter: z.number().nullable() }), 'A page'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const { after, limit } = c.req.valid('query');
          const page = await listChargeLines({
            db: c.var.db,
            actor: c.var.actor,
            month: c.req.valid('param').month,
            afterId: after,
            limit,
          });
          return c.json({ items: page.lines, nextAfter: page.nextAfter }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/charges/{month}/lines.csv',
          tags: chargeTags,
          summary: 'The landlord’s charges file for the month (CSV for French spreadsheets), streamed',
          description:
            'UTF-8 with BOM, `;` separated, decimal comma; one line per charge (vacant dwellings: `reference_foyer` ' +
            'empty, billed to the landlord) and per adjustment.',
          request: { params: MonthParam },
          responses: {
            200: {
              description: 'The file',
              content: { 'text/csv': { schema: z.string().openapi({ format: 'binary' }) } },
            },
            ...errorResponses,
            404: json(ErrorBody, 'Not run yet (`not_found`)'),
          },
        }),
        async (c) => {
          const { month } = c.req.valid('param');
          const { db, actor } = c.var;
          // Checked before answering: once the file streams, an error can no longer become a 403 or a 404.
          if (!(await chargeSummary({ db, actor, month })))
            return c.json(
              { error: 'not_found', message: 'Ces charges n’ont pas encore été calculées.' },
              404,
            );
          const chunks = chargesCsv({ db, actor, month });
          const encoder = new TextEncoder();
          const stream = new ReadableStream<Uint8Array>({
            async pull(controller) {
              const next = await chunks.next();
              if (next.done) controller.close();
              else controller.enqueue(encoder.encode(next.value));
            },
            async cancel() {
              await chunks.return(undefined);
            },
          });
          return new Response(stream, {
            headers: {
              'content-type': 'text/csv; charset=utf-8',
              'content-disposition': `attachment; filename="charges-${month}.csv"`,
              'cache-control': 'no-store',
            },
          });
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/charges/{month}/adjustments',
          tags: chargeTags,
          summary: 'Correct a line of a closed month by an adjustment line in this later, open month',
          request: {
            params: MonthParam,
            body: { content: { 'application/json': { schema: Adjustment } }, required: true },
          },
          responses: {
            201: json(Created, 'The adjustment line'),
            ...refusal(
              'Refused: this month is closed or not run, or the line is not of an earlier closed month',
            ),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await addAdjustment({
            db: c.var.db,
            actor: c.var.actor,
            month: c.req.valid('param').month,
            input: c.req.valid('json'),
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ id: result.lineId }, 201);
        },
      )
      // Activation requests
      .openapi(
        createRoute({
          method: 'get',
          path: '/activation-requests',
          tags: requestTags,
          summary: 'Activation requests the token may see, in a stable order; poll changes with `since`',
          description:
            'Without `since`, by id; with `since`, by last change then id (what an operator’s system polls: keep ' +
            'the same `since` and pass `next` as `after` until `next` is null). Operators see only their requests, ' +
            'and only what the appointment needs.',
          request: {
            query: z
              .object({
                status: z.enum(activationStatuses).optional(),
                since: IsoInstant()
                  .optional()
                  .openapi({ description: 'Only requests changed at or after this instant' }),
                late: z
                  .enum(['true', 'false'])
                  .default('false')
                  .openapi({ description: 'Only requests not scheduled or not activated in time' }),
                after: z.string().max(100).optional().openapi({ description: '`next` of the previous page' }),
                limit: z.coerce.number().int().min(1).max(500).default(100),
              })
              .refine(
                (q) =>
                  q.after === undefined ||
                  (q.since ? /^[^|]+\|\d+$/.test(q.after) : /^\d{1,10}$/.test(q.after)),
                {
                  message: 'Curseur invalide : reprenez `next` de la page précédente, avec le même `since`',
                  path: ['after'],
                },
              ),
          },
          responses: {
            200: json(z.object({ items: z.array(ActivationRequest), next: z.string().nullable() }), 'A page'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const { status, since, late, after, limit } = c.req.valid('query');
          const page = await listActivationRequests({
            settings: lateness,
            db: c.var.db,
            actor: c.var.actor,
            status,
            since: since ? new Date(since) : undefined,
            lateOnly: late === 'true',
            after,
            limit,
          });
          return c.json({ items: page.items.map(requestJson), next: page.next }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/activation-requests.csv',
          tags: requestTags,
          summary: 'All the requests the token may see, as a CSV file (an operator without an integration)',
          description:
            'UTF-8 with BOM, `;` separated, times in Paris time (`AAAA-MM-JJ HH:MM`). Columns: ' +
            `\`${requestCsvColumns.join(';')}\`. \`statut\`: ${Object.values(statusWords).join(', ')}; ` +
            `\`echec\`: ${failureReasons.join(', ')}.`,
          request: { query: z.object({ status: z.enum(activationStatuses).optional() }) },
          responses: {
            200: {
              description: 'The file',
              content: { 'text/csv': { schema: z.string().openapi({ format: 'binary' }) } },
            },
            ...errorResponses,
          },
        }),
        async (c) => {
          const { status } = c.req.valid('query');
          const rows: string[] = [];
          let after: string | undefined;
          do {
            const page = await listActivationRequests({
              settings: lateness,
              db: c.var.db,
              actor: c.var.actor,
              status,
              after,
              limit: 500,
            });
            for (const item of page.items) rows.push(requestCsvRow(item));
            after = page.next ?? undefined;
          } while (after);
          const file = `\uFEFF${[requestCsvColumns.join(';'), ...rows].map((r) => `${r}\r\n`).join('')}`;
          return downloadResponse(
            new TextEncoder().encode(file),
            `demandes-raccordement-${toLocalInput(new Date()).slice(0, 10)}.csv`,
            'text/csv; charset=utf-8',
          );
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/activation-requests/events.csv',
          tags: requestTags,
          summary: 'Import the operator’s steps from a CSV file: scheduled, activated, failed',
          description:
            `Columns \`${eventCsvColumns.join(';')}\`. \`evenement\`: \`planifie\` (\`date\` = appointment, ` +
            '`AAAA-MM-JJ HH:MM` Paris time), `active` (`date` = `AAAA-MM-JJ`, `materiel` required) or `echec` ' +
            `(\`raison\`: ${failureReasons.join(', ')}; \`detail\` optional). Every line is checked first: with any ` +
            'error, nothing is applied (422 with the line numbers). Each line is then applied once: importing the same ' +
            'file again applies nothing new (`replayed`). A step the request cannot take is reported in `refused`.',
          request: {
            body: {
              content: { 'text/csv': { schema: z.string().openapi({ format: 'binary' }) } },
              required: true,
            },
          },
          responses: {
            200: json(
              z.object({
                applied: z.number(),
                replayed: z.number().openapi({ description: 'Lines already applied by an earlier import' }),
                refused: z.array(LineMessage),
              }),
              'What was applied',
            ),
            ...errorResponses,
            422: json(ImportErrors, 'The file has errors; nothing was applied'),
          },
        }),
        async (c) => {
          const { db, actor } = c.var;
          // Only operators record these steps: refuse others before reading anything.
          assertCanAtAll(actor, 'activation.operate');
          const { lines, errors } = readEventsFile(await c.req.text());
          if (errors.length)
            return c.json(
              {
                error: 'invalid_file',
                message: 'Le fichier contient des erreurs : rien n’a été appliqué.',
                errors,
              },
              422,
            );
          let applied = 0;
          let replayed = 0;
          const refusedLines: { line: number; message: string }[] = [];
          for (const l of lines) {
            try {
              // The same line twice is one step, until the request is sent again (a failure next week is new).
              const [current] = await db
                .select({ sentAt: activationRequest.sentAt })
                .from(activationRequest)
                .where(eq(activationRequest.id, l.requestId));
              const result = await recordActivationEvent({
                db,
                actor,
                requestId: l.requestId,
                input: l.input,
                idempotencyKey: `${l.key}:${current?.sentAt.toISOString() ?? ''}`,
              });
              if (!result.ok)
                refusedLines.push({
                  line: l.line,
                  message: `${accessRefusalMessage(result.reason)} (état actuel : ${statusWords[result.status]})`,
                });
              else if (result.replayed) replayed++;
              else applied++;
            } catch (error) {
              if (!(error instanceof NotFoundError || error instanceof ForbiddenError)) throw error;
              refusedLines.push({
                line: l.line,
                message: `Demande ${l.requestId} introuvable parmi les vôtres.`,
              });
            }
          }
          return c.json({ applied, replayed, refused: refusedLines }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/activation-requests/{id}',
          tags: requestTags,
          summary: 'One request with its history',
          request: { params: PathId },
          responses: {
            200: json(
              z.object({ request: ActivationRequest, events: z.array(ActivationEvent) }),
              'The request',
            ),
            ...errorResponses,
          },
        }),
        async (c) => {
          const { request, events } = await getActivationRequest({
            settings: lateness,
            db: c.var.db,
            actor: c.var.actor,
            requestId: c.req.valid('param').id,
          });
          return c.json(
            {
              request: requestJson(request),
              events: events.map((e) => ({
                ...e,
                at: e.at.toISOString(),
                details: (e.details ?? null) as Record<string, unknown> | null,
              })),
            },
            200,
          );
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/households/{id}/activation-requests',
          tags: requestTags,
          summary:
            'A household asks to be connected (itself, or with staff); its consent to share the contact is recorded',
          request: {
            params: PathId,
            body: { content: { 'application/json': { schema: SignUp } }, required: true },
          },
          responses: {
            201: json(Created, 'Sent to the operator'),
            ...refusal(
              'Refused: no open service where the household lives, or a request is already in progress',
            ),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await requestActivation({
            db: c.var.db,
            actor: c.var.actor,
            householdId: c.req.valid('param').id,
            input: c.req.valid('json'),
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.json({ id: result.requestId }, 201);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/activation-requests/{id}/events',
          tags: requestTags,
          summary:
            'One step of a request: the operator schedules, activates or reports a failure; staff re-send or cancel',
          description:
            'With an `Idempotency-Key` header, the same step sent again is applied once (`replayed: true`). ' +
            '`scheduledFor` is an ISO instant with its offset, or local Paris time ("2027-01-04T08:00").',
          request: {
            params: PathId,
            headers: z.object({
              'Idempotency-Key': z
                .string()
                .trim()
                .min(1)
                .max(200)
                .optional()
                .openapi({ description: 'Any unique string per step, e.g. a UUID; kept with the step' }),
            }),
            body: { content: { 'application/json': { schema: ActivationEventInput } }, required: true },
          },
          responses: {
            200: json(
              z.object({ status: z.enum(activationStatuses), replayed: z.boolean() }),
              'Applied, or already applied with this key',
            ),
            409: json(
              z.object({
                error: z.string().openapi({ example: 'illegal_transition' }),
                message: z.string(),
                status: z.enum(activationStatuses).openapi({ description: 'The request’s current status' }),
              }),
              'Refused: this step cannot follow the current status',
            ),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await recordActivationEvent({
            db: c.var.db,
            actor: c.var.actor,
            requestId: c.req.valid('param').id,
            input: c.req.valid('json'),
            idempotencyKey: c.req.valid('header')['Idempotency-Key'],
          });
          if (!result.ok)
            return c.json(
              { error: result.reason, message: accessRefusalMessage(result.reason), status: result.status },
              409,
            );
          return c.json({ status: result.status, replayed: result.replayed }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/activation-requests/{id}/install-visit',
          tags: requestTags,
          summary: 'A facility plans its visit to help install at home',
          description: '`at` is an ISO instant with its offset, or local Paris time ("2027-01-04T14:00").',
          request: {
            params: PathId,
            body: {
              content: { 'application/json': { schema: z.object({ at: LocalDateTime }) } },
              required: true,
            },
          },
          responses: {
            204: { description: 'Planned' },
            ...refusal('Refused: the household did not ask for help to install'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const result = await scheduleInstallVisit({
            db: c.var.db,
            actor: c.var.actor,
            requestId: c.req.valid('param').id,
            at: c.req.valid('json').at,
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.body(null, 204);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/activation-requests/{id}/install-outcome',
          tags: requestTags,
          summary: 'The facility records how its home-installation visit went',
          description:
            '`connected` (installed and working), `not_home` (nobody there: plan another visit), `needs_operator`, `declined`. Shown on the household timeline.',
          request: {
            params: PathId,
            body: {
              content: {
                'application/json': {
                  schema: z.object({
                    outcome: z.enum(installOutcomes),
                    note: z.string().trim().max(500).optional(),
                  }),
                },
              },
              required: true,
            },
          },
          responses: {
            204: { description: 'Recorded' },
            ...refusal('Refused: no help asked, or no visit planned yet'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const body = c.req.valid('json');
          const result = await recordInstallOutcome({
            db: c.var.db,
            actor: c.var.actor,
            requestId: c.req.valid('param').id,
            outcome: body.outcome,
            note: body.note || undefined,
          });
          if (!result.ok) return c.json(refused(result), 409);
          return c.body(null, 204);
        },
      )
  );
}
