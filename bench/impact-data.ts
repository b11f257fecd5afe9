// The national-scale data behind the impact benchmark: on top of the `scale` programme (5.3 million dwellings, one
// household in 88 % of them), the roll-out of its sectors (60 % with an open collective service), their tenant votes,
// ~640,000 participating households (connection requests, computers, waiting lists, workshops, certificates, advice
// cases, before/after questionnaires), a year of service charges and the associations' subsidies. Generated once by
// set-based SQL in one transaction, deterministic (no clock, no random generator: every choice is a function of a
// row number), and recognised afterwards by its marker (the programme's impact settings), so later runs reuse it.
import { type SQL, sql } from 'drizzle-orm';
import { findProgramme } from '../src/partners/index.ts';
import { type Db, dropSecondaryStructures } from '../src/platform/db/index.ts';
import { ensureScaleProgramme } from './harness.ts';

/** Changing the generator changes this: the data of an older version is thrown away and generated again. */
export const impactDataVersion = 'bench:impact v1';

/** National scale: 640,000 participating households for 5.3 million dwellings (~12 %), fewer for smaller runs. */
export function impactShape(dwellings: number) {
  return { dwellings, participants: Math.max(10, Math.round((dwellings * 640_000) / 5_300_000)) };
}

/** The months billed: the 12 months of the benchmark's period (2025). */
const chargeMonths = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}-01`);

type Q = (query: SQL) => Promise<Record<string, unknown>[]>;
/** Numbers written into the statement (the generator's own constants): DDL takes no parameters. */
const n = (value: number) => sql.raw(String(Math.trunc(value)));

/** What the generator wrote, by table (for the benchmark's report). */
export type ImpactCounts = Record<string, number>;

/** The tables the generator fills, emptied before it runs again (the bench database holds nothing else of them). */
const generatedTables = [
  'activation_event',
  'activation_request',
  'charge_line',
  'charge_month',
  'tariff',
  'sector_service',
  'collective_agreement',
  'ballot',
  'vote_dwelling',
  'tenant_vote',
  'device_waiting_entry',
  'device_order',
  'device',
  'price_tier',
  'attendance',
  'registration',
  'workshop_session',
  'course',
  'facility',
  'certificate',
  'advice_case',
  'questionnaire_response',
  'impact_settings',
  'impact_charge_summary',
  'impact_report',
  'testimony',
  'subsidy_payment',
  'subsidy',
  'sector_stage_event',
];

/** Tables written in bulk: their non-unique indexes and foreign keys are dropped during the load, rebuilt after. */
const bulkTables = [
  'household_member',
  'activation_request',
  'activation_event',
  'charge_line',
  'vote_dwelling',
  'ballot',
  'device',
  'device_order',
  'device_waiting_entry',
  'registration',
  'workshop_session',
  'attendance',
  'certificate',
  'advice_case',
  'questionnaire_response',
];

/** Row-by-row triggers that would check (or count) every generated row: off during the load, on again after. */
const loadTriggers: [string, string][] = [
  ['tenant_vote', 'tenant_vote_frozen'],
  ['vote_dwelling', 'vote_dwelling_guard'],
  ['ballot', 'ballot_guard'],
  ['registration', 'registration_seats'],
  ['charge_line', 'charge_line_insert_guard'],
];

export async function ensureImpactData(
  db: Db,
  { dwellings, log = console.log }: { dwellings: number; log?: (line: string) => void },
): Promise<{ programmeId: number; generatedSeconds: number | null; counts: ImpactCounts }> {
  const [{ name }] = (await db.execute(sql`select current_database() as name`)) as unknown as [
    { name: string },
  ];
  if (!name.startsWith('palier_bench')) throw new Error(`refusing to generate benchmark data in ${name}`);
  const shape = impactShape(dwellings);
  const marker = `${impactDataVersion} · ${dwellings} dwellings · ${shape.participants} participants`;

  const existing = await findProgramme(db, 'scale');
  if (existing) {
    const [settings] = await db.execute<{ updated_by: string }>(
      sql`select updated_by from impact_settings where programme_id = ${existing.id}`,
    );
    if (settings?.updated_by === marker)
      return { programmeId: existing.id, generatedSeconds: null, counts: await countRows(db, existing.id) };
    log('impact data missing or from another version: generating it (once; reused by the next runs)…');
    // Only the tables this schema has (a later migration may add or rename some).
    const [{ present }] = (await db.execute(
      sql`select array_agg(t) filter (where to_regclass(t) is not null) as present
            from unnest(${sql.raw(`array[${generatedTables.map((t) => `'${t}'`).join(', ')}]`)}) t`,
    )) as unknown as [{ present: string[] }];
    await db.execute(sql.raw(`truncate ${present.join(', ')} cascade`));
  }

  const started = performance.now();
  const programmeId = await ensureScaleProgramme(db, dwellings);
  log(`scale programme ready (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  await db.transaction(async (tx) => {
    const q: Q = (query) => tx.execute(query) as Promise<Record<string, unknown>[]>;
    await q(sql`set local work_mem = '256MB'`);
    await q(sql`set local maintenance_work_mem = '1GB'`);
    await q(sql`set local max_parallel_maintenance_workers = 2`);
    await q(sql`set local synchronous_commit = off`);
    for (const [table, trigger] of loadTriggers)
      await q(sql.raw(`alter table ${table} disable trigger ${trigger}`));
    const saved = await dropSecondaryStructures(tx, bulkTables);
    const step = stepLogger(log, started);
    await generate(q, programmeId, shape, marker, step);
    step('rebuilding indexes and foreign keys');
    for (const statement of saved) await q(sql.raw(statement));
    for (const [table, trigger] of loadTriggers)
      await q(sql.raw(`alter table ${table} enable trigger ${trigger}`));
    step('committing');
  });
  log('vacuum and statistics…');
  await db.execute(sql`vacuum (analyze)`);
  const generatedSeconds = (performance.now() - started) / 1000;
  log(`impact data generated in ${generatedSeconds.toFixed(0)} s`);
  return { programmeId, generatedSeconds, counts: await countRows(db, programmeId) };
}

