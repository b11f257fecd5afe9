// Service charges per sector and month, for the figures. A closed month's lines never change (access's triggers
// refuse it), so its sums are computed once and kept (`impact_charge_summary`); open months are summed live. At
// national scale this turns a scan of tens of millions of charge lines per request into a read of a few thousand
// rows.
import { sql } from 'drizzle-orm';
import { addCalendarMonths } from '../platform/dates.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import { intArray } from '../platform/sql/index.ts';

export type SectorMonthCharges = {
  sector_id: number;
  /** First day of the month (YYYY-MM-DD). */
  month: string;
  lines: number;
  cents: number;
};

/** Summarises the closed months of the range not summarised yet (once each; concurrent callers are harmless). */
async function summariseClosedMonths(db: DbOrTx, programmeId: number, from: string, to: string) {
  const missing = await db.execute<{ month: string }>(sql`
    select to_char(m.month, 'YYYY-MM-DD') as month from charge_month m
     where m.programme_id = ${programmeId} and m.status = 'closed' and m.month between ${from}::date and ${to}::date
       and not exists (select 1 from impact_charge_summary s where s.programme_id = m.programme_id and s.month = m.month)
       and exists (select 1 from charge_line l where l.programme_id = m.programme_id and l.month = m.month)`);
  for (const { month } of missing)
    await db.execute(sql`
      insert into impact_charge_summary (programme_id, month, sector_id, lines, cents)
      select programme_id, month, sector_id, count(*)::int, sum(amount_cents)
        from charge_line where programme_id = ${programmeId} and month = ${month}::date
       group by 1, 2, 3
      on conflict do nothing`);
}

/**
 * Charges billed per sector and month, between two months' first days (both included), for some sectors or all:
 * kept sums for closed months, live sums for the others.
 */
export async function chargesBySectorMonth(
  db: DbOrTx,
  {
    programmeId,
    from,
    to,
    sectorIds,
  }: { programmeId: number; from: string; to: string; sectorIds?: number[] },
): Promise<SectorMonthCharges[]> {
  const firstMonth = `${from.slice(0, 7)}-01`;
  const lastMonth = `${to.slice(0, 7)}-01`;
  await summariseClosedMonths(db, programmeId, firstMonth, lastMonth);
  const inSectors = sectorIds === undefined ? sql`true` : sql`sector_id = any(${intArray(sectorIds)})`;
  const kept = await db.execute<SectorMonthCharges>(sql`
    select sector_id, to_char(month, 'YYYY-MM-DD') as month, lines, cents::float8 as cents
      from impact_charge_summary
     where programme_id = ${programmeId} and month between ${firstMonth}::date and ${lastMonth}::date and ${inSectors}`);
  const summarised = await db.execute<{ month: string }>(sql`
    select distinct to_char(month, 'YYYY-MM-DD') as month from impact_charge_summary
     where programme_id = ${programmeId} and month between ${firstMonth}::date and ${lastMonth}::date`);
  const done = new Set(summarised.map((r) => r.month));
  const live: string[] = [];
  for (let m = firstMonth; m <= lastMonth; m = addCalendarMonths(m, 1)) if (!done.has(m)) live.push(m);
  if (live.length === 0) return [...kept];
  // Months as date literals (folded into constants), so the month index serves them.
  const counted = await db.execute<SectorMonthCharges>(sql`
    select sector_id, to_char(month, 'YYYY-MM-DD') as month, count(*)::int as lines, sum(amount_cents)::float8 as cents
      from charge_line
     where programme_id = ${programmeId} and month in (${sql.join(
       live.map((m) => sql`${m}::date`),
       sql`, `,
     )}) and ${inSectors}
     group by sector_id, month`);
  return [...kept, ...counted];
}
