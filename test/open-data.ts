// A small programme for the open data and the indicators API, with numbers computed by hand. Two complete years,
// `first` (the year before last) and `last` (last year), relative to the real date, so that the API (which publishes
// up to the last complete year) sees them too.
//
// N1 (Nord, QPV QN02904M): 40 dwellings; households L-001, L-002 and N1-01…N1-30 (N1-30 moves to S3 on 1 July
// of `last`). Roll-out: support ready 1 February `first`, service open 1 September `first`.
//   Sign-ups (first request): 7 in `first` (N1-01…07, October), 15 in `last` (N1-08…22, March); N1-01's second
//   request in `last` does not count again; L-001's request at 00:30 on 1 January of this year (Paris time, still
//   last year in UTC) belongs to this year and is not published.
//   Connected (first activation): 4 in `first` (N1-01…04), 15 in `last` (N1-05…19).
//   Computers (first handed over): N1-01 in December `first` (1), N1-02…12 in `last` (11); N1-01's second one in
//   `last` does not count again.
//   First workshop: N1-01…03 in `last` (3; N1-01 comes twice).
//   Certificates: N1-01 in `last` (1); N1-02's revoked one is not counted.
//   Advice: N1-05 in November `first` (1).
//   Charges: 40 dwellings × 1.10 € from September `first` (4 months: 176.00 €), every month of `last` (528.00 €)
//   less an adjustment of 1.10 € (526.90 €); this year's January is not published.
// N2 (Nord, same QPV): L-101 only (from 2018): one household — hidden every year.
// S3 (Sud, no QPV): L-201 and S3-01…S3-20 (from 2022), N1-30 from 1 July `last`. Identified 1 May `first`.
//   Advice: S3-01…S3-12 in `last` (12) and N1-30's case of September `last` (it lived in S3 by then): 13.
import { sql } from 'drizzle-orm';
import { insertHouseholds } from '../src/households/index.ts';
import { localDate } from '../src/platform/dates.ts';
import type { Db } from '../src/platform/db/index.ts';
import { refreshSectorCounts } from '../src/territory/index.ts';
import { attendCycle, handOverComputer, workshopCycle } from './impact-records.ts';
import type { TestProgramme } from './programme.ts';

export interface OpenDataScenario {
  first: number;
  last: number;
  /** The real today (programme time). */
  today: string;
  households: Record<string, number>;
}