function stepLogger(log: (line: string) => void, started: number) {
  return (what: string) =>
    log(`  [${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${what}`);
}

/** The next free identity value of a table: rows are inserted with explicit ids so that later steps can join on them. */
async function nextId(q: Q, table: string): Promise<number> {
  const [row] = await q(sql.raw(`select coalesce(max(id), 0)::bigint as id from ${table}`));
  return Number(row!.id) + 1;
}
async function bumpIdentity(q: Q, table: string) {
  await q(
    sql.raw(
      `select setval(pg_get_serial_sequence('${table}', 'id'), greatest(1, (select coalesce(max(id), 0) from ${table})))`,
    ),
  );
}

async function generate(
  q: Q,
  p: number,
  shape: ReturnType<typeof impactShape>,
  marker: string,
  step: (what: string) => void,
) {
  const P = n(p);
  const paris = (day: SQL, time = '09:00') =>
    sql`((${day})::timestamp + time '${sql.raw(time)}') at time zone 'Europe/Paris'`;

  // ── Partners ──────────────────────────────────────────────────────────────────────────────────────────────────
  step('partners');
  await q(sql`
    insert into organisation (programme_id, kind, name)
    select ${P}, kind, name from (values
      ('city', 'Ville (banc d’essai)'), ('landlord', 'Bailleur national (banc d’essai)'),
      ('operator', 'Opérateur 1'), ('operator', 'Opérateur 2'), ('operator', 'Opérateur 3'),
      ('operator', 'Opérateur 4'), ('operator', 'Opérateur 5'), ('recycling_centre', 'Recyclerie nationale'),
      ('consumer_association', 'Association de consommateurs 1'),
      ('consumer_association', 'Association de consommateurs 2'),
      ('consumer_association', 'Association de consommateurs 3'),
      ('tenant_association', 'Association de locataires 1'), ('tenant_association', 'Association de locataires 2')
    ) o(kind, name)
    on conflict (programme_id, name) do nothing`);

  // ── Sectors: stage, history, service dates ──────────────────────────────────────────────────────────────────
  // h = k × 7919 mod 100 spreads the stages over the sector numbers: 60 % with an open service (55 % open, 5 %
  // evaluated), the rest along the roll-out. Open sectors opened between October 2011 and March 2024.
  step('sectors: stages and history');
  await q(sql`
    create unlogged table bench_impact_sector as
    with s as (
      select s.id as sector_id, substr(s.code, 2)::int as k, (substr(s.code, 2)::int * 7919) % 100 as h
        from sector s where s.programme_id = ${P}),
    staged as (
      select s.*, case when h < 55 then 'service_open' when h < 60 then 'evaluated' when h < 75 then 'identified'
                       when h < 80 then 'partners_consulted' when h < 85 then 'support_ready'
                       when h < 89 then 'vote_open' when h < 93 then 'vote_rejected' when h < 96 then 'adopted'
                       else 'works' end as stage
        from s),
    positioned as (
      select staged.*, case stage when 'identified' then 1 when 'partners_consulted' then 2 when 'support_ready' then 3
                         when 'vote_open' then 4 when 'vote_rejected' then 5 when 'adopted' then 5 when 'works' then 6
                         when 'service_open' then 7 else 8 end as pos
        from staged)
    select x.*, o.id as operator_id,
           case when stage in ('service_open', 'evaluated')
                then (date '2011-10-01' + ((k * 37) % 150) * interval '1 month')::date end as opens_on,
           -- The day of the stage at position ref_pos; the stage at position q is (q - ref_pos) × 2 months away.
           case when stage in ('service_open', 'evaluated')
                then (date '2011-10-01' + ((k * 37) % 150) * interval '1 month')::date
                when stage = 'vote_open' then date '2026-10-05' + k % 30
                else (date '2026-10-01' - ((k * 13) % 24) * interval '1 month')::date end as ref_day,
           case when stage in ('service_open', 'evaluated') then 7 else pos end as ref_pos,
           case when stage in ('service_open', 'evaluated')
                then (row_number() over (partition by stage in ('service_open', 'evaluated') order by k) - 1) / 2 + 1
           end::int as facility_no
      from positioned x
      join organisation o on o.programme_id = ${P} and o.name = 'Opérateur ' || (x.k % 5 + 1)`);
  await q(sql`create unique index on bench_impact_sector (sector_id)`);
  await q(sql`analyze bench_impact_sector`);

  await q(sql`
    insert into sector_stage_event (programme_id, sector_id, from_stage, stage, decided_on, source, decided_by, comment, recorded_at)
    with path(stage, pos, source) as (values
      ('identified', 1, 'history'), ('partners_consulted', 2, 'decision'), ('support_ready', 3, 'decision'),
      ('vote_open', 4, 'vote'), ('vote_rejected', 5, 'vote'), ('adopted', 5, 'vote'), ('works', 6, 'decision'),
      ('service_open', 7, 'service'), ('evaluated', 8, 'decision')),
    events as (
      select bs.sector_id, path.stage, path.source, path.pos,
             case when path.stage = 'evaluated' then (bs.opens_on + interval '24 months')::date
                  else (bs.ref_day + (path.pos - bs.ref_pos) * interval '2 months')::date end as day
        from bench_impact_sector bs join path on path.pos <= bs.pos
       where (path.stage = 'vote_rejected') = (bs.stage = 'vote_rejected' and path.pos = 5))
    select ${P}, sector_id, lag(stage) over (partition by sector_id order by pos), stage, day, source,
           'Coordination (banc d’essai)', null, ${paris(sql`day`)}
      from events order by sector_id, pos`);
  await q(sql`
    update sector s set rollout_stage = bs.stage, rollout_stage_since = ${paris(sql`e.decided_on`)}
      from bench_impact_sector bs,
           lateral (select decided_on from sector_stage_event e where e.sector_id = bs.sector_id
                     order by decided_on desc, id desc limit 1) e
     where s.id = bs.sector_id`);

  // ── Tenant votes, their rolls and ballots ────────────────────────────────────────────────────────────────────
  // Every sector past `support_ready` held a vote: certified and adopted, rejected, or still open. Turnout and the
  // share of « oui » follow the result (adopted: 55 % voted, 70 % yes; rejected: 45 %, 35 %; open: 30 % so far).
  step('tenant votes');
  const voteBase = await nextId(q, 'tenant_vote');
  await q(sql`
    insert into tenant_vote (id, programme_id, reference, sector_id, procedure, rule_version, majority_bp, quorum_bp,
                             rejection_bp, max_window_months, opens_at, closes_at, operator_id, service_name,
                             monthly_amount_cents, tariff_from, help_phone, dwellings_concerned, status, result,
                             certified_at, certified_by, created_at, created_by)
    overriding system value
    select ${n(voteBase)} + bs.k - 1, ${P}, 'V-' || bs.k, bs.sector_id, 'approval', 'art42-approval-2006', 5000, 2500,
           null, 2, ${paris(sql`v.opens`)}, ${paris(sql`(v.opens + interval '1 month')::date`, '18:00')},
           bs.operator_id, 'Accès Internet collectif', 110,
           (date_trunc('month', v.opens + interval '6 months'))::date, '02 98 00 00 00', 0,
           case when bs.stage = 'vote_open' then 'open' else 'certified' end,
           case when bs.stage = 'vote_open' then null when bs.stage = 'vote_rejected' then 'rejected' else 'adopted' end,
           case when bs.stage <> 'vote_open' then ${paris(sql`(v.opens + interval '2 months')::date`, '10:00')} end,
           case when bs.stage <> 'vote_open' then 'Bailleur national (banc d’essai)' end,
           ${paris(sql`v.opens - 7`)}, 'benchmark'
      from bench_impact_sector bs
      cross join lateral (select (bs.ref_day + (4 - bs.ref_pos) * interval '2 months')::date as opens) v
     where bs.pos >= 4`);
  await bumpIdentity(q, 'tenant_vote');
  const [{ max: maxK }] = (await q(sql`select max(k)::int as max from bench_impact_sector`)) as [
    { max: number },
  ];
  const sectorBatch = 600;
  for (let from = 1; from <= maxK; from += sectorBatch) {
    const to = Math.min(from + sectorBatch - 1, maxK);
    await q(sql`
      insert into vote_dwelling (vote_id, dwelling_id, building_id, household_id)
      select v.id, d.id, d.building_id, t.household_id
        from bench_impact_sector bs
        join tenant_vote v on v.id = ${n(voteBase)} + bs.k - 1
        join dwelling d on d.sector_id = bs.sector_id
        left join tenancy t on t.dwelling_id = d.id and t.start_date <= (v.opens_at at time zone 'Europe/Paris')::date
                           and (t.end_date is null or t.end_date > (v.opens_at at time zone 'Europe/Paris')::date)
       where bs.pos >= 4 and bs.k between ${n(from)} and ${n(to)}`);
    await q(sql`
      insert into ballot (vote_id, dwelling_id, choice, channel, received_at, recorded_at, recorded_by)
      select vd.vote_id, vd.dwelling_id,
             case when v.status = 'open' or v.result = 'adopted'
                  then case when c < 70 then 'yes' when c < 90 then 'no' when c < 97 then 'blank' else 'invalid' end
                  else case when c < 35 then 'yes' when c < 90 then 'no' when c < 97 then 'blank' else 'invalid' end
             end,
             (array['online', 'online', 'paper', 'in_person'])[vd.dwelling_id % 4 + 1],
             x.received_at, x.received_at, 'benchmark'
        from vote_dwelling vd join tenant_vote v on v.id = vd.vote_id
        join bench_impact_sector bs on bs.sector_id = v.sector_id
        -- Within the window; a vote still open has had ten days of ballots so far.
        cross join lateral (
          select (vd.dwelling_id::bigint * 7877) % 100 as c, (vd.dwelling_id::bigint * 6007) % 100 as voted,
                 v.opens_at + (vd.dwelling_id % case when v.status = 'open' then 10 else 28 end) * interval '1 day'
                   + (vd.dwelling_id % 9) * interval '1 hour' as received_at) x
       where bs.k between ${n(from)} and ${n(to)}
         and x.voted < case when v.status = 'open' then 30 when v.result = 'adopted' then 55 else 45 end`);
    step(`  votes: sectors ${to} / ${maxK}`);
  }
  await q(sql`
    update tenant_vote v
       set dwellings_concerned = c.dwellings,
           certified_counts = case when v.status = 'certified'
             then jsonb_build_object('yes', c.yes, 'no', c.no, 'blank', c.blank, 'invalid', c.invalid, 'late', 0) end
      from (select vd.vote_id, count(*)::int as dwellings,
                   count(*) filter (where b.choice = 'yes')::int as yes, count(*) filter (where b.choice = 'no')::int as no,
                   count(*) filter (where b.choice = 'blank')::int as blank,
                   count(*) filter (where b.choice = 'invalid')::int as invalid
              from vote_dwelling vd left join ballot b on b.vote_id = vd.vote_id and b.dwelling_id = vd.dwelling_id
             group by vd.vote_id) c
     where v.id = c.vote_id and v.programme_id = ${P}`);

  // ── Agreements, services, tariffs ────────────────────────────────────────────────────────────────────────────
  step('agreements, services and tariffs');
  await q(sql`
    insert into collective_agreement (programme_id, sector_id, vote_id, operator_id, service_name, monthly_amount_cents,
                                      effective_from, adopted_on)
    select ${P}, v.sector_id, v.id, v.operator_id, v.service_name, v.monthly_amount_cents,
           coalesce(bs.opens_on, v.tariff_from), (v.certified_at at time zone 'Europe/Paris')::date
      from tenant_vote v join bench_impact_sector bs on bs.sector_id = v.sector_id
     where v.programme_id = ${P} and v.result = 'adopted'`);
  await q(sql`
    insert into sector_service (programme_id, sector_id, agreement_id, operator_id, description, opens_on, created_at)
    select ${P}, bs.sector_id, a.id, bs.operator_id, 'Accès Internet collectif (fibre, 1 Gbit/s)', bs.opens_on,
           ${paris(sql`bs.opens_on`)}
      from bench_impact_sector bs join collective_agreement a on a.sector_id = bs.sector_id
     where bs.opens_on is not null`);
  await q(sql`
    insert into tariff (programme_id, service_id, monthly_amount_cents, effective_from, created_by)
    select ${P}, ss.id, t.amount, t.effective_from, 'benchmark'
      from sector_service ss
      cross join lateral (values (110, ss.opens_on), (124, date '2023-01-01')) t(amount, effective_from)
     where ss.programme_id = ${P} and (t.amount = 110 or ss.opens_on < date '2023-01-01')`);

  // ── Participants ─────────────────────────────────────────────────────────────────────────────────────────────
  // Households of open sectors, chosen by a hash of their id; numbered 1…N. Three independent hashes of the number
  // decide what each did: r (the funnel, nested: connected 82 % → equipped 30 % → workshops 40 % → completed 25 % →
  // certificate 10 %), s (advice, 3 %), t (questionnaire, 20 % before, 14 % before and after).
  step(`participants (${shape.participants})`);
  await q(sql`
    create unlogged table bench_impact_participant as
    with open_households as (
      select t.household_id, t.dwelling_id, d.sector_id, bs.opens_on, bs.operator_id, bs.facility_no
        from tenancy t join dwelling d on d.id = t.dwelling_id
        join bench_impact_sector bs on bs.sector_id = d.sector_id and bs.opens_on is not null
       where t.programme_id = ${P} and t.end_date is null),
    chosen as (
      select * from open_households
       order by (household_id::bigint * 2654435761) % 4294967296, household_id limit ${n(shape.participants)}),
    numbered as (select (row_number() over (order by household_id))::int as n, c.* from chosen c)
    select x.*, h1.r, h1.s, h1.t, m.id as member_id, m.first_name, m.last_name,
           coalesce(h.phone, '+33298000000') as phone, h2.sent_at, h3.sent_day, h4.status, h4.activated_on,
           h5.reserved_at, h5.reserved_at + (2 + x.n % 10) * interval '1 day' as handed_at,
           h3.sent_day + 20 as start_day
      from numbered x
      join household h on h.id = x.household_id
      join household_member m on m.household_id = x.household_id and m.is_reference_person = 'yes'
      cross join lateral (select (x.n::bigint * 7919) % 1000 as r, (x.n::bigint * 104729) % 1000 as s,
                                 (x.n::bigint * 7907) % 1000 as t) h1
      -- Requests still in progress were sent this autumn; the others between the opening and June 2026.
      cross join lateral (select case when h1.r >= 900
             then ${paris(sql`date '2026-10-01' + x.n % 50`)}
             else ${paris(sql`x.opens_on + ((x.n::bigint * 7793) % greatest(1, date '2026-06-30' - x.opens_on))::int`)}
                  + (x.n % 8) * interval '1 hour' end as sent_at) h2
      cross join lateral (select (h2.sent_at at time zone 'Europe/Paris')::date as sent_day) h3
      cross join lateral (select case when h1.r < 820 then 'activated' when h1.r < 900 then 'failed'
                                      when h1.r < 950 then 'scheduled' else 'sent' end as status,
                                 h3.sent_day + 7 + x.n % 35 as activated_on) h4
      cross join lateral (select ${paris(sql`h4.activated_on + 5 + x.n % 40`, '10:00')} as reserved_at) h5`);
  await q(sql`create unique index on bench_impact_participant (n)`);
  await q(sql`analyze bench_impact_participant`);

  // Profiles: everyone's reference person gets the age band of their birth year; participants answer the profile
  // questions as the programme's public does (mostly on minimum benefits, isolated, first-time users).
  step('profiles: age bands of every reference person');
  const [{ lo, hi }] = (await q(
    sql`select min(id)::int as lo, max(id)::int as hi from household_member where programme_id = ${P}`,
  )) as [{ lo: number; hi: number }];
  const memberBatch = 1_000_000;
  for (let from = lo; from <= hi; from += memberBatch) {
    const to = Math.min(from + memberBatch - 1, hi);
    await q(sql`
      update household_member set age_band = case
          when birth_year is null then 'not_given' when 2025 - birth_year < 18 then 'under_18'
          when 2025 - birth_year < 30 then '18_29' when 2025 - birth_year < 45 then '30_44'
          when 2025 - birth_year < 60 then '45_59' when 2025 - birth_year < 75 then '60_74' else '75_plus' end
       where programme_id = ${P} and id between ${n(from)} and ${n(to)} and id % 23 <> 0`);
    step(`  members ${Math.min(to - lo + 1, hi - lo + 1)} / ${hi - lo + 1}`);
  }
  step('profiles: participants');
  await q(sql`
    update household h
       set minimum_benefits = case when c < 62 then 'yes' when c < 92 then 'no' else 'not_given' end,
           single_parent = case when (c * 7) % 100 < 24 then 'yes' when (c * 7) % 100 < 94 then 'no' else 'not_given' end,
           lives_alone = case when (c * 13) % 100 < 41 then 'yes' when (c * 13) % 100 < 95 then 'no' else 'not_given' end,
           first_time_user = case when (c * 17) % 100 < 68 then 'yes' when (c * 17) % 100 < 93 then 'no' else 'not_given' end
      from (select household_id, (n::bigint * 7873) % 100 as c from bench_impact_participant) x
     where h.id = x.household_id`);

  // ── Connection requests and their events ─────────────────────────────────────────────────────────────────────
  step('connection requests');
  const requestBase = await nextId(q, 'activation_request');
  await q(sql`
    insert into activation_request (id, programme_id, household_id, dwelling_id, sector_id, operator_id, status,
                                    contact_name, contact_phone, slots, install_help, sent_at, scheduled_for,
                                    scheduled_at, activated_on, equipment_ref, failure_reason, created_by, updated_at)
    overriding system value
    select ${n(requestBase)} + n - 1, ${P}, household_id, dwelling_id, sector_id, operator_id, status,
           first_name || ' ' || last_name, phone,
           (array['{weekday_morning}', '{weekday_afternoon}', '{weekday_evening,saturday_morning}'])[n % 3 + 1]::text[],
           n % 5 = 0, sent_at,
           case when status in ('scheduled', 'activated') then ${paris(sql`activated_on`, '10:00')} end,
           case when status in ('scheduled', 'activated') then sent_at + interval '2 days' end,
           case when status = 'activated' then activated_on end,
           case when status = 'activated' then 'ONT-' || n end,
           case when status = 'failed'
                then (array['nobody_home', 'wiring_fault', 'building_not_equipped', 'equipment_missing',
                            'household_declined', 'other'])[n % 6 + 1] end,
           'benchmark',
           case status when 'activated' then ${paris(sql`activated_on`, '17:00')}
                       when 'failed' then sent_at + (5 + n % 20) * interval '1 day'
                       when 'scheduled' then sent_at + interval '2 days' else sent_at end
      from bench_impact_participant`);
  await bumpIdentity(q, 'activation_request');
  await q(sql`
    insert into activation_event (request_id, kind, from_status, to_status, at, recorded_by)
    select r.id, e.kind, e.from_status, e.to_status, e.at, 'benchmark'
      from activation_request r
      cross join lateral (values
        (1, 'sent', null, 'sent', r.sent_at, true),
        (2, 'scheduled', 'sent', 'scheduled', r.scheduled_at, r.scheduled_at is not null),
        (3, 'activated', 'scheduled', 'activated', r.updated_at, r.status = 'activated'),
        (3, 'failed', 'sent', 'failed', r.updated_at, r.status = 'failed')
      ) e(seq, kind, from_status, to_status, at, happened)
     where r.programme_id = ${P} and e.happened
     order by r.id, e.seq`);

  // ── Computers: tiers, devices handed over, waiting lists ─────────────────────────────────────────────────────
  step('computers');
  await q(sql`
    insert into price_tier (programme_id, tier, label, amount_cents, effective_from)
    values (${P}, 'standard', '40 € (standard)', 4000, '2011-01-01'), (${P}, 'premium', '70 € (premium)', 7000, '2011-01-01')
    on conflict do nothing`);
  const deviceBase = await nextId(q, 'device');
  await q(sql`
    insert into device (id, programme_id, centre_id, reference, kind, make, model, cpu, ram_gb, storage_gb, os, grade,
                        serial, donor, received_on, tier, status, erasure_method, erasure_on, erasure_by,
                        erasure_result, updated_at)
    overriding system value
    select ${n(deviceBase)} + n - 1, ${P}, (select id from organisation where programme_id = ${P} and name = 'Recyclerie nationale'),
           'R-' || lpad(n::text, 7, '0'), case when n % 3 = 0 then 'desktop' else 'laptop' end,
           case when n % 3 = 0 then 'HP' else 'Lenovo' end,
           case when n % 3 = 0 then 'EliteDesk 800 G2' else 'ThinkPad T450' end,
           'Intel Core i5', 8, 256, 'Linux Mint', case when n % 4 = 0 then 'A' else 'B' end,
           'SN' || lpad(n::text, 9, '0'), 'Don d’entreprise', (handed_at at time zone 'Europe/Paris')::date - 60,
           case when n % 4 = 0 then 'premium' else 'standard' end, 'handed_over', 'Écrasement complet (NIST 800-88)',
           (handed_at at time zone 'Europe/Paris')::date - 50, 'Recyclerie nationale', 'passed', handed_at
      from bench_impact_participant where r < 300`);
  await bumpIdentity(q, 'device');
  await q(sql`
    insert into device_order (programme_id, device_id, household_id, reserved_by_org, reserved_by, price_cents, status,
                              reserved_at, handed_over_at, handover_mode, warranty_until, warranty_months, erasure_proof)
    select ${P}, ${n(deviceBase)} + n - 1, household_id,
           (select id from organisation where programme_id = ${P} and name = 'Recyclerie nationale'), 'benchmark',
           case when n % 4 = 0 then 7000 else 4000 end, 'handed_over', reserved_at, handed_at,
           case when n % 5 = 0 then 'delivery' else 'centre' end,
           ((handed_at at time zone 'Europe/Paris') + interval '12 months')::date, 12,
           'Écrasement complet (NIST 800-88), réussi'
      from bench_impact_participant where r < 300`);
  await q(sql`
    insert into device_waiting_entry (programme_id, household_id, tier, kind, status, offered_device_id, offered_at,
                                      created_at, created_by)
    select ${P}, household_id, case when n % 4 = 0 then 'premium' else 'standard' end,
           case when n % 3 = 0 then 'desktop' else 'laptop' end,
           case when r < 150 then 'served' else 'waiting' end,
           case when r < 150 then ${n(deviceBase)} + n - 1 end,
           case when r < 150 then reserved_at - interval '1 day' end,
           case when r < 150 then reserved_at - (10 + n % 50) * interval '1 day'
                else ${paris(sql`activated_on + 10`)} end,
           'benchmark'
      from bench_impact_participant where r < 150 or r between 300 and 329`);

  // ── Workshops: one facility for two open sectors, cycles of six weekly sessions for ten people ────────────────
  step('workshops: facilities, cycles, sessions');
  await q(sql`
    insert into organisation (programme_id, kind, name)
    select ${P}, 'facility', 'Espace numérique ' || f
      from generate_series(1, (select max(facility_no) from bench_impact_sector)) f
    on conflict (programme_id, name) do nothing`);
  const facilityBase = await nextId(q, 'facility');
  await q(sql`
    insert into facility (id, programme_id, organisation_id, external_id, pivot, name, address, postcode, commune,
                          updated_on, support_modes, computers)
    overriding system value
    select ${n(facilityBase)} + f - 1, ${P}, o.id, 'F-' || f, '00000000000000', o.name, f || ' place de la Mairie',
           '29200', 'Ville ' || f, date '2025-01-01', array['Dans un atelier collectif'], 8
      from generate_series(1, (select max(facility_no) from bench_impact_sector)) f
      join organisation o on o.programme_id = ${P} and o.name = 'Espace numérique ' || f`);
  await bumpIdentity(q, 'facility');
  await q(sql`
    create unlogged table bench_impact_learner as
    with m as (
      select n, household_id, member_id, facility_no, r, start_day,
             (row_number() over (partition by facility_no order by start_day, n) - 1) / 10 as cohort
        from bench_impact_participant where r < 400)
    select m.*, dense_rank() over (order by facility_no, cohort)::int as course_no from m`);
  await q(sql`
    create unlogged table bench_impact_course as
    select course_no, min(facility_no) as facility_no, max(start_day) as starts_on, count(*)::int as members
      from bench_impact_learner group by course_no`);
  const courseBase = await nextId(q, 'course');
  const sessionBase = await nextId(q, 'workshop_session');
  await q(sql`
    insert into course (id, programme_id, facility_id, kind, title, level, audience, description, session_count,
                        capacity, seats_taken, created_by, created_at)
    overriding system value
    select ${n(courseBase)} + course_no - 1, ${P}, ${n(facilityBase)} + facility_no - 1, 'cycle', 'Premiers pas sur Internet',
           'beginner', 'Personnes qui débutent', 'Six séances pour découvrir l’ordinateur et Internet.', 6, 12, members,
           'benchmark', ${paris(sql`starts_on - 30`)}
      from bench_impact_course`);
  await bumpIdentity(q, 'course');
  await q(sql`
    insert into workshop_session (id, programme_id, course_id, facility_id, facilitator_name, starts_at, ends_at,
                                  capacity, updated_at)
    overriding system value
    select ${n(sessionBase)} + (course_no - 1) * 6 + i - 1, ${P}, ${n(courseBase)} + course_no - 1,
           ${n(facilityBase)} + facility_no - 1, 'Animateur ' || (course_no % 50 + 1),
           ${paris(sql`starts_on + (i - 1) * 7`, '14:00')}, ${paris(sql`starts_on + (i - 1) * 7`, '16:00')}, 12,
           ${paris(sql`starts_on - 30`)}
      from bench_impact_course cross join generate_series(1, 6) i`);
  await bumpIdentity(q, 'workshop_session');
  step('workshops: registrations and attendance');
  const registrationBase = await nextId(q, 'registration');
  // Completers (r < 250) came to every session but at most one; the others to one to three sessions, or none.
  await q(sql`
    insert into registration (id, programme_id, course_id, household_id, member_id, status, reminder_channel,
                              created_by, created_at, completed_at)
    overriding system value
    select ${n(registrationBase)} + l.n - 1, ${P}, ${n(courseBase)} + l.course_no - 1, l.household_id, l.member_id,
           'registered', (array['sms', 'letter', 'call', 'email'])[l.n % 4 + 1], 'benchmark',
           ${paris(sql`c.starts_on - 7`)},
           case when l.r < 250 then ${paris(sql`c.starts_on + 35`, '16:00')} end
      from bench_impact_learner l join bench_impact_course c using (course_no)`);
  await bumpIdentity(q, 'registration');
  for (let i = 1; i <= 6; i++) {
    await q(sql`
      insert into attendance (session_id, registration_id, present, recorded_by, recorded_at)
      select ${n(sessionBase)} + (l.course_no - 1) * 6 + ${n(i)} - 1, ${n(registrationBase)} + l.n - 1,
             case when l.r < 250 then not (l.n % 3 = 0 and ${n(i)} = l.n % 6 + 1)
                  when l.r < 380 then ${n(i)} <= l.n % 3 + 1 else false end,
             'benchmark', ${paris(sql`c.starts_on + ${n((i - 1) * 7)}`, '16:00')}
        from bench_impact_learner l join bench_impact_course c using (course_no)`);
    step(`  attendance: session ${i} / 6`);
  }

  // ── Certificates (r < 100, a week after the cycle) ───────────────────────────────────────────────────────────
  step('certificates');
  await q(sql`
    insert into certificate (programme_id, household_id, member_id, level_id, code, holder_name, level_title,
                             framework_label, competencies, issuer_organisation_id, issuer_name, programme_name,
                             issued_on, issued_by, issued_at)
    select ${P}, l.household_id, l.member_id, lv.id, code.value, p.first_name || ' ' || p.last_name, lv.title,
           'Visa Internet — compétences de base (PIM), version 2026.1', '[]'::jsonb, f.organisation_id, f.name,
           'Programme synthétique', c.starts_on + 42, 'benchmark', ${paris(sql`c.starts_on + 42`)}
      from bench_impact_learner l
      join bench_impact_participant p using (n)
      join bench_impact_course c using (course_no)
      join facility f on f.id = ${n(facilityBase)} + l.facility_no - 1
      join certificate_level lv on lv.code = case when l.n % 4 = 0 then 'visa-internet' else 'visa-decouverte' end
      cross join lateral (
        select 'P-' || string_agg(substr('0123456789ABCDEFGHJKMNPQRSTUVWXYZ',
                                         ((l.n::bigint + 1000000) / power(33, i)::bigint % 33)::int + 1, 1), ''
                                  order by i desc) as value
          from generate_series(0, 7) i) code
     where l.r < 100`);

  // ── Advice cases (s < 30) ────────────────────────────────────────────────────────────────────────────────────
  step('advice cases');
  await q(sql`
    insert into advice_case (programme_id, organisation_id, reference, household_id, member_id, topic, operator_id,
                             summary, status, outcome, recovered_cents, opened_on, closed_on, opened_by, updated_at)
    select ${P}, o.id, 'C-' || p.n, p.household_id, p.member_id,
           (array['contract', 'termination', 'disputed_bill', 'doorstep_sale', 'change_operator',
                  'equipment_not_returned', 'payment_difficulty', 'choice_of_offer', 'other'])[p.n % 9 + 1],
           p.operator_id, 'Dossier généré pour le banc d’essai', st.status,
           case when st.status = 'resolved' then 'Accord trouvé avec l’opérateur' end,
           case when st.status = 'resolved' and p.n % 2 = 0 then (p.n % 200 + 1) * 100 else 0 end,
           d.opened_on,
           case when st.status in ('resolved', 'closed_no_result') then least(d.opened_on + 45, date '2026-11-20') end,
           'benchmark', ${paris(sql`d.opened_on`)}
      from bench_impact_participant p
      join organisation o on o.programme_id = ${P} and o.name = 'Association de consommateurs ' || (p.n % 3 + 1)
      cross join lateral (select least(p.sent_day + 30 + p.n % 300, date '2026-11-20') as opened_on) d
      cross join lateral (select case when p.n % 10 < 5 then 'resolved' when p.n % 10 < 7 then 'closed_no_result'
                                      when p.n % 10 = 7 then 'waiting_operator' else 'open' end as status) st
     where p.s < 30`);

  // ── Before/after questionnaires (t < 200; the « after » six months later for t < 140) ──────────────────────
  step('questionnaires');
  await q(sql`
    insert into questionnaire_response (programme_id, household_id, member_id, version, moment, answered_on, answers,
                                        recorded_by, recorded_at)
    select ${P}, p.household_id, p.member_id, '2011-1', m.moment, m.day,
           jsonb_strip_nulls(jsonb_build_object(
             'confidence', case when p.n % 17 <> 0 then (array['not_at_all', 'a_little', 'fairly', 'fully'])[
                 least(4, 1 + (p.n % 10) / 4 + case when m.moment = 'after' then 1 + p.n % 2 else 0 end)] end,
             'uses', case when m.moment = 'before'
                          then (array['[]', '["email"]', '["news"]', '["email","news"]'])[p.n % 4 + 1]::jsonb
                          else (array['["email","admin"]', '["email","admin","video"]', '["admin"]', '["email","video","news"]'])[p.n % 4 + 1]::jsonb end,
             'contacts', (array['never', 'once_or_twice', 'weekly', 'daily'])[
                 least(4, 1 + p.n % 3 + case when m.moment = 'after' then 1 else 0 end)],
             'lonely', case when p.n % 13 <> 0 then (array['often', 'sometimes', 'rarely', 'never'])[
                 least(4, 1 + p.n % 2 + case when m.moment = 'after' then p.n % 3 else 0 end)] end)),
           'benchmark', ${paris(sql`m.day`, '11:00')}
      from bench_impact_participant p
      cross join lateral (values ('before', p.sent_day), ('after', p.sent_day + 182)) m(moment, day)
     where p.t < 200 and (m.moment = 'before' or (p.t < 140 and m.day <= date '2026-11-20'))`);

  // ── Charges: a line per dwelling of every open sector and month of 2025 ───────────────────────────────────────
  for (const [i, month] of chargeMonths.entries()) {
    const M = sql.raw(`date '${month}'`);
    await q(sql`
      insert into charge_line (programme_id, month, dwelling_id, sector_id, service_id, tariff_id, amount_cents,
                               household_id, kind, created_by)
      select ${P}, ${M}, d.id, d.sector_id, ss.id, t.id, t.monthly_amount_cents, te.household_id, 'charge', 'benchmark'
        from sector_service ss
        cross join lateral (select id, monthly_amount_cents from tariff
                             where service_id = ss.id and effective_from <= ${M}
                             order by effective_from desc limit 1) t
        join dwelling d on d.sector_id = ss.sector_id
        left join tenancy te on te.dwelling_id = d.id and te.start_date <= ${M}
                            and (te.end_date is null or te.end_date > ${M})
       where ss.programme_id = ${P} and ss.opens_on <= ${M} and (ss.closes_on is null or ss.closes_on > ${M})
       order by d.id`);
    step(`charges: ${month.slice(0, 7)} (${i + 1} / ${chargeMonths.length})`);
  }
  await q(sql`
    insert into charge_month (programme_id, month, status, run_at, run_by, closed_at, closed_by)
    select ${P}, m::date, case when m < date '2025-12-01' then 'closed' else 'open' end,
           ${paris(sql`m::date + 1`)}, 'benchmark',
           case when m < date '2025-12-01' then ${paris(sql`m::date + 10`)} end,
           case when m < date '2025-12-01' then 'benchmark' end
      from generate_series(date '2025-01-01', date '2025-12-01', interval '1 month') m`);

  // ── Subsidies: seven associations, every year from 2012, committed up to 2025, paid up to 2024 ────────────────
  step('subsidies');
  await q(sql`
    insert into subsidy (programme_id, organisation_id, year, purpose, planned_cents, committed_cents, committed_on,
                         paid_cents, created_by)
    select ${P}, o.id, y, 'Accompagnement des habitants', 1500000 + (o.id % 7) * 250000,
           case when y <= 2025 then 1500000 + (o.id % 7) * 250000 - (y % 3) * 100000 end,
           case when y <= 2025 then make_date(y, 3, 15) end,
           case when y <= 2024 then 1500000 + (o.id % 7) * 250000 - (y % 3) * 100000
                when y = 2025 then (1500000 + (o.id % 7) * 250000 - (y % 3) * 100000) / 2 else 0 end,
           'benchmark'
      from organisation o cross join generate_series(2012, 2026) y
     where o.programme_id = ${P}
       and (o.kind in ('consumer_association', 'tenant_association') or o.name in ('Espace numérique 1', 'Espace numérique 2'))`);
  await q(sql`
    insert into subsidy_payment (subsidy_id, paid_on, amount_cents, reference, recorded_by)
    select s.id, pay.paid_on, pay.amount, 'VIR-' || s.id || '-' || pay.part, 'benchmark'
      from subsidy s
      cross join lateral (values
        (1, make_date(s.year, 6, 30), s.committed_cents / 2),
        (2, make_date(s.year, 12, 15), s.committed_cents - s.committed_cents / 2)) pay(part, paid_on, amount)
     where s.programme_id = ${P} and s.paid_cents > 0 and (pay.part = 1 or s.paid_cents = s.committed_cents)
       and pay.amount > 0`);

  // ── Marker, scratch tables ───────────────────────────────────────────────────────────────────────────────────
  await q(sql`
    insert into impact_settings (programme_id, secrecy_threshold, take_up_reference_percent, updated_by)
    values (${P}, 11, 12, ${marker})
    on conflict (programme_id) do update set updated_by = excluded.updated_by, updated_at = now()`);
  for (const t of [
    'bench_impact_course',
    'bench_impact_learner',
    'bench_impact_participant',
    'bench_impact_sector',
  ])
    await q(sql.raw(`drop table ${t}`));
}

