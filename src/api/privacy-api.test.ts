// /api/v1 residents' rights through the real app (under the row policies, as every API request): the export as JSON
// and PDF, the erasure and its refusals, the register; every role but the coordinator refused.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { chargesOf, householdEverywhere, type PersonStrings, whereFound } from '../../test/privacy.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { apiAs } from '../../test/services.ts';
import type { Db } from '../platform/db/index.ts';
import { type Role, roles } from '../platform/permissions/index.ts';

let db: Db;
let p: TestProgramme;
let a: PersonStrings;
let call: Awaited<ReturnType<typeof apiAs>>['call'];
const others = roles.filter((r) => r !== 'coordinator');

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  a = await householdEverywhere(db, p, { dwelling: 'L-003', tag: 'A' });
  await chargesOf(db, p);
  ({ call } = await apiAs(db, p.actors));
});

const erase = (role: Role, householdId: number, json: unknown) =>
  call(role, `/households/${householdId}/erasure`, { json });

describe('/api/v1 residents’ rights', () => {
  it('is in the OpenAPI document, with the error answers', async () => {
    const doc = await (await call(null, '/openapi.json')).json();
    expect(doc.paths['/households/{id}/personal-data'].get.responses).toHaveProperty('403');
    expect(doc.paths['/households/{id}/erasure'].post.responses).toHaveProperty('409');
    expect(doc.paths['/erasures'].get.responses).toHaveProperty('401');
  });

  it('gives the coordinator the household’s data as JSON, every module, the advice case included; logged', async () => {
    const res = await call('coordinator', `/households/${a.householdId}/personal-data`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="donnees-F-\d{6}-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    const document = await res.json();
    expect(document.format).toBe('palier-personal-data');
    expect(document.modules.household.members[0].lastName).toBe('QuintavalleA');
    // Past the row policies that keep a case to its association: the person's copy holds it.
    expect(document.modules.advice.cases).toHaveLength(1);
    const pdf = await call('coordinator', `/households/${a.householdId}/personal-data?format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const events = await db.execute(sql`
      select details from audit_event where action = 'personal_data.export' and entity_id = ${String(a.householdId)}`);
    expect(events).toEqual([{ details: { format: 'json' } }, { details: { format: 'pdf' } }]);
  });

  it('refuses the export to every other role (403), an unknown household (404), a bad format (422)', async () => {
    for (const role of others)
      expect((await call(role, `/households/${a.householdId}/personal-data`)).status, role).toBe(403);
    expect((await call(null, `/households/${a.householdId}/personal-data`)).status).toBe(401);
    expect((await call('coordinator', '/households/999999/personal-data')).status).toBe(404);
    expect((await call('coordinator', `/households/${a.householdId}/personal-data?format=docx`)).status).toBe(
      422,
    );
  });

  it('refuses an erasure with bad input in French, and changes nothing', async () => {
    const cases: [unknown, string][] = [
      [{ cause: 'request' }, 'Indiquez le jour où la personne a demandé l’effacement'],
      [
        { cause: 'request', requestedOn: '2999-01-01' },
        'La date de la demande ne peut pas être dans le futur',
      ],
      [{ cause: 'forgotten', requestedOn: '2026-11-01' }, 'Choisissez pourquoi : request ou retention'],
      [{ cause: 'request', requestedOn: '2026-02-30' }, 'Date attendue au format AAAA-MM-JJ'],
    ];
    for (const [body, message] of cases) {
      const res = await erase('coordinator', a.householdId, body);
      expect(res.status).toBe(422);
      expect(JSON.stringify(await res.json())).toContain(message);
    }
    for (const role of others)
      expect(
        (await erase(role, a.householdId, { cause: 'request', requestedOn: '2026-11-01' })).status,
        role,
      ).toBe(403);
    expect(await whereFound(db, 'QuintavalleA')).not.toEqual([]);
    expect(await db.execute(sql`select 1 from erasure`)).toHaveLength(0);
  });

  it('refuses (409) while something still runs for the household', async () => {
    const c = p.households['L-101']!;
    await db.execute(sql`
      insert into device_waiting_entry (programme_id, household_id, tier, kind, created_by)
      values (${p.programmeId}, ${c}, 'standard', 'laptop', 'test')`);
    const res = await erase('coordinator', c, { cause: 'request', requestedOn: '2026-11-01' });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: 'in_progress',
      message:
        'Ce foyer ne peut pas encore être effacé : il reste 1 place sur la liste d’attente. Terminez ou annulez d’abord cette démarche sur leur page.',
      inProgress: [{ kind: 'device_waiting_entry', count: 1, label: '1 place sur la liste d’attente' }],
    });
  });

  it('erases for the coordinator, then answers already erased; the register lists it', async () => {
    const res = await erase('coordinator', a.householdId, { cause: 'request', requestedOn: '2026-11-01' });
    expect(res.status).toBe(200);
    const summary = await res.json();
    expect(summary).toMatchObject({ status: 'erased', cause: 'request', requestedOn: '2026-11-01' });
    for (const needle of a.identifying) expect(await whereFound(db, needle), needle).toEqual([]);
    const again = await erase('coordinator', a.householdId, { cause: 'request', requestedOn: '2026-11-01' });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'already_erased', erasureId: summary.erasureId });

    const register = await call('coordinator', '/erasures');
    expect(register.status).toBe(200);
    const page = await register.json();
    expect(page).toMatchObject({
      items: [
        { id: summary.erasureId, householdId: a.householdId, cause: 'request', requestedOn: '2026-11-01' },
      ],
      nextBeforeId: null,
    });
    // The administrator watches retention and reads the register; the others do not.
    expect((await call('admin', '/erasures')).status).toBe(200);
    for (const role of others.filter((r) => r !== 'admin'))
      expect((await call(role, '/erasures')).status, role).toBe(403);
    expect((await call('coordinator', '/erasures?limit=0')).status).toBe(422);
  });
});
