// /api/v1 offer sheets: plain-French comparisons of a sector's Internet offers, versioned — associations write and
// propose, the coordinator publishes and attaches them to a tenant vote — and the public sheet of a sector.
import { createRoute, z } from '@hono/zod-openapi';
import {
  attachToVote,
  createSheet,
  getSheet,
  listSheets,
  maxOffers,
  proposeSheet,
  publicSheet,
  publishSheet,
  type SheetRefused,
  type SheetRow,
  sheetRefusalMessage,
  sheetStatuses,
  updateDraft,
} from '../advice/index.ts';
import { CalendarDay, SingleLine } from '../platform/validation.ts';
import { apiRouter, Day, errorResponses, Id, Instant, json, PathId } from './context.ts';

const tags = ['Offer sheets'];

const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

const Paragraph = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .min(min, message)
    .max(max, `${max} caractères au plus`)
    .regex(/^(?:[^\p{Cc}]|[\t\n\r])*$/u, 'Caractères non autorisés');

// The shared pieces (platform/validation) are described with zod's own `.describe` (see api/advice.ts).
const OfferBody = z
  .object({
    operator: SingleLine(1, 80, 'Écrivez le nom de l’opérateur').describe('The operator, e.g. Orange'),
    offer: SingleLine(1, 120, 'Écrivez le nom de l’offre').describe('The offer’s name'),
    monthlyCents: z
      .number('Prix en centimes attendu')
      .int('Prix en centimes attendu')
      .min(0, 'Le prix ne peut pas être négatif')
      .max(100_000, 'Prix trop grand')
      .openapi({ description: 'Price per month, in cents (1,24 € is 124)', example: 124 }),
    speed: SingleLine(1, 120, 'Écrivez le débit').describe('The speed, in words: "jusqu’à 1 Gbit/s"'),
    commitmentMonths: z
      .number('Nombre de mois attendu')
      .int('Nombre de mois entier attendu')
      .min(0)
      .max(48)
      .openapi({ description: 'Minimum commitment in months; 0: none', example: 12 }),
    fees: Paragraph(0, 400, 'Écrivez les frais').openapi({ description: 'Set-up and other fees, in words' }),
    termination: Paragraph(1, 600, 'Écrivez ce qui se passe si la personne résilie').openapi({
      description: 'What happens on termination (fees, months still due, equipment to return)',
    }),
  })
  .openapi('Offer');

const SheetBody = z
  .object({
    title: SingleLine(3, 160, 'Écrivez un titre').describe('The sheet’s title'),
    intro: Paragraph(0, 3000, 'Écrivez une introduction')
      .default('')
      .openapi({ description: 'A few words first' }),
    offers: z.array(OfferBody).max(maxOffers, `${maxOffers} offres au plus`),
    validOn: CalendarDay.describe('The day the prices were checked, e.g. 2027-01-10'),
  })
  .openapi('OfferSheetContent');

const NewSheet = z
  .object({
    sectorId: Id.optional().openapi({ description: 'The sector (required unless fromSheetId is given)' }),
    fromSheetId: Id.optional().openapi({
      description: 'Copy this sheet into a new version; the fields given replace the copied ones',
    }),
    title: SheetBody.shape.title.optional(),
    intro: Paragraph(0, 3000, 'Écrivez une introduction').optional(),
    offers: SheetBody.shape.offers.optional(),
    validOn: SheetBody.shape.validOn.optional(),
  })
  .refine((v) => v.sectorId || v.fromSheetId, { path: ['sectorId'], message: 'Choisissez le secteur' })
  .openapi('NewOfferSheet');

const Sheet = z
  .object({
    id: z.number(),
    sectorId: z.number(),
    sectorCode: z.string(),
    sectorName: z.string(),
    version: z.number(),
    status: z.enum(sheetStatuses).openapi({
      description: 'draft → proposed → published → archived (when a newer version is published)',
    }),
    title: z.string(),
    intro: z.string(),
    offers: z.array(OfferBody),
    validOn: Day,
    authorLabel: z.string().openapi({ description: 'The organisation that wrote it' }),
    publishedBy: z.string().nullable(),
    publishedAt: Instant.nullable(),
    createdAt: Instant,
  })
  .openapi('OfferSheet');
const sheetJson = (r: SheetRow) => ({
  id: r.id,
  sectorId: r.sectorId,
  sectorCode: r.sectorCode,
  sectorName: r.sectorName,
  version: r.version,
  status: r.status,
  title: r.title,
  intro: r.intro,
  offers: r.offers,
  validOn: r.validOn,
  authorLabel: r.authorLabel,
  publishedBy: r.publishedBy,
  publishedAt: r.publishedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});

const PublicSheet = z
  .object({
    sectorCode: z.string(),
    sectorName: z.string(),
    version: z.number(),
    title: z.string(),
    intro: z.string(),
    offers: z.array(OfferBody),
    validOn: Day,
    authorLabel: z.string(),
    publishedAt: Instant,
  })
  .openapi('PublicOfferSheet');

