// The server's web defences (ADR 040), through the whole app — security middleware, then React Router's pages built
// from app/routes.ts — on a test database: the script nonce of every page, cookies of a real sign-in, cross-site
// posts refused on every page with an action before any of its code runs, limits on guessing and on body sizes.
import { sql } from 'drizzle-orm';
import type { ServerBuild } from 'react-router';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../src/api/index.ts';
import { findInvitation, inviteUser } from '../src/partners/index.ts';
import { createAuth } from '../src/platform/auth/index.ts';
import type { Db } from '../src/platform/db/index.ts';
import type { AppServices } from '../src/platform/http/index.ts';
import { roles } from '../src/platform/permissions/index.ts';
import { createCourse, createFacility } from '../src/workshops/index.ts';
import { testDatabase } from '../test/database.ts';
import { pageBuild, pageRoutes } from '../test/page-build.ts';
import { buildProgramme, type TestProgramme, testPassword } from '../test/programme.ts';
import { sessionCookie, testServices } from '../test/services.ts';
import { createApp } from './app.ts';
import { bodyLimits } from './security.ts';

let db: Db;
let p: TestProgramme;
let build: ServerBuild;
let sessionId: number;
/** The route actions that ran, by route id. */
const actionsRun: string[] = [];

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db, 'web-security');
  build = await pageBuild({ onAction: (id) => actionsRun.push(id) });
  const facility = await createFacility({
    db,
    actor: p.actors.coordinator,
    input: {
      name: 'Maison de quartier',
      address: '12 rue de Kérourien',
      postcode: '29200',
      commune: 'Brest',
      inseeCode: '29019',
      phone: '02 98 00 00 00',
      openingHours: 'Mo-Fr 09:00-12:00',
      wheelchairAccessible: true,
      computers: 8,
      organisationId: p.actors.facilitator.organisationId!,
    } as never,
  });
  if (!facility.ok) throw new Error(facility.reason);
  const course = await createCourse({
    db,
    actor: p.actors.facilitator,
    input: {
      kind: 'cycle',
      facilityId: facility.facilityId,
      title: 'Premiers pas',
      level: 'beginner',
      audience: 'Débutants',
      description: 'Souris et clavier.',
      competencies: ['PIM-1'],
      capacity: 3,
      startTime: '14:00',
      endTime: '16:00',
      firstDay: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
      sessionCount: 1,
      everyWeeks: 1,
      skipHolidays: true,
    } as never,
  });
  if (!course.ok) throw new Error(course.reason);
  sessionId = course.sessionIds[0]!;
});

/** A fresh app (fresh limits) on the test database; `baseUrl` and `trustProxy` as a deployment would set them. */
function appWith({ baseUrl, trustProxy = false }: { baseUrl?: string; trustProxy?: boolean } = {}) {
  const services = testServices(db);
  const config = { ...services.config, baseUrl: baseUrl ?? services.config.baseUrl, trustProxy };
  const withConfig: AppServices = {
    ...services,
    config,
    auth: createAuth({ db, secret: config.secret, baseUrl: config.baseUrl }),
  };
  return createApp(withConfig, build, () => {});
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
/** Palier's own pages post from here (the default configuration: http://localhost:3000). */
const own = 'http://localhost:3000';
const at = (path: string) => `${own}${path}`;

/** Every row of every table, summed up: two equal fingerprints mean nothing was written in between. */
async function fingerprint(): Promise<string> {
  const tables = await db.execute<{ name: string }>(
    sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
  );
  const parts = tables.map(
    ({ name }) =>
      `select '${name}' as t, count(*)::text || ':' || coalesce(md5(string_agg(md5(x::text), '' order by md5(x::text))), '') as f from "${name}" x`,
  );
  const rows = await db.execute<{ t: string; f: string }>(sql.raw(parts.join(' union all ')));
  return rows.map((r) => `${r.t}=${r.f}`).join(',');
}

const scriptSrc = (res: Response) =>
  /script-src ([^;]*)/.exec(res.headers.get('content-security-policy') ?? '')?.[1] ?? '';
const nonceOf = (res: Response) => /'nonce-([^']+)'/.exec(scriptSrc(res))?.[1];

