// /api/v1 territory resources: neighbourhoods, sectors, buildings, dwellings, and the stock import.
import { createRoute, z } from '@hono/zod-openapi';
import { NotFoundError } from '../platform/permissions/index.ts';
import {
  getBuilding,
  getDwelling,
  importDwellings,
  listBuildings,
  listDwellings,
  listNeighbourhoods,
  listSectors,
  rolloutStages,
  searchDwellings,
} from '../territory/index.ts';
import { apiRouter, errorResponses, Id, json, PathId } from './context.ts';

const Neighbourhood = z
  .object({
    id: z.number(),
    name: z.string(),
    inseeCode: z.string(),
    qpvCode: z.string().nullable(),
    sectorCount: z.number(),
  })
  .openapi('Neighbourhood');
const Sector = z
  .object({
    id: z.number(),
    code: z.string(),
    name: z.string(),
    neighbourhoodId: z.number(),
    neighbourhoodName: z.string(),
    qpvCode: z.string().nullable(),
    buildingCount: z.number(),
    dwellingCount: z.number(),
    rolloutStage: z.enum(rolloutStages).openapi({ description: 'Where the sector stands in the roll-out' }),
    rolloutStageSince: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Sector');
const Building = z
  .object({
    id: z.number(),
    reference: z.string(),
    address: z.string(),
    postcode: z.string(),
    city: z.string(),
    inseeCode: z.string(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    sectorId: z.number(),
  })
  .openapi('Building');
const Dwelling = z
  .object({
    id: z.number(),
    landlordReference: z.string(),
    floor: z.number().nullable(),
    rooms: z.number().nullable(),
    status: z.enum(['occupied', 'vacant', 'unavailable']),
    buildingId: z.number(),
    sectorId: z.number(),
    sectorName: z.string(),
    address: z.string(),
    postcode: z.string(),
    city: z.string(),
  })
  .openapi('Dwelling');
const page = <T extends z.ZodType>(item: T, cursor: z.ZodType) =>
  z.object({ items: z.array(item), nextCursor: cursor });
const Limit = z.coerce.number().int().min(1).max(500).default(50);

export const territoryApi = apiRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/neighbourhoods',
      tags: ['Territory'],
      summary: 'Neighbourhoods with their number of sectors',
      responses: {
        200: json(z.object({ items: z.array(Neighbourhood) }), 'Neighbourhoods'),
        ...errorResponses,
      },
    }),
    async (c) => c.json({ items: await listNeighbourhoods({ db: c.var.db, actor: c.var.actor }) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/sectors',
      tags: ['Territory'],
      summary: 'Sectors with building and dwelling counts',
      request: { query: z.object({ neighbourhood: Id.optional() }) },
      responses: { 200: json(z.object({ items: z.array(Sector) }), 'Sectors'), ...errorResponses },
    }),
    async (c) => {
      const { neighbourhood } = c.req.valid('query');
      return c.json(
        { items: await listSectors({ db: c.var.db, actor: c.var.actor, neighbourhoodId: neighbourhood }) },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/sectors/{id}',
      tags: ['Territory'],
      summary: 'One sector',
      request: { params: PathId },
      responses: { 200: json(Sector, 'The sector'), ...errorResponses },
    }),
    async (c) => {
      const [found] = await listSectors({
        db: c.var.db,
        actor: c.var.actor,
        sectorId: c.req.valid('param').id,
      });
      if (!found) throw new NotFoundError('sector');
      return c.json(found, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/buildings',
      tags: ['Territory'],
      summary: 'Buildings of a sector, paginated',
      request: { query: z.object({ sector: Id, after: Id.optional(), limit: Limit }) },
      responses: {
        200: json(
          page(Building.extend({ dwellingCount: z.number() }), z.number().nullable()),
          'A page of buildings',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { sector, after, limit } = c.req.valid('query');
      return c.json(
        await listBuildings({ db: c.var.db, actor: c.var.actor, sectorId: sector, after, limit }),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/buildings/{id}',
      tags: ['Territory'],
      summary: 'One building',
      request: { params: PathId },
      responses: { 200: json(Building, 'The building'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await getBuilding({ db: c.var.db, actor: c.var.actor, buildingId: c.req.valid('param').id }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/dwellings',
      tags: ['Territory'],
      summary:
        'Dwellings, paginated and filterable by sector or building; or searched by address or reference',
      description:
        'With `q`, returns up to `limit` dwellings whose landlord reference starts with `q` or whose address contains ' +
        'every word of `q` (accents and case ignored), without pagination. Otherwise pages by landlord reference: pass ' +
        '`nextCursor` as `after`.',
      request: {
        query: z.object({
          sector: Id.optional(),
          building: Id.optional(),
          q: z.string().trim().min(1).max(200).optional(),
          after: z.string().max(40).optional(),
          limit: Limit,
        }),
      },
      responses: {
        200: json(page(Dwelling, z.string().nullable()), 'A page of dwellings'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { sector, building, q, after, limit } = c.req.valid('query');
      const { db, actor } = c.var;
      if (q)
        return c.json(
          { items: await searchDwellings({ db, actor, query: q, limit }), nextCursor: null },
          200,
        );
      return c.json(
        await listDwellings({ db, actor, sectorId: sector, buildingId: building, after, limit }),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/dwellings/{id}',
      tags: ['Territory'],
      summary: 'One dwelling',
      request: { params: PathId },
      responses: { 200: json(Dwelling, 'The dwelling'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await getDwelling({ db: c.var.db, actor: c.var.actor, dwellingId: c.req.valid('param').id }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/dwellings/import',
      tags: ['Territory'],
      summary: 'Import the landlord’s stock export (CSV)',
      description:
        'The body is the CSV file (UTF-8, `;` or `,`), with the columns documented in the README. All or nothing unless ' +
        '`skipInvalid=true`. Re-sending the same file changes nothing.',
      request: {
        query: z.object({ skipInvalid: z.enum(['true', 'false']).default('false') }),
        body: { content: { 'text/csv': { schema: z.string() } }, required: true },
      },
      responses: {
        200: json(
          z.object({
            rows: z.number(),
            imported: z.boolean(),
            errors: z.array(z.object({ line: z.number(), message: z.string() })),
            dwellings: z.object({ inserted: z.number(), updated: z.number(), unchanged: z.number() }),
            buildings: z.object({ inserted: z.number(), updated: z.number() }),
          }),
          'The import report (imported=false when the file had errors and nothing was written)',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const file = Buffer.from(await c.req.arrayBuffer());
      const report = await importDwellings({
        db: c.var.db,
        actor: c.var.actor,
        file,
        skipInvalid: c.req.valid('query').skipInvalid === 'true',
      });
      return c.json(report, 200);
    },
  );
