// A household's advice cases and appointments, for residents' rights (GDPR art. 15–17, 20). The export is the
// person's copy: it holds what the association wrote (the page that offers it shows counts only). Erasure keeps each
// case's topic, operator, status, dates and money recovered (the counts published under statistical secrecy) and
// removes what was written about the person; the documents they gave are deleted.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import {
  type ErasureCounts,
  type ErasureTarget,
  erasedResidentLabel,
  erasedText,
  type WorkInProgress,
  workInProgress,
} from '../platform/personal-data.ts';
import { textArray } from '../platform/sql/index.ts';

export async function advicePersonalData(db: DbOrTx, householdId: number) {
  const [row] = await db.execute<{ cases: unknown[]; appointments: unknown[] }>(sql`
    select
      (select coalesce(json_agg(json_build_object('reference', c.reference, 'association', o.name,
         'member', m.first_name || ' ' || m.last_name, 'topic', c.topic,
         'operator', coalesce(op.name, c.operator_name), 'summary', c.summary, 'status', c.status,
         'outcome', c.outcome, 'recoveredCents', c.recovered_cents, 'openedOn', c.opened_on, 'closedOn', c.closed_on,
         'entries', (select coalesce(json_agg(json_build_object('on', e.on, 'kind', e.kind, 'body', e.body,
                       'author', e.author) order by e.on, e.id), '[]') from advice_entry e where e.case_id = c.id),
         'documents', (select coalesce(json_agg(json_build_object('name', d.name, 'mediaType', d.media_type,
                         'size', d.size, 'uploadedAt', d.uploaded_at) order by d.id), '[]')
                         from advice_document d where d.case_id = c.id),
         'letters', (select coalesce(json_agg(json_build_object('subject', l.subject, 'recipient', l.recipient,
                       'body', l.body, 'generatedAt', l.generated_at) order by l.id), '[]')
                       from advice_letter l where l.case_id = c.id)) order by c.opened_on, c.id), '[]')
       from advice_case c join organisation o on o.id = c.organisation_id
       join household_member m on m.id = c.member_id left join organisation op on op.id = c.operator_id
       where c.household_id = ${householdId}) as cases,
      (select coalesce(json_agg(json_build_object('association', o.name, 'startsAt', s.starts_at, 'topic', a.topic,
         'status', a.status, 'bookedAt', a.booked_at) order by s.starts_at), '[]')
       from appointment a join office_slot s on s.id = a.slot_id join organisation o on o.id = a.organisation_id
       where a.household_id = ${householdId}) as appointments`);
  return { cases: row!.cases, appointments: row!.appointments };
}

/** A case still open, or an appointment to come, stops the erasure: the association closes or cancels it first. */
export async function adviceWorkInProgress(db: DbOrTx, householdId: number): Promise<WorkInProgress[]> {
  const [row] = await db.execute<{ cases: number; appointments: number }>(sql`
    select (select count(*)::int from advice_case where household_id = ${householdId}
              and status in ('open', 'waiting_operator')) as cases,
           (select count(*)::int from appointment a join office_slot s on s.id = a.slot_id
             where a.household_id = ${householdId} and a.status = 'booked' and s.starts_at > now()) as appointments`);
  return workInProgress([
    {
      kind: 'advice_case',
      count: row!.cases,
      one: 'dossier de conseil en cours',
      many: 'dossiers de conseil en cours',
    },
    {
      kind: 'appointment',
      count: row!.appointments,
      one: 'rendez-vous de conseil à venir',
      many: 'rendez-vous de conseil à venir',
    },
  ]);
}

export async function eraseAdvicePersonalData(tx: DbOrTx, target: ErasureTarget): Promise<ErasureCounts> {
  const id = target.householdId;
  const labels = textArray(target.residentLabels);
  const cases = sql`(select c.id from advice_case c where c.household_id = ${id})`;
  const relabel = (column: string) =>
    sql`${sql.identifier(column)} = case when ${sql.identifier(column)} = any(${labels})
          then ${erasedResidentLabel} else ${sql.identifier(column)} end`;
  const erasedCases = await tx.execute(sql`
    update advice_case
       set summary = ${erasedText}, outcome = case when outcome is null then null else ${erasedText} end,
           ${relabel('opened_by')}, updated_at = ${target.now.toISOString()}::timestamptz
     where household_id = ${id}`);
  const entries = await tx.execute(
    sql`update advice_entry set body = ${erasedText}, ${relabel('author')} where case_id in ${cases}`,
  );
  const letters = await tx.execute(sql`
    update advice_letter set subject = ${erasedText}, body = ${erasedText}, recipient = '',
           ${relabel('generated_by')}
     where case_id in ${cases}`);
  const documents = await tx.execute(sql`delete from advice_document where case_id in ${cases}`);
  const appointments = await tx.execute(
    sql`update appointment set ${relabel('booked_by')} where household_id = ${id}`,
  );
  return {
    casesAnonymised: erasedCases.count,
    caseEntriesAnonymised: entries.count,
    lettersAnonymised: letters.count,
    documentsDeleted: documents.count,
    appointmentsKept: appointments.count,
  };
}
