// The figures behind the indicators, read in a few set-based queries over the other modules' tables: one pass over
// the households for the funnel and the profiles (grouped by sector), one query per flow for the monthly series, and
// small grouped queries for the rest. At national scale (5.3 M dwellings, 640,000 participating households) each is
// a handful of hash joins and one sort; a period and an area narrow them when given.
import { type SQL, sql } from 'drizzle-orm';
import { revokedOnRequest } from '../certificates/index.ts';
import { householdsWithdrawn } from '../households/index.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import { intArray } from '../platform/sql/index.ts';
import type { ImpactFilter } from './model.ts';

/** The profile answers recorded for a household (or its reference person's age band). */
export const profileAttributes = {
  minimumBenefits: { column: 'minimum_benefits', values: ['yes', 'no', 'not_given'] },
  singleParent: { column: 'single_parent', values: ['yes', 'no', 'not_given'] },
  livesAlone: { column: 'lives_alone', values: ['yes', 'no', 'not_given'] },
  firstTimeUser: { column: 'first_time_user', values: ['yes', 'no', 'not_given'] },
  ageBand: {
    column: 'age_band',
    values: ['under_18', '18_29', '30_44', '45_59', '60_74', '75_plus', 'not_given'],
  },
} as const;
export type ProfileAttribute = keyof typeof profileAttributes;

/**
 * A certificate the figures count: not revoked, or revoked only because its holder asked for their data to be erased
 * (the competencies were validated all the same; docs/privacy.md).
 */
const countedCertificate = sql`(revoked_at is null or revoke_reason = ${revokedOnRequest})`;

/** Steps of the household funnel, each counting households that also passed the steps before. */
export const funnelSteps = [
  'informed',
  'signedUp',
  'connected',
  'equipped',
  'attended',
  'completed',
  'certified',
] as const;
export type FunnelStep = (typeof funnelSteps)[number];

/** The period's bounds as instants in programme time (Europe/Paris): [start, end). */
const bounds = (f: ImpactFilter) => ({
  start: sql`(${f.from}::date::timestamp at time zone 'Europe/Paris')`,
  end: sql`((${f.to}::date + 1)::timestamp at time zone 'Europe/Paris')`,
});

export type AreaSector = {
  id: number;
  code: string;
  name: string;
  neighbourhood: string;
  /** The sector's roll-out stage on the period's last day. */
  stage: string;
  dwellings: number;
  buildings: number;
  /** Whether its collective service was open on the period's last day. */
  open: boolean;
};

/** The sectors of the area, with their stage and service on the period's last day and their size (kept by territory). */
export async function areaSectors(db: DbOrTx, f: ImpactFilter): Promise<AreaSector[]> {
  const where: SQL[] = [sql`s.programme_id = ${f.programmeId}`];
  if (f.neighbourhoodId !== undefined) where.push(sql`s.neighbourhood_id = ${f.neighbourhoodId}`);
  if (f.sectorId !== undefined) where.push(sql`s.id = ${f.sectorId}`);
  if (f.sectorIds !== undefined) where.push(sql`s.id = any(${intArray(f.sectorIds)})`);
  return db.execute<AreaSector>(sql`
    with area as (select s.* from sector s where ${sql.join(where, sql` and `)})
    select a.id, a.code, a.name, n.name as neighbourhood,
           coalesce((select e.stage from sector_stage_event e
                      where e.sector_id = a.id and e.decided_on <= ${f.to}::date
                      order by e.decided_on desc, e.id desc limit 1), 'identified') as stage,
           a.dwelling_count as dwellings, a.building_count as buildings,
           exists (select 1 from sector_service v where v.sector_id = a.id and v.opens_on <= ${f.to}::date
                    and (v.closes_on is null or v.closes_on > ${f.to}::date)) as open
      from area a join neighbourhood n on n.id = a.neighbourhood_id
     order by a.code`);
}

/** Per open sector: households living there on the last day, each funnel step, and the profile counts. */
export type SectorHouseholds = { sector_id: number; households: number } & Record<FunnelStep, number> &
  Record<string, number>;

const profileCounts = (prefix: string, condition: SQL) =>
  Object.entries(profileAttributes).flatMap(([key, { column, values }]) =>
    values.map(
      (value) =>
        sql`count(*) filter (where ${condition} and ${sql.identifier(column)} = ${value})::int as ${sql.identifier(`${prefix}_${key}_${value}`)}`,
    ),
  );

