// A household's part in the access journey, for residents' rights (GDPR art. 15–17, 20): its requests to be
// connected (with every step) and the charge lines billed while it lived in a dwelling; and their erasure.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import {
  type ErasureCounts,
  type ErasureTarget,
  erasedResidentLabel,
  type WorkInProgress,
  workInProgress,
} from '../platform/personal-data.ts';
import { textArray } from '../platform/sql/index.ts';

export async function accessPersonalData(db: DbOrTx, householdId: number) {
  const [row] = await db.execute<{ requests: unknown[]; charges: unknown[] }>(sql`
    select
      (select coalesce(json_agg(json_build_object('id', r.id, 'status', r.status, 'sentAt', r.sent_at,
         'dwellingReference', d.landlord_reference, 'operator', o.name, 'contactName', r.contact_name,
         'contactPhone', r.contact_phone, 'slots', r.slots, 'installHelp', r.install_help,
         'installVisitAt', r.install_visit_at, 'installOutcome', r.install_outcome,
         'installOutcomeNote', r.install_outcome_note, 'scheduledFor', r.scheduled_for,
         'activatedOn', r.activated_on, 'equipmentRef', r.equipment_ref, 'failureReason', r.failure_reason,
         'failureDetail', r.failure_detail, 'createdBy', r.created_by,
         'events', (select coalesce(json_agg(json_build_object('at', e.at, 'kind', e.kind, 'toStatus', e.to_status,
                      'details', e.details, 'recordedBy', e.recorded_by) order by e.id), '[]')
                      from activation_event e where e.request_id = r.id)) order by r.id), '[]')
       from activation_request r join dwelling d on d.id = r.dwelling_id join organisation o on o.id = r.operator_id
       where r.household_id = ${householdId}) as requests,
      (select coalesce(json_agg(json_build_object('month', to_char(c.month, 'YYYY-MM'),
         'dwellingReference', d.landlord_reference, 'kind', c.kind, 'amountCents', c.amount_cents,
         'reason', c.reason) order by c.month, c.id), '[]')
       from charge_line c join dwelling d on d.id = c.dwelling_id where c.household_id = ${householdId}) as charges`);
  return { activationRequests: row!.requests, charges: row!.charges };
}

/** A request still waiting for the operator stops the erasure: cancel it on the household's Internet page first. */
export async function accessWorkInProgress(db: DbOrTx, householdId: number): Promise<WorkInProgress[]> {
  const [row] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from activation_request
     where household_id = ${householdId} and status in ('sent', 'scheduled')`);
  return workInProgress([
    {
      kind: 'activation_request',
      count: row!.n,
      one: 'demande de raccordement en cours',
      many: 'demandes de raccordement en cours',
    },
  ]);
}

/**
 * Requests: the contact given to the operator and every free text go (the operator's box reference too); status,
 * dates, sector and failure reason stay (the indicators count connections, delays and failures). Steps: their free
 * texts go. Charge lines stay untouched — money that was billed never changes (a database rule); they carry the
 * dwelling, the amount and the internal id of a household that is now anonymous, and no name.
 */
export async function eraseAccessPersonalData(tx: DbOrTx, target: ErasureTarget): Promise<ErasureCounts> {
  const id = target.householdId;
  const labels = textArray(target.residentLabels);
  const requests = await tx.execute(sql`
    update activation_request
       set contact_name = '', contact_phone = '', install_outcome_note = null, failure_detail = null,
           equipment_ref = null,
           created_by = case when created_by = any(${labels}) then ${erasedResidentLabel} else created_by end,
           install_visit_by = case when install_visit_by = any(${labels}) then ${erasedResidentLabel}
                                   else install_visit_by end
     where household_id = ${id}`);
  const events = await tx.execute(sql`
    update activation_event
       set details = case when details is null then null else details - 'detail' - 'note' - 'equipmentRef' end,
           recorded_by = case when recorded_by = any(${labels}) then ${erasedResidentLabel} else recorded_by end
     where request_id in (select r.id from activation_request r where r.household_id = ${id})`);
  const [charges] = await tx.execute<{ n: number }>(
    sql`select count(*)::int as n from charge_line where household_id = ${id}`,
  );
  return {
    requestsAnonymised: requests.count,
    requestStepsAnonymised: events.count,
    chargeLinesKept: charges!.n,
  };
}
