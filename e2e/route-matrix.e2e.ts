// The authorisation matrix of the pages, tried on the built server with the demo data: every route of app/routes.ts
// (GET; unsafe methods are out of scope) as every demo account, anonymously, and as the coordinator of another
// programme, against test/security/access-expectations.ts (written by hand). A route without an entry, or an entry
// for a route that no longer exists, fails here. Plain fetch with each account's session cookie; no browser.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import routeConfig from '../app/routes.ts';
import { createOrganisation, createUser, ensureProgramme } from '../src/partners/index.ts';
import { connect, type Db } from '../src/platform/db/index.ts';
import { cliActor, type Role, roles } from '../src/platform/permissions/index.ts';
import { type PageExpectation, pageExpectations } from '../test/security/access-expectations.ts';
import {
  createMissingSamples,
  demoAccounts,
  demoTokens,
  pickSamples,
  type Samples,
} from '../test/security/samples.ts';

const baseUrl = () => inject('baseUrl');
const demoPassword = 'palier-demo-2026';
const otherEmail = 'coordination@autre.example.org';
const otherPassword = 'un mot de passe assez long';

let db: Db;
let closeDb: () => Promise<void>;
let s: Samples;
const cookies = {} as Record<Role | 'other', string>;
let markers: string[];

/** Every route path of app/routes.ts ('' for the home page). */
async function routePaths(): Promise<string[]> {
  const out: string[] = [];
  const walk = (entries: { path?: string; index?: boolean; children?: unknown[] }[]) => {
    for (const e of entries) {
      out.push(e.index ? '' : (e.path ?? ''));
      if (e.children) walk(e.children as never);
    }
  };
  walk((await routeConfig) as never);
  return out;
}

/** The address requested for a route: its parameters filled with the demo's sample rows. */
const urls: Record<string, (s: Samples) => string> = {
  'invitation/:secret': () => '/invitation/aucune-invitation-de-ce-nom',
  'foyers/nouveau': (s) => `/foyers/nouveau?logement=${s.vacantDwelling}`,
  'territoire/secteurs/:id': (s) => `/territoire/secteurs/${s.sector}`,
  'territoire/batiments/:id': (s) => `/territoire/batiments/${s.building}`,
  'territoire/logements/:id': (s) => `/territoire/logements/${s.dwelling}`,
  'foyers/:id': (s) => `/foyers/${s.household}`,
  'foyers/:id/donnees': (s) => `/foyers/${s.household}/donnees`,
  'foyers/:id/donnees.json': (s) => `/foyers/${s.household}/donnees.json`,
  'foyers/:id/donnees.pdf': (s) => `/foyers/${s.household}/donnees.pdf`,
  'foyers/:id/consentements': (s) => `/foyers/${s.household}/consentements`,
  'consultations/:id': (s) => `/consultations/${s.vote}`,
  'consultations/:id/logements': (s) => `/consultations/${s.vote}/logements`,
  'consultations/:id/lots/:batchId': (s) => `/consultations/${s.vote}/lots/${s.paperBatch}`,
  'consultations/:id/lettres.pdf': (s) => `/consultations/${s.vote}/lettres.pdf?logement=${s.voteDwelling}`,
  'consultations/:id/proces-verbal.pdf': (s) => `/consultations/${s.vote}/proces-verbal.pdf`,
  'foyers/:id/internet': (s) => `/foyers/${s.household}/internet`,
  'raccordements/:id': (s) => `/raccordements/${s.activation}`,
  'charges/:month': (s) => `/charges/${s.closedMonth}`,
  'charges/:month/lignes.csv': (s) => `/charges/${s.closedMonth}/lignes.csv`,
  'equipement/commandes/:id': (s) => `/equipement/commandes/${s.handedOverOrder}`,
  'equipement/commandes/:id/recus/:paymentId': (s) =>
    `/equipement/commandes/${s.handedOverOrder}/recus/${s.payment}`,
  'equipement/commandes/:id/remise.pdf': (s) => `/equipement/commandes/${s.handedOverOrder}/remise.pdf`,
  'equipement/:id': (s) => `/equipement/${s.readyDevice}`,
  'lieux/:id': (s) => `/lieux/${s.facility}`,
  'lieux/:id/ateliers.ics': (s) => `/lieux/${s.facility}/ateliers.ics`,
  'ateliers/seances/:id': (s) => `/ateliers/seances/${s.session}`,
  'ateliers/seances/:id/emargement': (s) => `/ateliers/seances/${s.session}/emargement`,
  'ateliers/:id/competences': (s) => `/ateliers/${s.course}/competences`,
  'ateliers/:id': (s) => `/ateliers/${s.course}`,
  'calendrier/:token': () => '/calendrier/aucun-calendrier-de-ce-nom',
  'competences/personnes/:memberId': (s) => `/competences/personnes/${s.member}`,
  'certificats/:id': (s) => `/certificats/${s.certificate}`,
  'certificats/:id/certificat': (s) => `/certificats/${s.certificate}/certificat`,
  'certificats/:id/badge': (s) => `/certificats/${s.certificate}/badge`,
  'verify/:code': (s) => `/verify/${s.certificateCode}`,
  'conseil/:id': (s) => `/conseil/${s.adviceCase}`,
  'conseil/:id/documents/:documentId': (s) => `/conseil/${s.adviceCase}/documents/${s.adviceDocument}`,
  'conseil/:id/courriers/:letterId': (s) => `/conseil/${s.adviceCase}/courriers/${s.adviceLetter}`,
  'fiches/:id': (s) => `/fiches/${s.offerSheet}`,
  'fiches-offres/:sectorCode': (s) => `/fiches-offres/${s.offerSheetSector}`,
  'partenaires/:id': (s) => `/partenaires/${s.facilityOrganisation}`,
  'deploiement/reunions/:id/compte-rendu': (s) =>
    `/deploiement/reunions/${s.consultationMeeting}/compte-rendu`,
  'territoire/secteurs/:id/deploiement': (s) => `/territoire/secteurs/${s.sector}/deploiement`,
  'impact/export.csv': () => '/impact/export.csv?table=funnel',
  'impact/export.xlsx': () => '/impact/export.xlsx?table=funnel',
  'bilans/:id': (s) => `/bilans/${s.report}`,
  'bilans/:id/modifier': (s) => `/bilans/${s.report}/modifier`,
  'bilans/:id/bilan.pdf': (s) => `/bilans/${s.report}/bilan.pdf`,
  'foyers/:id/questionnaire': (s) => `/foyers/${s.household}/questionnaire`,
  'donnees-ouvertes/impact.csv': (s) => `/donnees-ouvertes/impact.csv?programme=${s.programmeSlug}`,
  'coordination/conventions/:id': (s) => `/coordination/conventions/${s.agreement}`,
  'coordination/conventions/:id/documents/:documentId': (s) =>
    `/coordination/conventions/${s.agreement}/documents/${s.agreementDocument}`,
  'coordination/subventions/:id': (s) => `/coordination/subventions/${s.subsidy}`,
  'coordination/comites/:id': (s) => `/coordination/comites/${s.steeringMeeting}`,
  'coordination/comites/:id/compte-rendu': (s) => `/coordination/comites/${s.steeringMeeting}/compte-rendu`,
};
const urlOf = (route: string) => urls[route]?.(s) ?? `/${route}`;