const RefusalBody = z
  .object({
    error: z.string().openapi({ example: 'frozen' }),
    message: z.string(),
    field: z.string().optional(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('OfferSheetRefusal');
const refused = (r: SheetRefused) => ({
  error: r.reason,
  message: sheetRefusalMessage(r.reason),
  ...(r.field ? { field: r.field } : {}),
  ...(r.issues ? { issues: r.issues } : {}),
});

export function offerSheetsApi() {
  return apiRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/offer-sheets',
        tags,
        summary: 'Every version of the sheets the token may write (a tenant association: its sectors)',
        request: { query: z.object({ sectorId: Id.optional() }) },
        responses: { 200: json(z.object({ items: z.array(Sheet) }), 'The sheets'), ...errorResponses },
      }),
      async (c) => {
        const rows = await listSheets({ db: c.var.db, actor: c.var.actor, ...c.req.valid('query') });
        return c.json({ items: rows.map(sheetJson) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/offer-sheets',
        tags,
        summary: 'Write a draft: version N+1 of the sector’s sheet (or a copy of a sheet with `fromSheetId`)',
        request: body(NewSheet),
        responses: {
          201: json(z.object({ sheetId: z.number(), version: z.number() }), 'Created as a draft'),
          409: json(RefusalBody, 'Refused (the copy lacks a required value)'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const result = await createSheet({ db: c.var.db, actor: c.var.actor, input: c.req.valid('json') });
        if (!result.ok) return c.json(refused(result), 409);
        return c.json({ sheetId: result.sheetId, version: result.version }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/offer-sheets/{id}',
        tags,
        summary: 'One sheet, with the votes it is attached to',
        request: { params: PathId },
        responses: {
          200: json(
            Sheet.extend({ votes: z.array(z.object({ id: z.number(), reference: z.string() })) }),
            'The sheet',
          ),
          ...errorResponses,
        },
      }),
      async (c) => {
        const row = await getSheet({ db: c.var.db, actor: c.var.actor, sheetId: c.req.valid('param').id });
        return c.json({ ...sheetJson(row), votes: row.votes }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/offer-sheets/{id}',
        tags,
        summary: 'Change a draft or proposed sheet (a published one never changes: write a new version)',
        request: { params: PathId, ...body(SheetBody) },
        responses: {
          200: json(z.object({ ok: z.literal(true) }), 'Changed'),
          409: json(RefusalBody, 'The sheet is published or archived'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const result = await updateDraft({
          db: c.var.db,
          actor: c.var.actor,
          sheetId: c.req.valid('param').id,
          input: c.req.valid('json'),
        });
        if (!result.ok) return c.json(refused(result), 409);
        return c.json({ ok: true as const }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/offer-sheets/{id}/propose',
        tags,
        summary: 'Propose a draft for publication',
        request: { params: PathId },
        responses: {
          200: json(z.object({ ok: z.literal(true) }), 'Proposed'),
          409: json(RefusalBody, 'Not a draft, or no offer in it'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const result = await proposeSheet({
          db: c.var.db,
          actor: c.var.actor,
          sheetId: c.req.valid('param').id,
        });
        if (!result.ok) return c.json(refused(result), 409);
        return c.json({ ok: true as const }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/offer-sheets/{id}/publish',
        tags,
        summary: 'Publish a sheet (the coordinator); the sector’s previous published version is archived',
        request: { params: PathId },
        responses: {
          200: json(z.object({ archivedSheetId: z.number().nullable() }), 'Published'),
          409: json(RefusalBody, 'Already published, no offer in it, or a newer version is published'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const result = await publishSheet({
          db: c.var.db,
          actor: c.var.actor,
          sheetId: c.req.valid('param').id,
        });
        if (!result.ok) return c.json(refused(result), 409);
        return c.json({ archivedSheetId: result.archivedSheetId }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/offer-sheets/{id}/votes',
        tags,
        summary: 'Attach a published sheet to a tenant vote of its sector (the coordinator)',
        request: { params: PathId, ...body(z.object({ voteId: Id }).openapi('AttachOfferSheet')) },
        responses: {
          200: json(z.object({ ok: z.literal(true) }), 'Attached (attaching twice changes nothing)'),
          409: json(RefusalBody, 'The sheet is not published, or is about another sector'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const result = await attachToVote({
          db: c.var.db,
          actor: c.var.actor,
          sheetId: c.req.valid('param').id,
          voteId: c.req.valid('json').voteId,
        });
        if (!result.ok) return c.json(refused(result), 409);
        return c.json({ ok: true as const }, 200);
      },
    );
}

export function publicOfferSheetApi() {
  return apiRouter().openapi(
    createRoute({
      method: 'get',
      path: '/public/offer-sheets/{sectorCode}',
      tags,
      security: [],
      summary: 'The published offer sheet of a sector (no token: it is public)',
      request: {
        params: z.object({
          sectorCode: z
            .string()
            .max(40)
            .openapi({ param: { name: 'sectorCode', in: 'path' }, example: 'KER' }),
        }),
      },
      responses: {
        200: json(PublicSheet, 'The latest published version'),
        404: json(RefusalBody, 'No sheet published for this sector'),
      },
    }),
    async (c) => {
      const sheet = await publicSheet({ db: c.var.db, sectorCode: c.req.valid('param').sectorCode });
      if (!sheet)
        return c.json({ error: 'not_found', message: 'Aucune fiche publiée pour ce secteur.' }, 404);
      return c.json({ ...sheet, publishedAt: sheet.publishedAt.toISOString() }, 200);
    },
  );
}
