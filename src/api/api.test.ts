import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { apiAs } from '../../test/services.ts';
import { createApiToken, revokeApiToken, setUserActive } from '../partners/index.ts';
import type { Db } from '../platform/db/index.ts';

let db: Db;
let p: TestProgramme;
let call: Awaited<ReturnType<typeof apiAs>>['call'];
let app: Awaited<ReturnType<typeof apiAs>>['app'];

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  ({ app, call } = await apiAs(db, p.actors));
});

describe('the partner API', () => {
  it('publishes an OpenAPI 3.1 document with every resource', async () => {
    const doc = await (await call(null, '/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/neighbourhoods',
        '/sectors',
        '/sectors/{id}',
        '/buildings',
        '/dwellings',
        '/dwellings/{id}',
        '/dwellings/import',
        '/households',
        '/households/{id}',
        '/me',
      ]),
    );
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it.each([
    ['no token', undefined],
    ['an unknown token', 'Bearer plr_nope'],
    ['a malformed header', 'Basic abc'],
  ])('answers 401 in JSON to %s', async (_, header) => {
    const response = await app.request('/api/v1/sectors', {
      headers: header ? { authorization: header } : {},
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: 'unauthorized',
      message: 'Jeton d’API absent, inconnu ou révoqué.',
    });
  });

  it('says who a token acts as', async () => {
    expect(await (await call('operator_agent', '/me')).json()).toMatchObject({
      role: 'operator_agent',
      sectorIds: [p.sectorIds.N1],
    });
  });

  it('lists sectors with dwelling counts, scoped to the token', async () => {
    const all = await (await call('landlord_officer', '/sectors')).json();
    expect(all.items.map((s: { code: string; dwellingCount: number }) => [s.code, s.dwellingCount])).toEqual([
      ['N1', 4],
      ['N2', 4],
      ['S3', 4],
    ]);
    const operator = await (await call('operator_agent', '/sectors')).json();
    expect(operator.items.map((s: { code: string }) => s.code)).toEqual(['N1']);
    expect((await call('operator_agent', `/sectors/${p.sectorIds.S3}`)).status).toBe(404);
  });

  it('pages dwellings filtered by sector', async () => {
    const first = await (
      await call('landlord_officer', `/dwellings?sector=${p.sectorIds.N1}&limit=2`)
    ).json();
    expect(first.items.map((d: { landlordReference: string }) => d.landlordReference)).toEqual([
      'L-001',
      'L-002',
    ]);
    const second = await (
      await call('landlord_officer', `/dwellings?sector=${p.sectorIds.N1}&limit=2&after=${first.nextCursor}`)
    ).json();
    expect(second.items.map((d: { landlordReference: string }) => d.landlordReference)).toEqual([
      'L-003',
      'L-004',
    ]);
  });

  it('searches dwellings by address', async () => {
    const found = await (
      await call('landlord_officer', `/dwellings?q=${encodeURIComponent('napoleon 3')}`)
    ).json();
    expect(found.items.map((d: { landlordReference: string }) => d.landlordReference)).toEqual([
      'L-101',
      'L-102',
    ]);
  });

  it.each([
    ['/dwellings?limit=0', 'limit'],
    ['/dwellings?sector=abc', 'sector'],
    ['/buildings', 'sector'],
    ['/households/abc', 'id'],
  ])('answers 422 naming the field for %s', async (path, field) => {
    const response = await call('landlord_officer', path);
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error).toBe('validation_failed');
    expect(body.issues.map((i: { path: string }) => i.path)).toContain(field);
  });

  it('returns households as the role allows (403 in JSON otherwise) and audits each read as an API read', async () => {
    const id = p.households['L-001'];
    const read = await call('facilitator', `/households/${id}`);
    expect(read.status).toBe(200);
    expect((await read.json()).members[0].lastName).toBe('Benali');
    const refused = await call('operator_agent', `/households/${id}`);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: 'forbidden',
      message: 'Votre rôle ne permet pas cette action.',
    });
    const audit = await db.execute<{ channel: string }>(
      `select channel from audit_event where action = 'household.read' order by id desc limit 1` as never,
    );
    expect(audit[0]!.channel).toBe('api');
  });

  it('creates a household, and refuses invalid input without changing anything', async () => {
    const body = {
      dwellingId: p.dwellingIds['L-203'],
      tenancyStart: '2026-02-01',
      member: { firstName: 'Anaïs', lastName: 'Gomes' },
      contact: { channels: ['letter'] },
    };
    const invalid = await call('landlord_officer', '/households', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, tenancyStart: '01/02/2026' }),
    });
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).issues[0].path).toBe('tenancyStart');
    const created = await call('landlord_officer', '/households', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(created.status).toBe(201);
    const again = await call('landlord_officer', '/households', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(again.status).toBe(409);
    const malformed = await call('landlord_officer', '/households', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"dwellingId":',
    });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toBe('bad_request');
  });

  it('imports the stock from a CSV body, all or nothing', async () => {
    const bad = await call('landlord_officer', '/dwellings/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'reference_logement;adresse\nX;Y',
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).message).toContain('colonnes manquantes');
    const csv =
      'reference_logement;adresse;code_postal;code_insee;reference_batiment;secteur\nL-300;1 rue Neuve;29200;29019;B-30;S3';
    const ok = await (
      await call('landlord_officer', '/dwellings/import', {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: csv,
      })
    ).json();
    expect(ok).toMatchObject({ imported: true, dwellings: { inserted: 1 } });
    expect(
      (
        await call('operator_agent', '/dwellings/import', {
          method: 'POST',
          headers: { 'content-type': 'text/csv' },
          body: csv,
        })
      ).status,
    ).toBe(403);
  });

  it('stops accepting a revoked token, and the tokens of a deactivated user', async () => {
    const created = await createApiToken({
      db,
      actor: p.actors.admin,
      userId: p.actors.adviser.userId!,
      name: 'temporary',
    });
    if (!created.ok) throw new Error('token');
    const headers = { authorization: `Bearer ${created.token}` };
    expect((await app.request('/api/v1/me', { headers })).status).toBe(200);
    await revokeApiToken({ db, actor: p.actors.admin, tokenId: created.id });
    expect((await app.request('/api/v1/me', { headers })).status).toBe(401);
    await setUserActive({
      db,
      actor: p.actors.admin,
      userId: p.actors.recycling_agent.userId!,
      active: false,
    });
    expect((await call('recycling_agent', '/me')).status).toBe(401);
  });

  it('answers 404 in JSON for an unknown API path', async () => {
    const response = await call('landlord_officer', '/nothing-here');
    expect(response.status).toBe(404);
  });
});

describe('health', () => {
  it('reports the database kind and the migration state', async () => {
    const body = await (await app.request('/healthz')).json();
    expect(body).toMatchObject({ status: 'ok', migrations: { upToDate: true } });
    expect(body.migrations.applied).toBe(body.migrations.expected);
  });
});
