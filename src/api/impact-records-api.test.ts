import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { apiAs } from '../../test/services.ts';
import { insertHouseholds } from '../households/index.ts';
import { addCalendarDays, addCalendarMonths, localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import type { Role } from '../platform/permissions/index.ts';

let db: Db;
let p: TestProgramme;
let call: Awaited<ReturnType<typeof apiAs>>['call'];
const today = localDate(new Date());

const testimony = (over: Record<string, unknown> = {}) => ({
  quote: 'Grâce aux ateliers, j’appelle mes petits-enfants en vidéo.',
  attribution: 'first_name',
  firstName: 'Yannick',
  context: 'Atelier débutants, Kerourien',
  consentOn: today,
  consentForm: 'oral',
  ...over,
});

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  ({ call } = await apiAs(db, p.actors));
  // A household of N1 with nothing answered yet, for a paper questionnaire entered months later.
  await insertHouseholds(db, p.programmeId, [
    {
      key: 'L-003',
      dwellingReference: 'L-003',
      tenancyStart: '2020-01-01',
      channels: ['letter'],
      members: [{ firstName: 'Nolwenn', lastName: 'Kerbrat', ageBand: 'not_given' }],
    },
  ]);
  const [h] = await db.execute<{ id: number }>(
    sql`select t.household_id as id from tenancy t join dwelling d on d.id = t.dwelling_id
         where d.landlord_reference = 'L-003'`,
  );
  p.households['L-003'] = h!.id;
});

describe('/api/v1 impact records', () => {
  it('is in the OpenAPI document', async () => {
    const doc = await (await call(null, '/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/testimonies',
        '/testimonies/{id}/withdrawal',
        '/questionnaire',
        '/households/{id}/questionnaire-responses',
        '/questionnaires/due',
      ]),
    );
  });
});

describe('testimonies through the API', () => {
  it('each role: who records (201) and who is refused (403)', async () => {
    const allowed: Role[] = ['coordinator', 'facilitator', 'adviser'];
    for (const role of [
      'coordinator',
      'facilitator',
      'adviser',
      'landlord_officer',
      'operator_agent',
      'recycling_agent',
      'tenant_rep',
      'admin',
      'resident',
    ] as Role[]) {
      const res = await call(role, '/testimonies', {
        json: testimony({ context: `Enregistré par ${role}` }),
      });
      expect(res.status, role).toBe(allowed.includes(role) ? 201 : 403);
    }
  });

  it('bad input is refused in French (422) and nothing is recorded', async () => {
    const before = (await (await call('coordinator', '/testimonies')).json()).items.length;
    const noName = await call('facilitator', '/testimonies', { json: testimony({ firstName: '' }) });
    expect(noName.status).toBe(422);
    expect(await noName.json()).toMatchObject({
      error: 'invalid',
      field: 'firstName',
      issues: [{ path: 'firstName', message: 'La personne a choisi son prénom : écrivez-le' }],
    });
    const future = await call('facilitator', '/testimonies', {
      json: testimony({ consentOn: addCalendarDays(today, 1) }),
    });
    expect(future.status).toBe(422);
    expect(await future.json()).toMatchObject({ error: 'consent_in_future', field: 'consentOn' });
    const badForm = await call('facilitator', '/testimonies', { json: testimony({ consentForm: 'fax' }) });
    expect(badForm.status).toBe(422);
    expect((await badForm.json()).issues[0]).toEqual({
      path: 'consentForm',
      message: 'Choisissez la forme du consentement',
    });
    expect((await (await call('coordinator', '/testimonies')).json()).items.length).toBe(before);
  });

  it('an organisation lists its own; withdrawing erases the words; another organisation gets 404', async () => {
    const created = await call('facilitator', '/testimonies', {
      json: testimony({ householdId: p.households['L-001'], quote: 'Des mots à retirer plus tard.' }),
    });
    const { testimonyId } = await created.json();
    const mine = (await (await call('facilitator', '/testimonies')).json()).items;
    expect(mine.find((t: { id: number }) => t.id === testimonyId)).toMatchObject({
      quote: 'Des mots à retirer plus tard.',
      firstName: 'Yannick',
      householdId: p.households['L-001'],
      sectorName: 'Secteur N1',
      canWithdraw: true,
    });
    const theirs = (await (await call('adviser', '/testimonies')).json()).items;
    expect(theirs.map((t: { id: number }) => t.id)).not.toContain(testimonyId);
    expect((await call('tenant_rep', '/testimonies')).status).toBe(403);

    expect((await call('adviser', `/testimonies/${testimonyId}/withdrawal`, { method: 'POST' })).status).toBe(
      404,
    );
    expect(
      (await call('landlord_officer', `/testimonies/${testimonyId}/withdrawal`, { method: 'POST' })).status,
    ).toBe(404);
    const withdrawn = await call('facilitator', `/testimonies/${testimonyId}/withdrawal`, { method: 'POST' });
    expect(withdrawn.status).toBe(200);
    expect(await withdrawn.json()).toEqual({ withdrawnOn: today });
    const again = await call('coordinator', `/testimonies/${testimonyId}/withdrawal`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'already_withdrawn' });
    const listed = (await (await call('coordinator', '/testimonies')).json()).items.find(
      (t: { id: number }) => t.id === testimonyId,
    );
    expect(listed).toMatchObject({ quote: null, firstName: null, withdrawnOn: today, canWithdraw: false });
  });

  it('the resident withdraws a testimony linked to their household', async () => {
    const { testimonyId } = await (
      await call('facilitator', '/testimonies', { json: testimony({ householdId: p.households['L-001'] }) })
    ).json();
    const other = await (
      await call('facilitator', '/testimonies', { json: testimony({ householdId: p.households['L-002'] }) })
    ).json();
    expect(
      (await call('resident', `/testimonies/${other.testimonyId}/withdrawal`, { method: 'POST' })).status,
    ).toBe(404);
    expect(
      (await call('resident', `/testimonies/${testimonyId}/withdrawal`, { method: 'POST' })).status,
    ).toBe(200);
  });
});

