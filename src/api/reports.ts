// /api/v1 reports (bilans): the list, a report's content as JSON (its tables under statistical secrecy, hidden cells
// marked), its PDF; for the coordinator, a new draft, its text and testimonies, and its publication.
import { createRoute, z } from '@hono/zod-openapi';
import {
  createReport,
  getReportContent,
  listReports,
  NewReportInput,
  publishReport,
  ReportChangeInput,
  type ReportContent,
  type ReportListItem,
  type ReportRefusal,
  renderReportPdf,
  reportFileName,
  updateReport,
} from '../impact/index.ts';
import { cellText, type StatRow } from '../platform/secrecy/index.ts';
import { apiRouter, Day, errorResponses, Instant, json, PathId } from './context.ts';

const tags = ['Reports'];

const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

// ---- Refusals ---------------------------------------------------------------------------------------------------

const RefusalBody = z
  .object({
    error: z.string().openapi({ example: 'published' }),
    message: z.string().openapi({ description: 'In plain French, for people' }),
    field: z.string().optional().openapi({ description: 'The input field at fault, when there is one' }),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('ReportRefusal');
type RefusalOf = {
  reason: ReportRefusal;
  message: string;
  field?: string;
  issues?: { path: string; message: string }[];
};
/** A published report cannot change (a conflict); the other refusals are about the values sent. */
const refused = (r: RefusalOf) =>
  [
    {
      error: r.reason,
      message: r.message,
      ...(r.field ? { field: r.field } : {}),
      ...(r.issues ? { issues: r.issues } : {}),
    },
    r.reason === 'published' ? (409 as const) : (422 as const),
  ] as const;

// ---- Bodies -----------------------------------------------------------------------------------------------------

const Status = z.enum(['draft', 'published']).openapi({
  description: 'draft: the coordinator’s, figures computed live; published: public, figures frozen',
});
const Area = z
  .object({
    neighbourhoodId: z.number().nullable(),
    sectorId: z.number().nullable(),
    label: z.string().openapi({ example: 'Secteur KER — Kerourien' }),
  })
  .openapi({ description: 'A sector, a neighbourhood, or (both null) the whole programme' });

const ReportSummary = z
  .object({
    id: z.number(),
    title: z.string(),
    periodFrom: Day,
    periodTo: Day.openapi({ description: 'Last day, included' }),
    area: Area,
    status: Status,
    publishedAt: Instant.nullable(),
    updatedAt: Instant,
  })
  .openapi('ReportSummary');
const summaryJson = (r: ReportListItem) => ({
  id: r.id,
  title: r.title,
  periodFrom: r.periodFrom,
  periodTo: r.periodTo,
  area: { neighbourhoodId: r.neighbourhoodId, sectorId: r.sectorId, label: r.areaLabel },
  status: r.status,
  publishedAt: r.publishedAt?.toISOString() ?? null,
  updatedAt: r.updatedAt.toISOString(),
});

const Secret = z.enum(['small', 'secondary']).openapi({
  description:
    'small: fewer people than the threshold (shown « < 11 »); secondary: hidden so that no hidden number can be ' +
    'recomputed, or because it would reveal a whole group (shown « s »)',
});
const Row = z
  .object({
    key: z.string(),
    label: z.string(),
    values: z.record(z.string(), z.number().nullable()).openapi({
      description: 'By column key; null when hidden (see `secret`) or not applicable. Money in cents.',
    }),
    secret: z
      .record(z.string(), Secret)
      .openapi({ description: 'The hidden cells of the row, by column key' }),
    text: z.record(z.string(), z.string()).openapi({
      description:
        'Each cell as the report writes it, in French (« 1 234 », « 12,5 % », « < 11 », « s », « — »)',
    }),
  })
  .openapi('ReportTableRow');
const Table = z
  .object({
    id: z.string().openapi({ example: 'funnel' }),
    chapter: z.string().openapi({ description: 'The chapter of the report it is shown in' }),
    title: z.string(),
    rowHeader: z.string(),
    columns: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        measure: z.enum(['people', 'count', 'cents', 'hours', 'days', 'percent', 'median', 'score']),
      }),
    ),
    rows: z.array(Row),
    total: Row.nullable(),
    note: z.string().nullable(),
  })
  .openapi('ReportTable');
const ReportBody = z
  .object({
    id: z.number(),
    title: z.string(),
    programmeName: z.string(),
    area: Area,
    periodFrom: Day,
    periodTo: Day,
    status: Status,
    publishedAt: Instant.nullable(),
    figuresComputedAt: Instant.openapi({
      description: 'When the figures were computed (publication, for a published report)',
    }),
    headline: z
      .array(z.string())
      .openapi({ description: 'The summary written from the published figures, in French' }),
    summary: z.string().openapi({ description: 'The coordinator’s summary' }),
    sections: z.array(z.object({ heading: z.string(), body: z.string() })),
    testimonies: z.array(
      z.object({
        id: z.number(),
        quote: z.string(),
        author: z.string().openapi({ description: 'The first name, or « Anonyme », as the person chose' }),
        context: z.string().nullable(),
      }),
    ),
    threshold: z
      .number()
      .openapi({ description: 'Statistical secrecy: no published cell counts fewer people' }),
    legend: z.string(),
    tables: z.array(Table),
  })
  .openapi('Report');

function rowJson(
  row: StatRow,
  columns: ReportContent['chapters'][number]['tables'][number]['table']['columns'],
  threshold: number,
) {
  return {
    key: row.key,
    label: row.label,
    values: row.values,
    secret: row.secret ?? {},
    text: Object.fromEntries(columns.map((c) => [c.key, cellText(row, c, threshold)])),
  };
}