/**
 * One pass over the households living in the open sectors on the period's last day: whether each was informed (on
 * a tenant vote's roll, living there when the service opened — every dwelling is told —, or in touch with the
 * programme in any way), signed up, connected, equipped, attended a
 * workshop, completed a cycle, got a certificate — each step counted only with the steps before it — and their
 * profile, for participants (signed up) and for everyone.
 */
/** One bit per fact known of a household, so that one pass can gather them all (`bit_or`). */
const fact = {
  onRoll: 1,
  signedUp: 2,
  connected: 4,
  equipped: 8,
  attended: 16,
  completed: 32,
  certified: 64,
  inTouch: 128,
};
/** The facts each funnel step needs: its own and those of every step before it. */
const stepFacts: Record<FunnelStep, number> = {
  informed: 0,
  signedUp: fact.signedUp,
  connected: fact.signedUp | fact.connected,
  equipped: fact.signedUp | fact.connected | fact.equipped,
  attended: fact.signedUp | fact.connected | fact.equipped | fact.attended,
  completed: fact.signedUp | fact.connected | fact.equipped | fact.attended | fact.completed,
  certified: fact.signedUp | fact.connected | fact.equipped | fact.attended | fact.completed | fact.certified,
};
/** Any of these says the household was informed (besides living there when the service opened). */
const informedFacts = fact.onRoll | fact.signedUp | fact.connected | fact.equipped | fact.inTouch;

export async function sectorHouseholds(
  db: DbOrTx,
  f: ImpactFilter,
  openSectorIds: number[],
): Promise<SectorHouseholds[]> {
  if (openSectorIds.length === 0) return [];
  const { end } = bounds(f);
  const p = f.programmeId;
  const bit = (n: number) => sql.raw(String(n));
  const has = (bits: number) => sql.raw(`facts & ${bits} = ${bits}`);
  return db.execute<SectorHouseholds>(sql`
    with base as (
      select distinct on (t.household_id) t.household_id, d.sector_id, t.start_date
        from tenancy t join dwelling d on d.id = t.dwelling_id
       where t.programme_id = ${p} and t.start_date <= ${f.to}::date
         and (t.end_date is null or t.end_date >= ${f.to}::date)
         and d.sector_id = any(${intArray(openSectorIds)})
       order by t.household_id, t.start_date desc, t.id desc),
    events as (
      select vd.household_id, ${bit(fact.onRoll)} as bit from vote_dwelling vd join tenant_vote v on v.id = vd.vote_id
       where v.programme_id = ${p} and v.opens_at < ${end} and vd.household_id is not null
      union all select household_id, ${bit(fact.signedUp)} from activation_request
       where programme_id = ${p} and sent_at < ${end}
      union all select household_id, ${bit(fact.connected)} from activation_request
       where programme_id = ${p} and status = 'activated' and activated_on <= ${f.to}::date
      union all select household_id, ${bit(fact.equipped)} from device_order
       where programme_id = ${p} and status in ('handed_over', 'returned') and handed_over_at < ${end}
      union all select r.household_id, ${bit(fact.attended)} from attendance a
        join registration r on r.id = a.registration_id join workshop_session ws on ws.id = a.session_id
       where r.programme_id = ${p} and a.present and ws.starts_at < ${end}
      union all select household_id, ${bit(fact.completed)} from registration
       where programme_id = ${p} and completed_at < ${end}
      union all select household_id, ${bit(fact.certified)} from certificate
       where programme_id = ${p} and issued_on <= ${f.to}::date and (revoked_at is null or revoked_at >= ${end}
            or revoke_reason = ${revokedOnRequest})
      union all select household_id, ${bit(fact.inTouch)} from registration where programme_id = ${p} and created_at < ${end}
      union all select household_id, ${bit(fact.inTouch)} from advice_case
       where programme_id = ${p} and opened_on <= ${f.to}::date
      union all select household_id, ${bit(fact.inTouch)} from device_waiting_entry
       where programme_id = ${p} and created_at < ${end}
      union all select household_id, ${bit(fact.inTouch)} from questionnaire_response
       where programme_id = ${p} and answered_on <= ${f.to}::date),
    known as (select household_id, bit_or(bit) as facts from events group by household_id),
    reference as (select distinct on (household_id) household_id, age_band from household_member
                   where programme_id = ${p} and is_reference_person = 'yes' order by household_id, id),
    -- A household that withdrew its consent to the statistics profile counts, but its answers count as not given.
    private_profile as ${householdsWithdrawn(p, 'statistics')},
    flags as (
      select b.sector_id,
             case when pp.household_id is null then h.minimum_benefits else 'not_given' end as minimum_benefits,
             case when pp.household_id is null then h.single_parent else 'not_given' end as single_parent,
             case when pp.household_id is null then h.lives_alone else 'not_given' end as lives_alone,
             case when pp.household_id is null then h.first_time_user else 'not_given' end as first_time_user,
             case when pp.household_id is null then coalesce(m.age_band, 'not_given') else 'not_given' end
               as age_band,
             coalesce(k.facts, 0) as facts,
             v.opens_on >= b.start_date as at_opening
        from base b join household h on h.id = b.household_id
        join sector_service v on v.sector_id = b.sector_id
        left join reference m on m.household_id = b.household_id
        left join known k on k.household_id = b.household_id
        left join private_profile pp on pp.household_id = b.household_id)
    select sector_id, count(*)::int as households,
           count(*) filter (where at_opening or facts & ${bit(informedFacts)} <> 0)::int as "informed",
           ${sql.join(
             funnelSteps
               .filter((step) => step !== 'informed')
               .map(
                 (step) =>
                   sql`count(*) filter (where ${has(stepFacts[step])})::int as ${sql.identifier(step)}`,
               ),
             sql`, `,
           )},
           ${sql.join(
             [...profileCounts('participants', has(fact.signedUp)), ...profileCounts('all', sql`true`)],
             sql`, `,
           )}
      from flags group by sector_id`);
}

