// /api/v1 partners: who the token acts as, and (for coordinators) the programme's partners and users.
import { createRoute, z } from '@hono/zod-openapi';
import { listOrganisations, listUsers } from '../partners/index.ts';
import { apiRouter, errorResponses, json } from './context.ts';

export const partnersApi = apiRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags: ['Partners'],
      summary: 'The user and role this token acts as',
      responses: {
        200: json(
          z.object({
            userId: z.string().nullable(),
            label: z.string(),
            role: z.string(),
            programmeId: z.number(),
            organisationId: z.number().nullable(),
            sectorIds: z.array(z.number()),
          }),
          'The acting user',
        ),
        ...errorResponses,
      },
    }),
    (c) => {
      const { userId, label, role, programmeId, organisationId, sectorIds } = c.var.actor;
      return c.json({ userId, label, role, programmeId, organisationId, sectorIds }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/organisations',
      tags: ['Partners'],
      summary: 'Partner organisations of the programme',
      responses: {
        200: json(
          z.object({
            items: z.array(
              z
                .object({
                  id: z.number(),
                  kind: z.string(),
                  name: z.string(),
                  active: z.boolean(),
                  userCount: z.number(),
                })
                .passthrough(),
            ),
          }),
          'Organisations',
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json({ items: await listOrganisations({ db: c.var.db, actor: c.var.actor }) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/users',
      tags: ['Partners'],
      summary: 'Users of the programme’s partner organisations',
      responses: {
        200: json(
          z.object({
            items: z.array(
              z
                .object({
                  id: z.string(),
                  name: z.string(),
                  email: z.string(),
                  role: z.string(),
                  status: z.string(),
                })
                .passthrough(),
            ),
          }),
          'Users',
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json({ items: await listUsers({ db: c.var.db, actor: c.var.actor }) }, 200),
  );
