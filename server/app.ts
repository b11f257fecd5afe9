// One Hono app serves the health check, the partner API, the static assets and the React Router pages.
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { SecureHeadersVariables } from 'hono/secure-headers';
import { createRequestHandler, RouterContextProvider, type ServerBuild } from 'react-router';
import { createApi } from '../src/api/index.ts';
import { anonymousClaims, withClaims } from '../src/platform/claims/index.ts';
import { projectRoot } from '../src/platform/config.ts';
import { migrationState } from '../src/platform/db/index.ts';
import {
  type AppServices,
  clientIpContext,
  cspNonceContext,
  describeForLog,
  pathForLog,
  problemFor,
  servicesContext,
} from '../src/platform/http/index.ts';
import { compressWhole } from './compress.ts';
import { limitBodies, sameOriginForms, securityHeaders, withPublicUrl } from './security.ts';

/** `build` is React Router's server build; without it (API tests) only /healthz and /api/v1 are served. */
export function createApp(
  services: AppServices,
  build: ServerBuild | null,
  log: (line: string) => void = console.error,
) {
  const app = new Hono<{ Variables: { clientIp: string | null } & SecureHeadersVariables }>();

  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(
        {
          error: 'bad_request',
          message: 'Requête illisible : vérifiez le corps (JSON attendu) et les en-têtes.',
        },
        error.status,
      );
    }
    const problem = problemFor(error);
    if (problem.status >= 500) log(`${c.req.method} ${pathForLog(c.req.path)}: ${describeForLog(error)}`);
    return c.json({ error: problem.error, message: problem.message }, problem.status as 500);
  });

  // Content-Security-Policy with this response's script nonce, HSTS over https, and the other headers (ADR 040).
  app.use('*', securityHeaders(services.config));
  app.use('*', compressWhole());
  app.use('*', async (c, next) => {
    const forwarded = services.config.trustProxy
      ? // The right-most entry is the one the trusted proxy wrote; those before it come from the client.
        c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim()
      : undefined;
    c.set('clientIp', forwarded || remoteAddress(c));
    return next();
  });
  // Each request's statements run under its claims (anonymous until the actor is known): the second wall.
  app.use('*', (_c, next) => withClaims(anonymousClaims, next));
  // Bodies of bounded size, for the API and the pages alike: 413 before a huge body is read.
  app.use('*', limitBodies());

  app.get('/healthz', async (c) => {
    const migrations = await migrationState(services.db);
    return c.json(
      { status: migrations.upToDate ? 'ok' : 'migrations_pending', database: services.dbKind, migrations },
      migrations.upToDate ? 200 : 503,
    );
  });

  app.route(
    '/api/v1',
    createApi({
      db: services.db,
      ballotLimiter: services.ballotLimiter,
      verifyLimiter: services.verifyLimiter,
      baseUrl: services.config.baseUrl,
      lateness: services.config.lateness,
      warrantyMonths: services.config.warrantyMonths,
      deviceEligibility: services.config.deviceEligibility,
      credentialKey: services.config.credentialKey,
    }),
  );
  app.all('/api/v1/*', (c) =>
    c.json({ error: 'not_found', message: 'Cette ressource n’existe pas dans l’API.' }, 404),
  );

  const clientDir = path.relative(process.cwd(), path.join(projectRoot(), 'build', 'client'));
  app.use(
    '/assets/*',
    async (c, next) => {
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
      return next();
    },
    serveStatic({ root: clientDir }),
  );
  app.use('/favicon.svg', serveStatic({ root: clientDir }));
  app.get('/favicon.ico', (c) => c.redirect('/favicon.svg', 301));

  // Forms are protected by SameSite=Lax session cookies; a post that does not come from Palier's own pages is
  // refused here as well (Origin, else Sec-Fetch-Site, else Referer). The API above is answered before this.
  app.use('*', sameOriginForms(services.config));

  if (!build) return app;
  const handle = createRequestHandler(
    build,
    process.env.NODE_ENV === 'development' ? 'development' : 'production',
  );
  app.all('*', (c) => {
    const context = new RouterContextProvider();
    context.set(servicesContext, services);
    context.set(clientIpContext, c.var.clientIp);
    context.set(cspNonceContext, c.get('secureHeadersNonce') ?? null);
    return handle(withPublicUrl(c.req.raw, services.config), context);
  });
  return app;
}

function remoteAddress(c: { env: unknown }): string | null {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } })?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}