/**
 * Households of the area (any tenancy there): a condition on `column` for flows, or none for the whole programme
 * (cheaper, and the same thing).
 */
function inArea(f: ImpactFilter, sectorIds: number[], column: SQL): SQL {
  const whole = f.neighbourhoodId === undefined && f.sectorId === undefined && f.sectorIds === undefined;
  if (whole) return sql`true`;
  return sql`${column} in (select t.household_id from tenancy t join dwelling d on d.id = t.dwelling_id
                           where d.sector_id = any(${intArray(sectorIds)}))`;
}

export type MonthFlows = {
  month: string;
  signedUp: number;
  connected: number;
  equipped: number;
  newParticipants: number;
  certificates: number;
  sessions: number;
  hours: number;
};

/**
 * What happened month by month in the period: first sign-ups, connections, computers, workshops, certificates
 * (charges come from charge-summary.ts).
 */
export async function monthlyFlows(db: DbOrTx, f: ImpactFilter, sectorIds: number[]): Promise<MonthFlows[]> {
  const { start, end } = bounds(f);
  const p = f.programmeId;
  const month = (instant: SQL) => sql`to_char(${instant} at time zone 'Europe/Paris', 'YYYY-MM')`;
  return db.execute<MonthFlows>(sql`
    with months as (
      select to_char(m, 'YYYY-MM') as month
        from generate_series(date_trunc('month', ${f.from}::date), ${f.to}::date, interval '1 month') m),
    signed as (select month, count(*)::int as n from (
                 select ${month(sql`min(sent_at)`)} as month from activation_request
                  where programme_id = ${p} and ${inArea(f, sectorIds, sql`household_id`)}
                  group by household_id having min(sent_at) >= ${start} and min(sent_at) < ${end}) x group by 1),
    connected as (select month, count(*)::int as n from (
                    select to_char(min(activated_on), 'YYYY-MM') as month from activation_request
                     where programme_id = ${p} and status = 'activated' and ${inArea(f, sectorIds, sql`household_id`)}
                     group by household_id having min(activated_on) between ${f.from}::date and ${f.to}::date) x
                   group by 1),
    equipped as (select month, count(*)::int as n from (
                   select ${month(sql`min(handed_over_at)`)} as month from device_order
                    where programme_id = ${p} and status in ('handed_over', 'returned')
                      and ${inArea(f, sectorIds, sql`household_id`)}
                    group by household_id having min(handed_over_at) >= ${start} and min(handed_over_at) < ${end}) x
                  group by 1),
    newcomers as (select month, count(*)::int as n from (
                    select ${month(sql`min(ws.starts_at)`)} as month
                      from attendance a join registration r on r.id = a.registration_id
                      join workshop_session ws on ws.id = a.session_id
                     where r.programme_id = ${p} and a.present and ${inArea(f, sectorIds, sql`r.household_id`)}
                     group by r.household_id having min(ws.starts_at) >= ${start} and min(ws.starts_at) < ${end}) x
                   group by 1),
    certs as (select to_char(issued_on, 'YYYY-MM') as month, count(*)::int as n from certificate
               where programme_id = ${p} and issued_on between ${f.from}::date and ${f.to}::date
                 and ${countedCertificate} and ${inArea(f, sectorIds, sql`household_id`)}
               group by 1),
    held as (select ${month(sql`ws.starts_at`)} as month, count(*)::int as n,
                    round(sum(extract(epoch from ws.ends_at - ws.starts_at) / 3600)::numeric, 1)::float as hours
               from workshop_session ws
              where ws.programme_id = ${p} and ws.status = 'scheduled' and ws.starts_at >= ${start}
                and ws.starts_at < ${end} and ws.ends_at <= now()
                and exists (select 1 from attendance a join registration r on r.id = a.registration_id
                             where a.session_id = ws.id and a.present
                               and ${inArea(f, sectorIds, sql`r.household_id`)})
              group by 1)
    select m.month, coalesce(s.n, 0) as "signedUp", coalesce(c.n, 0) as "connected", coalesce(e.n, 0) as "equipped",
           coalesce(w.n, 0) as "newParticipants", coalesce(k.n, 0) as "certificates", coalesce(h.n, 0) as "sessions",
           coalesce(h.hours, 0) as "hours"
      from months m
      left join signed s using (month) left join connected c using (month) left join equipped e using (month)
      left join newcomers w using (month) left join certs k using (month) left join held h using (month)
     order by m.month`);
}