describe('the Content-Security-Policy of pages', () => {
  it('allows scripts from Palier and with this response’s nonce only, never inline ones without it', async () => {
    const app = appWith();
    const first = await app.request('/login');
    const second = await app.request('/login');
    expect(scriptSrc(first)).not.toContain('unsafe-inline');
    expect(scriptSrc(first)).toMatch(/^'self' 'nonce-[A-Za-z0-9+/]{22}=='$/);
    expect(nonceOf(first)).not.toBe(nonceOf(second));
    const csp = first.headers.get('content-security-policy')!;
    // Styles: files from Palier only; `style` attributes (sizes, the map's colours) are allowed, they run nothing.
    expect(csp).toContain("style-src-elem 'self'");
    expect(csp).toContain("style-src-attr 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("object-src 'none'");
    // A page without `handle.hydrate` ships no script at all.
    expect(await first.text()).not.toMatch(/<script/i);
  });

  it('gives the nonce to every inline script of the page that hydrates (the roll call), and streams it', async () => {
    const cookie = await sessionCookie(testServices(db), p.emails.facilitator);
    const res = await appWith().request(`/ateliers/seances/${sessionId}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const nonce = nonceOf(res);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
    // React Router's context, its route modules, and the loader data streamed for hydration.
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(html).toContain('window.__reactRouterContext');
  });

  it('holds on every page, for every role: no inline script without the nonce, no <style> element', async () => {
    const app = appWith();
    const shown = new Set<string>();
    for (const role of roles) {
      const cookie = await sessionCookie(testServices(db), p.emails[role]);
      for (const route of await pageRoutes()) {
        if (!('default' in route.module)) continue; // resource routes (PDF, CSV, JSON) render no page
        const path = `/${route.path.replace(/:[^/]+/g, '1')}`;
        const res = await app.request(path, { headers: { cookie } });
        if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) continue;
        const html = await res.text();
        const nonce = nonceOf(res);
        expect(nonce, path).toBeTruthy();
        for (const [tag] of html.matchAll(/<script\b[^>]*>/gi))
          expect(tag, path).toContain(`nonce="${nonce}"`);
        expect(html, path).not.toMatch(/<style\b/i);
        expect(html, path).not.toMatch(/\son[a-z]+=/i);
        if (res.status === 200) shown.add(path);
      }
    }
    // Most pages were rendered whole by one role or another (the rest: error pages, checked all the same).
    expect(shown.size).toBeGreaterThan(60);
  }, 120_000);
});

describe('cookies', () => {
  const signIn = (app: ReturnType<typeof appWith>, origin: string) =>
    app.request(`${origin}/login`, {
      method: 'POST',
      headers: { ...formHeaders, origin },
      body: form({ email: p.emails.coordinator, password: testPassword, redirectTo: '/' }),
    });
  const cookiesOf = (res: Response) => res.headers.getSetCookie();

  it('over https: the session is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/ and no Domain', async () => {
    const res = await signIn(appWith({ baseUrl: 'https://palier.test' }), 'https://palier.test');
    expect(res.status).toBe(302);
    const cookies = cookiesOf(res);
    expect(cookies.some((c) => c.startsWith('__Host-palier.session_token='))).toBe(true);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/^__Host-palier\./);
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=Lax/i);
      expect(cookie).toMatch(/; Path=\//i);
      expect(cookie).not.toMatch(/; Domain=/i);
    }
    // The session works: the home page greets the coordinator.
    const session = cookies.map((c) => c.split(';')[0]).join('; ');
    const home = await appWith({ baseUrl: 'https://palier.test' }).request('https://palier.test/', {
      headers: { cookie: session },
    });
    expect(await home.text()).toContain('Se déconnecter');
  });

  it('over http (a laptop, the demo): HttpOnly and SameSite=Lax, not Secure — or no browser would keep it', async () => {
    const res = await signIn(appWith(), own);
    expect(res.status).toBe(302);
    const cookies = cookiesOf(res);
    expect(cookies.some((c) => c.startsWith('palier.session_token='))).toBe(true);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=Lax/i);
      expect(cookie).not.toMatch(/; Secure/i);
    }
  });

  it('the language cookie is HttpOnly and SameSite=Lax, and Secure over https', async () => {
    const post = (app: ReturnType<typeof appWith>, origin: string) =>
      app.request(`${origin}/langue`, {
        method: 'POST',
        headers: { ...formHeaders, origin, referer: `${origin}/login` },
        body: form({ lang: 'en' }),
      });
    const https = await post(appWith({ baseUrl: 'https://palier.test' }), 'https://palier.test');
    expect(https.status).toBe(302);
    expect(https.headers.get('location')).toBe('/login');
    expect(https.headers.get('set-cookie')).toBe(
      'palier_lang=en; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax; Secure',
    );
    const http = await post(appWith(), own);
    expect(http.headers.get('set-cookie')).toBe(
      'palier_lang=en; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax',
    );
  });
});

describe('forms accept posts from Palier’s own pages only', () => {
  it('refuses a cross-site post on every page with an action, with 403, before any of its code runs', async () => {
    const app = appWith();
    const cookie = await sessionCookie(testServices(db), p.emails.coordinator);
    const withAction = (await pageRoutes()).filter((r) => 'action' in r.module);
    expect(withAction.length).toBeGreaterThan(40);
    const before = await fingerprint();
    actionsRun.length = 0;
    for (const route of withAction) {
      const path = `/${route.path.replace(/:[^/]+/g, '1')}`;
      for (const headers of [
        { origin: 'https://evil.example' } as Record<string, string>,
        { origin: 'null' },
        { 'sec-fetch-site': 'cross-site' },
        { referer: 'https://evil.example/page' },
        {},
      ]) {
        const res = await app.request(at(path), {
          method: 'POST',
          headers: { ...formHeaders, cookie, ...headers },
          body: form({ intent: 'delete', id: '1' }),
        });
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(await res.text()).toContain('Ce formulaire n’a pas été envoyé depuis une page de Palier');
      }
    }
    expect(actionsRun).toEqual([]);
    expect(await fingerprint()).toBe(before);

    // The same posts from Palier's own page reach every action (signed out here, so that nothing changes either).
    for (const route of withAction) {
      const path = `/${route.path.replace(/:[^/]+/g, '1')}`;
      const res = await app.request(at(path), {
        method: 'POST',
        headers: { ...formHeaders, origin: own },
        body: form({}),
      });
      expect(res.status, path).not.toBe(403);
    }
    expect(new Set(actionsRun)).toEqual(new Set(withAction.map((r) => r.id)));
  }, 120_000);

  it('judges by Origin first, then Sec-Fetch-Site, then Referer, and refuses when there is none', async () => {
    const app = appWith();
    const post = (headers: Record<string, string>) =>
      app.request(at('/langue'), {
        method: 'POST',
        headers: { ...formHeaders, ...headers },
        body: form({ lang: 'fr' }),
      });
    expect((await post({ origin: own, referer: 'https://evil.example/' })).status).toBe(302);
    expect((await post({ origin: 'https://evil.example', referer: at('/') })).status).toBe(403);
    expect((await post({ origin: 'http://localhost:3001' })).status).toBe(403);
    expect((await post({ origin: 'https://localhost:3000' })).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'same-origin' })).status).toBe(302);
    expect((await post({ 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'none' })).status).toBe(403);
    // An old browser (Firefox ESR 68) sends neither, but Palier's referrer policy makes it send the page it was on.
    expect((await post({ referer: at('/login') })).status).toBe(302);
    expect((await post({ referer: 'not a url' })).status).toBe(403);
    expect((await post({})).status).toBe(403);
    // Reading is never refused.
    expect((await app.request(at('/login'), { headers: { origin: 'https://evil.example' } })).status).toBe(
      200,
    );
  });

  it('accepts the reader’s own address too (a laptop reached as 127.0.0.1 while configured as localhost)', async () => {
    const res = await appWith().request('http://127.0.0.1:3000/langue', {
      method: 'POST',
      headers: { ...formHeaders, origin: 'http://127.0.0.1:3000' },
      body: form({ lang: 'fr' }),
    });
    expect(res.status).toBe(302);
  });

  it('behind a TLS proxy, forms posted from the https address reach their action', async () => {
    // Node sees http://palier.test (the proxy keeps the host) or http://127.0.0.1:3000 (a trusted proxy that does not);
    // React Router refuses a page's post whose Origin is not the request's own address (400), so Palier gives it the
    // public one. A sign-in is a page with an action (the language switch is not: React Router checks pages only).
    for (const [url, trustProxy] of [
      ['http://palier.test/login', false],
      ['http://127.0.0.1:3000/login', true],
    ] as const) {
      const res = await appWith({ baseUrl: 'https://palier.test', trustProxy }).request(url, {
        method: 'POST',
        headers: { ...formHeaders, origin: 'https://palier.test' },
        body: form({ email: p.emails.coordinator, password: testPassword, redirectTo: '/' }),
      });
      expect(res.status, url).toBe(302);
      expect(res.headers.getSetCookie().some((c) => c.startsWith('__Host-palier.session_token='))).toBe(true);
    }
  });

  it('leaves the API to its bearer tokens: the session cookie opens nothing there, a token works from anywhere', async () => {
    const app = appWith();
    const cookie = await sessionCookie(testServices(db), p.emails.coordinator);
    // Every operation of the API's document but the public ones, signed in by cookie only.
    const open = ['/openapi.json', '/open-data', '/open-data/schema'];
    let tried = 0;
    for (const [path, operations] of Object.entries(openApiDocument().paths ?? {})) {
      if (open.includes(path) || path.startsWith('/public/')) continue;
      for (const method of Object.keys(operations as object)) {
        const res = await app.request(at(`/api/v1${path.replace(/\{[^}]+\}/g, '1')}`), {
          method: method.toUpperCase(),
          headers: { cookie, origin: own, 'content-type': 'application/json' },
          ...(method === 'get' ? {} : { body: '{}' }),
        });
        expect(res.status, `${method} ${path}`).toBe(401);
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(100);
    // A public API call from another site's script is the API's business (no cookie is involved): not refused here.
    const ballot = await app.request(at('/api/v1/public/ballots'), {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'AAAA-AAAA-AAAA', choice: 'yes' }),
    });
    expect(ballot.status).not.toBe(403);
  });
});

describe('limits on guessing', () => {
  const post = (app: ReturnType<typeof appWith>, path: string, fields: Record<string, string>) =>
    app.request(at(path), { method: 'POST', headers: { ...formHeaders, origin: own }, body: form(fields) });

  it('sign-in: 10 wrong passwords for one account from one address, then 429 with Retry-After, in French', async () => {
    const app = appWith();
    const wrong = { email: p.emails.landlord_officer, password: 'pas le bon mot de passe', redirectTo: '/' };
    for (let i = 0; i < 10; i++) expect((await post(app, '/login', wrong)).status).toBe(401);
    const limited = await post(app, '/login', wrong);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.text()).toMatch(/Trop de tentatives\. Réessayez dans \d+ minutes?\./);
    // Even the right password waits: the guesser must not learn it was found.
    const right = await post(app, '/login', { ...wrong, password: testPassword });
    expect(right.status).toBe(429);
    // Another account from the same address is not locked.
    const other = await post(app, '/login', { ...wrong, email: p.emails.adviser, password: testPassword });
    expect(other.status).toBe(302);
  });

  it('accepting an invitation: 10 tries from one address, then 429 and the form says when to come back', async () => {
    const app = appWith();
    const fields = { password: 'un mot de passe assez long', confirm: 'un mot de passe assez long' };
    for (let i = 0; i < 10; i++)
      expect((await post(app, '/invitation/pas-une-invitation', fields)).status).toBe(410);
    const invited = await inviteUser({
      db,
      actor: p.actors.admin,
      input: {
        name: 'Invitée',
        email: 'invitee@test.example.org',
        role: 'adviser',
        organisationId: p.actors.adviser.organisationId,
      },
    });
    if (!invited.ok) throw new Error(invited.reason);
    const limited = await post(app, `/invitation/${invited.secret}`, fields);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.text()).toMatch(/Trop de tentatives\. Réessayez dans \d+ minutes?\./);
    // Nothing was accepted: the link still works once the wait is over.
    expect(await findInvitation(db, invited.secret)).not.toBeNull();
  });

  it('the online vote: 20 wrong codes from one address, then 429 with Retry-After, on the page and the API', async () => {
    const app = appWith();
    for (let i = 0; i < 20; i++) expect((await post(app, '/vote', { code: `FAUX-${i}` })).status).toBe(200);
    const page = await post(app, '/vote', { code: 'FAUX-21' });
    expect(page.status).toBe(429);
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
    const api = await app.request(at('/api/v1/public/ballots/FAUX-22'));
    expect(api.status).toBe(429);
    expect(Number(api.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await api.json()).toMatchObject({ error: 'limited', retryAfterSeconds: expect.any(Number) });
  });
});

describe('request bodies of bounded size', () => {
  const big = (bytes: number) => 'x'.repeat(bytes);

  it('a form of more than 1 MiB: 413 and a French page; JSON on the API', async () => {
    const app = appWith();
    const page = await app.request(at('/login'), {
      method: 'POST',
      headers: { ...formHeaders, origin: own },
      body: form({ email: big(bodyLimits.form) }),
    });
    expect(page.status).toBe(413);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('Le formulaire envoyé est trop lourd');
    const api = await app.request(at('/api/v1/households'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
      body: JSON.stringify({ name: big(bodyLimits.form) }),
    });
    expect(api.status).toBe(413);
    expect(await api.json()).toMatchObject({ error: 'too_large' });
  });

  it('counts a body sent without its length as it comes', async () => {
    const chunk = new Uint8Array(256 * 1024).fill(120);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > bodyLimits.form * 2) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await appWith().request(at('/login'), {
      method: 'POST',
      headers: { ...formHeaders, origin: own },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('a document of more than 10 MiB: 413; a CSV import may be larger, up to 50 MiB', async () => {
    const app = appWith();
    const upload = (path: string, bytes: number) => {
      const data = new FormData();
      data.set('intent', 'document');
      data.set('document', new File([new Uint8Array(bytes)], 'scan.pdf', { type: 'application/pdf' }));
      return app.request(at(path), { method: 'POST', headers: { origin: own }, body: data });
    };
    const tooBig = await upload('/conseil/1', bodyLimits.document + 1024);
    expect(tooBig.status).toBe(413);
    expect(await tooBig.text()).toContain('Le fichier est trop lourd. La limite est de 10 Mo.');
    // The dwelling import takes it (signed out here: the page sends to the login).
    const stock = await upload('/territoire/import', bodyLimits.document + 1024);
    expect(stock.status).toBe(302);
    expect(stock.headers.get('location')).toMatch(/^\/login/);
  });
});
