// The retention rules on a real database: a dry run changes nothing and says what would; a run archives, erases
// and sweeps; a second run changes nothing; a run stopped between two batches leaves whole batches and a true report.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/database.ts';
import { handOverComputer } from '../../../test/impact-records.ts';
import { buildProgramme, type TestProgramme } from '../../../test/programme.ts';
import { getHousehold, insertHouseholds } from '../../households/index.ts';
import type { Db } from '../../platform/db/index.ts';
import { ForbiddenError } from '../../platform/permissions/index.ts';
import {
  listRetentionRuns,
  loadRetentionSettings,
  type RetentionReport,
  type RetentionRunResult,
  retentionSystemActor,
  runRetention,
  updateRetentionSettings,
} from './index.ts';

let db: Db;
let p: TestProgramme;
const now = new Date('2031-06-15T10:00:00Z');
const ids: Record<string, number> = {};

const report = (result: RetentionRunResult): RetentionReport => {
  if ('ok' in result) throw new Error(result.reason);
  return result;
};

/** A household that left `dwelling` on `end` (its record last changed that day too). */
const leaver = (key: string, dwelling: string, end: string | null, start = '2018-01-01') => ({
  key,
  dwellingReference: dwelling,
  tenancyStart: start,
  tenancyEnd: end,
  channels: ['letter'],
  members: [{ firstName: `Prénom ${key}`, lastName: `Nom ${key}`, ageBand: 'not_given' }],
});

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db, 'retention');
  const pid = p.programmeId;
  // archive: left in January 2029 (24 months passed, not 60); erase: left in March 2025 (60 months passed);
  // recent: left in 2030; workshop: left in 2025 but attended a workshop in 2030; reserved: a computer still
  // reserved; back: archived, but lives in the programme again.
  await insertHouseholds(db, pid, [
    leaver('archive', 'L-003', '2029-01-10'),
    leaver('erase', 'L-004', '2025-03-01'),
    leaver('recent', 'L-102', '2030-01-01'),
    leaver('workshop', 'L-103', '2025-01-01'),
    leaver('reserved', 'L-104', '2025-01-01'),
    leaver('back', 'L-202', null, '2030-05-01'),
  ]);
  for (const row of await db.execute<{ ref: string; household_id: number; end_date: string | null }>(sql`
    select d.landlord_reference as ref, t.household_id, t.end_date::text from tenancy t
      join dwelling d on d.id = t.dwelling_id where t.programme_id = ${pid}`))
    ids[row.ref] = row.household_id;
  // Their records last changed when they left (a household's own changes count as contact).
  await db.execute(sql`
    update household h set updated_at = coalesce(t.end_date, '2030-05-01')::timestamptz
      from tenancy t where t.household_id = h.id and h.programme_id = ${pid}`);
  await db.execute(sql`update household set archived_at = '2031-01-01' where id = ${ids['L-202']!}`);
  const [course] = await db.execute<{ id: number }>(sql`
    with f as (insert into facility (programme_id, external_id, pivot, name, address, postcode, commune, updated_on)
               values (${pid}, 'F1', '00000000000000', 'Centre social', '1 rue', '29200', 'Brest', '2030-01-01')
               returning id)
    insert into course (programme_id, facility_id, kind, title, level, audience, description, session_count, capacity,
                        created_by)
    select ${pid}, f.id, 'cycle', 'Débuter', 'beginner', 'Tous', 'Cycle', 1, 10, 'test' from f returning id`);
  await db.execute(sql`
    insert into registration (programme_id, course_id, household_id, member_id, status, reminder_channel, created_by,
                              created_at)
    select ${pid}, ${course!.id}, m.household_id, m.id, 'cancelled', 'letter', 'test', '2030-01-05T10:00:00Z'
      from household_member m where m.household_id = ${ids['L-103']!}`);
  await handOverComputer(db, p, {
    tag: 'reserved',
    householdId: ids['L-104']!,
    at: '2025-02-01T10:00:00Z',
    receivedOn: '2024-01-01',
  });
  await db.execute(sql`update device_order set status = 'reserved', handed_over_at = null
                        where household_id = ${ids['L-104']!}`);

  // Messages: one sent 5 months ago (anonymised), one sent 18 months ago (deleted), one pending for years (never
  // touched), one sent last month (kept).
  const message = (key: string, status: string, at: string) => sql`
    (${pid}, ${p.households['L-001']!}, 'sms', 'Aïcha Benali', '+33612345678', 'Rappel', 'Texte', 'reminder',
     ${key}, ${status}, ${at}::timestamptz)`;
  await db.execute(sql`
    insert into notification (programme_id, household_id, channel, recipient_name, recipient, subject, body, topic,
                              dedupe_key, status, created_at) values
      ${message('five-months', 'sent', '2031-01-10T10:00:00Z')}, ${message('old', 'sent', '2029-12-01T10:00:00Z')},
      ${message('stuck', 'pending', '2029-01-01T10:00:00Z')}, ${message('recent', 'sent', '2031-05-20T10:00:00Z')}`);
  // Consultations: one 18 months old (deleted), one 5 months old (kept); an act of 2029 (kept: a proof).
  await db.execute(sql`
    insert into audit_event (programme_id, occurred_at, actor_label, channel, action, entity_type, entity_id) values
      (${pid}, '2029-12-01T10:00:00Z', 'test', 'web', 'household.read', 'household', ${String(p.households['L-001'])}),
      (${pid}, '2029-12-01T10:00:00Z', 'test', 'web', 'advice.document_read', 'advice_case', '1'),
      (${pid}, '2031-01-10T10:00:00Z', 'test', 'web', 'household.read', 'household', ${String(p.households['L-001'])}),
      (${pid}, '2029-01-01T10:00:00Z', 'test', 'web', 'consent.given', 'household', ${String(p.households['L-001'])})`);
  // Advice: a case closed in 2028 (documents go), one closed in 2025 (content goes), one still open (untouched).
  const member = (
    await db.execute<{ id: number }>(
      sql`select id from household_member where household_id = ${p.households['L-001']!}`,
    )
  )[0]!.id;
  const adviceCase = async (ref: string, closedOn: string | null) => {
    const [row] = await db.execute<{ id: number }>(sql`
      insert into advice_case (programme_id, organisation_id, reference, household_id, member_id, topic, summary,
                               status, outcome, opened_on, closed_on, opened_by)
      values (${pid}, ${p.actors.adviser.organisationId}, ${ref}, ${p.households['L-001']!}, ${member}, 'contract',
              'Facture contestée de Mme Benali', ${closedOn ? 'resolved' : 'open'}, ${closedOn ? 'Remboursée' : null},
              '2024-06-01', ${closedOn}::date, 'test') returning id`);
    await db.execute(sql`
      insert into advice_entry (case_id, kind, "on", body, author) values (${row!.id}, 'note', '2024-06-02', 'Appel', 't')`);
    await db.execute(sql`
      insert into advice_document (case_id, organisation_id, name, media_type, size, sha256, content, uploaded_by)
      values (${row!.id}, ${p.actors.adviser.organisationId}, 'facture.pdf', 'application/pdf', 4, 'x', '\\x25504446', 't')`);
    await db.execute(sql`
      insert into advice_letter (case_id, subject, body, recipient, generated_by)
      values (${row!.id}, 'Réclamation', 'Madame, Monsieur', 'Opérateur', 't')`);
    return row!.id;
  };
  ids.caseDocuments = await adviceCase('C-2028', '2028-01-01');
  ids.caseContent = await adviceCase('C-2025', '2025-01-01');
  ids.caseOpen = await adviceCase('C-OPEN', null);
  // Testimonies: one given in 2027 (past 36 months: withdrawn), one in 2030 (kept).
  await db.execute(sql`
    insert into testimony (programme_id, household_id, quote, attribution, first_name, context, consent_on,
                           consent_form, recorded_by) values
      (${pid}, ${p.households['L-001']!}, 'Ancien témoignage', 'first_name', 'Aïcha', 'Atelier', '2027-01-01', 'signed', 't'),
      (${pid}, ${p.households['L-001']!}, 'Témoignage récent', 'anonymous', null, 'Atelier', '2030-01-01', 'oral', 't')`);
});

