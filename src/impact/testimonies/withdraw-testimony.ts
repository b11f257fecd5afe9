// Withdrawing a testimony: the person changed their mind.
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import { localDate } from '../../platform/dates.ts';
import type { Db } from '../../platform/db/index.ts';
import { type Actor, NotFoundError } from '../../platform/permissions/index.ts';
import { testimony } from '../schema.ts';
import { mayWithdraw } from './may-withdraw.ts';
import { refuse, type TestimonyRefused } from './values.ts';

export type WithdrawTestimonyResult =
  | { ok: true; withdrawnOn: string }
  | TestimonyRefused<'already_withdrawn'>;

/**
 * The person changed their mind: the words and the first name are erased in the same transaction as the audit
 * event, and the testimony is never shown again (reports read only those not withdrawn). A testimony the actor may
 * not withdraw is not found.
 */
export async function withdrawTestimony({
  db,
  actor,
  testimonyId,
  today = localDate(new Date()),
}: {
  db: Db;
  actor: Actor;
  testimonyId: number;
  today?: string;
}): Promise<WithdrawTestimonyResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        id: testimony.id,
        programmeId: testimony.programmeId,
        organisationId: testimony.organisationId,
        householdId: testimony.householdId,
        withdrawnOn: testimony.withdrawnOn,
      })
      .from(testimony)
      .where(and(eq(testimony.id, testimonyId), eq(testimony.programmeId, actor.programmeId)))
      .for('update');
    if (!row || !mayWithdraw(actor, row)) throw new NotFoundError('testimony');
    if (row.withdrawnOn !== null) return refuse('already_withdrawn');
    await tx
      .update(testimony)
      .set({ quote: null, firstName: null, withdrawnOn: today, withdrawnBy: actor.label })
      .where(eq(testimony.id, testimonyId));
    await recordAudit(tx, actor, {
      action: 'testimony.withdrawn',
      entityType: 'testimony',
      entityId: testimonyId,
      details: { withdrawnOn: today, householdId: row.householdId, organisationId: row.organisationId },
    });
    return { ok: true as const, withdrawnOn: today };
  });
}
