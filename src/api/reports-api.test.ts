import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { apiAs } from '../../test/services.ts';
import type { Db } from '../platform/db/index.ts';
import { roles } from '../platform/permissions/index.ts';

let db: Db;
let p: TestProgramme;
let call: Awaited<ReturnType<typeof apiAs>>['call'];

interface Row {
  key: string;
  values: Record<string, number | null>;
  secret: Record<string, string>;
  text: Record<string, string>;
}
interface ReportJson {
  id: number;
  status: string;
  sections: { heading: string; body: string }[];
  tables: { id: string; chapter: string; rows: Row[]; total: Row | null }[];
  headline: string[];
}

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db, 'reports-api');
  const operator = p.actors.operator_agent.organisationId!;
  // N1 open since 2020: two households live there, too few to publish.
  await db.execute(sql`
    insert into sector_service (programme_id, sector_id, operator_id, description, opens_on)
    values (${p.programmeId}, ${p.sectorIds.N1}, ${operator}, 'Internet N1', '2020-01-01')`);
  await db.execute(sql`
    insert into sector_stage_event (programme_id, sector_id, from_stage, stage, decided_on, source, decided_by)
    values (${p.programmeId}, ${p.sectorIds.N1}, 'identified', 'service_open', '2020-01-01', 'history', 'test')`);
  ({ call } = await apiAs(db, p.actors));
});

const newReport = { title: 'Bilan 2026', periodFrom: '2026-01-01', periodTo: '2026-06-30' };

describe('/api/v1 reports', () => {
  it('is in the OpenAPI document, the PDF as application/pdf', async () => {
    const doc = await (await call(null, '/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/reports', '/reports/{id}', '/reports/{id}/publication', '/reports/{id}/pdf']),
    );
    expect(Object.keys(doc.paths['/reports/{id}'])).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(Object.keys(doc.paths['/reports/{id}/pdf'].get.responses['200'].content)).toEqual([
      'application/pdf',
    ]);
  });

  it('lets the coordinator start a draft; every other role is refused, and bad input changes nothing', async () => {
    for (const role of roles.filter((r) => r !== 'coordinator'))
      expect((await call(role, '/reports', { json: newReport })).status, role).toBe(403);
    expect((await call(null, '/reports', { json: newReport })).status).toBe(401);

    const future = await call('coordinator', '/reports', { json: { ...newReport, periodTo: '2199-12-31' } });
    expect(future.status).toBe(422);
    expect(await future.json()).toMatchObject({
      error: 'invalid',
      issues: [{ path: 'periodTo', message: expect.stringContaining('après aujourd’hui') }],
    });
    const untitled = await call('coordinator', '/reports', { json: { ...newReport, title: '' } });
    expect(untitled.status).toBe(422);
    expect(JSON.stringify(await untitled.json())).toContain('Le titre est obligatoire');
    expect(
      (await call('coordinator', '/reports', { json: { ...newReport, sectorId: 999_999 } })).status,
    ).toBe(422);
    expect(((await (await call('coordinator', '/reports')).json()) as { items: unknown[] }).items).toEqual(
      [],
    );

    const created = await call('coordinator', '/reports', {
      json: { ...newReport, sectorId: p.sectorIds.N1 },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ id: expect.any(Number) });
  });

  it('keeps a draft to the coordinator: 404 for the others, and only the coordinator writes it', async () => {
    const { items } = (await (await call('coordinator', '/reports')).json()) as {
      items: { id: number; area: unknown }[];
    };
    const id = items[0]!.id;
    expect(items[0]!.area).toEqual({
      neighbourhoodId: null,
      sectorId: p.sectorIds.N1,
      label: 'Secteur N1 — Secteur N1',
    });
    for (const role of ['landlord_officer', 'admin', 'operator_agent'] as const) {
      expect((await call(role, `/reports/${id}`)).status, role).toBe(404);
      expect((await call(role, `/reports/${id}/pdf`)).status, role).toBe(404);
      expect(((await (await call(role, '/reports')).json()) as { items: unknown[] }).items, role).toEqual([]);
    }
    expect((await call('resident', '/reports')).status).toBe(403);

    const patch = (role: 'coordinator' | 'landlord_officer', json: unknown) =>
      call(role, `/reports/${id}`, { method: 'PATCH', json });
    expect((await patch('landlord_officer', { summary: 'x' })).status).toBe(403);
    const tooMany = await patch('coordinator', {
      sections: Array.from({ length: 21 }, (_, i) => ({ heading: `S${i}`, body: '' })),
    });
    expect(tooMany.status).toBe(422);
    const saved = await patch('coordinator', {
      summary: 'Premier semestre.',
      sections: [{ heading: 'Les ateliers', body: 'Deux cycles.' }],
    });
    expect(saved.status).toBe(200);
    const draft = (await (await call('coordinator', `/reports/${id}`)).json()) as ReportJson;
    expect(draft).toMatchObject({
      status: 'draft',
      sections: [{ heading: 'Les ateliers', body: 'Deux cycles.' }],
    });
  });

  it('publishes once: then anyone on staff reads it, hidden cells are marked and never carry their number', async () => {
    const { items } = (await (await call('coordinator', '/reports')).json()) as { items: { id: number }[] };
    const id = items[0]!.id;
    expect((await call('landlord_officer', `/reports/${id}/publication`, { method: 'POST' })).status).toBe(
      403,
    );
    const published = await call('coordinator', `/reports/${id}/publication`, { method: 'POST' });
    expect(published.status).toBe(200);
    expect(await published.json()).toMatchObject({
      id,
      status: 'published',
      publishedAt: expect.any(String),
    });
    expect((await call('coordinator', `/reports/${id}/publication`, { method: 'POST' })).status).toBe(409);
    const late = await call('coordinator', `/reports/${id}`, {
      method: 'PATCH',
      json: { summary: 'Trop tard' },
    });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({
      error: 'published',
      message: expect.stringContaining('publié'),
    });

    const listed = (await (await call('landlord_officer', '/reports')).json()) as {
      items: { id: number; status: string }[];
    };
    expect(listed.items).toEqual([expect.objectContaining({ id, status: 'published' })]);
    const res = await call('landlord_officer', `/reports/${id}`);
    expect(res.status).toBe(200);
    const report = (await res.json()) as ReportJson;
    expect(report.tables.map((t) => t.id)).toEqual(
      expect.arrayContaining(['funnel', 'sectors', 'questionnaire']),
    );
    let hidden = 0;
    for (const table of report.tables)
      for (const row of [...table.rows, ...(table.total ? [table.total] : [])])
        for (const [column, mark] of Object.entries(row.secret)) {
          hidden++;
          expect(row.values[column], `${table.id} ${row.key} ${column}`).toBeNull();
          expect(row.text[column]).toBe(mark === 'small' ? '< 11' : 's');
        }
    expect(hidden).toBeGreaterThan(0);
    const funnel = report.tables.find((t) => t.id === 'funnel')!;
    expect(funnel.rows[0]).toMatchObject({ values: { households: null }, secret: { households: 'small' } });
  });

  it('gives the PDF to whoever may read the report', async () => {
    const { items } = (await (await call('tenant_rep', '/reports')).json()) as { items: { id: number }[] };
    const res = await call('tenant_rep', `/reports/${items[0]!.id}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(
      `bilan-${items[0]!.id}-2026-01-01-2026-06-30.pdf`,
    );
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect((await call('coordinator', '/reports/999999')).status).toBe(404);
  });
});
