// Applies the retention rules to a programme: households are archived, brought back or erased by the household rule
// (rules.ts), a page at a time; the kinds that live on their own are swept in batches (sweeps.ts). A dry run counts
// what would change and names the first households concerned, changing nothing. Each batch is its own transaction:
// a run interrupted (Ctrl-C, a restart) leaves whole batches done and a report of them; the next run does the rest,
// and a run after a complete one changes nothing. The report, counts only, is stored in `retention_run`.
import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import { asSystem } from '../../platform/claims/index.ts';
import { localDate } from '../../platform/dates.ts';
import type { Db } from '../../platform/db/index.ts';
import { type Actor, assertCan, cliActor } from '../../platform/permissions/index.ts';
import { eraseHousehold, householdWorkInProgress } from '../erasure/index.ts';
import { retentionRun } from '../schema.ts';
import type { RetentionKind } from './defaults.ts';
import { householdClocks } from './household-clock.ts';
import { householdStep } from './rules.ts';
import { loadRetentionSettings } from './settings.ts';
import { applyBatch, countDue, type SweepContext, sweeps } from './sweeps.ts';

/** What a run did (or, dry, would do): per kind, per step, a count. Never a name. */
export type RetentionCounts = Partial<Record<RetentionKind, Record<string, number>>>;

export interface RetentionReport {
  runId: number;
  programmeId: number;
  dryRun: boolean;
  today: string;
  startedAt: string;
  finishedAt: string | null;
  /** False when the run was interrupted: the counts say what was done before it stopped. */
  complete: boolean;
  counts: RetentionCounts;
  /** Dry run only, never stored: the first households each step would concern, by reference. */
  samples?: { archive: string[]; erase: string[]; restore: string[] };
}

export type RetentionRunResult = RetentionReport | { ok: false; reason: 'already_running' };

export interface RetentionProgress {
  /** `households`, or `<kind>.<step>` of a sweep. */
  phase: string;
  done: number;
  total: number;
}

/**
 * The actor of the runs nobody starts by hand (the server's daily run, the command line): it acts for the
 * coordinator, who answers for the durations (`retention.manage`) and the erasures (`personal_data.erase`).
 */
export const retentionSystemActor = (programmeId: number): Actor => ({
  ...cliActor(programmeId, 'Palier — durées de conservation'),
  role: 'coordinator',
});

const sampleSize = 5;
/** Runs of one programme take turns (the server's schedule, the command line, the page): a lock per programme. */
const lockKey = 0x7265746e; // "retn"

export async function runRetention({
  db,
  actor,
  dryRun,
  now = new Date(),
  batchSize = 500,
  onProgress,
  signal,
}: {
  db: Db;
  actor: Actor;
  dryRun: boolean;
  now?: Date;
  batchSize?: number;
  onProgress?: (progress: RetentionProgress) => void;
  /** Stops the run between two batches (Ctrl-C): the report then says it is incomplete. */
  signal?: AbortSignal;
}): Promise<RetentionRunResult> {
  assertCan(actor, dryRun ? 'retention.read' : 'retention.manage', { programmeId: actor.programmeId });
  // Work on every household of the programme and on the append-only audit trail: as the owner, past the row
  // policies, once the permission is checked (like an erasure); every step is itself audited.
  return asSystem(async () => {
    const connection = await db.$client.reserve();
    try {
      const [lock] = await connection<{ locked: boolean }[]>`
        select pg_try_advisory_lock(${lockKey}, ${actor.programmeId}) as locked`;
      if (!lock?.locked) return { ok: false as const, reason: 'already_running' as const };
      try {
        return await run({ db, actor, dryRun, now, batchSize, onProgress, signal });
      } finally {
        await connection`select pg_advisory_unlock(${lockKey}, ${actor.programmeId})`;
      }
    } finally {
      connection.release();
    }
  });
}

