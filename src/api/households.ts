// /api/v1 households: read and write as the token's role allows; every read is audited.
import { createRoute, z } from '@hono/zod-openapi';
import {
  ConsentInput,
  consentPurposes,
  createHousehold,
  getHousehold,
  HouseholdContact,
  HouseholdProfile,
  IsoDate,
  listHouseholdConsents,
  NewHousehold,
  recordConsent,
  searchHouseholds,
  updateHouseholdContact,
  updateHouseholdProfile,
} from '../households/index.ts';
import { localDate } from '../platform/dates.ts';
import { consentEffectMessage, withdrawHouseholdConsent } from '../privacy/index.ts';
import { apiRouter, ErrorBody, errorResponses, Id, json, PathId } from './context.ts';

const HouseholdSummary = z
  .object({ id: z.number(), reference: z.string(), firstName: z.string(), lastName: z.string() })
  .openapi('HouseholdSummary');
const Household = z
  .object({
    id: z.number(),
    reference: z.string(),
    contact: z.object({
      phone: z.string().nullable(),
      email: z.string().nullable(),
      channels: z.array(z.string()),
      language: z.string(),
    }),
    profile: z
      .record(z.string(), z.string())
      .nullable()
      .openapi({ description: 'Only for roles that may see it' }),
    members: z.array(
      z
        .object({
          id: z.number(),
          firstName: z.string(),
          lastName: z.string(),
          birthYear: z.number().nullable(),
          ageBand: z.string(),
        })
        .passthrough(),
    ),
    tenancies: z.array(
      z
        .object({
          id: z.number(),
          startDate: z.string(),
          endDate: z.string().nullable(),
          dwellingId: z.number(),
        })
        .passthrough(),
    ),
    consents: z.array(
      z
        .object({
          id: z.number(),
          purpose: z.string(),
          givenOn: z.string(),
          source: z.string(),
          withdrawnOn: z.string().nullable(),
        })
        .passthrough(),
    ),
    timeline: z.array(
      z.object({ at: z.string(), kind: z.string(), journey: z.string(), by: z.string() }).passthrough(),
    ),
  })
  .passthrough()
  .openapi('Household');
const conflict = (description: string) => ({ 409: json(ErrorBody, description) });
const HouseholdConsents = z
  .object({
    consents: z.array(
      z.object({
        id: z.number(),
        purpose: z.enum(consentPurposes),
        givenOn: z.string(),
        source: z.string(),
        withdrawnOn: z.string().nullable(),
      }),
    ),
    purposes: z.array(
      z.object({
        purpose: z.enum(consentPurposes),
        state: z.enum(['given', 'withdrawn', 'not_asked']).openapi({
          description: '`withdrawn`: given once, withdrawn since (what depends on it has stopped)',
        }),
      }),
    ),
  })
  .openapi('HouseholdConsents');

