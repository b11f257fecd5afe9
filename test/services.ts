// The services a server has, on a test database: for API tests through the real Hono app.
import { createApp } from '../server/app.ts';
import { createAuth, createLoginLimiter } from '../src/platform/auth/index.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Db } from '../src/platform/db/index.ts';
import type { AppServices } from '../src/platform/http/context.ts';
import { createBallotLimiter } from '../src/votes/index.ts';

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
  };
}

export function testApp(db: Db) {
  return createApp(testServices(db), null, () => {});
}