async function run({
  db,
  actor,
  dryRun,
  now,
  batchSize,
  onProgress,
  signal,
}: {
  db: Db;
  actor: Actor;
  dryRun: boolean;
  now: Date;
  batchSize: number;
  onProgress?: (progress: RetentionProgress) => void;
  signal?: AbortSignal;
}): Promise<RetentionReport> {
  const programmeId = actor.programmeId;
  const today = localDate(now);
  const settings = await loadRetentionSettings(db, programmeId, today);
  const counts: RetentionCounts = {};
  const add = (kind: RetentionKind, step: string, n: number) => {
    if (n === 0 && !dryRun) return;
    const forKind = counts[kind] ?? {};
    forKind[step] = (forKind[step] ?? 0) + n;
    counts[kind] = forKind;
  };
  const samples = { archive: [] as string[], erase: [] as string[], restore: [] as string[] };
  const [created] = await db
    .insert(retentionRun)
    .values({ programmeId, startedAt: now, dryRun, actorLabel: actor.label, summary: summary() })
    .returning({ id: retentionRun.id });
  const runId = created!.id;
  function summary(complete = false, interrupted = false) {
    return {
      today,
      defaultsVersion: settings.defaultsVersion,
      durations: settings.durations,
      counts,
      complete,
      ...(interrupted ? { interrupted } : {}),
    };
  }
  /** Stores the counts so far: after each batch, so an interruption leaves a true report. */
  const checkpoint = () =>
    db.update(retentionRun).set({ summary: summary() }).where(eq(retentionRun.id, runId));
  let complete = false;
  try {
    // Households: a page at a time, archived or brought back in one transaction per page, erased one by one.
    const [candidates] = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from household h where h.programme_id = ${programmeId} and h.anonymised_at is null
         and (h.archived_at is not null or not exists (select 1 from tenancy t where t.household_id = h.id
                and (t.end_date is null or t.end_date > ${today}::date)))`);
    const total = candidates?.n ?? 0;
    let done = 0;
    for (let after = 0; ; ) {
      signal?.throwIfAborted();
      const page = await householdClocks(db, { programmeId, today, after, limit: batchSize });
      if (page.length === 0) break;
      after = page[page.length - 1]!.id;
      const decided = page.map((h) => ({ h, ...householdStep(h, settings.durations, today) }));
      const ids = (step: string) => decided.filter((d) => d.step === step).map((d) => d.h.id);
      if (dryRun) {
        for (const step of ['archive', 'erase', 'restore'] as const) {
          const due = decided.filter((d) => d.step === step).map((d) => d.h);
          // Something still running for a household (a reservation, an open case…) puts its erasure off.
          const postponed =
            step === 'erase'
              ? (
                  await Promise.all(
                    due.map(async (h) => (await householdWorkInProgress(db, h.id)).length > 0),
                  )
                ).filter(Boolean).length
              : 0;
          add(
            'household',
            { archive: 'archived', erase: 'erased', restore: 'restored' }[step],
            due.length - postponed,
          );
          if (step === 'erase') add('household', 'erase_postponed', postponed);
          samples[step].push(...due.map((h) => h.reference).slice(0, sampleSize - samples[step].length));
        }
      } else {
        await db.transaction(async (tx) => {
          add('household', 'archived', await markArchived(tx, actor, ids('archive'), now, true));
          add('household', 'restored', await markArchived(tx, actor, ids('restore'), now, false));
          await tx.update(retentionRun).set({ summary: summary() }).where(eq(retentionRun.id, runId));
        });
        for (const householdId of ids('erase')) {
          signal?.throwIfAborted();
          const erased = await eraseHousehold(db, actor, { householdId, cause: 'retention' });
          if (erased.status === 'erased') add('household', 'erased', 1);
          else if (erased.status === 'refused') add('household', 'erase_postponed', 1);
          await checkpoint();
        }
      }
      done += page.length;
      onProgress?.({ phase: 'households', done: Math.min(done, total), total });
    }

    // The kinds that live on their own, step by step.
    const context: SweepContext = {
      db,
      actor,
      programmeId,
      now,
      today,
      durations: settings.durations,
      batchSize,
    };
    for (const sweep of sweeps) {
      signal?.throwIfAborted();
      const due = await countDue(context, sweep);
      const phase = `${sweep.kind}.${sweep.step}`;
      if (dryRun) {
        add(sweep.kind, sweep.step, due);
        onProgress?.({ phase, done: due, total: due });
        continue;
      }
      let applied = 0;
      while (applied < due) {
        signal?.throwIfAborted();
        const n = await applyBatch(context, sweep);
        if (n === 0) break;
        applied += n;
        add(sweep.kind, sweep.step, n);
        await checkpoint();
        onProgress?.({ phase, done: Math.min(applied, due), total: due });
      }
    }
    complete = true;
  } catch (error) {
    // Stopped between two batches on purpose: what was done is whole, and the report says the run is incomplete.
    if (!signal?.aborted) throw error;
  } finally {
    const finishedAt = new Date();
    await db.transaction(async (tx) => {
      await tx
        .update(retentionRun)
        .set({ summary: summary(complete, !complete), finishedAt })
        .where(eq(retentionRun.id, runId));
      await recordAudit(tx, actor, {
        action: dryRun ? 'retention.dry_run' : 'retention.run',
        entityType: 'retention_run',
        entityId: runId,
        details: { today, complete, counts },
      });
    });
  }
  const [stored] = await db.select().from(retentionRun).where(eq(retentionRun.id, runId));
  return {
    runId,
    programmeId,
    dryRun,
    today,
    startedAt: now.toISOString(),
    finishedAt: stored?.finishedAt?.toISOString() ?? null,
    complete,
    counts,
    ...(dryRun ? { samples } : {}),
  };
}

/**
 * Moves households to the archive (or back): only those not already there (not anonymised), with an audit event
 * each, in the caller's transaction. Returns how many changed.
 */
async function markArchived(
  tx: Parameters<Parameters<Db['transaction']>[0]>[0],
  actor: Actor,
  ids: number[],
  now: Date,
  archive: boolean,
): Promise<number> {
  if (ids.length === 0) return 0;
  const list = sql`${`{${ids.join(',')}}`}::int[]`;
  const [row] = await tx.execute<{ n: number }>(sql`
    with changed as (
      update household set archived_at = ${archive ? sql`${now.toISOString()}::timestamptz` : sql`null`}
       where id = any(${list}) and anonymised_at is null
         and ${archive ? sql`archived_at is null` : sql`archived_at is not null`}
      returning id),
    audited as (
      insert into audit_event (programme_id, actor_user_id, actor_label, channel, action, entity_type, entity_id,
                               details)
      select ${actor.programmeId}, ${actor.userId}, ${actor.label}, ${actor.channel},
             ${archive ? 'household.archived' : 'household.restored'}, 'household', changed.id::text,
             jsonb_build_object('cause', 'retention')
        from changed)
    select count(*)::int as n from changed`);
  return row?.n ?? 0;
}
