// /api/v1 impact: the indicators of a period and an area (JSON tables under statistical secrecy, one table as CSV; raw
// figures for the coordinator only), and the open data — per sector and year, under secrecy — with its Table Schema,
// public (no token: nothing in them can single anyone out).
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import {
  buildOpenData,
  exportFileName,
  getIndicators,
  type Indicators,
  impactTableIds,
  openDataFileName,
  openDataProgramme,
  openDataSchema,
  tableCsv,
} from '../impact/index.ts';
import { addLocalMonths, localDate } from '../platform/dates.ts';
import { assertCanAtAll, scopeOf } from '../platform/permissions/index.ts';
import { CalendarDay } from '../platform/validation.ts';
import { neighbourhood, sector } from '../territory/index.ts';
import { apiRouter, ErrorBody, errorResponses, Id, Instant, json } from './context.ts';

const indicatorTags = ['Impact indicators'];
const openDataTags = ['Open data'];

// ---- Statistical tables -----------------------------------------------------------------------------------------

const Secret = z.enum(['small', 'secondary']).openapi({
  description:
    '`small`: counts 1 to threshold − 1 people (shown « < 11 »); `secondary`: hidden so that a small ' +
    'cell cannot be recomputed, or because it would reveal a whole group (shown « s »)',
});

const StatColumnBody = z
  .object({
    key: z.string(),
    label: z.string().openapi({ description: 'French header' }),
    measure: z.enum(['people', 'count', 'cents', 'hours', 'days', 'percent', 'median', 'score']),
    of: z
      .union([z.object({ numerator: z.string(), denominator: z.string() }), z.object({ basis: z.string() })])
      .optional(),
    additive: z.boolean().optional(),
  })
  .openapi('StatColumn');

const StatRowBody = z
  .object({
    key: z.string(),
    label: z.string(),
    values: z.record(z.string(), z.number().nullable()).openapi({
      description:
        'A value per column key (money in integer cents); null: hidden (see `secret`) or not applicable',
    }),
    secret: z
      .record(z.string(), Secret)
      .optional()
      .openapi({ description: 'The cells hidden by statistical secrecy' }),
  })
  .openapi('StatRow');

const StatTableBody = z
  .object({
    id: z.enum(impactTableIds),
    title: z.string(),
    rowHeader: z.string(),
    columns: z.array(StatColumnBody),
    rows: z.array(StatRowBody),
    total: StatRowBody.optional(),
    partitions: z
      .array(z.object({ total: z.string(), parts: z.array(z.string()), exhaustive: z.boolean() }))
      .optional(),
    groups: z.array(z.object({ total: z.string(), rows: z.array(z.string()) })).optional(),
    note: z.string().optional(),
  })
  .openapi('StatTable');

const CellRefBody = z.object({ table: z.string(), row: z.string(), column: z.string() });

const IndicatorsBody = z
  .object({
    filter: z.object({
      from: z.string().openapi({ format: 'date' }),
      to: z.string().openapi({ format: 'date' }),
      neighbourhoodId: z.number().optional(),
      sectorId: z.number().optional(),
      sectorIds: z
        .array(z.number())
        .optional()
        .openapi({ description: 'A partner’s sectors, when restricted' }),
    }),
    areaLabel: z.string().openapi({ example: 'Secteur KER — Kerourien' }),
    protected: z
      .boolean()
      .openapi({ description: 'false only for the coordinator’s raw figures (`raw=true`)' }),
    threshold: z.number().openapi({ example: 11 }),
    takeUpReferencePercent: z.number().openapi({ example: 12 }),
    generatedAt: Instant,
    tables: z.array(StatTableBody),
    links: z
      .array(z.tuple([CellRefBody, CellRefBody]))
      .openapi({ description: 'Cells of two tables that publish the same number' }),
  })
  .openapi('Indicators');

const indicatorsJson = (i: Indicators) => ({
  filter: {
    from: i.filter.from,
    to: i.filter.to,
    ...(i.filter.neighbourhoodId !== undefined ? { neighbourhoodId: i.filter.neighbourhoodId } : {}),
    ...(i.filter.sectorId !== undefined ? { sectorId: i.filter.sectorId } : {}),
    ...(i.filter.sectorIds !== undefined ? { sectorIds: i.filter.sectorIds } : {}),
  },
  areaLabel: i.areaLabel,
  protected: i.protected,
  threshold: i.threshold,
  takeUpReferencePercent: i.takeUpReferencePercent,
  generatedAt: i.generatedAt,
  tables: i.publication.tables as z.infer<typeof StatTableBody>[],
  links: i.publication.links ?? [],
});