export type SectorActivation = {
  sector_id: number;
  activated: number;
  median_days: number | null;
  p90_days: number | null;
  failed: number;
};

/** Per sector and in all: connections made in the period, delays from request to activation, failures. */
export async function activationDelays(db: DbOrTx, f: ImpactFilter, sectorIds: number[]) {
  const { start, end } = bounds(f);
  const rows = await db.execute<SectorActivation & { grouping: number }>(sql`
    select sector_id, grouping(sector_id)::int as grouping,
           count(*) filter (where status = 'activated' and activated_on between ${f.from}::date and ${f.to}::date)::int
             as activated,
           percentile_cont(0.5) within group (order by (activated_on - (sent_at at time zone 'Europe/Paris')::date))
             filter (where status = 'activated' and activated_on between ${f.from}::date and ${f.to}::date) as median_days,
           percentile_cont(0.9) within group (order by (activated_on - (sent_at at time zone 'Europe/Paris')::date))
             filter (where status = 'activated' and activated_on between ${f.from}::date and ${f.to}::date) as p90_days,
           count(*) filter (where status = 'failed' and updated_at >= ${start} and updated_at < ${end})::int as failed
      from activation_request
     where programme_id = ${f.programmeId} and sector_id = any(${intArray(sectorIds)})
     group by rollup (sector_id)`);
  const total = rows.find((r) => r.grouping === 1);
  return { bySector: rows.filter((r) => r.grouping === 0), total };
}

/** Failed connections of the period by reason. */
export async function failuresByReason(db: DbOrTx, f: ImpactFilter, sectorIds: number[]) {
  const { start, end } = bounds(f);
  return db.execute<{ reason: string; failed: number }>(sql`
    select coalesce(failure_reason, 'other') as reason, count(*)::int as failed from activation_request
     where programme_id = ${f.programmeId} and status = 'failed' and updated_at >= ${start} and updated_at < ${end}
       and sector_id = any(${intArray(sectorIds)})
     group by 1`);
}

export type PeriodVote = {
  id: number;
  sector_code: string;
  closes_on: string;
  result: string | null;
  dwellings: number;
  cast: number;
  yes: number;
  no: number;
};

