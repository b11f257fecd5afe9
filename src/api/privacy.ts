// /api/v1 residents' rights (GDPR art. 15–17, 20): a household's personal data as JSON or PDF (each export logged),
// its erasure, and the register of erasures. The coordinator's; every other role is refused.
import { createRoute, z } from '@hono/zod-openapi';
import { CalendarDay } from '../platform/validation.ts';
import {
  eraseHousehold,
  erasureCauses,
  exportFileName,
  exportHouseholdData,
  listErasures,
  personalDataFormat,
  personalDataPdf,
  refineErasureRequest,
} from '../privacy/index.ts';
import { apiRouter, errorResponses, Id, json, PathId } from './context.ts';

const PersonalData = z
  .object({
    format: z.literal(personalDataFormat.name),
    formatVersion: z.number(),
    generatedAt: z.string().openapi({ format: 'date-time' }),
    programme: z.object({ id: z.number(), name: z.string() }),
    householdId: z.number(),
    modules: z
      .object({
        household: z.object({}).passthrough(),
        accounts: z.object({}).passthrough(),
        votes: z.object({}).passthrough(),
        access: z.object({}).passthrough(),
        equipment: z.object({}).passthrough(),
        notifications: z.object({}).passthrough(),
        workshops: z.object({}).passthrough(),
        certificates: z.object({}).passthrough(),
        advice: z.object({}).passthrough(),
        impact: z.object({}).passthrough(),
        history: z.object({}).passthrough(),
      })
      .openapi({ description: 'One part per module, stable keys: see docs/privacy.md' }),
  })
  .openapi('PersonalData');

const Counts = z.record(z.string(), z.record(z.string(), z.number()));
const Erasure = z
  .object({
    status: z.enum(['erased', 'already_erased']),
    householdId: z.number(),
    erasureId: z.number().nullable(),
    cause: z.enum(erasureCauses).nullable(),
    requestedOn: z.string().nullable(),
    performedAt: z.string().openapi({ format: 'date-time' }),
    keepCertificates: z.boolean(),
    modules: Counts.openapi({ description: 'What each module did, as counts of rows' }),
    message: z.string().optional(),
  })
  .openapi('Erasure');
const ErasureRefused = z
  .object({
    error: z.literal('in_progress'),
    message: z.string(),
    inProgress: z.array(z.object({ kind: z.string(), count: z.number(), label: z.string() })),
  })
  .openapi('ErasureRefused');

const ErasureInput = z
  .object({
    cause: z.enum(erasureCauses, { error: 'Choisissez pourquoi : request ou retention' }).openapi({
      description: '`request`: the person asked (art. 17); `retention`: the end of its retention',
    }),
    requestedOn: CalendarDay.nullable()
      .optional()
      .describe('The day the person asked (required for a request; not in the future)'),
    keepCertificates: z
      .boolean()
      .default(false)
      .openapi({ description: 'The person keeps their certificates (valid, with their name)' }),
  })
  .superRefine(refineErasureRequest)
  .openapi('ErasureInput');

const ErasureRow = z
  .object({
    id: z.number(),
    householdId: z.number().nullable(),
    householdReference: z.string().nullable(),
    cause: z.enum(erasureCauses),
    requestedOn: z.string().nullable(),
    performedAt: z.string().openapi({ format: 'date-time' }),
    actorLabel: z.string(),
    summary: z.object({}).passthrough().nullable(),
  })
  .openapi('ErasureRecord');

export function privacyApi() {
  return apiRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/households/{id}/personal-data',
        tags: ['Residents’ rights'],
        summary:
          'Everything Palier holds on a household, as JSON (portability) or a readable PDF (each export logged)',
        description:
          'GDPR articles 15 and 20, for the coordinator to hand to the person. Every module’s part under stable keys ' +
          '(documented in docs/privacy.md). `format=pdf` gives the same content as a PDF in plain French. The read is ' +
          'written to the audit trail (`personal_data.export`) in the same transaction.',
        request: {
          params: PathId,
          query: z.object({
            format: z.enum(['json', 'pdf']).default('json').openapi({ description: 'json (default) or pdf' }),
          }),
        },
        responses: {
          200: {
            description: 'The household’s data',
            content: {
              'application/json': { schema: PersonalData },
              'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
            },
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { format } = c.req.valid('query');
        const document = await exportHouseholdData({
          db: c.var.db,
          actor: c.var.actor,
          householdId: id,
          format,
        });
        const name = exportFileName(
          document.modules.household.household?.reference ?? `foyer-${id}`,
          document.generatedAt,
          format,
        );
        const headers = {
          'Content-Disposition': `attachment; filename="${name}"`,
          'Cache-Control': 'private, no-store',
        };
        if (format === 'pdf') {
          const pdf = await personalDataPdf(document);
          return new Response(new Uint8Array(pdf), {
            headers: { ...headers, 'Content-Type': 'application/pdf' },
          });
        }
        return c.json(document, 200, headers);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/households/{id}/erasure',
        tags: ['Residents’ rights'],
        summary: 'Erases a household’s identifying data in every module (idempotent)',
        description:
          'GDPR article 17. In one transaction each module replaces names, contact details and free texts and keeps ' +
          'what the statistics, the money and the legal records need (rules in docs/privacy.md); certificates are ' +
          'revoked « à la demande » unless `keepCertificates`. A second call changes nothing and answers ' +
          '`already_erased` with what the first did. Refused (409, nothing changed) while something still runs for ' +
          'the household (a request to the operator, a reservation, a workshop to come, an open advice case).',
        request: {
          params: PathId,
          body: { content: { 'application/json': { schema: ErasureInput } }, required: true },
        },
        responses: {
          200: json(Erasure, 'Erased now, or already erased (nothing changed)'),
          409: json(ErasureRefused, 'Something still runs for the household; nothing changed'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const input = c.req.valid('json');
        const summary = await eraseHousehold(c.var.db, c.var.actor, {
          householdId: id,
          cause: input.cause,
          requestedOn: input.requestedOn ?? null,
          keepCertificates: input.keepCertificates,
        });
        if (summary.status === 'refused')
          return c.json(
            { error: 'in_progress' as const, message: summary.message, inProgress: summary.inProgress },
            409,
          );
        return c.json(summary, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/erasures',
        tags: ['Residents’ rights'],
        summary: 'The register of erasures, newest first (it names nobody)',
        request: {
          query: z.object({
            beforeId: Id.optional().openapi({ description: '`nextBeforeId` of the previous page' }),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
        },
        responses: {
          200: json(
            z.object({ items: z.array(ErasureRow), nextBeforeId: z.number().nullable() }),
            'A page of the register',
          ),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { beforeId, limit } = c.req.valid('query');
        return c.json(await listErasures({ db: c.var.db, actor: c.var.actor, beforeId, limit }), 200);
      },
    );
}
