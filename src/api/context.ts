import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Auth } from '../platform/auth/index.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';

export interface ApiEnv {
  Variables: { actor: Actor; db: Db; clientIp: string | null };
}

/**
 * Every API router shares the same validation answer: 422 with the fields at fault, nothing changed. A value that
 * passed its schema is refused all the same when PostgreSQL could not store it — a NUL character anywhere (text
 * refuses it) or half of a UTF-16 surrogate pair (JSON columns refuse it) — rather than failing later with a 500.
 */
export function apiRouter() {
  return new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      const issues = result.success
        ? unstorableText(result.data).map((path) => ({ path, message: 'Caractères non autorisés' }))
        : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      if (issues.length)
        return c.json(
          { error: 'validation_failed', message: 'La requête contient des valeurs invalides.', issues },
          422,
        );
    },
  });
}

/** The paths of the strings in a validated value that PostgreSQL would refuse (files are left to their checks). */
export function unstorableText(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'string') return unstorable(value) ? [path.join('.')] : [];
  if (typeof value !== 'object' || value === null || value instanceof Blob || value instanceof Date)
    return [];
  const entries: [unknown, unknown][] = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return entries.flatMap(([key, v]) =>
    typeof key === 'string' && unstorable(key)
      ? [[...path, key].join('.')]
      : unstorableText(v, [...path, String(key)]),
  );
}

const unstorable = (text: string) => text.includes('\u0000') || !text.isWellFormed();

export const ErrorBody = z
  .object({
    error: z.string().openapi({ example: 'not_found' }),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Error');

export const errorResponses = {
  401: {
    description: 'Missing, unknown or revoked token',
    content: { 'application/json': { schema: ErrorBody } },
  },
  403: {
    description: 'The token’s role does not allow this',
    content: { 'application/json': { schema: ErrorBody } },
  },
  404: {
    description: 'Not found (or not visible to this token)',
    content: { 'application/json': { schema: ErrorBody } },
  },
  422: {
    description: 'Invalid input; nothing was changed',
    content: { 'application/json': { schema: ErrorBody } },
  },
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** An instant in the API's answers (ISO 8601 with its offset) and a calendar day (YYYY-MM-DD). */
export const Instant = z.string().openapi({ format: 'date-time' });
export const Day = z.string().openapi({ format: 'date' });

export const Id = z.coerce.number().int().positive().max(2_147_483_647, 'Identifiant trop grand');
export const PathId = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' }, example: 1 }) });

export type { Auth };
