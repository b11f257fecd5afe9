// The set-based steps of the kinds that live on their own (not through the household): each is a count of what is
// due, then batches of one statement each — its own transaction, so an interruption leaves only whole batches done,
// and a second run finds nothing left. Ages are counted as PostgreSQL adds months (date + interval).
import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/permissions/index.ts';
import type { RetentionKind } from './defaults.ts';
import type { Durations } from './rules.ts';

export interface SweepContext {
  db: DbOrTx;
  actor: Actor;
  programmeId: number;
  /** The run's instant, and its day in programme time. */
  now: Date;
  today: string;
  durations: Durations;
  batchSize: number;
}

/** One step of a kind: what is due (as a query of ids), and what to do with a batch of them. */
export interface Sweep {
  kind: RetentionKind;
  step: string;
  /** The ids due, oldest first (a subquery; the batch adds its limit). */
  due: (c: SweepContext) => SQL;
  /** Applies the step to the ids of `batch` (a subquery) in one statement; returns how many rows it changed. */
  apply: (c: SweepContext, batch: SQL) => SQL;
}

const months = (n: number) => sql`make_interval(months => ${n}::int)`;
const finished = sql`status in ('sent', 'done', 'failed', 'cancelled')`;
export const erasedAdviceSummary = 'Contenu effacé (durée de conservation)';

/** The audit events of a set-based step, one per row changed, written by the same statement. */
const auditRows = (c: SweepContext, action: string, entityType: string, changed: string, details: SQL) => sql`
  insert into audit_event (programme_id, actor_user_id, actor_label, channel, action, entity_type, entity_id, details)
  select ${c.programmeId}, ${c.actor.userId}, ${c.actor.label}, ${c.actor.channel}, ${action}, ${entityType},
         ${sql.raw(changed)}.id::text, ${details}
    from ${sql.raw(changed)}`;

export const sweeps: Sweep[] = [
  {
    // Closed advice cases past their active use: the documents the household handed in go.
    kind: 'advice_case',
    step: 'documents_deleted',
    due: (c) => sql`
      select d.id from advice_document d join advice_case a on a.id = d.case_id
       where a.programme_id = ${c.programmeId} and a.closed_on is not null
         and a.closed_on + ${months(c.durations.advice_case.activeMonths)} <= ${c.today}::date
       order by d.id`,
    apply: (_c, batch) => sql`
      with gone as (delete from advice_document where id in (${batch}) returning id)
      select count(*)::int as n from gone`,
  },
  {
    // Past the archive too: notes, letters and the summary go; topic, status, dates and amounts stay for the counts.
    kind: 'advice_case',
    step: 'content_erased',
    due: (c) => sql`
      select a.id from advice_case a
       where a.programme_id = ${c.programmeId} and a.closed_on is not null
         and a.closed_on + ${months(c.durations.advice_case.activeMonths + c.durations.advice_case.archiveMonths)}
             <= ${c.today}::date
         and a.summary <> ${erasedAdviceSummary}
       order by a.id`,
    apply: (c, batch) => sql`
      with due as (select id from advice_case where id in (${batch}) for update),
      entries as (delete from advice_entry where case_id in (select id from due)),
      letters as (delete from advice_letter where case_id in (select id from due)),
      documents as (delete from advice_document where case_id in (select id from due)),
      erased as (update advice_case set summary = ${erasedAdviceSummary}, outcome = null, updated_at = now()
                  where id in (select id from due) returning id),
      audited as (${auditRows(c, 'advice.case_content_erased', 'advice_case', 'erased', sql`jsonb_build_object('cause', 'retention')`)})
      select count(*)::int as n from erased`,
  },
  {
    // Testimonies past their time: withdrawn as if the person had asked (words and first name erased).
    kind: 'testimony',
    step: 'withdrawn',
    due: (c) => sql`
      select id from testimony
       where programme_id = ${c.programmeId} and withdrawn_on is null
         and consent_on + ${months(c.durations.testimony.activeMonths)} <= ${c.today}::date
       order by id`,
    apply: (c, batch) => sql`
      with withdrawn as (
        update testimony set quote = null, first_name = null, withdrawn_on = ${c.today}::date,
                             withdrawn_by = ${c.actor.label}
         where id in (${batch}) and withdrawn_on is null
        returning id, household_id, organisation_id),
      audited as (${auditRows(
        c,
        'testimony.withdrawn',
        'testimony',
        'withdrawn',
        sql`jsonb_build_object('withdrawnOn', ${c.today}::text, 'householdId', withdrawn.household_id,
                               'organisationId', withdrawn.organisation_id, 'cause', 'retention')`,
      )})
      select count(*)::int as n from withdrawn`,
  },
  {
    // Messages gone (or handled, or cancelled) past their active use: who, where and what are erased.
    kind: 'notification',
    step: 'anonymised',
    due: (c) =>
      c.durations.notification.archiveMonths === 0
        ? sql`select id from notification where false`
        : sql`
      select id from notification
       where programme_id = ${c.programmeId} and ${finished}
         and created_at + ${months(c.durations.notification.activeMonths)} <= ${c.now.toISOString()}::timestamptz
         and (recipient <> '' or household_id is not null)
       order by id`,
    apply: (_c, batch) => sql`
      with anonymised as (
        update notification set recipient_name = '', recipient = '', subject = '', body = '', household_id = null,
                                member_id = null, last_error = null
         where id in (${batch}) returning id)
      select count(*)::int as n from anonymised`,
  },
  {
    kind: 'notification',
    step: 'deleted',
    due: (c) => sql`
      select id from notification
       where programme_id = ${c.programmeId} and ${finished}
         and created_at + ${months(c.durations.notification.activeMonths + c.durations.notification.archiveMonths)}
             <= ${c.now.toISOString()}::timestamptz
       order by id`,
    apply: (_c, batch) => sql`
      with gone as (delete from notification where id in (${batch}) returning id)
      select count(*)::int as n from gone`,
  },
  {
    // Consultations (reads) past the logging duration. Acts (a vote, a consent, an erasure) stay: they are proofs.
    kind: 'access_log',
    step: 'deleted',
    due: (c) => sql`
      select id from audit_event
       where programme_id = ${c.programmeId} and right(action, 5) in ('.read', '_read')
         and occurred_at + ${months(c.durations.access_log.activeMonths)} <= ${c.now.toISOString()}::timestamptz
       order by id`,
    apply: (_c, batch) => sql`
      with gone as (delete from audit_event where id in (${batch}) returning id)
      select count(*)::int as n from gone`,
  },
];

/** How many rows a step would change now. */
export async function countDue(c: SweepContext, sweep: Sweep): Promise<number> {
  const [row] = await c.db.execute<{ n: number }>(sql`select count(*)::int as n from (${sweep.due(c)}) due`);
  return row?.n ?? 0;
}

/** Applies one batch of a step (its oldest `batchSize` rows due); returns how many rows it changed. */
export async function applyBatch(c: SweepContext, sweep: Sweep): Promise<number> {
  const batch = sql`select id from (${sweep.due(c)}) due limit ${c.batchSize}`;
  const [row] = await c.db.execute<{ n: number }>(sweep.apply(c, batch));
  return row?.n ?? 0;
}
