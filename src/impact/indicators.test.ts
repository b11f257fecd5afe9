// The indicators against a small scenario computed by hand: three sectors (N1 open since 2020, N2 open since March
// 2026, S3 not open), seven households, their requests, computers, workshops and certificates. Raw figures are
// checked number by number; under secrecy, every count of 1 to 10 people is hidden.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { attendCycle, handOverComputer, workshopCycle } from '../../test/impact-records.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { insertHouseholds } from '../households/index.ts';
import type { Db } from '../platform/db/index.ts';
import type { StatTable } from '../platform/secrecy/index.ts';
import { getIndicators, loadIndicators } from './index.ts';

let db: Db;
let p: TestProgramme;
const period = { from: '2026-01-01', to: '2026-06-30' };

const cell = (table: StatTable | undefined, row: string, column: string) =>
  (row === 'total' ? table?.total : table?.rows.find((r) => r.key === row))?.values[column];
const tableOf = (tables: StatTable[], id: string) => tables.find((t) => t.id === id)!;

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db);
  const pid = p.programmeId;
  // Three more households: L-003 (N1, moved in after the opening, never in touch), L-004 (N1, moved out in May),
  // L-102 (N2, first-time user on minimum benefits).
  await insertHouseholds(db, pid, [
    extra('L-003', '2021-05-01', { minimumBenefits: 'no' }),
    extra('L-004', '2019-01-01', { tenancyEnd: '2026-05-31' }),
    extra('L-102', '2017-01-01', { firstTimeUser: 'yes' }),
  ]);
  const ids = Object.fromEntries(
    (
      await db.execute<{ ref: string; household_id: number; member_id: number }>(sql`
        select d.landlord_reference as ref, t.household_id, m.id as member_id
          from tenancy t join dwelling d on d.id = t.dwelling_id
          join household_member m on m.household_id = t.household_id
         where t.programme_id = ${pid}`)
    ).map((r) => [r.ref, r]),
  );
  const hh = (ref: string) => ids[ref]!.household_id;
  const member = (ref: string) => ids[ref]!.member_id;
  const operator = p.actors.operator_agent.organisationId!;
  const { N1, N2, S3 } = p.sectorIds;
  await db.execute(sql`
    insert into sector_service (programme_id, sector_id, operator_id, description, opens_on) values
      (${pid}, ${N1}, ${operator}, 'Internet N1', '2020-01-01'),
      (${pid}, ${N2}, ${operator}, 'Internet N2', '2026-03-01')`);
  await db.execute(sql`
    insert into sector_stage_event (programme_id, sector_id, from_stage, stage, decided_on, source, decided_by) values
      (${pid}, ${N1}, 'identified', 'service_open', '2020-01-01', 'history', 'test'),
      (${pid}, ${N2}, 'identified', 'works', '2025-10-01', 'history', 'test'),
      (${pid}, ${N2}, 'works', 'service_open', '2026-03-01', 'history', 'test'),
      (${pid}, ${S3}, 'identified', 'partners_consulted', '2026-07-15', 'history', 'test')`);
  const request = (ref: string, sector: number, sentAt: string, status: string, extra: string) =>
    sql`(${pid}, ${hh(ref)}, (select dwelling_id from tenancy where household_id = ${hh(ref)} limit 1), ${sector},
         ${operator}, ${status}, 'Contact', '+33600000000', '{weekday_morning}', ${sentAt}::timestamptz,
         ${extra === '' ? null : extra}::date, ${status === 'failed' ? 'nobody_home' : null}, 'test',
         ${status === 'failed' ? '2026-03-12T10:00:00+01:00' : sentAt}::timestamptz)`;
  await db.execute(sql`
    insert into activation_request (programme_id, household_id, dwelling_id, sector_id, operator_id, status,
      contact_name, contact_phone, slots, sent_at, activated_on, failure_reason, created_by, updated_at) values
      ${request('L-001', N1, '2026-02-10T09:00:00+01:00', 'activated', '2026-02-20')},
      ${request('L-002', N1, '2026-03-05T09:00:00+01:00', 'failed', '')},
      ${request('L-101', N2, '2026-04-01T09:00:00+02:00', 'activated', '2026-04-21')},
      ${request('L-102', N2, '2026-05-02T09:00:00+02:00', 'activated', '2026-05-08')},
      ${request('L-004', N1, '2025-11-02T09:00:00+01:00', 'activated', '2025-11-08')}`);
  // L-001 gets a computer in March; L-101 one in July (after the period).
  await db.execute(sql`
    insert into price_tier (programme_id, tier, label, amount_cents, effective_from)
      values (${pid}, 'standard', '40 €', 4000, '2020-01-01')`);
  for (const [ref, at] of [
    ['L-001', '2026-03-03T10:00:00+01:00'],
    ['L-101', '2026-07-03T10:00:00+02:00'],
  ] as const) {
    await handOverComputer(db, p, { tag: ref, householdId: hh(ref), at, receivedOn: '2026-01-01' });
  }
  // A cycle of two sessions in April at a facility: L-001 attends both (completed), L-102 the first only.
  const cycle = await workshopCycle(db, pid, {
    updatedOn: '2026-01-01',
    sessions: [
      ['2026-04-07T14:00:00+02:00', '2026-04-07T16:00:00+02:00'],
      ['2026-04-14T14:00:00+02:00', '2026-04-14T17:00:00+02:00'],
    ],
  });
  for (const [ref, present, completed] of [
    ['L-001', [true, true], '2026-04-14T17:00:00+02:00'],
    ['L-102', [true, false], null],
  ] as const)
    await attendCycle(db, pid, cycle, {
      householdId: hh(ref),
      memberId: member(ref),
      present,
      createdAt: '2026-03-20T10:00:00+01:00',
      completedAt: completed,
    });
  const [level] = await db.execute<{ id: number }>(sql`select id from certificate_level order by id limit 1`);
  await db.execute(sql`
    insert into certificate (programme_id, household_id, member_id, level_id, code, holder_name, level_title,
                             framework_label, competencies, issuer_name, programme_name, issued_on, issued_by)
    values (${pid}, ${hh('L-001')}, ${member('L-001')}, ${level!.id}, 'P-ABCD2345', 'Aïcha Benali', 'Visa Internet',
            'PIM', '[]'::jsonb, 'Centre social', 'Programme', '2026-05-02', 'test')`);
  await db.execute(sql`
    insert into charge_line (programme_id, month, dwelling_id, sector_id, service_id, amount_cents, household_id,
                             created_by)
    select ${pid}, m::date, d.id, d.sector_id, v.id, 110, null, 'test'
      from dwelling d join sector_service v on v.sector_id = d.sector_id
      cross join generate_series('2026-03-01'::date, '2026-04-01'::date, interval '1 month') m
     where d.sector_id = ${N2}`);
});