export const householdsApi = apiRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/households',
      tags: ['Households'],
      summary: 'Households the token may see, searchable by name or reference, paginated',
      request: {
        query: z.object({
          q: z.string().trim().max(100).optional(),
          after: Id.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
      responses: {
        200: json(
          z.object({ items: z.array(HouseholdSummary), nextCursor: z.number().nullable() }),
          'A page',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { q, after, limit } = c.req.valid('query');
      return c.json(
        await searchHouseholds({ db: c.var.db, actor: c.var.actor, query: q, after, limit }),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/households/{id}',
      tags: ['Households'],
      summary:
        'One household with members, tenancies, contact preferences, consents and timeline (audited read)',
      request: { params: PathId },
      responses: { 200: json(Household, 'The household'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await getHousehold({ db: c.var.db, actor: c.var.actor, householdId: c.req.valid('param').id }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/households',
      tags: ['Households'],
      summary: 'Register a household in a dwelling with its reference person',
      request: { body: { content: { 'application/json': { schema: NewHousehold } }, required: true } },
      responses: {
        201: json(z.object({ id: z.number() }), 'Created'),
        ...conflict('The dwelling is occupied on that date'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const result = await createHousehold({ db: c.var.db, actor: c.var.actor, input: c.req.valid('json') });
      if (!result.ok)
        return c.json({ error: result.reason, message: 'Le logement est déjà occupé à cette date.' }, 409);
      return c.json({ id: result.householdId }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/households/{id}/contact',
      tags: ['Households'],
      summary: 'Replace contact preferences',
      request: {
        params: PathId,
        body: { content: { 'application/json': { schema: HouseholdContact } }, required: true },
      },
      responses: { 204: { description: 'Updated' }, ...errorResponses },
    }),
    async (c) => {
      await updateHouseholdContact({
        db: c.var.db,
        actor: c.var.actor,
        householdId: c.req.valid('param').id,
        contact: c.req.valid('json'),
      });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/households/{id}/profile',
      tags: ['Households'],
      summary: 'Replace the optional statistics profile',
      request: {
        params: PathId,
        body: { content: { 'application/json': { schema: HouseholdProfile } }, required: true },
      },
      responses: { 204: { description: 'Updated' }, ...errorResponses },
    }),
    async (c) => {
      await updateHouseholdProfile({
        db: c.var.db,
        actor: c.var.actor,
        householdId: c.req.valid('param').id,
        profile: c.req.valid('json'),
      });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/households/{id}/consents',
      tags: ['Households'],
      summary: 'Record a consent',
      request: {
        params: PathId,
        body: { content: { 'application/json': { schema: ConsentInput } }, required: true },
      },
      responses: {
        201: { description: 'Recorded' },
        ...conflict('This consent is already given'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const result = await recordConsent({
        db: c.var.db,
        actor: c.var.actor,
        householdId: c.req.valid('param').id,
        input: c.req.valid('json'),
      });
      if (!result.ok)
        return c.json({ error: result.reason, message: 'Ce consentement est déjà donné.' }, 409);
      return c.body(null, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/households/{id}/consents',
      tags: ['Households'],
      summary:
        'The household’s consents, purpose by purpose, with their dates and how they were collected (audited read)',
      request: { params: PathId },
      responses: { 200: json(HouseholdConsents, 'The consents'), ...errorResponses },
    }),
    async (c) => {
      const found = await listHouseholdConsents({
        db: c.var.db,
        actor: c.var.actor,
        householdId: c.req.valid('param').id,
      });
      return c.json(
        {
          consents: found.consents,
          purposes: found.purposes.map(({ purpose, state }) => ({ purpose, state })),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/households/{id}/consents/{consentId}/withdraw',
      tags: ['Households'],
      summary: 'Withdraw a consent; what depends on it stops at once (the answer says what)',
      description:
        'contact: no more SMS, e-mail or call (pending ones are cancelled; useful information goes by post). ' +
        'operator_sharing: new activation requests carry no contact, the operator no longer sees it. ' +
        'testimony: the household’s testimonies are withdrawn everywhere. statistics: the profile counts as not given.',
      request: {
        params: PathId.extend({
          consentId: Id.openapi({ param: { name: 'consentId', in: 'path' }, example: 1 }),
        }),
        body: {
          content: { 'application/json': { schema: z.object({ withdrawnOn: IsoDate.optional() }) } },
          required: false,
        },
      },
      responses: {
        200: json(
          z.object({
            purpose: z.enum(consentPurposes),
            effects: z.record(z.string(), z.number()),
            message: z.string().openapi({ description: 'What stopped, in plain French' }),
          }),
          'Withdrawn',
        ),
        ...conflict('This consent is already withdrawn'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { id, consentId } = c.req.valid('param');
      // Without a body, the consent is withdrawn today.
      const { withdrawnOn } = (c.req.valid('json') ?? {}) as { withdrawnOn?: string };
      const result = await withdrawHouseholdConsent({
        db: c.var.db,
        actor: c.var.actor,
        householdId: id,
        consentId,
        withdrawnOn: withdrawnOn ?? localDate(new Date()),
      });
      if (!result.ok)
        return c.json({ error: result.reason, message: 'Ce consentement est déjà retiré.' }, 409);
      return c.json(
        {
          purpose: result.purpose,
          effects: result.effects,
          message: consentEffectMessage(result.purpose, result.effects),
        },
        200,
      );
    },
  );
