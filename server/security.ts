// The web defences of the server in one place (ADR 040): response headers with a per-request script nonce, forms
// accepted from Palier's own pages only, request bodies of bounded size, and the public address behind a proxy.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { type Config, mapTileOrigin } from '../src/platform/config.ts';
import { documentRefusalMessage, maxDocumentBytes } from '../src/platform/documents.ts';

type WebConfig = Pick<Config, 'baseUrl' | 'trustProxy' | 'map'>;

/** Served over TLS: the configured public address is https (behind a proxy or not). */
export const servedOverHttps = (config: Pick<Config, 'baseUrl'>) => config.baseUrl.startsWith('https://');

/**
 * The headers of every answer. Scripts run only from Palier's origin or with this response's nonce (React Router's
 * inline hydration scripts carry it: `server/app.ts` hands it to the render). Styles: files from Palier only
 * (`style-src-elem`), but `style` attributes are allowed (`style-src-attr`): pages use them for sizes and the map's
 * colours, and they cannot run code. Browsers that know neither directive use `style-src`. HSTS only when Palier
 * is served over https: on a laptop over http it would break every other local site on that name.
 */
export function securityHeaders(config: WebConfig): MiddlewareHandler {
  // The roll-out map's background tiles, when the deployment configured a tile server.
  const tileOrigins = [mapTileOrigin(config)].filter((o) => o !== null);
  // A response that sets its own, stricter header (an uploaded document served with `default-src 'none'; sandbox`)
  // keeps it: secureHeaders fills in only what is missing.
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", NONCE],
      styleSrc: ["'self'", "'unsafe-inline'"],
      styleSrcElem: ["'self'"],
      styleSrcAttr: ["'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', ...tileOrigins],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    crossOriginEmbedderPolicy: false,
    // With no-referrer, browsers send `Origin: null` on form posts, which React Router's CSRF check refuses.
    referrerPolicy: 'same-origin',
    strictTransportSecurity: servedOverHttps(config) ? 'max-age=31536000; includeSubDomains' : false,
    xFrameOptions: 'DENY',
    // Nothing in Palier uses these; a page injected or framed somehow cannot ask for them either.
    permissionsPolicy: {
      camera: [],
      microphone: [],
      geolocation: [],
      payment: [],
      usb: [],
      browsingTopics: [],
    },
    overwrite: false,
  });
}

/**
 * The request's address as the reader's browser sees it. Behind a TLS proxy Node sees `http://`: a request for the
 * configured host takes the configured scheme, and behind a trusted proxy that rewrote the host, the configured
 * origin. React Router compares a form's `Origin` with this address, so every post behind a proxy depends on it.
 */
export function publicUrl(url: string, config: Pick<Config, 'baseUrl' | 'trustProxy'>): URL {
  const seen = new URL(url);
  const base = new URL(config.baseUrl);
  if (seen.host === base.host) seen.protocol = base.protocol;
  else if (config.trustProxy) {
    seen.protocol = base.protocol;
    seen.hostname = base.hostname;
    seen.port = base.port;
  }
  return seen;
}

/** The request with its public address, for React Router. */
export function withPublicUrl(request: Request, config: Pick<Config, 'baseUrl' | 'trustProxy'>): Request {
  const url = publicUrl(request.url, config).toString();
  if (url === request.url) return request;
  return new Request(url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
    // A streamed body (undici requires saying so).
    ...(request.body ? { duplex: 'half' } : {}),
  } as RequestInit);
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether an unsafe request comes from one of Palier's own pages. The browser's `Origin` decides when it is sent
 * (every browser since 2020 sends it on a POST; `null` — a sandboxed frame, a `file:` page, a page asking for no
 * referrer — is never Palier). Without it, `Sec-Fetch-Site` must say same-origin; without either (Firefox before 70
 * on an old computer), the `Referer` must be one of Palier's pages (Palier sends its own referrer policy,
 * `same-origin`, so its pages always send one to itself). With none of the three, the request is refused: a privacy
 * tool that strips the referrer from a browser too old to send `Origin` has to be set to keep it for Palier.
 */
export function fromOwnPages(headers: Headers, allowedOrigins: ReadonlySet<string>): boolean {
  const origin = headers.get('origin');
  if (origin !== null) return allowedOrigins.has(origin.toLowerCase());
  const site = headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin';
  const referer = headers.get('referer');
  if (!referer) return false;
  try {
    return allowedOrigins.has(new URL(referer).origin);
  } catch {
    return false;
  }
}