/** Votes of the area that closed in the period: dwellings concerned, ballots cast within the window, choices. */
export async function votesOfPeriod(db: DbOrTx, f: ImpactFilter, sectorIds: number[]) {
  const { start, end } = bounds(f);
  return db.execute<PeriodVote>(sql`
    select v.id, s.code as sector_code, to_char(v.closes_at at time zone 'Europe/Paris', 'YYYY-MM-DD') as closes_on,
           v.result, v.dwellings_concerned as dwellings,
           count(b.dwelling_id) filter (where b.received_at between v.opens_at and v.closes_at)::int as cast,
           count(b.dwelling_id) filter (where b.received_at between v.opens_at and v.closes_at and b.choice = 'yes')::int as yes,
           count(b.dwelling_id) filter (where b.received_at between v.opens_at and v.closes_at and b.choice = 'no')::int as no
      from tenant_vote v join sector s on s.id = v.sector_id left join ballot b on b.vote_id = v.id
     where v.programme_id = ${f.programmeId} and v.sector_id = any(${intArray(sectorIds)})
       and v.closes_at >= ${start} and v.closes_at < ${end}
     group by v.id, s.code order by v.closes_at, s.code`);
}

/** Computers by tier: handed over in the period, waiting-list entries served and how long they waited, still waiting. */
export async function equipmentByTier(db: DbOrTx, f: ImpactFilter, sectorIds: number[]) {
  const { start, end } = bounds(f);
  const p = f.programmeId;
  return db.execute<{
    tier: string;
    handed_over: number;
    served: number;
    median_wait_days: number | null;
    waiting: number;
  }>(sql`
    with tiers as (select distinct tier from price_tier where programme_id = ${p}),
    handed as (select dv.tier, count(*)::int as n from device_order o join device dv on dv.id = o.device_id
                where o.programme_id = ${p} and o.status in ('handed_over', 'returned')
                  and o.handed_over_at >= ${start} and o.handed_over_at < ${end}
                  and ${inArea(f, sectorIds, sql`o.household_id`)}
                group by 1),
    served as (select tier, count(*)::int as n,
                      percentile_cont(0.5) within group (order by extract(epoch from offered_at - created_at) / 86400)
                        as median_days
                 from device_waiting_entry
                where programme_id = ${p} and offered_at >= ${start} and offered_at < ${end}
                  and ${inArea(f, sectorIds, sql`household_id`)}
                group by 1),
    waiting as (select tier, count(*)::int as n from device_waiting_entry
                 where programme_id = ${p} and created_at < ${end} and status <> 'cancelled'
                   and (offered_at is null or offered_at >= ${end}) and ${inArea(f, sectorIds, sql`household_id`)}
                 group by 1)
    select t.tier, coalesce(h.n, 0) as handed_over, coalesce(s.n, 0) as served,
           round(s.median_days::numeric, 1)::float as median_wait_days, coalesce(w.n, 0) as waiting
      from tiers t left join handed h on h.tier = t.tier left join served s on s.tier = t.tier
      left join waiting w on w.tier = t.tier
     order by t.tier`);
}

/**
 * Workshops by facility: sessions held in the period with someone of the area present, hours, people present,
 * cycles that ended in the period and how many of their participants completed them.
 */
