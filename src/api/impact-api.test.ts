// /api/v1/indicators for each role (raw for the coordinator only, partners restricted to their sectors, residents
// refused) and the public open data with its schema, on the small programme of test/open-data.ts: in the first year
// N1 has 7 households signed up, a number no protected answer may show.
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { type OpenDataScenario, placeOpenDataScenario } from '../../test/open-data.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { apiAs } from '../../test/services.ts';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import type { Role } from '../platform/permissions/index.ts';
import type { StatTable } from '../platform/secrecy/index.ts';

let db: Db;
let p: TestProgramme;
let s: OpenDataScenario;
let call: Awaited<ReturnType<typeof apiAs>>['call'];

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db, 'impact-api');
  s = await placeOpenDataScenario(db, p);
  ({ call } = await apiAs(db, p.actors));
});

interface IndicatorsJson {
  filter: { from: string; to: string; sectorId?: number; sectorIds?: number[] };
  protected: boolean;
  threshold: number;
  tables: StatTable[];
}

const firstYear = () => `from=${s.first}-01-01&to=${s.first}-12-31`;
const indicators = async (role: Role, query: string) => {
  const res = await call(role, `/indicators?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as IndicatorsJson;
};
const tableOf = (body: IndicatorsJson, id: string) => body.tables.find((t) => t.id === id)!;
const rowOf = (table: StatTable, key: string) =>
  key === 'total' ? table.total : table.rows.find((r) => r.key === key);

describe('/api/v1/indicators', () => {
  it('is in the OpenAPI document with the open data, these two without a token', async () => {
    const doc = await (await call(null, '/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/indicators', '/open-data', '/open-data/schema']),
    );
    expect(Object.keys(doc.paths['/indicators'].get.responses['200'].content)).toEqual([
      'application/json',
      'text/csv',
    ]);
    expect(doc.paths['/open-data'].get.security).toEqual([]);
    expect(doc.paths['/open-data/schema'].get.security).toEqual([]);
  });

  it('gives the coordinator raw figures when asked, and figures under secrecy otherwise', async () => {
    const raw = await indicators('coordinator', `${firstYear()}&raw=true`);
    expect(raw.protected).toBe(false);
    // N1 is open on 31 December: 32 households living there, 7 of them signed up.
    const sectors = tableOf(raw, 'sectors');
    expect(rowOf(sectors, String(p.sectorIds.N1))?.values).toMatchObject({ households: 32, signedUp: 7 });
    expect(rowOf(tableOf(raw, 'funnel'), 'signedUp')?.values.households).toBe(7);

    const safe = await indicators('coordinator', firstYear());
    expect(safe.protected).toBe(true);
    const n1 = rowOf(tableOf(safe, 'sectors'), String(p.sectorIds.N1))!;
    expect(n1.values.signedUp).toBeNull();
    expect(n1.secret?.signedUp).toBe('small');
    expect(n1.values.households).toBe(32);
    // Every hidden cell is null in the protected answer, and has its raw value in the raw one.
    let hidden = 0;
    for (const table of safe.tables)
      for (const row of [...table.rows, ...(table.total ? [table.total] : [])])
        for (const [column, mark] of Object.entries(row.secret ?? {})) {
          hidden++;
          expect(['small', 'secondary']).toContain(mark);
          expect(row.values[column]).toBeNull();
          const rawRow = rowOf(tableOf(raw, table.id as string), row.key);
          expect(rawRow?.values[column]).not.toBeNull();
        }
    expect(hidden).toBeGreaterThan(0);
    // The 7 appears nowhere as a count of sign-ups.
    expect(JSON.stringify(safe)).not.toMatch(/"(signedUp|households)":7\b/);
  });

  it('never gives raw figures to anyone but the coordinator, and says so in French', async () => {
    for (const role of ['landlord_officer', 'operator_agent', 'tenant_rep', 'admin'] as const) {
      const res = await call(role, `/indicators?${firstYear()}&raw=true`);
      expect(res.status, role).toBe(403);
      expect((await res.json()).message).toContain('Seule la coordination');
    }
    const landlord = await indicators('landlord_officer', firstYear());
    expect(landlord.protected).toBe(true);
    expect(rowOf(tableOf(landlord, 'sectors'), String(p.sectorIds.N1))?.secret?.signedUp).toBe('small');
  });

  it('restricts partners to the sectors they serve; another sector is refused', async () => {
    // The operator serves N1: its figures only.
    const operator = await indicators('operator_agent', firstYear());
    expect(operator.filter.sectorIds).toEqual([p.sectorIds.N1]);
    expect(tableOf(operator, 'coverage').total?.values.sectors).toBe(1);
    expect(tableOf(operator, 'sectors').rows.map((r) => r.key)).toEqual([String(p.sectorIds.N1)]);
    const own = await indicators('operator_agent', `${firstYear()}&sector=${p.sectorIds.N1}`);
    expect(own.filter.sectorId).toBe(p.sectorIds.N1);
    const other = await call('operator_agent', `/indicators?${firstYear()}&sector=${p.sectorIds.S3}`);
    expect(other.status).toBe(403);
    expect((await other.json()).message).toContain('n’est pas l’un de ceux que sert votre organisation');
    // The tenants' association serves S3, not open: no open sector, nothing of N1.
    const tenants = await indicators('tenant_rep', firstYear());
    expect(tenants.filter.sectorIds).toEqual([p.sectorIds.S3]);
    expect(tableOf(tenants, 'sectors').rows).toEqual([]);
    expect(JSON.stringify(tenants)).not.toContain('Secteur N1');
  });

  it('takes the twelve months before `to` when `from` is not given', async () => {
    const body = await indicators('landlord_officer', 'to=2024-02-29');
    // Published figures cover whole months: 28 February 2023 widens to the 1st.
    expect(body.filter).toMatchObject({ from: '2023-02-01', to: '2024-02-29' });
    // The running month is never published: asked up to today, figures stop at the end of last month.
    const today = localDate(new Date());
    const now = await indicators('landlord_officer', `from=${today}&to=${today}`);
    expect(now.filter.to < `${today.slice(0, 7)}-01`).toBe(true);
  });

  it('refuses residents', async () => {
    const res = await call('resident', `/indicators?${firstYear()}`);
    expect(res.status).toBe(403);
    expect((await res.json()).message).toBe('Votre rôle ne permet pas cette action.');
  });

  it('refuses a wrong period or an unknown area with a French message, computing nothing', async () => {
    const wrong = await call('coordinator', '/indicators?from=2026-13-01&to=2026-12-31');
    expect(wrong.status).toBe(422);
    const body = await wrong.json();
    expect(body.issues).toEqual([
      expect.objectContaining({ path: 'from', message: expect.stringContaining('AAAA-MM-JJ') }),
    ]);
    const reversed = await call('coordinator', '/indicators?from=2026-06-01&to=2026-01-01');
    expect(reversed.status).toBe(422);
    expect((await reversed.json()).issues[0].message).toBe('La fin de la période doit venir après son début');
    const unknown = await call('coordinator', `/indicators?${firstYear()}&sector=999999`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).message).toBe('Secteur inconnu dans ce programme.');
    const noTable = await call('coordinator', `/indicators?${firstYear()}&format=csv`);
    expect(noTable.status).toBe(422);
    expect((await noTable.json()).issues[0]).toMatchObject({ path: 'table' });
  });

  it('gives one table as a CSV for French spreadsheets, hidden cells as their mark', async () => {
    const res = await call('landlord_officer', `/indicators?${firstYear()}&format=csv&table=sectors`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('.csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const n1 = text.split('\r\n').find((l) => l.startsWith('N1 — Secteur N1;'))!;
    expect(n1.split(';').slice(0, 4)).toEqual(['N1 — Secteur N1', '40', '32', '32']);
    expect(n1).toContain('< 11');
    expect(n1.split(';')).not.toContain('7');
  });
});

describe('/api/v1/open-data', () => {
  it('is public: the rows of the Table Schema’s fields, hidden values « s »', async () => {
    const res = await call(null, '/open-data');
    expect(res.status, await res.clone().text()).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      programme: 'Programme impact-api',
      firstYear: s.first,
      lastYear: s.last,
      licence: { name: 'etalab-2.0' },
      schema: '/api/v1/open-data/schema',
    });
    expect(body.rows).toHaveLength(9);
    const first = body.rows.find(
      (r: Record<string, unknown>) => r.code_secteur === 'N1' && r.annee === String(s.first),
    );
    expect(first).toMatchObject({ foyers_residents: 32, foyers_inscrits: 's', charges_facturees_euros: 176 });
    expect(Object.keys(first)).toEqual(
      ((await (await call(null, '/open-data/schema')).json()).fields as { name: string }[]).map(
        (f) => f.name,
      ),
    );
  });

  it('gives the CSV file and its schema without a token', async () => {
    const csv = await call(null, '/open-data?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('impact-secteurs.csv');
    const text = await csv.text();
    expect(text.startsWith('programme,code_insee,code_qpv,')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(11);
    const schema = await call(null, '/open-data/schema');
    expect(schema.status).toBe(200);
    expect(await schema.json()).toMatchObject({ name: 'palier-impact-secteurs', missingValues: ['', 's'] });
    const unknown = await call(null, '/open-data?programme=nulle-part');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).message).toContain('Programme « nulle-part » inconnu');
  });
});
