import type { z } from 'zod';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, assertCan } from '../platform/permissions/index.ts';
import { neighbourhood } from './schema.ts';
import type { NewNeighbourhood } from './values.ts';

export async function createNeighbourhood({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: z.infer<typeof NewNeighbourhood>;
}): Promise<{ ok: true; id: number } | { ok: false; reason: 'name_taken' }> {
  assertCan(actor, 'territory.write', { programmeId: actor.programmeId });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(neighbourhood)
      .values({
        programmeId: actor.programmeId,
        name: input.name,
        inseeCode: input.inseeCode,
        qpvCode: input.qpvCode ?? null,
      })
      .onConflictDoNothing()
      .returning({ id: neighbourhood.id });
    if (!row) return { ok: false as const, reason: 'name_taken' as const };
    await recordAudit(tx, actor, {
      action: 'neighbourhood.created',
      entityType: 'neighbourhood',
      entityId: row.id,
      details: input,
    });
    return { ok: true as const, id: row.id };
  });
}