export async function workshopsByFacility(db: DbOrTx, f: ImpactFilter, sectorIds: number[]) {
  const { start, end } = bounds(f);
  const p = f.programmeId;
  const area = inArea(f, sectorIds, sql`r.household_id`);
  return db.execute<{
    facility: string | null;
    sessions: number;
    hours: number;
    participants: number;
    cycle_participants: number;
    completed: number;
    grouping: number;
  }>(sql`
    with presence as (
      select ws.id as session_id, ws.facility_id, r.household_id,
             extract(epoch from ws.ends_at - ws.starts_at) / 3600 as hours
        from attendance a join registration r on r.id = a.registration_id
        join workshop_session ws on ws.id = a.session_id
       where ws.programme_id = ${p} and a.present and ws.status = 'scheduled'
         and ws.starts_at >= ${start} and ws.starts_at < ${end} and ${area}),
    sessions as (select distinct session_id, facility_id, hours from presence),
    ended as (select c.id, c.facility_id from course c join workshop_session ws on ws.course_id = c.id
               where c.programme_id = ${p} and c.kind = 'cycle' and ws.status = 'scheduled'
               group by c.id having max(ws.ends_at) >= ${start} and max(ws.ends_at) < ${end}),
    cycles as (select e.facility_id, r.household_id, r.completed_at is not null as completed
                 from ended e join registration r on r.course_id = e.id
                where r.status = 'registered' and ${area}),
    by_sessions as (select facility_id, count(*)::int as n, sum(hours) as hours from sessions group by 1),
    by_presence as (select facility_id, count(distinct household_id)::int as n from presence group by 1),
    by_cycles as (select facility_id, count(distinct household_id)::int as n,
                         count(distinct household_id) filter (where completed)::int as completed
                    from cycles group by 1)
    select fa.name as facility, 0 as grouping, coalesce(s.n, 0) as sessions,
           coalesce(round(s.hours::numeric, 1), 0)::float as hours, coalesce(p.n, 0) as participants,
           coalesce(c.n, 0) as cycle_participants, coalesce(c.completed, 0) as completed
      from facility fa
      left join by_sessions s on s.facility_id = fa.id left join by_presence p on p.facility_id = fa.id
      left join by_cycles c on c.facility_id = fa.id
     where fa.programme_id = ${p} and (s.facility_id is not null or c.facility_id is not null)
    union all
    select null, 1, (select count(*) from sessions)::int,
           coalesce((select round(sum(hours)::numeric, 1) from sessions), 0)::float,
           (select count(distinct household_id) from presence)::int,
           (select count(distinct household_id) from cycles)::int,
           (select count(distinct household_id) from cycles where completed)::int
     order by 2, 1`);
}

/** Certificates issued in the period (not revoked), by level. */
export async function certificatesByLevel(db: DbOrTx, f: ImpactFilter, sectorIds: number[]) {
  return db.execute<{ level: string; issued: number }>(sql`
    select level_title as level, count(*)::int as issued from certificate
     where programme_id = ${f.programmeId} and issued_on between ${f.from}::date and ${f.to}::date
       and ${countedCertificate} and ${inArea(f, sectorIds, sql`household_id`)}
     group by 1 order by 1`);
}

/** Advice cases opened in the period by topic: how many, how many resolved, money recovered for households. */
export async function adviceByTopic(db: DbOrTx, f: ImpactFilter, sectorIds: number[]) {
  return db.execute<{ topic: string; opened: number; resolved: number; recovered_cents: number }>(sql`
    select topic, count(*)::int as opened, count(*) filter (where status = 'resolved')::int as resolved,
           coalesce(sum(recovered_cents), 0)::float as recovered_cents
      from advice_case
     where programme_id = ${f.programmeId} and opened_on between ${f.from}::date and ${f.to}::date
       and ${inArea(f, sectorIds, sql`household_id`)}
     group by 1 order by 1`);
}

/** Subsidies to associations for the years the period touches: planned, committed (voted), paid. */
export async function subsidiesOfYears(db: DbOrTx, f: ImpactFilter) {
  return db.execute<{ organisation: string; planned: number; committed: number; paid: number }>(sql`
    select o.name as organisation, sum(s.planned_cents)::float as planned,
           coalesce(sum(s.committed_cents), 0)::float as committed, sum(s.paid_cents)::float as paid
      from subsidy s join organisation o on o.id = s.organisation_id
     where s.programme_id = ${f.programmeId}
       and s.year between extract(year from ${f.from}::date) and extract(year from ${f.to}::date)
     group by o.name order by o.name`);
}

/** Pairs of before/after questionnaire answers whose « after » falls in the period, for households of the area. */
export async function questionnairePairs(db: DbOrTx, f: ImpactFilter, sectorIds: number[]) {
  return db.execute<{ version: string; before: Record<string, unknown>; after: Record<string, unknown> }>(sql`
    select a.version, b.answers as before, a.answers as after
      from questionnaire_response a
      join questionnaire_response b on b.household_id = a.household_id and b.moment = 'before'
     where a.programme_id = ${f.programmeId} and a.moment = 'after'
       and a.answered_on between ${f.from}::date and ${f.to}::date
       and ${inArea(f, sectorIds, sql`a.household_id`)}`);
}
