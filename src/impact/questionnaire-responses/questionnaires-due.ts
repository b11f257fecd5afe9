// The households to ask the « after » questionnaire.
import { type SQL, sql } from 'drizzle-orm';
import { displayPhone } from '../../households/index.ts';
import { localDate } from '../../platform/dates.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { type Actor, assertCanAtAll } from '../../platform/permissions/index.ts';
import { intArray } from '../../platform/sql/index.ts';

export interface QuestionnaireDue {
  householdId: number;
  reference: string;
  name: string | null;
  /** As people read it (« 06 12 34 56 78 »), or null. */
  phone: string | null;
  sectorId: number | null;
  sectorCode: string | null;
  sectorName: string | null;
  beforeOn: string;
  dueFrom: string;
}

/**
 * The households to ask again: « before » answered at least six months ago, no « after » yet — the whole programme
 * for the coordinator, the households of its sectors for a facility — the longest waiting first.
 */
export async function questionnairesDue({
  db,
  actor,
  today = localDate(new Date()),
}: {
  db: DbOrTx;
  actor: Actor;
  today?: string;
}): Promise<QuestionnaireDue[]> {
  const scope = assertCanAtAll(actor, 'questionnaire.record');
  const where: SQL[] = [];
  if (scope === 'sectors') where.push(sql`cur.sector_id = any(${intArray(actor.sectorIds)})`);
  else if (scope === 'household') where.push(sql`h.id = ${actor.householdId ?? -1}`);
  else if (scope !== 'programme') where.push(sql`false`);
  const rows = await db.execute<{
    household_id: number;
    reference: string;
    name: string | null;
    phone: string | null;
    sector_id: number | null;
    sector_code: string | null;
    sector_name: string | null;
    before_on: string;
    due_from: string;
  }>(sql`
    select h.id as household_id, h.reference, h.phone, b.answered_on::text as before_on,
           (b.answered_on + interval '6 months')::date::text as due_from,
           cur.sector_id, s.code as sector_code, s.name as sector_name,
           (select m.first_name || ' ' || m.last_name from household_member m where m.household_id = h.id
             order by (m.is_reference_person = 'yes') desc, m.id limit 1) as name
      from questionnaire_response b
      join household h on h.id = b.household_id
      left join lateral (
        select d.sector_id from tenancy t join dwelling d on d.id = t.dwelling_id
         where t.household_id = h.id and (t.end_date is null or t.end_date > ${today}::date)
         order by t.start_date desc limit 1) cur on true
      left join sector s on s.id = cur.sector_id
     where b.programme_id = ${actor.programmeId} and b.moment = 'before'
       and (b.answered_on + interval '6 months')::date <= ${today}::date
       and not exists (select 1 from questionnaire_response a
                        where a.household_id = b.household_id and a.moment = 'after')
       ${where.length ? sql`and ${sql.join(where, sql` and `)}` : sql``}
     order by b.answered_on, h.reference`);
  return rows.map((r) => ({
    householdId: r.household_id,
    reference: r.reference,
    name: r.name,
    phone: r.phone ? displayPhone(r.phone) : null,
    sectorId: r.sector_id,
    sectorCode: r.sector_code,
    sectorName: r.sector_name,
    beforeOn: r.before_on,
    dueFrom: r.due_from,
  }));
}