function extra(dwellingReference: string, start: string, profile: Record<string, string> = {}) {
  const { tenancyEnd, ...answers } = profile;
  return {
    key: dwellingReference,
    dwellingReference,
    tenancyStart: start,
    tenancyEnd: tenancyEnd ?? null,
    phone: null,
    channels: ['letter'],
    minimumBenefits: 'yes',
    ...answers,
    members: [{ firstName: 'Prénom', lastName: dwellingReference, birthYear: null, ageBand: '30_44' }],
    consents: [],
  };
}

describe('indicators of a small programme, computed by hand', () => {
  it('count coverage by stage on the last day of the period', async () => {
    const { publication } = await loadIndicators(
      db,
      { programmeId: p.programmeId, ...period },
      { raw: true },
    );
    const coverage = tableOf(publication.tables, 'coverage');
    // S3's consultation came after the period: still « identified » on 30 June.
    expect(coverage.rows.map((r) => [r.key, r.values.sectors, r.values.dwellings])).toEqual([
      ['identified', 1, 4],
      ['service_open', 2, 8],
    ]);
  });

  it('follow the households of the open sectors through the funnel, each step among the one before', async () => {
    const { publication } = await loadIndicators(
      db,
      { programmeId: p.programmeId, ...period },
      { raw: true },
    );
    const funnel = tableOf(publication.tables, 'funnel');
    // Living in N1/N2 on 30 June: L-001, L-002, L-003 (N1), L-101, L-102 (N2) — L-004 left in May.
    // Informed: L-001 (there at N1's opening), L-002 (signed up), L-101 and L-102 (there at N2's opening); not L-003.
    // Signed up: L-001, L-002, L-101, L-102. Connected: L-001, L-101, L-102 (L-002 failed). Equipped by 30 June:
    // L-001 only (L-101's computer came in July). Attended, completed, certified: L-001.
    expect(funnel.rows.map((r) => [r.key, r.values.households])).toEqual([
      ['residents', 5],
      ['informed', 4],
      ['signedUp', 4],
      ['connected', 3],
      ['equipped', 1],
      ['attended', 1],
      ['completed', 1],
      ['certified', 1],
    ]);
    const counts = funnel.rows.map((r) => r.values.households ?? 0);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThanOrEqual(counts[i - 1]!);
    const sectors = tableOf(publication.tables, 'sectors');
    expect(cell(sectors, String(p.sectorIds.N1), 'signedUp')).toBe(2);
    expect(cell(sectors, String(p.sectorIds.N2), 'takeUp')).toBe(100);
    expect(cell(sectors, 'total', 'takeUp')).toBe(80);
    expect(cell(sectors, 'total', 'households')).toBe(cell(funnel, 'residents', 'households'));
  });

  it('compare participants with all households of the same sectors', async () => {
    const { publication } = await loadIndicators(
      db,
      { programmeId: p.programmeId, ...period },
      { raw: true },
    );
    const benefits = tableOf(publication.tables, 'profile-minimum-benefits');
    // On minimum benefits: everyone but L-003. Participants: the four signed up, all on benefits.
    expect([cell(benefits, 'total', 'p_yes'), cell(benefits, 'total', 'participants')]).toEqual([4, 4]);
    expect([
      cell(benefits, 'total', 'a_yes'),
      cell(benefits, 'total', 'a_no'),
      cell(benefits, 'total', 'all'),
    ]).toEqual([4, 1, 5]);
    expect(cell(benefits, 'total', 'a_share')).toBe(80);
    const firstTime = tableOf(publication.tables, 'profile-first-time-user');
    expect(cell(firstTime, String(p.sectorIds.N2), 'p_yes')).toBe(1);
    expect(cell(firstTime, String(p.sectorIds.N2), 'p_not_given')).toBe(1);
  });

  it('give month by month flows, delays, failures, workshops, certificates and charges', async () => {
    const { publication } = await loadIndicators(
      db,
      { programmeId: p.programmeId, ...period },
      { raw: true },
    );
    const series = tableOf(publication.tables, 'series');
    expect(series.rows).toHaveLength(6);
    const by = (month: string) => series.rows.find((r) => r.key === month)!.values;
    expect(by('2026-02')).toMatchObject({ signedUp: 1, connected: 1, equipped: 0 });
    expect(by('2026-03')).toMatchObject({ signedUp: 1, equipped: 1, chargesCents: 440 });
    expect(by('2026-04')).toMatchObject({
      signedUp: 1,
      connected: 1,
      newParticipants: 2,
      sessions: 2,
      hours: 5,
    });
    expect(by('2026-05')).toMatchObject({ signedUp: 1, connected: 1, certificates: 1 });
    // L-004's request of November 2025 is before the period.
    expect(series.total?.values).toMatchObject({ signedUp: 4, connected: 3, chargesCents: 880, hours: 5 });

    const activation = tableOf(publication.tables, 'activation');
    // Delays: L-001 10 days, L-101 20 days, L-102 6 days → median 10; 90th percentile 18 (interpolated).
    expect(cell(activation, 'total', 'activated')).toBe(3);
    expect(cell(activation, 'total', 'median')).toBe(10);
    expect(cell(activation, 'total', 'p90')).toBeCloseTo(18);
    expect(cell(activation, 'total', 'failed')).toBe(1);
    expect(tableOf(publication.tables, 'failures').rows).toEqual([
      { key: 'nobody_home', label: 'Personne au rendez-vous', values: { failed: 1 } },
    ]);
    const workshops = tableOf(publication.tables, 'workshops');
    expect(workshops.rows[0]?.values).toMatchObject({
      sessions: 2,
      hours: 5,
      participants: 2,
      cycleParticipants: 2,
      completed: 1,
      completion: 50,
    });
    expect(cell(tableOf(publication.tables, 'certificates'), 'total', 'issued')).toBe(1);
    expect(cell(tableOf(publication.tables, 'charges'), 'total', 'cents')).toBe(880);
    expect(cell(tableOf(publication.tables, 'equipment'), 'standard', 'handedOver')).toBe(1);
  });

  it('keep the sums of a closed month once, and give the same figures from them', async () => {
    const live = await loadIndicators(db, { programmeId: p.programmeId, ...period }, { raw: true });
    await db.execute(sql`
      insert into charge_month (programme_id, month, status, closed_at, closed_by)
      values (${p.programmeId}, '2026-03-01', 'closed', now(), 'test')`);
    const kept = await loadIndicators(db, { programmeId: p.programmeId, ...period }, { raw: true });
    const [summary] = await db.execute<{ months: number; cents: number }>(sql`
      select count(distinct month)::int as months, sum(cents)::int as cents from impact_charge_summary
       where programme_id = ${p.programmeId}`);
    expect(summary).toEqual({ months: 1, cents: 440 });
    for (const id of ['series', 'charges'])
      expect(tableOf(kept.publication.tables, id)).toEqual(tableOf(live.publication.tables, id));
    // Read again: nothing is summarised twice.
    await loadIndicators(db, { programmeId: p.programmeId, ...period }, { raw: true });
    const [again] = await db.execute<{ rows: number }>(
      sql`select count(*)::int as rows from impact_charge_summary where programme_id = ${p.programmeId}`,
    );
    expect(again?.rows).toBe(1);
  });

  it('narrow to a sector, and to the sectors a partner serves', async () => {
    const n2 = await loadIndicators(
      db,
      { programmeId: p.programmeId, ...period, sectorId: p.sectorIds.N2 },
      { raw: true },
    );
    expect(tableOf(n2.publication.tables, 'funnel').rows[0]?.values.households).toBe(2);
    expect(cell(tableOf(n2.publication.tables, 'series'), 'total', 'signedUp')).toBe(2);
    expect(n2.areaLabel).toBe('Secteur N2 — Secteur N2');
    // The operator serves N1: its figures are N1's only, never raw.
    const operator = await getIndicators({ db, actor: p.actors.operator_agent, filter: period, raw: true });
    expect(operator.protected).toBe(true);
    expect(tableOf(operator.publication.tables, 'sectors').rows.map((r) => r.key)).toEqual([
      String(p.sectorIds.N1),
    ]);
  });

  it('publish whole ended months only; the coordinator’s desk takes any period', async () => {
    const asked = { from: '2026-01-14', to: '2026-06-03' };
    const published = await getIndicators({
      db,
      actor: p.actors.landlord_officer,
      filter: asked,
      today: '2026-06-10',
    });
    expect(published.filter).toMatchObject({ from: '2026-01-01', to: '2026-05-31' });
    const desk = await getIndicators({
      db,
      actor: p.actors.coordinator,
      filter: asked,
      raw: true,
      today: '2026-06-10',
    });
    expect(desk.filter).toMatchObject(asked);
  });

  it('hide every count of 1 to 10 people outside the coordinator’s desk', async () => {
    const coordinator = await getIndicators({ db, actor: p.actors.coordinator, filter: period, raw: true });
    expect(coordinator.protected).toBe(false);
    const published = await getIndicators({
      db,
      actor: p.actors.landlord_officer,
      filter: period,
      raw: true,
    });
    expect(published.protected).toBe(true);
    for (const table of published.publication.tables)
      for (const row of [...table.rows, ...(table.total ? [table.total] : [])])
        for (const column of table.columns.filter((c) => c.measure === 'people')) {
          const value = row.values[column.key];
          if (value !== null && value !== undefined) expect(value === 0 || value >= 11).toBe(true);
        }
    await expect(getIndicators({ db, actor: p.actors.resident, filter: period })).rejects.toThrow();
  });
});