const IndicatorsQuery = z
  .object({
    from: CalendarDay.optional().openapi({
      description: 'First day, included (default: twelve months before `to`)',
      example: '2026-01-01',
    }),
    to: CalendarDay.optional().openapi({
      description: 'Last day, included (default: today)',
      example: '2026-06-30',
    }),
    neighbourhood: Id.optional().openapi({ description: 'A neighbourhood’s id' }),
    sector: Id.optional().openapi({ description: 'A sector’s id' }),
    raw: z.enum(['true', 'false']).optional().openapi({
      description: 'The coordinator only: figures without statistical secrecy (anyone else: 403)',
    }),
    format: z.enum(['json', 'csv']).default('json'),
    table: z
      .enum(impactTableIds)
      .optional()
      .openapi({ description: 'With `format=csv`: the table to export' }),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ['to'],
    message: 'La fin de la période doit venir après son début',
    when: (payload) => payload.issues.length === 0,
  })
  .refine((q) => q.format !== 'csv' || q.table !== undefined, {
    path: ['table'],
    message: 'Choisissez le tableau à exporter en CSV (paramètre table)',
  });

// ---- Open data --------------------------------------------------------------------------------------------------

const OpenDataValue = z.union([z.string(), z.number(), z.null()]);

const OpenDataBody = z
  .object({
    programme: z.string().nullable(),
    firstYear: z.number().nullable().openapi({ description: 'First year published; null: nothing yet' }),
    lastYear: z.number().openapi({ description: 'The last complete calendar year' }),
    generatedOn: z.string().openapi({ format: 'date' }),
    threshold: z.number().openapi({ description: 'The statistical-secrecy threshold', example: 11 }),
    licence: z.object({ name: z.string(), title: z.string(), path: z.string() }),
    schema: z
      .string()
      .openapi({ description: 'Where the Table Schema of the rows is', example: '/api/v1/open-data/schema' }),
    rows: z.array(z.record(z.string(), OpenDataValue)).openapi({
      description:
        'One object per line of the CSV, the Table Schema’s fields as keys: numbers as numbers, « s » for a value ' +
        'hidden by statistical secrecy, null for an empty one',
    }),
  })
  .openapi('OpenData');

const ProgrammeQuery = z.object({
  programme: z.string().max(60).optional().openapi({
    description: 'The programme’s slug (needed only when the deployment has several)',
    example: 'brest',
  }),
});

const licence = {
  name: 'etalab-2.0',
  title: 'Licence Ouverte / Open Licence version 2.0',
  path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence',
};

/** The day twelve months before a day (29 February → 28 February). */
const yearBefore = (day: string) => localDate(addLocalMonths(new Date(`${day}T12:00:00Z`), -12));

// ---- Router -----------------------------------------------------------------------------------------------------

