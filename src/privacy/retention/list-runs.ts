// The last runs of the retention rules (and their dry runs), for the privacy page and the API: counts, never names.
import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import { type Actor, assertCan } from '../../platform/permissions/index.ts';
import { retentionRun } from '../schema.ts';
import type { RetentionCounts } from './run-retention.ts';

export interface RetentionRunRow {
  id: number;
  dryRun: boolean;
  startedAt: string;
  finishedAt: string | null;
  actorLabel: string;
  /** Finished and complete; false: interrupted (or still running when `finishedAt` is null). */
  complete: boolean;
  counts: RetentionCounts;
}

export async function listRetentionRuns({
  db,
  actor,
  limit = 20,
}: {
  db: DbOrTx;
  actor: Actor;
  limit?: number;
}): Promise<RetentionRunRow[]> {
  assertCan(actor, 'retention.read', { programmeId: actor.programmeId });
  const rows = await db
    .select()
    .from(retentionRun)
    .where(eq(retentionRun.programmeId, actor.programmeId))
    .orderBy(desc(retentionRun.startedAt), desc(retentionRun.id))
    .limit(Math.min(Math.max(limit, 1), 100));
  return rows.map((r) => {
    const summary = (r.summary ?? {}) as { complete?: boolean; counts?: RetentionCounts };
    return {
      id: r.id,
      dryRun: r.dryRun,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      actorLabel: r.actorLabel,
      complete: summary.complete === true,
      counts: summary.counts ?? {},
    };
  });
}
