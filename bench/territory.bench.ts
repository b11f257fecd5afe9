// Benchmark: at national scale (5.3 million dwellings), dwelling search (by address and by reference) and a
// household page answer in under 50 ms at the 95th percentile, with 16 concurrent clients in this second process
// against the built server. Run `npm run build` first. Seeds the scale programme when it is missing.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { createOrganisation, createUser, listOrganisations, listUsers } from '../src/partners/index.ts';
import { freePort } from '../src/platform/db/embedded.ts';
import { cliActor } from '../src/platform/permissions/index.ts';
import { benchDatabase, ensureScaleProgramme, percentile } from './harness.ts';

const DWELLINGS = Number(process.env.DWELLINGS ?? 5_300_000);
const CLIENTS = Number(process.env.CLIENTS ?? 16);
const REQUESTS_PER_CLIENT = Number(process.env.REQUESTS ?? 100);
const LIMIT_MS = 50;
const PASSWORD = 'bench-password-not-secret';

if (!existsSync('build/server/index.js')) throw new Error('run `npm run build` first');
const { db, url, kind, close } = await benchDatabase(process.env.BENCH_DATABASE ?? 'palier_bench_scale');
let server: ChildProcess | null = null;
try {
  const scaleId = await ensureScaleProgramme(db, DWELLINGS);
  const actor = cliActor(scaleId, 'benchmark');
  let landlord = (await listOrganisations({ db, actor })).find((o) => o.kind === 'landlord');
  if (!landlord) {
    const created = await createOrganisation({
      db,
      actor,
      input: { kind: 'landlord', name: 'Bailleur national' },
    });
    if (!created.ok) throw new Error('organisation');
    landlord = { id: created.id } as unknown as typeof landlord;
  }
  const email = 'bench@scale.example.org';
  if (!(await listUsers({ db, actor })).some((u) => u.email === email)) {
    await createUser({
      db,
      actor,
      password: PASSWORD,
      input: { email, name: 'Banc d’essai', role: 'landlord_officer', organisationId: landlord!.id },
    });
  }

  // Targets drawn deterministically across the whole country.
  const households = (
    await db.execute<{ id: number }>(
      sql`select id from household where programme_id = ${scaleId} and id % 997 = 0 limit 400`,
    )
  ).map((r) => r.id);
  // Addresses of real buildings with their town, typed as people do (lower case, no accents): at national scale
  // the same street name and number exist in many towns.
  const addresses = (
    await db.execute<{ address: string }>(
      sql`select address || ' ' || city as address from building where programme_id = ${scaleId} and id % 883 = 0 limit 400`,
    )
  ).map((r) =>
    r.address
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase(),
  );
  const addressQuery = (i: number) => addresses[i % addresses.length]!;
  const referenceQuery = (i: number) => `L${String(((i * 104729) % DWELLINGS) + 1).padStart(8, '0')}`;

  const port = await freePort();
  server = spawn(
    process.execPath,
    [...(process.env.SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean), 'build/server/index.js'],
    {
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: url,
        PALIER_DEMO: 'false',
        PALIER_SECRET: 'bench-secret-bench-secret-bench-secret',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {}
    if (i > 400) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: PASSWORD, redirectTo: '/' }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!cookie) throw new Error(`login failed (${login.status})`);

  const scenarios: { name: string; path: (i: number) => string; check: (body: string) => boolean }[] = [
    {
      name: 'dwelling search by address (page)',
      path: (i) => `/territoire?q=${encodeURIComponent(addressQuery(i))}`,
      check: (b) => b.includes('trouvé') || b.includes('premiers logements'),
    },
    {
      name: 'dwelling search by reference (page)',
      path: (i) => `/territoire?q=${referenceQuery(i)}`,
      check: (b) => b.includes('trouvé'),
    },
    {
      name: 'household page',
      path: (i) => `/foyers/${households[i % households.length]}`,
      check: (b) => b.includes('Membres du foyer'),
    },
  ];

  // A light HTTP client (keep-alive, gzip accepted as browsers do, bodies not decompressed except to check a
  // sample) so that the load generator takes as little of the machine's two cores as possible.
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const get = (path: string, decode: boolean) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.get(
        `${base}${path}`,
        { agent, headers: { cookie, 'accept-encoding': 'gzip' } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const raw = Buffer.concat(chunks);
            const body = !decode
              ? ''
              : response.headers['content-encoding'] === 'gzip'
                ? gunzipSync(raw).toString()
                : raw.toString();
            resolve({ status: response.statusCode ?? 0, body });
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
    });

  console.log(
    `database: ${kind}; ${DWELLINGS} dwellings; ${CLIENTS} concurrent clients × ${REQUESTS_PER_CLIENT} requests per scenario`,
  );
  let pass = true;
  for (const scenario of scenarios) {
    // Warm-up, then the measured run.
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => get(scenario.path(c + 100_000), false)));
    const timings: number[] = [];
    let bad = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let r = 0; r < REQUESTS_PER_CLIENT; r++) {
          const i = c * REQUESTS_PER_CLIENT + r;
          const checked = r % 10 === 0;
          const started = performance.now();
          const response = await get(scenario.path(i), checked);
          timings.push(performance.now() - started);
          if (response.status !== 200 || (checked && !scenario.check(response.body))) bad++;
        }
      }),
    );
    const p95 = percentile(timings, 95);
    const ok = p95 < LIMIT_MS && bad === 0;
    pass &&= ok;
    console.log(
      `${scenario.name.padEnd(38)} p50 ${percentile(timings, 50).toFixed(1)} ms · p95 ${p95.toFixed(1)} ms · p99 ${percentile(timings, 99).toFixed(1)} ms · ${timings.length} requests${bad ? ` · ${bad} BAD` : ''} ${ok ? 'PASS' : 'FAIL'}`,
    );
  }
  console.log(pass ? 'PASS' : 'FAIL');
  process.exitCode = pass ? 0 : 1;
} finally {
  server?.kill('SIGTERM');
  await close();
}
