// Anonymous counts of advice cases for the city and the landlord: by topic, operator, outcome and month, each cell
// about fewer than 11 cases hidden (with secondary suppression). No case, name or association is ever shown.
import { sql } from 'drizzle-orm';
import { asSystem } from '../platform/claims/index.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCanAtAll } from '../platform/permissions/index.ts';
import { suppress } from './rules.ts';

const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
const nextMonthStart = (day: string) => {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
};

/**
 * Whole calendar months covering [from, to) (`to` excluded): the first day of `from`'s month to the first day of the
 * month after the last day asked. Counts are only ever given for whole months — two periods a day apart would
 * otherwise tell, by their difference, the topic, operator and outcome of the one case opened that day.
 */
export function statsPeriod(from: string, to: string) {
  const start = monthStart(from);
  const end = to === monthStart(to) ? to : nextMonthStart(to);
  return { from: start, to: end > start ? end : nextMonthStart(start) };
}

export async function adviceStats({
  db,
  actor,
  from: askedFrom,
  to: askedTo,
}: {
  db: DbOrTx;
  actor: Actor;
  /** First day, included (rounded down to its month's first day). */
  from: string;
  /** Day after the period, excluded (rounded up to a month's first day). */
  to: string;
}) {
  assertCanAtAll(actor, 'advice.stats');
  const { from, to } = statsPeriod(askedFrom, askedTo);
  // Counts over every association's cases, past the row policies that keep each case to its association: the
  // permission was checked above and only protected counts leave this function.
  const by = (expression: ReturnType<typeof sql>) =>
    asSystem(async () =>
      suppress(
        (
          await db.execute<{ key: string; count: number }>(sql`
          select ${expression} as key, count(*)::int as count
            from advice_case c left join organisation o on o.id = c.operator_id
           where c.programme_id = ${actor.programmeId} and c.opened_on >= ${from}::date and c.opened_on < ${to}::date
           group by 1 order by 1`)
        ).map((r) => ({ key: r.key, count: r.count })),
      ),
    );
  return {
    /** The period counted: whole months, `to` excluded. */
    period: { from, to },
    byTopic: await by(sql`c.topic`),
    byOperator: await by(sql`coalesce(o.name, 'Autre opérateur')`),
    byOutcome: await by(sql`c.status`),
    byMonth: await by(sql`to_char(c.opened_on, 'YYYY-MM')`),
  };
}