describe('the questionnaire through the API', () => {
  it('anyone signed in reads the definition asked today; an unknown day format is refused', async () => {
    const res = await call('resident', '/questionnaire');
    expect(res.status).toBe(200);
    const q = await res.json();
    expect(q.version).toBe('2011-1');
    expect(q.questions.map((x: { key: string }) => x.key)).toEqual([
      'confidence',
      'uses',
      'contacts',
      'lonely',
    ]);
    expect((await call('coordinator', '/questionnaire?on=hier')).status).toBe(422);
    expect((await call(null, '/questionnaire')).status).toBe(401);
  });

  const path = (ref: string) => `/households/${p.households[ref]}/questionnaire-responses`;

  it('each role: who records a household’s answers', async () => {
    // L-101 is in N2, a sector of the facility; each allowed role answers a different household.
    const cases: [Role, string, number][] = [
      ['landlord_officer', 'L-101', 403],
      ['adviser', 'L-101', 403],
      // Outside the operator's sectors, the household does not exist for it (the database's row policies).
      ['operator_agent', 'L-101', 404],
      // A tenant association reaches no household at all.
      ['tenant_rep', 'L-101', 404],
      ['admin', 'L-101', 403],
      ['resident', 'L-101', 404],
      ['facilitator', 'L-201', 403],
      ['facilitator', 'L-101', 201],
      ['coordinator', 'L-201', 201],
      ['resident', 'L-001', 201],
    ];
    for (const [role, ref, status] of cases) {
      const res = await call(role, path(ref), {
        json: { moment: 'before', answers: { confidence: 'not_at_all' } },
      });
      expect(res.status, `${role} ${ref}`).toBe(status);
    }
    expect(
      (
        await call('coordinator', '/households/999999/questionnaire-responses', {
          json: { moment: 'before' },
        })
      ).status,
    ).toBe(404);
  });

  it('refusals: twice (409), too early with the day (409), an unknown option (422); empty answers are fine', async () => {
    const twice = await call('facilitator', path('L-101'), { json: { moment: 'before', answers: {} } });
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({ error: 'already_answered' });

    const early = await call('facilitator', path('L-101'), { json: { moment: 'after', answers: {} } });
    expect(early.status).toBe(409);
    const dueFrom = addCalendarMonths(today, 6);
    expect(await early.json()).toMatchObject({ error: 'too_early', field: 'moment', dueFrom });

    const unknown = await call('coordinator', path('L-002'), {
      json: { moment: 'before', answers: { uses: ['email', 'gaming'] } },
    });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).issues[0]).toMatchObject({
      path: 'answers.uses.1',
      message: expect.stringContaining('Réponse inconnue'),
    });

    const empty = await call('coordinator', path('L-002'), { json: { moment: 'before' } });
    expect(empty.status).toBe(201);
    expect(await empty.json()).toMatchObject({ moment: 'before', version: '2011-1', answeredOn: today });
  });

  it('a paper « before » seven months old: the household is due, then « after » is recorded', async () => {
    const longAgo = addCalendarMonths(today, -7);
    const paper = await call('facilitator', path('L-003'), {
      json: { moment: 'before', answeredOn: longAgo, answers: { lonely: 'often' } },
    });
    expect(paper.status).toBe(201);

    const due = await (await call('facilitator', '/questionnaires/due')).json();
    expect(due.items).toEqual([
      expect.objectContaining({
        householdId: p.households['L-003'],
        beforeOn: longAgo,
        dueFrom: addCalendarMonths(longAgo, 6),
        sectorName: 'Secteur N1',
        name: 'Nolwenn Kerbrat',
      }),
    ]);
    expect(await (await call('tenant_rep', '/questionnaires/due')).status).toBe(403);

    const after = await call('facilitator', path('L-003'), {
      json: { moment: 'after', answers: { lonely: 'sometimes', uses: ['admin'] } },
    });
    expect(after.status).toBe(201);
    expect((await (await call('facilitator', '/questionnaires/due')).json()).items).toEqual([]);
  });
});
