// The register of erasures, newest first, by keyset: when, why, by whom and what was done (counts). It names nobody:
// a household appears only by its internal reference.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import { type Actor, canAtAll, ForbiddenError } from '../../platform/permissions/index.ts';
import type { ErasureCause } from './values.ts';

export type ErasureRow = {
  id: number;
  householdId: number | null;
  householdReference: string | null;
  cause: ErasureCause;
  requestedOn: string | null;
  performedAt: string;
  actorLabel: string;
  summary: { keepCertificates?: boolean; modules?: Record<string, Record<string, number>> } | null;
};

/** Who reads the register: those who erase (the coordinator) and those who watch retention (the administrator). */
export const mayReadErasures = (actor: Pick<Actor, 'role'>) =>
  canAtAll(actor, 'personal_data.erase') || canAtAll(actor, 'retention.read');

export async function listErasures({
  db,
  actor,
  beforeId,
  limit = 50,
}: {
  db: DbOrTx;
  actor: Actor;
  beforeId?: number;
  limit?: number;
}): Promise<{ items: ErasureRow[]; nextBeforeId: number | null }> {
  if (!mayReadErasures(actor)) throw new ForbiddenError('personal_data.erase');
  const size = Math.max(1, Math.min(limit, 200));
  const rows = await db.execute<ErasureRow>(sql`
    select e.id, e.household_id as "householdId", h.reference as "householdReference", e.cause,
           e.requested_on::text as "requestedOn", e.performed_at as "performedAt", e.actor_label as "actorLabel",
           e.summary
      from erasure e left join household h on h.id = e.household_id
     where e.programme_id = ${actor.programmeId} ${beforeId ? sql`and e.id < ${beforeId}` : sql``}
     order by e.id desc limit ${size + 1}`);
  const items = rows
    .slice(0, size)
    .map((r) => ({ ...r, performedAt: new Date(r.performedAt).toISOString() }));
  return { items, nextBeforeId: rows.length > size ? items[items.length - 1]!.id : null };
}

/** A register row's counts in a few words: « 12 lignes modifiées dans 6 parties ». */
export function erasureCountsText(summary: ErasureRow['summary']): string {
  const modules = Object.values(summary?.modules ?? {});
  const rows = modules.reduce((n, counts) => n + Object.values(counts).reduce((a, b) => a + Number(b), 0), 0);
  return `${rows} ${rows > 1 ? 'lignes traitées' : 'ligne traitée'} dans ${modules.length} ${modules.length > 1 ? 'parties' : 'partie'}`;
}