export function impactApi() {
  return apiRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/indicators',
        tags: indicatorTags,
        summary: 'The indicators of a period and an area, as statistical tables under statistical secrecy',
        description:
          'Coverage, votes, the household funnel, take-up per sector, monthly flows, activation delays, profiles, ' +
          'equipment, workshops, certificates, advice, charges, subsidies and the before/after questionnaire. ' +
          'A hidden cell has the value `null` and a `secret` mark. Partners serving some sectors see only those ' +
          '(another sector: 403). `raw=true` gives the coordinator the figures without secrecy. `format=csv` ' +
          '(with `table`) gives one table as a file French spreadsheets open (UTF-8 with BOM, `;`, decimal comma).',
        request: { query: IndicatorsQuery },
        responses: {
          200: {
            description: 'The indicators',
            content: {
              'application/json': { schema: IndicatorsBody },
              'text/csv': { schema: z.string().openapi({ format: 'binary' }) },
            },
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const { db, actor } = c.var;
        const q = c.req.valid('query');
        const scope = assertCanAtAll(actor, 'impact.read');
        const raw = q.raw === 'true';
        if (raw && scopeOf(actor, 'impact.manage') !== 'programme')
          return c.json(
            {
              error: 'forbidden',
              message:
                'Seule la coordination du programme peut obtenir les chiffres bruts ; demandez-les sans raw=true, sous secret statistique.',
            },
            403,
          );
        if (q.sector !== undefined) {
          const [found] = await db
            .select({ id: sector.id })
            .from(sector)
            .where(and(eq(sector.id, q.sector), eq(sector.programmeId, actor.programmeId)));
          if (!found)
            return c.json({ error: 'not_found', message: 'Secteur inconnu dans ce programme.' }, 404);
          if (scope === 'sectors' && !actor.sectorIds.includes(q.sector))
            return c.json(
              {
                error: 'forbidden',
                message:
                  'Ce secteur n’est pas l’un de ceux que sert votre organisation : ses chiffres ne vous sont pas ouverts.',
              },
              403,
            );
        }
        if (q.neighbourhood !== undefined) {
          const [found] = await db
            .select({ id: neighbourhood.id })
            .from(neighbourhood)
            .where(
              and(eq(neighbourhood.id, q.neighbourhood), eq(neighbourhood.programmeId, actor.programmeId)),
            );
          if (!found)
            return c.json({ error: 'not_found', message: 'Quartier inconnu dans ce programme.' }, 404);
        }
        const to = q.to ?? localDate(new Date());
        const from = q.from ?? yearBefore(to);
        if (from > to)
          return c.json(
            {
              error: 'validation_failed',
              message: 'La requête contient des valeurs invalides.',
              issues: [{ path: 'from', message: 'Le début de la période doit venir avant sa fin' }],
            },
            422,
          );
        const indicators = await getIndicators({
          db,
          actor,
          raw,
          filter: {
            from,
            to,
            ...(q.neighbourhood !== undefined ? { neighbourhoodId: q.neighbourhood } : {}),
            ...(q.sector !== undefined ? { sectorId: q.sector } : {}),
          },
        });
        if (q.format === 'csv') {
          const table = indicators.publication.tables.find((t) => t.id === q.table)!;
          return new Response(tableCsv(table, indicators.threshold), {
            headers: {
              'content-type': 'text/csv; charset=utf-8',
              'content-disposition': `attachment; filename="${exportFileName(indicators, table.title, 'csv')}"`,
              'cache-control': 'no-store',
            },
          });
        }
        return c.json(indicatorsJson(indicators), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/open-data',
        tags: openDataTags,
        security: [],
        summary:
          'The open data: per sector and complete calendar year, under statistical secrecy (no token: public)',
        description:
          'One line per sector and year, and a line « ensemble » per sector (its flows are the sum of the years), ' +
          'as described by the Table Schema (`/open-data/schema`). Every value hidden by statistical secrecy is ' +
          '« s ». `format=csv` gives the file as data.gouv.fr publishes files: UTF-8 without BOM, comma-separated, ' +
          'ISO dates, a decimal point. Licence Ouverte 2.0 (Etalab).',
        request: {
          query: ProgrammeQuery.extend({ format: z.enum(['json', 'csv']).default('json') }),
        },
        responses: {
          200: {
            description: 'The open data',
            content: {
              'application/json': { schema: OpenDataBody },
              'text/csv': { schema: z.string().openapi({ format: 'binary' }) },
            },
          },
          404: json(ErrorBody, 'No such programme, or several and none named'),
          422: errorResponses[422],
        },
      }),
      async (c) => {
        const { db } = c.var;
        const { programme: slug, format } = c.req.valid('query');
        const { programme, choices } = await openDataProgramme(db, slug);
        if (!programme) return c.json(programmeMissing(slug, choices), 404);
        const data = await buildOpenData(db, { programmeId: programme.id });
        const headers = { 'cache-control': 'public, max-age=3600' };
        if (format === 'csv')
          return new Response(data.csv, {
            headers: {
              ...headers,
              'content-type': 'text/csv; charset=utf-8',
              'content-disposition': `attachment; filename="${openDataFileName}"`,
            },
          });
        return c.json(
          {
            programme: data.programme,
            firstYear: data.firstYear,
            lastYear: data.lastYear,
            generatedOn: data.generatedOn,
            threshold: data.threshold,
            licence,
            schema: '/api/v1/open-data/schema',
            rows: data.rows,
          },
          200,
          headers,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/open-data/schema',
        tags: openDataTags,
        security: [],
        summary: 'The Table Schema (frictionless, as schema.data.gouv.fr publishes them) of the open data',
        responses: {
          200: json(
            z.record(z.string(), z.unknown()).openapi({ description: 'A Table Schema' }),
            'The schema: every field with its name, French title, description, type and constraints',
          ),
        },
      }),
      (c) =>
        c.json(openDataSchema() as Record<string, unknown>, 200, { 'cache-control': 'public, max-age=3600' }),
    );
}

function programmeMissing(slug: string | undefined, choices: { slug: string; name: string }[]) {
  const list = choices.map((p) => `${p.slug} (${p.name})`).join(', ');
  return {
    error: 'not_found',
    message: slug
      ? `Programme « ${slug} » inconnu.${list ? ` Programmes : ${list}.` : ''}`
      : choices.length === 0
        ? 'Aucun programme ne publie encore de données.'
        : `Plusieurs programmes publient des données : précisez lequel avec le paramètre programme (${list}).`,
  };
}
