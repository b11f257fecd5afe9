// Every /api/v1 operation driven from its OpenAPI schema with valid, boundary and hostile inputs (fast-check): wrong
// types, missing and extra fields, 100 kB strings, NUL bytes and other Unicode tricks, SQL/HTML/CSV-formula
// injection, negative and huge numbers, ids beyond int4, far and impossible dates, broken JSON, CSV and uploads — as
// the coordinator, the landlord's officer (the roles that write the most) and a resident. Whatever comes:
//   - never a 5xx, never a stack trace, a file path or SQL error text in the answer;
//   - a 4xx is JSON `{ error, message }`;
//   - a refused request (4xx) changes nothing: every table counts its changed rows (a trigger per table, added to
//     this test's database only), and the count must not move across a refusal.
// Deterministic: FUZZ_SEED=<n> replays a run; FUZZ_RUNS=<n> tries more inputs per operation (default 30).
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { openApiDocument } from '../../src/api/index.ts';
import { seedDemo } from '../../src/demo/index.ts';
import type { Db } from '../../src/platform/db/index.ts';
import type { Role } from '../../src/platform/permissions/index.ts';
import { testDatabase } from '../database.ts';
import { testServices } from '../services.ts';
import { apiExpectations } from './access-expectations.ts';
import { type ApiRequest, apiRequests, requestInit } from './api-requests.ts';
import {
  anyHostile,
  type Field,
  fieldsOf,
  hostileCsv,
  hostileStrings,
  type JsonSchema,
  resolver,
  setAt,
  sweepValues,
  valuesFor,
} from './hostile.ts';
import { createMissingSamples, demoTokens, pickSamples, type Samples, tinyPdf } from './samples.ts';

const seed = Number(process.env.FUZZ_SEED ?? 11_2026);
const numRuns = Number(process.env.FUZZ_RUNS ?? 30);
const fuzzRoles = ['coordinator', 'landlord_officer', 'resident'] as const satisfies readonly Role[];

let db: Db;
let app: ReturnType<typeof createApp>;
let s: Samples;
let tokens: Record<Role, string>;
const serverErrors: string[] = [];

interface Operation {
  key: string;
  method: string;
  template: string;
  params: { name: string; in: 'path' | 'query' | 'header'; schema: JsonSchema }[];
  bodyTypes: string[];
  fields: Field[];
}

const doc = openApiDocument() as unknown as {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: unknown[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }
    >
  >;
  components?: { schemas?: Record<string, JsonSchema> };
};
const resolve = resolver(doc.components?.schemas ?? {});
const operations: Operation[] = Object.entries(doc.paths).flatMap(([template, item]) =>
  Object.entries(item)
    .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
    .map(([m, op]) => {
      const content = op.requestBody?.content ?? {};
      const jsonSchema = content['application/json']?.schema ?? content['multipart/form-data']?.schema;
      return {
        key: `${m.toUpperCase()} ${template}`,
        method: m.toUpperCase(),
        template,
        params: (op.parameters ?? []) as Operation['params'],
        bodyTypes: Object.keys(content),
        fields: jsonSchema ? fieldsOf(jsonSchema, resolve) : [],
      };
    }),
);

beforeAll(async () => {
  ({ db } = await testDatabase());
  await seedDemo(db);
  s = await pickSamples(db);
  tokens = await demoTokens(db, s.programmeId);
  app = createApp(testServices(db), null, (line) => serverErrors.push(line));
  s = await createMissingSamples(
    (token, path, init = {}) =>
      app.request(path, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      }),
    tokens,
    s,
  );
  // Every table counts the rows changed in it (inserted, updated, deleted), in the same transaction as the change:
  // a refused request that rolled back leaves the count as it was. The API tokens' "last used" is not a change.
  await db.execute(
    sql.raw(`
    create table fuzz_changes (n bigint not null);
    insert into fuzz_changes values (0);
    create function fuzz_count() returns trigger language plpgsql security definer set search_path = public as $$
      begin update fuzz_changes set n = n + 1; return null; end $$;
    do $$ declare t text; begin
      for t in select tablename from pg_tables where schemaname = 'public'
                 and tablename not in ('fuzz_changes', 'api_token', '__drizzle_migrations') loop
        execute format('create trigger fuzz_count after insert or update or delete on %I
                        for each row execute function fuzz_count()', t);
      end loop;
    end $$;
  `),
  );
}, 180_000);