/** Rows of the programme in each table the indicators read. */
export async function countRows(db: Db, programmeId: number): Promise<ImpactCounts> {
  const p = programmeId;
  const [row] = await db.execute<Record<string, string>>(sql`
    select
      (select count(*) from dwelling where programme_id = ${p}) as dwellings,
      (select count(*) from household where programme_id = ${p}) as households,
      (select count(*) from sector where programme_id = ${p}) as sectors,
      (select count(*) from sector_service where programme_id = ${p}) as open_sectors,
      (select count(*) from sector_stage_event where programme_id = ${p}) as stage_events,
      (select count(*) from tenant_vote where programme_id = ${p}) as votes,
      (select count(*) from vote_dwelling vd join tenant_vote v on v.id = vd.vote_id where v.programme_id = ${p}) as vote_dwellings,
      (select count(*) from ballot b join tenant_vote v on v.id = b.vote_id where v.programme_id = ${p}) as ballots,
      (select count(*) from activation_request where programme_id = ${p}) as activation_requests,
      (select count(*) from activation_event e join activation_request r on r.id = e.request_id where r.programme_id = ${p}) as activation_events,
      (select count(*) from device_order where programme_id = ${p}) as device_orders,
      (select count(*) from device_waiting_entry where programme_id = ${p}) as waiting_entries,
      (select count(*) from facility where programme_id = ${p}) as facilities,
      (select count(*) from course where programme_id = ${p}) as courses,
      (select count(*) from workshop_session where programme_id = ${p}) as sessions,
      (select count(*) from registration where programme_id = ${p}) as registrations,
      (select count(*) from attendance a join workshop_session s on s.id = a.session_id where s.programme_id = ${p}) as attendance,
      (select count(*) from certificate where programme_id = ${p}) as certificates,
      (select count(*) from advice_case where programme_id = ${p}) as advice_cases,
      (select count(*) from questionnaire_response where programme_id = ${p}) as questionnaire_responses,
      (select count(*) from charge_line where programme_id = ${p}) as charge_lines,
      (select count(*) from subsidy where programme_id = ${p}) as subsidies`);
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v)]));
}
