// Anonymous counts of advice cases for the city and the landlord: by topic, operator, outcome and month, each cell
// about fewer than 11 cases hidden (with secondary suppression). No case, name or association is ever shown.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCanAtAll } from '../platform/permissions/index.ts';
import { suppress } from './rules.ts';

export async function adviceStats({
  db,
  actor,
  from,
  to,
}: {
  db: DbOrTx;
  actor: Actor;
  from: string;
  to: string;
}) {
  assertCanAtAll(actor, 'advice.stats');
  const by = async (expression: ReturnType<typeof sql>) =>
    suppress(
      (
        await db.execute<{ key: string; count: number }>(sql`
          select ${expression} as key, count(*)::int as count
            from advice_case c left join organisation o on o.id = c.operator_id
           where c.programme_id = ${actor.programmeId} and c.opened_on >= ${from}::date and c.opened_on < ${to}::date
           group by 1 order by 1`)
      ).map((r) => ({ key: r.key, count: r.count })),
    );
  return {
    byTopic: await by(sql`c.topic`),
    byOperator: await by(sql`coalesce(o.name, 'Autre opérateur')`),
    byOutcome: await by(sql`c.status`),
    byMonth: await by(sql`to_char(c.opened_on, 'YYYY-MM')`),
  };
}
