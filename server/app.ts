// One Hono app serves the health check, the partner API, the static assets and the React Router pages.
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { createRequestHandler, RouterContextProvider, type ServerBuild } from 'react-router';
import { createApi } from '../src/api/index.ts';
import { mapTileOrigin, projectRoot } from '../src/platform/config.ts';
import { migrationState } from '../src/platform/db/index.ts';
import {
  type AppServices,
  clientIpContext,
  problemFor,
  servicesContext,
} from '../src/platform/http/index.ts';
import { compressWhole } from './compress.ts';

/** `build` is React Router's server build; without it (API tests) only /healthz and /api/v1 are served. */
export function createApp(
  services: AppServices,
  build: ServerBuild | null,
  log: (line: string) => void = console.error,
) {
  const app = new Hono<{ Variables: { clientIp: string | null } }>();

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
    if (problem.status >= 500) log(`${c.req.method} ${c.req.path}: ${error.stack ?? error}`);
    return c.json({ error: problem.error, message: problem.message }, problem.status as 500);
  });

  // The roll-out map's background tiles, when the deployment configured a tile server.
  const tileOrigins = [mapTileOrigin(services.config)].filter((o) => o !== null);
  // A response that sets its own, stricter header (an uploaded document served with `default-src 'none'; sandbox`)
  // keeps it: secureHeaders fills in only what is missing.
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', ...tileOrigins],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      crossOriginEmbedderPolicy: false,
      // With no-referrer, browsers send `Origin: null` on form posts, which React Router's CSRF check refuses.
      referrerPolicy: 'same-origin',
      overwrite: false,
    }),
  );
  app.use('*', compressWhole());
  app.use('*', async (c, next) => {
    const forwarded = services.config.trustProxy
      ? // The right-most entry is the one the trusted proxy wrote; those before it come from the client.
        c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim()
      : undefined;
    c.set('clientIp', forwarded || remoteAddress(c));
    return next();
  });

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

  // Forms are protected by SameSite=Lax session cookies; a cross-site POST is refused here as well.
  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const origin = c.req.header('origin');
      if (origin && origin !== 'null' && new URL(origin).host !== c.req.header('host')) {
        return c.text('Requête refusée : elle ne vient pas de Palier.', 403);
      }
    }
    return next();
  });

  if (!build) return app;
  const handle = createRequestHandler(
    build,
    process.env.NODE_ENV === 'development' ? 'development' : 'production',
  );
  app.all('*', (c) => {
    const context = new RouterContextProvider();
    context.set(servicesContext, services);
    context.set(clientIpContext, c.var.clientIp);
    return handle(c.req.raw, context);
  });
  return app;
}

function remoteAddress(c: { env: unknown }): string | null {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } })?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}