function reportJson(
  content: ReportContent & { id: number },
  area: { neighbourhoodId: number | null; sectorId: number | null },
) {
  return {
    id: content.id,
    title: content.title,
    programmeName: content.programmeName,
    area: { ...area, label: content.areaLabel },
    periodFrom: content.periodFrom,
    periodTo: content.periodTo,
    status: content.status === 'published' ? ('published' as const) : ('draft' as const),
    publishedAt: content.publishedAt,
    figuresComputedAt: content.indicators.generatedAt,
    headline: content.headline,
    summary: content.summary,
    sections: content.sections,
    testimonies: content.testimonies,
    threshold: content.threshold,
    legend: content.legend,
    tables: content.chapters.flatMap((chapter) =>
      chapter.tables.map(({ table }) => ({
        id: table.id,
        chapter: chapter.title,
        title: table.title,
        rowHeader: table.rowHeader,
        columns: table.columns.map((c) => ({ key: c.key, label: c.label, measure: c.measure })),
        rows: table.rows.map((r) => rowJson(r, table.columns, content.threshold)),
        total: table.total ? rowJson(table.total, table.columns, content.threshold) : null,
        note: table.note ?? null,
      })),
    ),
  };
}

const Created = z.object({ id: z.number() });
const NewReport = NewReportInput.openapi('NewReport', {
  description:
    'A title, a period of past days (`periodTo` on or after `periodFrom`, not after today) and an area: a ' +
    '`sectorId`, a `neighbourhoodId`, or neither for the whole programme.',
});
const ReportChange = ReportChangeInput.openapi('ReportChange', {
  description:
    'Only the fields sent change. `sections` (20 at most) replaces the sections, in order; `testimonyIds` the ' +
    'testimonies quoted, in order (not withdrawn ones). Sending `sectorId` or `neighbourhoodId` (null for the ' +
    'whole programme) changes the area. A published report no longer changes (409 `published`).',
});

export const reportsApi = () =>
  apiRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/reports',
        tags,
        summary: 'The reports (bilans): all of them for the coordinator, the published ones for other staff',
        responses: {
          200: json(z.object({ items: z.array(ReportSummary) }), 'The reports, latest period first'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const items = await listReports({ db: c.var.db, actor: c.var.actor });
        return c.json({ items: items.map(summaryJson) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/reports',
        tags,
        summary: 'Start a draft report for a period and an area (the coordinator)',
        request: body(NewReport),
        responses: {
          201: json(Created, 'Created as a draft'),
          ...errorResponses,
          422: json(RefusalBody, 'Invalid input or unknown area; nothing was changed'),
        },
      }),
      async (c) => {
        const result = await createReport({ db: c.var.db, actor: c.var.actor, input: c.req.valid('json') });
        if (!result.ok) return c.json(refused(result)[0], 422);
        return c.json({ id: result.reportId }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/reports/{id}',
        tags,
        summary:
          'A report’s content: summary, sections, testimonies and every table under statistical secrecy',
        description:
          'A published report is frozen: its figures are those of the day it was published. A draft is visible to ' +
          'the coordinator only (404 for anyone else) and its figures are computed at each request. Hidden cells ' +
          'have a null value and a mark in `secret`; no hidden number is ever in the answer. Testimonies withdrawn ' +
          'since are left out.',
        request: { params: PathId },
        responses: { 200: json(ReportBody, 'The report'), ...errorResponses },
      }),
      async (c) => {
        const content = await getReportContent({
          db: c.var.db,
          actor: c.var.actor,
          reportId: c.req.valid('param').id,
        });
        const { indicators } = content;
        return c.json(
          reportJson(
            { ...content, id: c.req.valid('param').id },
            {
              neighbourhoodId: indicators.filter.neighbourhoodId ?? null,
              sectorId: indicators.filter.sectorId ?? null,
            },
          ),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/reports/{id}',
        tags,
        summary: 'Write a draft: title, period, area, summary, sections, testimonies (the coordinator)',
        request: { params: PathId, ...body(ReportChange) },
        responses: {
          200: json(Created, 'Saved'),
          409: json(RefusalBody, 'The report is published (`published`): it no longer changes'),
          ...errorResponses,
          422: json(RefusalBody, 'Invalid input, unknown area or testimony; nothing was changed'),
        },
      }),
      async (c) => {
        const result = await updateReport({
          db: c.var.db,
          actor: c.var.actor,
          reportId: c.req.valid('param').id,
          input: c.req.valid('json'),
        });
        if (!result.ok) return c.json(...refused(result));
        return c.json({ id: result.reportId }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/reports/{id}/publication',
        tags,
        summary: 'Publish a draft: its figures are frozen under statistical secrecy and it becomes public',
        request: { params: PathId },
        responses: {
          200: json(z.object({ id: z.number(), status: Status, publishedAt: Instant }), 'Published'),
          409: json(RefusalBody, 'Already published (`published`)'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const result = await publishReport({
          db: c.var.db,
          actor: c.var.actor,
          reportId: c.req.valid('param').id,
        });
        if (!result.ok) return c.json(refused(result)[0], 409);
        return c.json(
          {
            id: result.reportId,
            status: 'published' as const,
            publishedAt: result.publishedAt.toISOString(),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/reports/{id}/pdf',
        tags,
        summary: 'A report as a PDF (title page, summary, sections, tables with charts, testimonies)',
        request: { params: PathId },
        responses: {
          200: {
            description: 'The PDF',
            content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const content = await getReportContent({
          db: c.var.db,
          actor: c.var.actor,
          reportId: c.req.valid('param').id,
        });
        const bytes = await renderReportPdf(content);
        return new Response(new Uint8Array(bytes), {
          headers: {
            'content-type': 'application/pdf',
            'content-disposition': `attachment; filename="${reportFileName(content)}"`,
            'cache-control': 'no-store',
          },
        });
      },
    );
