import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { listAuditEvents } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import { ForbiddenError } from '../platform/permissions/index.ts';
import {
  addHouseholdMember,
  createHousehold,
  endTenancy,
  findHouseholdByReference,
  getHousehold,
  listDwellingTenancies,
  recordConsent,
  searchHouseholds,
  startTenancy,
  updateHouseholdContact,
  updateHouseholdProfile,
  withdrawConsent,
} from './index.ts';
import type { PhoneNumber } from './values.ts';

let db: Db;
let p: TestProgramme;

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
});

const newHousehold = (dwellingId: number, tenancyStart = '2026-01-01') => ({
  dwellingId,
  tenancyStart,
  member: { firstName: 'Gaëlle', lastName: 'Kerbrat', birthYear: 1990, ageBand: 'not_given' as const },
  contact: {
    channels: ['letter' as const, 'sms' as const],
    phone: '+33611223344' as PhoneNumber,
    language: 'fr' as const,
  },
});

describe('registering a household', () => {
  it('creates it in its dwelling with an F- reference and its reference person, audited', async () => {
    const created = await createHousehold({
      db,
      actor: p.actors.landlord_officer,
      input: newHousehold(p.dwellingIds['L-003']!),
      today: new Date('2026-06-01'),
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const household = await getHousehold({
      db,
      actor: p.actors.coordinator,
      householdId: created.householdId,
    });
    expect(household.reference).toBe(`F-${String(created.householdId).padStart(6, '0')}`);
    expect(household.members).toMatchObject([
      { firstName: 'Gaëlle', lastName: 'Kerbrat', ageBand: '30_44', isReferencePerson: 'yes' },
    ]);
    expect(household.currentTenancy).toMatchObject({
      landlordReference: 'L-003',
      startDate: '2026-01-01',
      endDate: null,
    });
    expect(household.timeline.map((e) => e.kind)).toEqual(['household.created', 'tenancy.started']);
  });

  it('refuses a dwelling another household occupies, and writes nothing', async () => {
    const before = await searchHouseholds({ db, actor: p.actors.coordinator, limit: 200 });
    const result = await createHousehold({
      db,
      actor: p.actors.landlord_officer,
      input: newHousehold(p.dwellingIds['L-001']!),
    });
    expect(result).toEqual({ ok: false, reason: 'dwelling_occupied' });
    expect((await searchHouseholds({ db, actor: p.actors.coordinator, limit: 200 })).items).toHaveLength(
      before.items.length,
    );
  });

  it('is refused to roles that do not register households', async () => {
    for (const role of [
      'facilitator',
      'operator_agent',
      'adviser',
      'tenant_rep',
      'resident',
      'coordinator',
    ] as const) {
      await expect(
        createHousehold({ db, actor: p.actors[role], input: newHousehold(p.dwellingIds['L-004']!) }),
      ).rejects.toBeInstanceOf(ForbiddenError);
    }
  });
});

describe('reading a household', () => {
  it('writes an audit event for every read, in the same transaction, with who and from where', async () => {
    const householdId = p.households['L-101']!;
    await getHousehold({ db, actor: p.actors.adviser, householdId });
    const [event] = await listAuditEvents(db, p.programmeId, {
      action: 'household.read',
      entityId: String(householdId),
    });
    expect(event).toMatchObject({
      actorLabel: 'Test adviser (Association de consommateurs)',
      ip: '127.0.0.1',
      entityType: 'household',
    });
  });

  it('shows the statistics profile only to roles that record it', async () => {
    const householdId = p.households['L-001']!;
    expect((await getHousehold({ db, actor: p.actors.facilitator, householdId })).profile).toMatchObject({
      minimumBenefits: 'yes',
    });
    expect((await getHousehold({ db, actor: p.actors.landlord_officer, householdId })).profile).toBeNull();
    expect((await getHousehold({ db, actor: p.actors.coordinator, householdId })).profile).toBeNull();
  });

  it.each([
    ['facilitator', 'L-001', true],
    ['facilitator', 'L-201', false],
    ['resident', 'L-001', true],
    ['resident', 'L-002', false],
    ['operator_agent', 'L-001', false],
    ['recycling_agent', 'L-001', false],
    ['tenant_rep', 'L-201', false],
  ] as const)('a %s reading the household of %s: allowed %s', async (role, dwelling, allowed) => {
    const read = getHousehold({ db, actor: p.actors[role], householdId: p.households[dwelling]! });
    if (allowed) await expect(read).resolves.toMatchObject({ id: p.households[dwelling] });
    else await expect(read).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('searches by name without accents, scoped to the actor', async () => {
    expect(
      (await searchHouseholds({ db, actor: p.actors.coordinator, query: 'helene le gall' })).items.map(
        (h) => h.lastName,
      ),
    ).toEqual(['Le Gall']);
    expect((await searchHouseholds({ db, actor: p.actors.facilitator, query: 'diallo' })).items).toEqual([]);
    expect((await searchHouseholds({ db, actor: p.actors.resident })).items.map((h) => h.id)).toEqual([
      p.households['L-001'],
    ]);
    await expect(searchHouseholds({ db, actor: p.actors.operator_agent })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('audits a search that shows households — who saw which ones, not the words typed — and not an empty one', async () => {
    const actor = p.actors.landlord_officer;
    const audited = () =>
      listAuditEvents(db, p.programmeId, {
        action: 'household.search',
        actorUserId: actor.userId!,
        limit: 200,
      });
    const before = (await audited()).length;
    const { items } = await searchHouseholds({ db, actor, query: '  quéré ' });
    expect(items.length).toBeGreaterThan(0);
    const [event] = await audited();
    expect(event).toMatchObject({ entityType: 'household', entityId: null });
    expect(event!.details).toEqual({ archived: false, householdIds: items.map((h) => h.id) });
    await searchHouseholds({ db, actor, query: 'personne ne porte ce nom' });
    expect(await audited()).toHaveLength(before + 1);
  });

  it('finds a household by its exact reference, within the actor’s reach, without auditing a search', async () => {
    const [row] = await db.execute<{ reference: string }>(
      sql`select reference from household where id = ${p.households['L-201']!}`,
    );
    const reference = row!.reference;
    const find = (role: keyof typeof p.actors, ref = reference) =>
      findHouseholdByReference({ db, actor: p.actors[role], reference: ref });
    const searches = async () =>
      (await listAuditEvents(db, p.programmeId, { action: 'household.search' })).length;
    const before = await searches();
    expect(await find('coordinator', ` ${reference.toLowerCase()} `)).toBe(p.households['L-201']);
    expect(await find('coordinator', 'F-999999')).toBeNull();
    expect(await find('facilitator')).toBeNull();
    expect(await searches()).toBe(before);
  });

  it('lists a dwelling’s occupants by name only for those who may read households there', async () => {
    expect(
      await listDwellingTenancies({
        db,
        actor: p.actors.landlord_officer,
        dwellingId: p.dwellingIds['L-101']!,
      }),
    ).toMatchObject([{ lastName: 'Quéré', endDate: null }]);
    const [read] = await listAuditEvents(db, p.programmeId, {
      action: 'dwelling.tenants.read',
      actorUserId: p.actors.landlord_officer.userId!,
    });
    expect(read).toMatchObject({
      entityType: 'dwelling',
      entityId: String(p.dwellingIds['L-101']),
      details: { householdIds: [p.households['L-101']] },
    });
    expect(
      await listDwellingTenancies({
        db,
        actor: p.actors.operator_agent,
        dwellingId: p.dwellingIds['L-001']!,
      }),
    ).toBeNull();
  });
});

describe('changing a household', () => {
  it('updates contact preferences and records what changed, not the number', async () => {
    const householdId = p.households['L-002']!;
    await updateHouseholdContact({
      db,
      actor: p.actors.facilitator,
      householdId,
      contact: { channels: ['phone'], phone: '+33698765432' as PhoneNumber, language: 'br' },
    });
    const household = await getHousehold({ db, actor: p.actors.facilitator, householdId });
    expect(household.contact).toEqual({
      phone: '+33698765432',
      email: null,
      channels: ['phone'],
      language: 'br',
    });
    const [event] = await listAuditEvents(db, p.programmeId, {
      action: 'household.contact_updated',
      entityId: String(householdId),
    });
    expect(JSON.stringify(event!.details)).not.toContain('98765432');
  });

  it('lets a resident change their own contact preferences, and only theirs', async () => {
    await updateHouseholdContact({
      db,
      actor: p.actors.resident,
      householdId: p.households['L-001']!,
      contact: { channels: ['letter'], language: 'fr' },
    });
    await expect(
      updateHouseholdContact({
        db,
        actor: p.actors.resident,
        householdId: p.households['L-101']!,
        contact: { channels: ['letter'], language: 'fr' },
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('refuses profile changes to the landlord', async () => {
    const profile = {
      minimumBenefits: 'no',
      singleParent: 'no',
      livesAlone: 'yes',
      firstTimeUser: 'not_given',
    } as const;
    await expect(
      updateHouseholdProfile({
        db,
        actor: p.actors.landlord_officer,
        householdId: p.households['L-001']!,
        profile,
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await updateHouseholdProfile({
      db,
      actor: p.actors.facilitator,
      householdId: p.households['L-001']!,
      profile,
    });
    expect(
      (await getHousehold({ db, actor: p.actors.facilitator, householdId: p.households['L-001']! })).profile,
    ).toEqual(profile);
  });

  it('adds a member with an age band computed from the birth year', async () => {
    const householdId = p.households['L-101']!;
    await addHouseholdMember({
      db,
      actor: p.actors.landlord_officer,
      householdId,
      member: { firstName: 'Loïc', lastName: 'Quéré', birthYear: 2015, ageBand: 'not_given' },
      today: new Date('2026-01-01'),
    });
    expect(
      (await getHousehold({ db, actor: p.actors.coordinator, householdId })).members.map((m) => [
        m.firstName,
        m.ageBand,
      ]),
    ).toEqual([
      ['Yannick', '45_59'],
      ['Loïc', 'under_18'],
    ]);
  });

  it('records a consent once, and withdraws it', async () => {
    const householdId = p.households['L-101']!;
    const input = { purpose: 'statistics' as const, givenOn: '2026-02-01', source: 'in_person' as const };
    expect(await recordConsent({ db, actor: p.actors.landlord_officer, householdId, input })).toEqual({
      ok: true,
    });
    expect(await recordConsent({ db, actor: p.actors.landlord_officer, householdId, input })).toEqual({
      ok: false,
      reason: 'already_given',
    });
    const consent = (await getHousehold({ db, actor: p.actors.coordinator, householdId })).consents.find(
      (c) => c.purpose === 'statistics',
    )!;
    expect(
      await withdrawConsent({
        db,
        actor: p.actors.landlord_officer,
        householdId,
        consentId: consent.id,
        withdrawnOn: '2026-03-01',
      }),
    ).toEqual({ ok: true, purpose: 'statistics', effects: {} });
    expect(
      await withdrawConsent({
        db,
        actor: p.actors.landlord_officer,
        householdId,
        consentId: consent.id,
        withdrawnOn: '2026-03-02',
      }),
    ).toEqual({ ok: false, reason: 'not_active' });
  });

  it('ends a tenancy, after which the dwelling can take a new household; the history keeps both', async () => {
    const householdId = p.households['L-201']!;
    expect(
      await endTenancy({ db, actor: p.actors.landlord_officer, householdId, endDate: '2021-01-01' }),
    ).toEqual({ ok: false, reason: 'before_start' });
    expect(
      await endTenancy({ db, actor: p.actors.landlord_officer, householdId, endDate: '2026-05-01' }),
    ).toEqual({ ok: true });
    expect(
      await endTenancy({ db, actor: p.actors.landlord_officer, householdId, endDate: '2026-06-01' }),
    ).toEqual({ ok: false, reason: 'no_current_tenancy' });
    const next = await createHousehold({
      db,
      actor: p.actors.landlord_officer,
      input: newHousehold(p.dwellingIds['L-201']!, '2026-05-01'),
    });
    expect(next.ok).toBe(true);
    const history = await listDwellingTenancies({
      db,
      actor: p.actors.landlord_officer,
      dwellingId: p.dwellingIds['L-201']!,
    });
    expect(history!.map((t) => [t.startDate, t.endDate])).toEqual([
      ['2026-05-01', null],
      ['2021-09-01', '2026-05-01'],
    ]);
  });

  it('moves a household to another dwelling: the old tenancy ends the day the new one starts', async () => {
    const householdId = p.households['L-002']!;
    expect(
      await startTenancy({
        db,
        actor: p.actors.landlord_officer,
        input: { householdId, dwellingId: p.dwellingIds['L-004']!, startDate: '2026-07-01' },
      }),
    ).toMatchObject({ ok: true });
    const household = await getHousehold({ db, actor: p.actors.coordinator, householdId });
    expect(household.tenancies.map((t) => [t.landlordReference, t.endDate])).toEqual([
      ['L-004', null],
      ['L-002', '2026-07-01'],
    ]);
  });

  it('20 concurrent registrations in one vacant dwelling give exactly one household there', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        createHousehold({
          db,
          actor: p.actors.landlord_officer,
          input: newHousehold(p.dwellingIds['L-104']!, '2026-03-01'),
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'dwelling_occupied')).toBe(true);
    expect(
      await listDwellingTenancies({
        db,
        actor: p.actors.landlord_officer,
        dwellingId: p.dwellingIds['L-104']!,
      }),
    ).toHaveLength(1);
  });

  it('a move into an occupied dwelling is refused and leaves the current tenancy as it was', async () => {
    const householdId = p.households['L-101']!;
    const before = (await getHousehold({ db, actor: p.actors.coordinator, householdId })).tenancies;
    expect(
      await startTenancy({
        db,
        actor: p.actors.landlord_officer,
        input: { householdId, dwellingId: p.dwellingIds['L-001']!, startDate: '2026-08-01' },
      }),
    ).toEqual({ ok: false, reason: 'dwelling_occupied' });
    expect((await getHousehold({ db, actor: p.actors.coordinator, householdId })).tenancies).toEqual(before);
  });

  it('the database itself refuses overlapping tenancies of one dwelling', async () => {
    await expect(
      db.execute(
        `insert into tenancy (programme_id, household_id, dwelling_id, start_date) values (${p.programmeId}, ${p.households['L-101']}, ${p.dwellingIds['L-001']}, '2024-01-01')` as never,
      ),
    ).rejects.toMatchObject({ cause: { constraint_name: 'tenancy_no_overlap' } });
  });
});