const changes = async () =>
  Number(((await db.execute(sql`select n from fuzz_changes`)) as unknown as { n: string }[])[0]!.n);

// ---- Plans: what to break in the well-formed request ----

type Mutation =
  | { kind: 'field'; path: (string | number)[]; value: unknown }
  | { kind: 'drop'; path: (string | number)[] }
  | { kind: 'extra'; name: string; value: unknown }
  | { kind: 'body'; value: unknown }
  | { kind: 'raw'; text: string; contentType: string }
  | { kind: 'param'; name: string; value: string; raw?: boolean }
  | { kind: 'query'; name: string; value: string }
  | { kind: 'header'; name: string; value: string }
  | { kind: 'csv'; text: string }
  | { kind: 'file'; file: 'empty' | 'text' | 'huge' | 'named' | 'missing' | 'string'; name: string };

const hostileParam = fc.oneof(
  fc.constantFrom(
    '-1',
    '0',
    '2147483648',
    '-2147483649',
    '99999999999999999999999',
    '1.5',
    '1e3',
    '0x10',
    '+1',
    ' 1',
    'NaN',
    'null',
    "1'",
    '1;DROP TABLE household',
    '%00',
    '\u0000',
    '..',
    '2026-13',
    '0000-01',
    '2026-02-30',
  ),
  fc.constantFrom(...hostileStrings.filter((v) => v.length < 2_000)),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

function mutationsFor(op: Operation): fc.Arbitrary<Mutation> {
  const options: fc.Arbitrary<Mutation>[] = [];
  const paramNames = (where: string) => op.params.filter((p) => p.in === where);
  for (const p of paramNames('path'))
    options.push(
      hostileParam.map((value) => ({ kind: 'param' as const, name: p.name, value })),
      // Percent-encodings that decode to nothing valid: a lone %, invalid UTF-8, an encoded slash or NUL.
      fc
        .constantFrom('%', '%zz', '%ff', '%ED%A0%80', '%C0%AF', '%2F', '%00', '%252e')
        .map((value) => ({ kind: 'param' as const, name: p.name, value, raw: true })),
    );
  const queryNames = [...paramNames('query').map((p) => p.name), 'unexpected'];
  options.push(
    fc
      .tuple(fc.constantFrom(...queryNames), hostileParam)
      .map(([name, value]) => ({ kind: 'query' as const, name, value })),
  );
  for (const p of paramNames('header'))
    options.push(hostileParam.map((value) => ({ kind: 'header' as const, name: p.name, value })));
  if (op.bodyTypes.includes('application/json')) {
    if (op.fields.length) {
      options.push(
        fc
          .constantFrom(...op.fields)
          .chain((f) =>
            valuesFor(f.schema).map((value) => ({ kind: 'field' as const, path: f.path, value })),
          ),
      );
      const required = op.fields.filter((f) => f.required);
      if (required.length)
        options.push(fc.constantFrom(...required).map((f) => ({ kind: 'drop' as const, path: f.path })));
    }
    options.push(
      fc
        .tuple(fc.constantFrom('extra', '__proto__', 'constructor', 'programmeId', 'id', 'role'), anyHostile)
        .map(([name, value]) => ({ kind: 'extra' as const, name, value })),
      anyHostile.map((value) => ({ kind: 'body' as const, value })),
      fc
        .constantFrom(
          '{"a":',
          '{"a":1}}',
          "{'a':1}",
          '\u0000',
          '',
          '[1,2',
          '{"a":"\\ud800"}',
          `{"a":"${'x'.repeat(100_000)}"}`,
          `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
        )
        .chain((text) =>
          fc
            .constantFrom(
              'application/json',
              'text/plain',
              'application/x-www-form-urlencoded',
              'application/json; charset=latin1',
            )
            .map((contentType) => ({ kind: 'raw' as const, text, contentType })),
        ),
    );
  }
  if (op.bodyTypes.includes('text/csv'))
    options.push(
      fc
        .oneof(fc.constantFrom(...hostileCsv), fc.string({ unit: 'binary', maxLength: 200 }))
        .map((text) => ({ kind: 'csv' as const, text })),
    );
  if (op.bodyTypes.includes('multipart/form-data')) {
    options.push(
      fc
        .tuple(
          fc.constantFrom('empty', 'text', 'huge', 'named', 'missing', 'string' as const),
          fc.constantFrom(
            'piece.pdf',
            '../../etc/passwd',
            'a\u0000b.pdf',
            '\u202Efdp.exe',
            'x'.repeat(5_000),
          ),
        )
        .map(([file, name]) => ({ kind: 'file' as const, file: file as 'empty', name })),
    );
    if (op.fields.length)
      options.push(
        fc
          .constantFrom(...op.fields.filter((f) => f.path[0] !== 'file'), {
            path: ['x'],
            schema: {},
            required: false,
          })
          .chain((f) =>
            fc
              .constantFrom(...hostileStrings.filter((v) => !v.includes('\u0000') || true))
              .map((value) => ({ kind: 'field' as const, path: f.path, value })),
          ),
      );
  }
  return fc.oneof(...options);
}

// ---- Building the request ----

function apply(
  op: Operation,
  base: ApiRequest,
  mutations: Mutation[],
): ApiRequest & { raw?: { text: string; contentType: string } } {
  const request: ApiRequest & { raw?: { text: string; contentType: string } } = structuredClone({
    ...base,
    form: undefined,
  });
  if (base.form) request.form = { ...base.form };
  const templateParts = op.template.split('/');
  const pathParts = base.path.split('/');
  for (const m of mutations) {
    switch (m.kind) {
      case 'field':
        if (request.form)
          request.form[String(m.path[0])] = typeof m.value === 'string' ? m.value : JSON.stringify(m.value);
        else request.json = setAt(request.json, m.path, m.value);
        break;
      case 'drop':
        request.json = setAt(request.json, m.path, undefined);
        break;
      case 'extra':
        request.json = { ...(request.json as object), [m.name]: m.value };
        break;
      case 'body':
        request.json = m.value;
        break;
      case 'raw':
        request.raw = { text: m.text, contentType: m.contentType };
        break;
      case 'param': {
        const index = templateParts.indexOf(`{${m.name}}`);
        if (index >= 0) pathParts[index] = m.raw ? m.value : encodeURIComponent(m.value.toWellFormed());
        break;
      }
      case 'query':
        request.query = { ...request.query, [m.name]: m.value };
        break;
      case 'header':
        request.headers = { ...request.headers, [m.name]: m.value };
        break;
      case 'csv':
        request.csv = m.text;
        break;
      case 'file': {
        const form = { ...request.form };
        delete form.file;
        if (m.file === 'empty') form.file = new File([], m.name);
        else if (m.file === 'text')
          form.file = new File(['just text, not a PDF'], m.name, { type: 'application/pdf' });
        else if (m.file === 'huge') form.file = new File([new Uint8Array(100_000).fill(0x25)], m.name);
        else if (m.file === 'named') form.file = new File([tinyPdf()], m.name, { type: 'application/pdf' });
        else if (m.file === 'string') form.file = m.name;
        request.form = form;
        break;
      }
    }
  }
  request.path = pathParts.join('/');
  return request;
}

async function send(key: string, request: ReturnType<typeof apply>, token: string) {
  const { url, init } = requestInit(key, request, token);
  if (request.raw) {
    init.body = request.raw.text;
    (init.headers as Record<string, string>)['content-type'] = request.raw.contentType;
  }
  let req: Request;
  try {
    req = new Request(`http://palier.test${url}`, init);
  } catch {
    return null; // a header no client could send (a NUL or a line break in it)
  }
  const response = await app.request(req);
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: await response.text(),
  };
}

// Stack frames, our files, PostgreSQL's and the drivers' words: none may reach a client.
const leaks = [
  /\n\s+at [\w$.<>[\] ]+ \(/,
  /\bat (?:async )?[\w$.]+ \((?:file:|\/)/,
  /\.tsx?:\d+:\d+/,
  /node_modules/,
  /\/work\/|\/src\/|\/home\//,
  /PostgresError|postgres\.js|drizzle/i,
  /syntax error at or near|violates (?:not-null|foreign key|unique|check) constraint|invalid input syntax|out of range for type|relation "|column "|duplicate key value|invalid byte sequence|unterminated|current transaction is aborted/i,
  /TypeError|ReferenceError|RangeError|SyntaxError: /,
];

/**
 * Values the fuzzer must leave as they are: a real retention run would archive and erase most of the demo (its own
 * tests prove what it does); here it runs dry, whatever else is broken in the request.
 */
const pinned: Record<string, Record<string, unknown>> = { 'POST /retention/runs': { dryRun: true } };

/** One request, and everything that must hold of its answer. */
async function check(op: Operation, role: Role, mutations: Mutation[]) {
  const request = apply(op, apiRequests[op.key]!(s), mutations);
  if (pinned[op.key])
    request.json = {
      ...(typeof request.json === 'object' && request.json ? request.json : {}),
      ...pinned[op.key],
    };
  const errorsBefore = serverErrors.length;
  const before = await changes();
  const answer = await send(op.key, request, tokens[role]);
  if (!answer) return;
  const after = await changes();
  const what = `${op.key} as ${role} with ${JSON.stringify(mutations).slice(0, 300)} → ${answer.status} ${answer.body.slice(0, 300)}`;
  expect(serverErrors.slice(errorsBefore), what).toEqual([]);
  expect(answer.status, what).toBeLessThan(500);
  const textual = /json|text|calendar/.test(answer.type);
  if (textual || answer.status >= 400)
    for (const leak of leaks) expect(answer.body, `${what}: leaks ${leak}`).not.toMatch(leak);
  if (answer.status >= 400) {
    expect(answer.type, what).toMatch(/^application\/json/);
    const body = JSON.parse(answer.body) as { error?: unknown; message?: unknown };
    expect(typeof body.error, what).toBe('string');
    expect(typeof body.message, what).toBe('string');
    expect(after - before, `${what}: a refused request changed ${after - before} rows`).toBe(0);
  }
}

describe('fuzzing every /api/v1 operation from its OpenAPI schema', () => {
  it('knows a well-formed request for every operation', () => {
    expect(operations.map((o) => o.key).filter((k) => !apiRequests[k])).toEqual([]);
  });

  it('counts changes (the check below is not vacuous): an accepted write moves the count, a refused one does not', async () => {
    const before = await changes();
    const refused = await send(
      'POST /steering-meetings',
      { path: '/steering-meetings', json: { heldOn: 'hier' } },
      tokens.coordinator,
    );
    expect(refused?.status).toBe(422);
    expect(await changes()).toBe(before);
    const accepted = await send(
      'POST /steering-meetings',
      apiRequests['POST /steering-meetings']!(s),
      tokens.coordinator,
    );
    expect(accepted?.status).toBe(201);
    expect(await changes()).toBeGreaterThan(before);
  });

  for (const [index, op] of operations.entries()) {
    it(`${op.key}: no 5xx, no leak, JSON errors, and a refusal changes nothing`, async () => {
      // The three roles, and one the operation is for (else a facility's or an association's operations would be
      // refused before their inputs reach the database).
      const allowed = apiExpectations[op.key]?.ok[0];
      const roles = [...new Set<Role>([...fuzzRoles, ...(allowed ? [allowed, allowed] : [])])];
      const mutation = mutationsFor(op);
      const plan = fc.record({
        role: fc.constantFrom(...roles),
        mutations: fc.oneof(
          { weight: 6, arbitrary: mutation.map((m) => [m]) },
          { weight: 1, arbitrary: fc.constant<Mutation[]>([]) },
          { weight: 3, arbitrary: fc.array(mutation, { minLength: 2, maxLength: 3 }) },
        ),
      });
      await fc.assert(
        fc.asyncProperty(plan, ({ role, mutations }) => check(op, role, mutations)),
        { seed: seed + index, numRuns, endOnFailure: true },
      );
      // Then the sweep, as the role the operation is for: each field alone, with each of its likeliest breakers.
      const role = allowed ?? 'coordinator';
      const failures: string[] = [];
      const attempt = (mutation: Mutation) =>
        check(op, role, [mutation]).catch((error: Error) => failures.push(error.message.split('\n')[0]!));
      for (const field of op.fields)
        for (const value of sweepValues(field.schema))
          await attempt({ kind: 'field', path: field.path, value });
      for (const param of op.params.filter((p) => p.in !== 'header'))
        for (const value of sweepValues(resolve(param.schema)))
          await attempt(
            param.in === 'path'
              ? { kind: 'param', name: param.name, value: String(value) }
              : { kind: 'query', name: param.name, value: String(value) },
          );
      expect(failures).toEqual([]);
    });
  }
});