/** Signs in through the login form, as a browser without JavaScript would; the session cookie. */
async function signIn(email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl()}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl() },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (response.status !== 302 && response.status !== 303) throw new Error(`${email}: ${response.status}`);
  if (!cookie) throw new Error(`${email}: no session cookie`);
  return cookie;
}

beforeAll(async () => {
  // The built server's own PostgreSQL (embedded, in its data folder): read sample rows, add another programme.
  const dataDir = inject('dataDir');
  const { port } = JSON.parse(readFileSync(path.join(dataDir, 'pg-owner.json'), 'utf8')) as { port: number };
  const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  const connection = connect(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/palier`, {
    max: 2,
  });
  db = connection.db;
  closeDb = () => connection.sql.end({ timeout: 5 });

  s = await pickSamples(db);
  const tokens = await demoTokens(db, s.programmeId);
  s = await createMissingSamples(
    (token, path, init = {}) =>
      fetch(`${baseUrl()}${path}`, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      }),
    tokens,
    s,
  );
  const other = await ensureProgramme(db, 'autre', 'Programme autre');
  const city = await createOrganisation({
    db,
    actor: cliActor(other),
    input: { kind: 'city', name: 'Autre ville' },
  });
  if (!city.ok) throw new Error('organisation');
  const user = await createUser({
    db,
    actor: cliActor(other),
    password: otherPassword,
    input: { name: 'Autre coordination', email: otherEmail, role: 'coordinator', organisationId: city.id },
  });
  if (!user.ok) throw new Error(user.reason);

  for (const role of roles) cookies[role] = await signIn(demoAccounts[role], demoPassword);
  cookies.other = await signIn(otherEmail, otherPassword);
  const [name] = (await db.execute(
    sql`select first_name || ' ' || last_name as name from household_member where id = ${s.member}`,
  )) as unknown as { name: string }[];
  markers = ['Keredern', 'Centre social de Kerourien', 'CLCV', 'Brest métropole habitat', name!.name];
}, 120_000);

afterAll(async () => {
  await closeDb?.();
});

type Outcome = 'ok' | 'hidden' | 'redirect' | 'forbidden';
const expected = (e: PageExpectation, role: Role): Outcome =>
  e.ok.includes(role)
    ? 'ok'
    : e.hidden?.includes(role)
      ? 'hidden'
      : e.redirect?.includes(role)
        ? 'redirect'
        : 'forbidden';

async function get(url: string, cookie: string | null) {
  const response = await fetch(`${baseUrl()}${url}`, {
    redirect: 'manual',
    headers: cookie ? { cookie } : {},
  });
  const body = Buffer.from(await response.arrayBuffer()).toString('utf8');
  return { status: response.status, location: response.headers.get('location') ?? '', body };
}

describe('the authorisation matrix of the pages', () => {
  it('has an expectation for every route of app/routes.ts, and no other', async () => {
    expect(Object.keys(pageExpectations).sort()).toEqual((await routePaths()).sort());
  });

  it('answers every page as the expectations say, for every role, anonymously and across programmes', async () => {
    const mismatches: string[] = [];
    // Logging out ends the session: that page goes last.
    const paths = (await routePaths()).sort((a, b) => Number(a === 'logout') - Number(b === 'logout'));
    for (const route of paths) {
      const e = pageExpectations[route]!;
      const url = urlOf(route);
      const [anonymous, other, ...byRole] = await Promise.all([
        get(url, null),
        get(url, cookies.other),
        ...roles.map((role) => get(url, cookies[role])),
      ]);
      // Anonymous
      const wantAnonymous = e.anonymous ?? 'login';
      if (wantAnonymous === 'login') {
        if (![302, 303].includes(anonymous!.status) || !anonymous!.location.startsWith('/login'))
          mismatches.push(`${url} anonymous: ${anonymous!.status} ${anonymous!.location}, expected /login`);
      } else if (anonymous!.status !== wantAnonymous)
        mismatches.push(`${url} anonymous: ${anonymous!.status}, expected ${wantAnonymous}`);
      // The other programme's coordinator
      const wantOther = e.other ?? (route.includes(':') ? 'denied' : 'isolated');
      const leaked =
        other!.status < 300 && typeof wantOther !== 'number'
          ? markers.find((m) => other!.body.includes(m))
          : undefined;
      if (leaked) mismatches.push(`${url} other programme: ${other!.status} with « ${leaked} » in it`);
      else if (other!.status >= 500) mismatches.push(`${url} other programme: ${other!.status}`);
      else if (
        typeof wantOther === 'number'
          ? other!.status !== wantOther
          : wantOther === 'denied' && ![403, 404].includes(other!.status)
      )
        mismatches.push(`${url} other programme: ${other!.status}, expected ${wantOther}`);
      // Each role
      roles.forEach((role, i) => {
        const { status, location } = byRole[i]!;
        const want = expected(e, role);
        const fine =
          want === 'ok'
            ? status === 200
            : want === 'hidden'
              ? status === 404
              : want === 'redirect'
                ? status >= 300 && status < 400 && !location.startsWith('/login')
                : status === 403;
        if (!fine)
          mismatches.push(`${url} ${role}: ${status}${location ? ` → ${location}` : ''}, expected ${want}`);
      });
    }
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('never answers a 5xx to a page address with a hostile parameter', async () => {
    const hostile = [
      '0',
      '-1',
      '2147483648',
      '99999999999999999999',
      '1e3',
      'abc',
      "1'",
      '%00',
      '%ff',
      '%2e%2e%2f',
      '0000-01',
      '2026-13',
      '%E2%80%AE',
    ];
    const failures: string[] = [];
    for (const route of (await routePaths()).filter((r) => r.includes(':'))) {
      const [address, query] = urlOf(route).split('?');
      const segments = address!.split('/');
      const pattern = `/${route}`.split('/');
      const who: (Role | 'other')[] = ['coordinator', pageExpectations[route]!.ok[0] ?? 'resident'];
      for (const [i, part] of pattern.entries()) {
        if (!part.startsWith(':')) continue;
        for (const value of hostile) {
          const attempt = [...segments];
          attempt[i] = value;
          const url = `${attempt.join('/')}${query ? `?${query}` : ''}`;
          for (const role of who) {
            const { status, body } = await get(url, cookies[role]);
            if (status >= 500 || /\n\s+at |node_modules|\.tsx?:\d+/.test(body))
              failures.push(`${url} ${role}: ${status}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
