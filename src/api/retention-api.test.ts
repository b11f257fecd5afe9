// /api/v1 retention and consents through the real Hono app (under the database's row policies, as every API call).
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { apiAs } from '../../test/services.ts';
import { insertHouseholds } from '../households/index.ts';
import type { Db } from '../platform/db/index.ts';
import type { Role } from '../platform/permissions/index.ts';

let db: Db;
let p: TestProgramme;
let call: Awaited<ReturnType<typeof apiAs>>['call'];

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  ({ call } = await apiAs(db, p.actors));
  // A household that left in 2020: past its active use and its archive, under the defaults.
  await insertHouseholds(db, p.programmeId, [
    {
      key: 'gone',
      dwellingReference: 'L-003',
      tenancyStart: '2015-01-01',
      tenancyEnd: '2020-01-01',
      channels: ['letter'],
      members: [{ firstName: 'Nolwenn', lastName: 'Kerbrat', ageBand: 'not_given' }],
    },
  ]);
  await db.execute(sql`update household set updated_at = '2020-01-01' where reference like 'F-%'
                        and id in (select household_id from tenancy where end_date = '2020-01-01')`);
});

describe('/retention/settings', () => {
  it('shows each kind’s durations, its defaults and their basis, to the coordinator and the administrator', async () => {
    for (const role of ['coordinator', 'admin'] as const) {
      const res = await call(role, '/retention/settings');
      expect(res.status).toBe(200);
      const body = await res.json();
      const household = body.settings.find((s: { kind: string }) => s.kind === 'household');
      expect(household).toMatchObject({
        activeMonths: 24,
        archiveMonths: 36,
        isDefault: true,
        hasArchive: true,
      });
      expect(household.basis).toContain('2023-095');
      expect(body.settings.find((s: { kind: string }) => s.kind === 'access_log').basis).toContain(
        '2021-122',
      );
    }
  });

  it.each(['facilitator', 'landlord_officer', 'operator_agent', 'resident'] as Role[])(
    'is not for a %s',
    async (role) => {
      expect((await call(role, '/retention/settings')).status).toBe(403);
    },
  );

  it('lets the coordinator change durations, with French errors and nothing changed when one is wrong', async () => {
    const bad = await call('coordinator', '/retention/settings', {
      method: 'PUT',
      json: {
        settings: [
          { kind: 'notification', activeMonths: 6, archiveMonths: 6 },
          { kind: 'testimony', activeMonths: 24, archiveMonths: 12 },
        ],
      },
    });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain('Ces données n’ont pas d’archive');
    const zero = await call('coordinator', '/retention/settings', {
      method: 'PUT',
      json: { settings: [{ kind: 'household', activeMonths: 0, archiveMonths: 0 }] },
    });
    expect(zero.status).toBe(422);
    const ok = await call('coordinator', '/retention/settings', {
      method: 'PUT',
      json: { settings: [{ kind: 'notification', activeMonths: 6, archiveMonths: 6 }] },
    });
    expect(ok.status).toBe(200);
    const notification = (await ok.json()).settings.find((s: { kind: string }) => s.kind === 'notification');
    expect(notification).toMatchObject({ activeMonths: 6, archiveMonths: 6, isDefault: false });
    expect(
      (
        await call('admin', '/retention/settings', {
          method: 'PUT',
          json: { settings: [{ kind: 'notification', activeMonths: 3, archiveMonths: 9 }] },
        })
      ).status,
    ).toBe(403);
    const [audit] = await db.execute(
      sql`select details from audit_event where action = 'retention.settings_updated' order by id desc limit 1`,
    );
    expect(audit).toMatchObject({
      details: { changes: [{ kind: 'notification', to: { activeMonths: 6, archiveMonths: 6 } }] },
    });
  });
});

describe('/retention/runs', () => {
  it('runs a dry run by default: counts and first references, nothing changed', async () => {
    const res = await call('admin', '/retention/runs', { json: {} });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ dryRun: true, complete: true, counts: { household: { erased: 1 } } });
    expect(body.samples.erase).toHaveLength(1);
    const [row] = await db.execute(
      sql`select count(*)::int as n from household where anonymised_at is not null and programme_id = ${p.programmeId}`,
    );
    expect(row).toEqual({ n: 0 });
  });

  it('runs for real for the coordinator only, and lists the runs without names', async () => {
    expect((await call('admin', '/retention/runs', { json: { dryRun: false } })).status).toBe(403);
    expect((await call('facilitator', '/retention/runs', { json: { dryRun: true } })).status).toBe(403);
    const res = await call('coordinator', '/retention/runs', { json: { dryRun: false } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      dryRun: false,
      complete: true,
      counts: { household: { erased: 1 } },
    });
    const runs = await call('admin', '/retention/runs?limit=5');
    expect(runs.status).toBe(200);
    const { items } = await runs.json();
    expect(items.map((r: { dryRun: boolean }) => r.dryRun)).toEqual([false, true]);
    expect(JSON.stringify(items)).not.toMatch(/F-0|Kerbrat/);
    expect((await call('resident', '/retention/runs')).status).toBe(403);
  });

  it('refuses what is not a boolean', async () => {
    expect((await call('coordinator', '/retention/runs', { json: { dryRun: 'yes' } })).status).toBe(422);
  });
});

describe('/households/{id}/consents', () => {
  it('lists a household’s consents with their state, for those who may read it', async () => {
    const res = await call('facilitator', `/households/${p.households['L-001']}/consents`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.purposes).toContainEqual({ purpose: 'contact', state: 'given' });
    expect(body.purposes).toContainEqual({ purpose: 'testimony', state: 'not_asked' });
    expect(body.consents[0]).toMatchObject({ purpose: 'contact', source: 'paper_form', withdrawnOn: null });
    expect((await call('operator_agent', `/households/${p.households['L-001']}/consents`)).status).toBe(403);
  });

  it('withdraws one, says what stopped, and refuses to withdraw it twice', async () => {
    const { consents } = await (
      await call('facilitator', `/households/${p.households['L-001']}/consents`)
    ).json();
    const contact = consents.find((c: { purpose: string }) => c.purpose === 'contact');
    const path = `/households/${p.households['L-001']}/consents/${contact.id}/withdraw`;
    expect((await call('landlord_officer', path, { json: { withdrawnOn: 'hier' } })).status).toBe(422);
    const res = await call('facilitator', path, { json: { withdrawnOn: '2026-07-01' } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ purpose: 'contact', effects: { messagesCancelled: 0 } });
    expect(body.message).toContain('Plus aucun SMS');
    expect((await call('facilitator', path, { json: {} })).status).toBe(409);
    const after = await (await call('facilitator', `/households/${p.households['L-001']}/consents`)).json();
    expect(after.purposes).toContainEqual({ purpose: 'contact', state: 'withdrawn' });
    // A role that may not change the household may not withdraw for it.
    const other = await call('tenant_rep', path, { json: {} });
    expect([403, 404]).toContain(other.status);
  });
});
