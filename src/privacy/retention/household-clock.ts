// Reads, a page of households at a time, what the retention rule needs: whether each lives in the programme's
// housing today, and the last day of each kind of its data (tenancy, record, requests, consents; workshops and
// certificates; computers; advice; questionnaires). Days are counted in programme time (Europe/Paris).
import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { HouseholdKind } from './defaults.ts';

export interface HouseholdClock {
  id: number;
  reference: string;
  archived: boolean;
  livesInProgramme: boolean;
  lastEvents: Record<HouseholdKind, string | null>;
}

/** A tenancy not ended on that day (or still to start): the household lives, or is about to live, here. */
const livesHere = (householdId: SQL, today: string) =>
  sql`exists (select 1 from tenancy lt where lt.household_id = ${householdId}
                and (lt.end_date is null or lt.end_date > ${today}::date))`;

const day = (instant: string) => sql.raw(`((${instant}) at time zone 'Europe/Paris')::date`);

/** The next page of the programme's households not yet anonymised, by id after `after`. */
export async function householdClocks(
  db: DbOrTx,
  { programmeId, today, after, limit }: { programmeId: number; today: string; after: number; limit: number },
): Promise<HouseholdClock[]> {
  const rows = await db.execute<{
    id: number;
    reference: string;
    archived: boolean;
    lives: boolean;
    household: string | null;
    workshop_attendance: string | null;
    equipment_sale: string | null;
    advice_case: string | null;
    questionnaire: string | null;
  }>(sql`
    with page as (
      select h.id, h.reference, h.archived_at is not null as archived, ${day('h.updated_at')} as changed_on
        from household h
       where h.programme_id = ${programmeId} and h.anonymised_at is null and h.id > ${after}
         -- Only those the rule may concern: gone from the programme's housing, or already archived.
         and (h.archived_at is not null or not ${livesHere(sql`h.id`, today)})
       order by h.id
       limit ${limit})
    select p.id, p.reference, p.archived,
      ${livesHere(sql`p.id`, today)} as lives,
      greatest(p.changed_on,
        (select max(t.end_date) from tenancy t where t.household_id = p.id),
        -- A request still waiting for the operator keeps the household in active use: it counts as today.
        (select max(case when ar.status in ('sent', 'scheduled') then ${today}::date else ${day('ar.updated_at')} end)
           from activation_request ar where ar.household_id = p.id),
        (select max(greatest(c.given_on, c.withdrawn_on)) from consent c where c.household_id = p.id))::text
        as household,
      greatest(
        (select max(greatest(${day('r.created_at')}, ${day('r.completed_at')},
                  case when r.status <> 'cancelled' then
                    (select max(${day('ws.starts_at')}) from workshop_session ws
                      where ws.course_id = r.course_id and (r.session_id is null or ws.id = r.session_id))
                  end))
           from registration r where r.household_id = p.id),
        (select max(ce.issued_on) from certificate ce where ce.household_id = p.id))::text
        as workshop_attendance,
      greatest(
        -- A computer still reserved, or a place still on the waiting list, counts as today.
        (select max(case when o.status = 'reserved' then ${today}::date
                         else greatest(${day('o.reserved_at')}, ${day('o.handed_over_at')}, o.warranty_until) end)
           from device_order o where o.household_id = p.id),
        (select max(case when w.status in ('waiting', 'offered') then ${today}::date
                         else greatest(${day('w.created_at')}, ${day('w.offered_at')}) end)
           from device_waiting_entry w where w.household_id = p.id))::text
        as equipment_sale,
      greatest(
        -- A case still open keeps the household in active use: it counts as today.
        (select max(greatest(a.opened_on, coalesce(a.closed_on, ${today}::date)))
           from advice_case a where a.household_id = p.id),
        (select max(${day('s.starts_at')}) from appointment ap join office_slot s on s.id = ap.slot_id
          where ap.household_id = p.id))::text
        as advice_case,
      (select max(q.answered_on) from questionnaire_response q where q.household_id = p.id)::text
        as questionnaire
    from page p
    order by p.id`);
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    archived: r.archived,
    livesInProgramme: r.lives,
    lastEvents: {
      household: r.household,
      workshop_attendance: r.workshop_attendance,
      equipment_sale: r.equipment_sale,
      advice_case: r.advice_case,
      questionnaire: r.questionnaire,
    },
  }));
}