/** What the rules may change, as one comparable picture. */
async function state() {
  const [row] = await db.execute(sql`
    select
      (select array_agg(reference order by id) from household where programme_id = ${p.programmeId}
         and archived_at is not null) as archived,
      (select array_agg(id order by id) from household where programme_id = ${p.programmeId}
         and anonymised_at is not null) as anonymised,
      (select array_agg(dedupe_key || ':' || recipient order by id) from notification
         where programme_id = ${p.programmeId}) as messages,
      (select count(*)::int from audit_event where programme_id = ${p.programmeId} and action like '%read') as reads,
      (select array_agg(c.reference || ':' || c.summary || ':' ||
              (select count(*) from advice_document d where d.case_id = c.id) || ':' ||
              (select count(*) from advice_entry e where e.case_id = c.id) order by c.id)
         from advice_case c where c.programme_id = ${p.programmeId}) as advice,
      (select array_agg(coalesce(quote, '—') order by id) from testimony where programme_id = ${p.programmeId})
        as testimonies`);
  return row;
}

describe('a dry run', () => {
  it('counts what would change and names the first households, changing nothing', async () => {
    const before = await state();
    const dry = report(await runRetention({ db, actor: p.actors.coordinator, dryRun: true, now }));
    expect(dry).toMatchObject({ dryRun: true, complete: true, today: '2031-06-15' });
    expect(dry.counts.household).toEqual({ archived: 1, erased: 1, restored: 1, erase_postponed: 0 });
    expect(dry.samples).toEqual({
      archive: [`F-${String(ids['L-003']).padStart(6, '0')}`],
      erase: [`F-${String(ids['L-004']).padStart(6, '0')}`],
      restore: [`F-${String(ids['L-202']).padStart(6, '0')}`],
    });
    expect(dry.counts.notification).toEqual({ anonymised: 2, deleted: 1 });
    expect(dry.counts.access_log).toEqual({ deleted: 2 });
    expect(dry.counts.advice_case).toEqual({ documents_deleted: 2, content_erased: 1 });
    expect(dry.counts.testimony).toEqual({ withdrawn: 1 });
    expect(await state()).toEqual(before);
    const [run] = await listRetentionRuns({ db, actor: p.actors.admin });
    expect(run).toMatchObject({ id: dry.runId, dryRun: true, complete: true });
    expect(JSON.stringify(run)).not.toContain('F-0');
  });

  it('is open to the administrator; a real run is the coordinator’s', async () => {
    await expect(runRetention({ db, actor: p.actors.facilitator, dryRun: true, now })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(runRetention({ db, actor: p.actors.admin, dryRun: false, now })).rejects.toThrow(
      ForbiddenError,
    );
  });
});

describe('a run', () => {
  let first: RetentionReport;

  it('archives, erases and sweeps what has had its time, with an audit event per run', async () => {
    first = report(await runRetention({ db, actor: p.actors.coordinator, dryRun: false, now }));
    expect(first).toMatchObject({ dryRun: false, complete: true });
    expect(first.counts).toEqual({
      household: { archived: 1, erased: 1, restored: 1 },
      notification: { anonymised: 2, deleted: 1 },
      access_log: { deleted: 2 },
      advice_case: { documents_deleted: 2, content_erased: 1 },
      testimony: { withdrawn: 1 },
    });
    expect(first.samples).toBeUndefined();
    const after = await state();
    expect(after!.archived).toEqual([`F-${String(ids['L-003']).padStart(6, '0')}`]);
    expect(after!.anonymised).toEqual([ids['L-004']]);
    expect(after!.messages).toEqual(['five-months:', 'stuck:+33612345678', 'recent:+33612345678']);
    expect(after!.reads).toBe(1);
    expect(after!.advice).toEqual([
      'C-2028:Facture contestée de Mme Benali:0:1',
      'C-2025:Contenu effacé (durée de conservation):0:0',
      'C-OPEN:Facture contestée de Mme Benali:1:1',
    ]);
    expect(after!.testimonies).toEqual(['—', 'Témoignage récent']);
    const [audit] = await db.execute<{ details: { counts: unknown } }>(sql`
      select details from audit_event where action = 'retention.run' and entity_id = ${String(first.runId)}`);
    expect(audit!.details.counts).toEqual(first.counts);
    const [erasure] = await db.execute(
      sql`select cause from erasure where household_id = ${ids['L-004']!} and programme_id = ${p.programmeId}`,
    );
    expect(erasure).toEqual({ cause: 'retention' });
  });

  it('brings back an archived household that lives in the programme again', async () => {
    // L-202's household was archived by hand before the run while living there: the run restored it.
    const [row] = await db.execute<{ archived_at: string | null }>(
      sql`select archived_at from household where id = ${ids['L-202']!}`,
    );
    expect(row!.archived_at).toBeNull();
  });

  it('keeps households still in touch: a recent departure, a later workshop, a computer still reserved', async () => {
    const [row] = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from household where id in (${ids['L-102']!}, ${ids['L-103']!}, ${ids['L-104']!})
        and archived_at is null and anonymised_at is null`);
    expect(row!.n).toBe(3);
  });

  it('changes nothing when run again', async () => {
    const before = await state();
    const again = report(
      await runRetention({ db, actor: retentionSystemActor(p.programmeId), dryRun: false, now }),
    );
    expect(again.counts).toEqual({});
    expect(await state()).toEqual(before);
  });

  it('hides the archived household from everyone but the coordinator', async () => {
    await expect(
      getHousehold({ db, actor: p.actors.landlord_officer, householdId: ids['L-003']! }),
    ).rejects.toThrow('not found');
    expect(
      (await getHousehold({ db, actor: p.actors.coordinator, householdId: ids['L-003']! })).archivedAt,
    ).not.toBe(null);
  });

  it('follows the durations the coordinator sets: a longer active use brings the household back', async () => {
    await updateRetentionSettings({
      db,
      actor: p.actors.coordinator,
      input: { settings: [{ kind: 'household', activeMonths: 36, archiveMonths: 36 }] },
    });
    expect((await loadRetentionSettings(db, p.programmeId)).durations.household).toEqual({
      activeMonths: 36,
      archiveMonths: 36,
    });
    const dry = report(await runRetention({ db, actor: p.actors.coordinator, dryRun: true, now }));
    expect(dry.counts.household).toMatchObject({ restored: 1, archived: 0 });
    await updateRetentionSettings({
      db,
      actor: p.actors.coordinator,
      input: { settings: [{ kind: 'household', activeMonths: 24, archiveMonths: 36 }] },
    });
  });
});

describe('a run stopped between two batches', () => {
  let q: TestProgramme;
  beforeAll(async () => {
    q = await buildProgramme(db, 'retention-b');
    // Seven households gone in 2028: all due for the archive in 2031.
    await insertHouseholds(
      db,
      q.programmeId,
      ['L-003', 'L-004', 'L-102', 'L-103', 'L-104', 'L-202', 'L-203'].map((d) => leaver(d, d, '2028-01-01')),
    );
    await db.execute(
      sql`update household set updated_at = '2028-01-01' where programme_id = ${q.programmeId}`,
    );
  });
  const archived = async () =>
    (
      await db.execute<{ n: number }>(
        sql`select count(*)::int as n from household where programme_id = ${q.programmeId} and archived_at is not null`,
      )
    )[0]!.n;

  it('leaves whole batches done and a true report; the next run finishes; the one after changes nothing', async () => {
    const stop = new AbortController();
    const stopped = report(
      await runRetention({
        db,
        actor: q.actors.coordinator,
        dryRun: false,
        now,
        batchSize: 2,
        signal: stop.signal,
        onProgress: ({ phase }) => {
          if (phase === 'households') stop.abort();
        },
      }),
    );
    expect(stopped.complete).toBe(false);
    expect(stopped.counts.household?.archived).toBe(2);
    expect(await archived()).toBe(2);
    const [run] = await listRetentionRuns({ db, actor: q.actors.coordinator });
    expect(run).toMatchObject({ id: stopped.runId, complete: false, counts: { household: { archived: 2 } } });
    expect(run!.finishedAt).not.toBeNull();

    const rest = report(
      await runRetention({ db, actor: q.actors.coordinator, dryRun: false, now, batchSize: 2 }),
    );
    expect(rest).toMatchObject({ complete: true, counts: { household: { archived: 5 } } });
    expect(await archived()).toBe(7);
    const last = report(
      await runRetention({ db, actor: q.actors.coordinator, dryRun: false, now, batchSize: 2 }),
    );
    expect(last.counts).toEqual({});
  });

  it('lets one run at a time work on a programme', async () => {
    const holder = await db.$client.reserve();
    try {
      await holder`select pg_advisory_lock(${0x7265746e}, ${q.programmeId})`;
      expect(await runRetention({ db, actor: q.actors.coordinator, dryRun: true, now })).toEqual({
        ok: false,
        reason: 'already_running',
      });
    } finally {
      await holder`select pg_advisory_unlock(${0x7265746e}, ${q.programmeId})`;
      holder.release();
    }
  });
});