const page = (title: string, text: string) =>
  [
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title} — Palier</title></head><body><main><h1>${title}</h1><p>${text}</p>`,
    '<p><a href="/">Revenir à l’accueil de Palier</a></p></main></body></html>',
  ].join('');

/** A short French page for refusals made before React Router (no layout, no script). */
export const plainPage = (c: Context, status: 403 | 413, title: string, text: string) =>
  c.html(page(title, text), status, { 'Cache-Control': 'no-store' });

export const crossSiteRefusal = {
  title: 'Envoi refusé',
  text:
    'Ce formulaire n’a pas été envoyé depuis une page de Palier, il n’a donc pas été pris en compte. Revenez à la ' +
    'page de Palier, rechargez-la puis envoyez à nouveau. Si cela se reproduit, mettez votre navigateur à jour.',
};

/**
 * Cross-site request forgery: a page of another site cannot make a reader's browser post to Palier. Session
 * cookies are SameSite=Lax already (a cross-site post does not carry them); this also covers the forms that need no
 * session (sign-in, language, invitation, the online vote). The partner API (`/api/v1`) is answered before this
 * middleware runs: it accepts only bearer tokens, which a browser never adds by itself.
 */
export function sameOriginForms(config: Pick<Config, 'baseUrl' | 'trustProxy'>): MiddlewareHandler {
  const configured = new URL(config.baseUrl).origin;
  return async (c, next) => {
    if (safeMethods.has(c.req.method)) return next();
    const allowed = new Set([configured, publicUrl(c.req.url, config).origin]);
    if (fromOwnPages(c.req.raw.headers, allowed)) return next();
    return plainPage(c, 403, crossSiteRefusal.title, crossSiteRefusal.text);
  };
}

const KiB = 1024;
const MiB = 1024 * KiB;

/** The largest bodies accepted, by kind; the file checks of `src/platform/documents.ts` and the imports come after. */
export const bodyLimits = {
  /** Forms and JSON: far more than any form of Palier holds. */
  form: MiB,
  /** A document (PDF, JPEG, PNG of 10 MiB at most) with its form around it. */
  document: maxDocumentBytes + MiB,
  /** A CSV import (a landlord's whole stock): as the dwelling import page says, 50 Mo. */
  import: 50 * MiB,
} as const;

/** Pages whose form sends a CSV file. */
const importPages = new Set(['/territoire/import', '/lieux/import', '/equipement']);
/** The API's imports (`/api/v1/dwellings/import`, …), whatever type the client says the file is. */
const apiImport = /^\/api\/v1\/.+\/import\/?$/;

export function bodyLimitFor(path: string, contentType: string): keyof typeof bodyLimits {
  const type = contentType.toLowerCase();
  if (type.startsWith('text/csv') || apiImport.test(path)) return 'import';
  if (type.startsWith('multipart/form-data'))
    return importPages.has(path.replace(/\/+$/, '')) ? 'import' : 'document';
  return 'form';
}

/** The same words as the file checks' (`documentRefusalMessage`), so that a client sees one message for one fault. */
const tooLarge: Record<keyof typeof bodyLimits, string> = {
  form: 'Le formulaire envoyé est trop lourd : 1 Mo au plus.',
  document: documentRefusalMessage('too_large'),
  import: 'Le fichier est trop lourd. La limite est de 50 Mo pour un fichier CSV.',
};

/**
 * Bodies over their limit are refused before they are read whole (413): JSON on the API, a French page elsewhere.
 * A declared length is checked at once; a streamed body is counted as it comes.
 */
export function limitBodies(): MiddlewareHandler {
  const limiters = Object.fromEntries(
    (Object.keys(bodyLimits) as (keyof typeof bodyLimits)[]).map((kind) => [
      kind,
      bodyLimit({
        maxSize: bodyLimits[kind],
        onError: (c) =>
          c.req.path.startsWith('/api/')
            ? c.json({ error: 'too_large', message: tooLarge[kind] }, 413)
            : plainPage(c, 413, 'Envoi trop lourd', `${tooLarge[kind]} Rien n’a été enregistré.`),
      }),
    ]),
  ) as Record<keyof typeof bodyLimits, MiddlewareHandler>;
  return (c, next) => {
    if (safeMethods.has(c.req.method)) return next();
    return limiters[bodyLimitFor(c.req.path, c.req.header('content-type') ?? '')](c, next);
  };
}
