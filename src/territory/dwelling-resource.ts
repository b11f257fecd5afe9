import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import { NotFoundError, type ResourceScope } from '../platform/permissions/index.ts';
import { dwelling } from './schema.ts';

/** Where a dwelling sits, for other modules' permission checks (no data about it leaves here). */
export async function dwellingResource(db: DbOrTx, dwellingId: number): Promise<ResourceScope> {
  const [row] = await db
    .select({ programmeId: dwelling.programmeId, sectorId: dwelling.sectorId })
    .from(dwelling)
    .where(eq(dwelling.id, dwellingId));
  if (!row) throw new NotFoundError('dwelling');
  return { programmeId: row.programmeId, sectorIds: [row.sectorId] };
}
