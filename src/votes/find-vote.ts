import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import { NotFoundError } from '../platform/permissions/index.ts';
import { tenantVote } from './schema.ts';

/** A vote's id from its reference ("CV-2027-0003"), for the command line and partner systems. */
export async function voteIdByReference(db: DbOrTx, programmeId: number, reference: string): Promise<number> {
  const [row] = await db
    .select({ id: tenantVote.id })
    .from(tenantVote)
    .where(
      and(eq(tenantVote.programmeId, programmeId), eq(tenantVote.reference, reference.trim().toUpperCase())),
    );
  if (!row) throw new NotFoundError('tenant_vote');
  return row.id;
}
