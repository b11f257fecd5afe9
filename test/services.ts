// The services a server has, on a test database: for API tests through the real Hono app.

import { createApp } from '../server/app.ts';
import { createVerifyLimiter } from '../src/certificates/index.ts';
import { createApiToken } from '../src/partners/index.ts';
import { createAuth, createLoginLimiter } from '../src/platform/auth/index.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Db } from '../src/platform/db/index.ts';
import type { AppServices } from '../src/platform/http/context.ts';
import type { Actor, Role } from '../src/platform/permissions/index.ts';
import { createBallotLimiter } from '../src/votes/index.ts';
import { testPassword } from './programme.ts';

export function testServices(db: Db): AppServices {
  const config = {
    ...loadConfig({
      PALIER_SECRET: 'test-secret-test-secret-test-secret-1234',
      DATABASE_URL: 'postgres://unused',
    }),
    demo: false,
  };
  return {
    db,
    auth: createAuth({ db, secret: config.secret, baseUrl: config.baseUrl }),
    config,
    dbKind: 'external',
    loginLimiter: createLoginLimiter(),
    ballotLimiter: createBallotLimiter(),
    verifyLimiter: createVerifyLimiter(),
  };
}

/** The session cookie of a role's user of a test programme, as a browser sends it (for loaders and actions). */
export async function sessionCookie(services: AppServices, email: string): Promise<string> {
  const { headers } = await services.auth.api.signInEmail({
    body: { email, password: testPassword },
    headers: new Headers(),
    returnHeaders: true,
  });
  return headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

export function testApp(db: Db) {
  return createApp(testServices(db), null, process.env.PALIER_TEST_LOG ? console.error : () => {});
}

/** An API token for each role's user of a test programme, and a caller that sends them (JSON bodies made easy). */
export async function apiAs(db: Db, actors: Record<Role, Actor>) {
  const app = testApp(db);
  const tokens = {} as Record<Role, string>;
  for (const [role, actor] of Object.entries(actors)) {
    const created = await createApiToken({
      db,
      actor: actors.admin,
      userId: actor.userId!,
      name: `${role} system`,
    });
    if (created.ok) tokens[role as Role] = created.token;
  }
  const call = (role: Role | null, path: string, init: RequestInit & { json?: unknown } = {}) =>
    app.request(`/api/v1${path}`, {
      ...init,
      ...(init.json !== undefined ? { method: init.method ?? 'POST', body: JSON.stringify(init.json) } : {}),
      headers: {
        ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}),
        ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
    });
  return { app, tokens, call };
}