export async function placeOpenDataScenario(db: Db, p: TestProgramme): Promise<OpenDataScenario> {
  const today = localDate(new Date());
  const current = Number(today.slice(0, 4));
  const last = current - 1;
  const first = current - 2;
  const pid = p.programmeId;
  const { N1, S3 } = p.sectorIds;

  // 36 more dwellings in N1 (building B-1) and 21 in S3 (building B-5).
  await db.execute(sql`
    insert into dwelling (programme_id, building_id, sector_id, landlord_reference)
    select ${pid}, b.id, b.sector_id, x.prefix || lpad(n::text, 2, '0')
      from (values ('B-1', 'N1-', 36), ('B-5', 'S3-', 21)) x(building, prefix, count)
      join building b on b.programme_id = ${pid} and b.reference = x.building
      cross join lateral generate_series(1, x.count) n`);
  await refreshSectorCounts(db, pid);
  const seeds = [
    ...Array.from({ length: 30 }, (_, i) =>
      seed(`N1-${two(i + 1)}`, '2023-06-01', i === 29 ? `${last}-07-01` : null),
    ),
    ...Array.from({ length: 20 }, (_, i) => seed(`S3-${two(i + 1)}`, '2022-01-01', null)),
  ];
  await insertHouseholds(db, pid, seeds);
  const rows = await db.execute<{
    ref: string;
    household_id: number;
    member_id: number;
    dwelling_id: number;
  }>(sql`
    select d.landlord_reference as ref, t.household_id, t.dwelling_id,
           (select m.id from household_member m where m.household_id = t.household_id order by m.id limit 1) as member_id
      from tenancy t join dwelling d on d.id = t.dwelling_id where t.programme_id = ${pid}`);
  const of = Object.fromEntries(rows.map((r) => [r.ref, r]));
  const hh = (ref: string) => of[ref]!.household_id;
  const member = (ref: string) => of[ref]!.member_id;
  // N1-30 moves to S3's 21st new dwelling on 1 July of last year.
  await db.execute(sql`
    insert into tenancy (programme_id, household_id, dwelling_id, start_date)
    select ${pid}, ${hh('N1-30')}, id, ${`${last}-07-01`}::date from dwelling
     where programme_id = ${pid} and landlord_reference = 'S3-21'`);

  const operator = p.actors.operator_agent.organisationId!;
  const [service] = await db.execute<{ id: number }>(sql`
    insert into sector_service (programme_id, sector_id, operator_id, description, opens_on)
    values (${pid}, ${N1}, ${operator}, 'Internet N1', ${`${first}-09-01`}::date) returning id`);
  await db.execute(sql`
    insert into sector_stage_event (programme_id, sector_id, from_stage, stage, decided_on, source, decided_by) values
      (${pid}, ${N1}, 'identified', 'support_ready', ${`${first}-02-01`}::date, 'history', 'test'),
      (${pid}, ${N1}, 'support_ready', 'service_open', ${`${first}-09-01`}::date, 'service', 'test'),
      (${pid}, ${S3}, null, 'identified', ${`${first}-05-01`}::date, 'history', 'test')`);

  // Requests: [household, sent at, status, activated on].
  const requests: [string, string, string, string | null][] = [
    ...[1, 2, 3, 4].map((i): [string, string, string, string | null] => [
      `N1-${two(i)}`,
      `${first}-10-0${i}T10:00:00+02:00`,
      'activated',
      `${first}-10-2${i}`,
    ]),
    ...[5, 6, 7].map((i): [string, string, string, string | null] => [
      `N1-${two(i)}`,
      `${first}-10-0${i}T10:00:00+02:00`,
      'activated',
      `${last}-01-1${i}`,
    ]),
    ...Array.from({ length: 15 }, (_, k): [string, string, string, string | null] => [
      `N1-${two(k + 8)}`,
      `${last}-03-${two(k + 1)}T10:00:00+01:00`,
      k < 12 ? 'activated' : 'sent',
      k < 12 ? `${last}-04-${two(k + 1)}` : null,
    ]),
    ['N1-01', `${last}-05-02T10:00:00+02:00`, 'cancelled', null],
    ['L-001', `${current}-01-01T00:30:00+01:00`, 'sent', null],
  ];
  for (const [ref, sentAt, status, activatedOn] of requests)
    await db.execute(sql`
      insert into activation_request (programme_id, household_id, dwelling_id, sector_id, operator_id, status,
        contact_name, contact_phone, slots, sent_at, activated_on, created_by)
      values (${pid}, ${hh(ref)}, ${of[ref]!.dwelling_id}, ${N1}, ${operator}, ${status}, 'Contact', '+33600000000',
              '{weekday_morning}', ${sentAt}::timestamptz, ${activatedOn}::date, 'test')`);

  // Computers: N1-01 in December of the first year, N1-02…12 in the last, N1-01 again in the last.
  await db.execute(sql`
    insert into price_tier (programme_id, tier, label, amount_cents, effective_from)
    values (${pid}, 'standard', '40 €', 4000, '2020-01-01')`);
  const handovers: [string, string][] = [
    ['N1-01', `${first}-12-20T10:00:00+01:00`],
    ...Array.from({ length: 11 }, (_, k): [string, string] => [
      `N1-${two(k + 2)}`,
      `${last}-06-${two(k + 1)}T10:00:00+02:00`,
    ]),
    ['N1-01', `${last}-09-15T10:00:00+02:00`],
  ];
  for (const [n, [ref, at]] of handovers.entries())
    await handOverComputer(db, p, { tag: String(n), householdId: hh(ref), at, receivedOn: '2020-01-01' });

  // Workshops: two sessions in the last year; N1-01 at both, N1-02 and N1-03 at the second; N1-04 absent.
  const cycle = await workshopCycle(db, pid, {
    updatedOn: '2020-01-01',
    sessions: [
      [`${last}-04-07T14:00:00+02:00`, `${last}-04-07T16:00:00+02:00`],
      [`${last}-04-14T14:00:00+02:00`, `${last}-04-14T16:00:00+02:00`],
    ],
  });
  for (const [ref, present] of [
    ['N1-01', [true, true]],
    ['N1-02', [false, true]],
    ['N1-03', [false, true]],
    ['N1-04', [false, false]],
  ] as const)
    await attendCycle(db, pid, cycle, { householdId: hh(ref), memberId: member(ref), present });

  // Certificates: N1-01's (counted), N1-02's revoked one (not counted).
  const [level] = await db.execute<{ id: number }>(sql`select id from certificate_level order by id limit 1`);
  for (const [ref, code, revoked] of [
    ['N1-01', 'P-ABCD2345', null],
    ['N1-02', 'P-ABCD2346', `${last}-08-01T10:00:00+02:00`],
  ] as const)
    await db.execute(sql`
      insert into certificate (programme_id, household_id, member_id, level_id, code, holder_name, level_title,
                               framework_label, competencies, issuer_name, programme_name, issued_on, issued_by,
                               revoked_at)
      values (${pid}, ${hh(ref)}, ${member(ref)}, ${level!.id}, ${code}, 'Prénom Nom', 'Visa Internet', 'PIM',
              '[]'::jsonb, 'Centre social', 'Programme', ${`${last}-06-01`}::date, 'test', ${revoked}::timestamptz)`);

  // Advice cases: N1-05 in November of the first year; S3-01…12 and N1-30 (in S3 by then) in the last.
  const cases: [string, string][] = [
    ['N1-05', `${first}-11-10`],
    ...Array.from({ length: 12 }, (_, k): [string, string] => [
      `S3-${two(k + 1)}`,
      `${last}-02-${two(k + 1)}`,
    ]),
    ['N1-30', `${last}-09-01`],
  ];
  for (const [n, [ref, day]] of cases.entries())
    await db.execute(sql`
      insert into advice_case (programme_id, organisation_id, reference, household_id, member_id, topic, summary,
                               opened_on, opened_by)
      values (${pid}, ${p.actors.adviser.organisationId}, ${`C-${n}`}, ${hh(ref)}, ${member(ref)}, 'disputed_bill',
              'Facture contestée', ${day}::date, 'test')`);

  // Charges: 1.10 € a month for each of N1's 40 dwellings, September of the first year to January of this one;
  // an adjustment of −1.10 € in February of the last year.
  await db.execute(sql`
    insert into charge_line (programme_id, month, dwelling_id, sector_id, service_id, amount_cents, household_id,
                             created_by)
    select ${pid}, m::date, d.id, d.sector_id, ${service!.id}, 110, null, 'test'
      from dwelling d
      cross join generate_series(${`${first}-09-01`}::date, ${`${current}-01-01`}::date, interval '1 month') m
     where d.sector_id = ${N1}`);
  await db.execute(sql`
    insert into charge_line (programme_id, month, dwelling_id, sector_id, service_id, amount_cents, household_id,
                             kind, adjusts_line_id, reason, created_by)
    select programme_id, ${`${last}-02-01`}::date, dwelling_id, sector_id, service_id, -110, null, 'adjustment', id,
           'Logement vacant', 'test'
      from charge_line where programme_id = ${pid} and month = ${`${last}-01-01`}::date order by id limit 1`);

  return { first, last, today, households: Object.fromEntries(rows.map((r) => [r.ref, r.household_id])) };
}

const two = (n: number) => String(n).padStart(2, '0');

function seed(dwellingReference: string, start: string, end: string | null) {
  return {
    key: dwellingReference,
    dwellingReference,
    tenancyStart: start,
    tenancyEnd: end,
    phone: null,
    channels: ['letter'],
    minimumBenefits: 'yes',
    members: [{ firstName: 'Prénom', lastName: dwellingReference, birthYear: null, ageBand: '30_44' }],
    consents: [],
  };
}
