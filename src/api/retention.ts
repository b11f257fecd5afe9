// /api/v1 retention: how long each kind of personal data is kept (the CNIL defaults and the programme's own
// durations), a run of the rules or its dry run, and the last runs. The coordinator sets and runs; the administrator
// reads and may ask for a dry run. Reports hold counts, never names (a dry run adds the first household references).
import { createRoute, z } from '@hono/zod-openapi';
import {
  getRetentionSettings,
  listRetentionRuns,
  type RetentionSettings,
  RetentionSettingsInput,
  retentionKinds,
  runRetention,
  updateRetentionSettings,
} from '../privacy/index.ts';
import { apiRouter, errorResponses, json } from './context.ts';

const tags = ['Retention'];

const Months = z.number().int().openapi({ description: 'Months' });
const Setting = z
  .object({
    kind: z.enum(retentionKinds),
    label: z.string(),
    activeMonths: Months,
    archiveMonths: Months.openapi({
      description: 'Months in the limited-access archive; 0 for kinds without one',
    }),
    defaultActiveMonths: Months,
    defaultArchiveMonths: Months,
    isDefault: z.boolean(),
    hasArchive: z.boolean(),
    startsFrom: z.string(),
    steps: z.object({ active: z.string(), archive: z.string().nullable() }),
    basis: z.string().openapi({ description: 'The basis of the default durations (CNIL, law), in French' }),
    updatedAt: z.string().nullable(),
  })
  .openapi('RetentionSetting');
const Settings = z
  .object({ defaultsVersion: z.string(), settings: z.array(Setting) })
  .openapi('RetentionSettings');

const Counts = z
  .record(z.string(), z.record(z.string(), z.number()))
  .openapi({ description: 'Per kind, per step (archived, erased, deleted…): how many' });
const Report = z
  .object({
    runId: z.number(),
    dryRun: z.boolean(),
    today: z.string().openapi({ format: 'date' }),
    startedAt: z.string().openapi({ format: 'date-time' }),
    finishedAt: z.string().nullable(),
    complete: z.boolean(),
    counts: Counts,
    samples: z
      .object({ archive: z.array(z.string()), erase: z.array(z.string()), restore: z.array(z.string()) })
      .optional()
      .openapi({ description: 'Dry run only, never stored: the first household references of each step' }),
  })
  .openapi('RetentionReport');
const Run = z
  .object({
    id: z.number(),
    dryRun: z.boolean(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    actorLabel: z.string(),
    complete: z.boolean(),
    counts: Counts,
  })
  .openapi('RetentionRun');

const settingsJson = (s: RetentionSettings) => ({
  defaultsVersion: s.defaultsVersion,
  settings: s.kinds,
});

export function retentionApi() {
  return apiRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/retention/settings',
        tags,
        summary:
          'How long each kind of personal data is kept: the programme’s durations, the defaults and their basis',
        responses: { 200: json(Settings, 'The durations'), ...errorResponses },
      }),
      async (c) =>
        c.json(settingsJson(await getRetentionSettings({ db: c.var.db, actor: c.var.actor })), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/retention/settings',
        tags,
        summary: 'Set the durations of some kinds (the coordinator); the others are unchanged',
        request: {
          body: { content: { 'application/json': { schema: RetentionSettingsInput } }, required: true },
        },
        responses: { 200: json(Settings, 'The durations now'), ...errorResponses },
      }),
      async (c) => {
        const settings = await updateRetentionSettings({
          db: c.var.db,
          actor: c.var.actor,
          input: c.req.valid('json'),
        });
        return c.json(settingsJson(settings), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/retention/runs',
        tags,
        summary: 'Run the retention rules now, or only count what they would change (`dryRun`, the default)',
        description:
          'A real run (the coordinator) archives households past their active use, erases those past their archive, ' +
          'and deletes or anonymises messages, consultation logs, advice documents and testimonies past their time, ' +
          'in batches. A dry run changes nothing. Both are stored and audited.',
        request: {
          body: {
            content: { 'application/json': { schema: z.object({ dryRun: z.boolean().default(true) }) } },
            required: false,
          },
        },
        responses: {
          200: json(Report, 'The report'),
          409: json(z.object({ error: z.string(), message: z.string() }), 'Another run is in progress'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const body = (c.req.valid('json') ?? {}) as { dryRun?: boolean };
        const result = await runRetention({ db: c.var.db, actor: c.var.actor, dryRun: body.dryRun ?? true });
        if ('ok' in result)
          return c.json(
            {
              error: result.reason,
              message: 'Une autre application des durées est en cours : réessayez plus tard.',
            },
            409,
          );
        const { programmeId: _programme, ...report } = result;
        return c.json(report, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/retention/runs',
        tags,
        summary: 'The last runs and dry runs of the retention rules, newest first (counts only)',
        request: { query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }) },
        responses: { 200: json(z.object({ items: z.array(Run) }), 'The runs'), ...errorResponses },
      }),
      async (c) =>
        c.json(
          {
            items: await listRetentionRuns({
              db: c.var.db,
              actor: c.var.actor,
              limit: c.req.valid('query').limit,
            }),
          },
          200,
        ),
    );
}
