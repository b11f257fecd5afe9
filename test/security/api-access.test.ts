// The authorisation matrix of the partner API, tried: every operation of the OpenAPI document, as every role of the
// demo programme, anonymously, and as users of another programme, against what access-expectations.ts says (written
// by hand, not read from the permission code). A new operation without an entry fails here.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { openApiDocument } from '../../src/api/index.ts';
import { seedDemo } from '../../src/demo/index.ts';
import { createApiToken } from '../../src/partners/index.ts';
import type { Db } from '../../src/platform/db/index.ts';
import { type Role, roles } from '../../src/platform/permissions/index.ts';
import { testDatabase } from '../database.ts';
import { buildProgramme } from '../programme.ts';
import { testServices } from '../services.ts';
import { type ApiExpectation, apiExpectations } from './access-expectations.ts';
import { apiRequests, requestInit } from './api-requests.ts';
import { createMissingSamples, demoTokens, pickSamples, type Samples } from './samples.ts';

let db: Db;
let app: ReturnType<typeof createApp>;
let s: Samples;
let tokens: Record<Role, string>;
/** Users of another programme: its coordinator and its landlord officer (the roles with the most rights). */
const others: Record<'other coordinator' | 'other landlord_officer', string> = {
  'other coordinator': '',
  'other landlord_officer': '',
};
/** Names only this programme has: none may appear in an answer to another programme's user. */
let markers: string[];
const serverErrors: string[] = [];

const operations = () =>
  Object.entries(openApiDocument().paths ?? {}).flatMap(([path, item]) =>
    Object.keys(item as object)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );

beforeAll(async () => {
  ({ db } = await testDatabase());
  await seedDemo(db);
  const other = await buildProgramme(db, 'autre');
  s = await pickSamples(db);
  tokens = await demoTokens(db, s.programmeId);
  for (const role of ['coordinator', 'landlord_officer'] as const) {
    const created = await createApiToken({
      db,
      actor: other.actors.admin,
      userId: other.actors[role].userId!,
      name: 'other programme',
    });
    if (!created.ok) throw new Error('token');
    others[`other ${role}`] = created.token;
  }
  app = createApp(testServices(db), null, (line) => serverErrors.push(line));
  s = await createMissingSamples(
    (token, path, init = {}) => app.request(path, withToken(init, token)),
    tokens,
    s,
  );
  const [name] = (await db.execute(
    sql`select first_name || ' ' || last_name as name from household_member where id = ${s.member}`,
  )) as unknown as { name: string }[];
  markers = ['Keredern', 'Centre social de Kerourien', 'CLCV', 'Brest métropole habitat', name!.name];
}, 180_000);

const withToken = (init: RequestInit, token: string | null): RequestInit => ({
  ...init,
  headers: {
    ...(init.headers as Record<string, string>),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  },
});

type Outcome = 'ok' | 'hidden' | 'forbidden' | 'public';

/** What a role should get, by the expectations. */
function expected(e: ApiExpectation, role: Role): Outcome {
  if (e.public !== undefined) return 'public';
  if (e.ok.includes(role)) return 'ok';
  if (e.hidden?.includes(role)) return 'hidden';
  return 'forbidden';
}

const isWrite = (key: string) => !key.startsWith('GET ');

function matches(outcome: Outcome, key: string, status: number, e: ApiExpectation): boolean {
  switch (outcome) {
    case 'public':
      return status === e.public;
    case 'ok':
      return (status >= 200 && status < 300) || (isWrite(key) && (status === 409 || status === 422));
    case 'hidden':
      return status === 404;
    case 'forbidden':
      return status === 403;
  }
}

describe('the authorisation matrix of /api/v1', () => {
  it('has an expectation and a sample request for every operation of the OpenAPI document, and no other', () => {
    const ops = operations().sort();
    expect(Object.keys(apiExpectations).sort()).toEqual(ops);
    expect(Object.keys(apiRequests).sort()).toEqual(ops);
  });

  it('answers every operation as the expectations say, for every role, anonymously and across programmes', async () => {
    // Reads first, then writes (a write may change the sample rows); for each operation, those who must be refused
    // go first, so that a refusal is tried on the row as the role would find it.
    const keys = operations().sort((a, b) => Number(isWrite(a)) - Number(isWrite(b)));
    const mismatches: string[] = [];
    for (const key of keys) {
      const e = apiExpectations[key]!;
      const request = apiRequests[key]!(s);
      const send = async (token: string | null) => {
        const { url, init } = requestInit(key, request, token);
        const response = await app.request(url, init);
        const body = await response.text();
        return { status: response.status, body };
      };
      // Anonymous
      {
        const { status, body } = await send(null);
        const want = e.public ?? 401;
        if (status !== want)
          mismatches.push(`${key} anonymous: ${status}, expected ${want} ${body.slice(0, 160)}`);
      }
      // Another programme's users
      for (const [who, token] of Object.entries(others)) {
        const { status, body } = await send(token);
        if (e.public !== undefined) {
          if (status !== e.public) mismatches.push(`${key} ${who}: ${status}, expected ${e.public}`);
          continue;
        }
        const leaked = status < 300 ? markers.find((m) => body.includes(m)) : undefined;
        if (leaked)
          mismatches.push(`${key} ${who}: ${status} with « ${leaked} » of the demo programme in it`);
        else if (status >= 500) mismatches.push(`${key} ${who}: ${status}`);
        else if ((e.other ?? 'denied') === 'denied' && ![403, 404, 409, 422].includes(status))
          mismatches.push(`${key} ${who}: ${status}, expected a refusal ${body.slice(0, 160)}`);
      }
      const order = [...roles].sort(
        (a, b) => Number(expected(e, a) === 'ok') - Number(expected(e, b) === 'ok'),
      );
      for (const role of order) {
        const outcome = expected(e, role);
        const { status, body } = await send(tokens[role]);
        if (process.env.MATRIX_LOG && outcome === 'ok' && status >= 300)
          console.log(`${key} ${role}: ${status} ${body.slice(0, 200)}`);
        if (!matches(outcome, key, status, e))
          mismatches.push(`${key} ${role}: ${status}, expected ${outcome} ${body.slice(0, 160)}`);
      }
    }
    expect(serverErrors).toEqual([]);
    expect(mismatches).toEqual([]);
  }, 120_000);
});
