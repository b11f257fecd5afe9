import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Actor, NotFoundError } from '../platform/permissions/index.ts';
import { type DwellingRow, dwellingColumns } from './dwelling-row.ts';
import { building, dwelling, sector } from './schema.ts';
import { sectorScope } from './scope.ts';

export async function getDwelling({
  db,
  actor,
  dwellingId,
}: {
  db: DbOrTx;
  actor: Actor;
  dwellingId: number;
}): Promise<DwellingRow> {
  const [row] = await db
    .select(dwellingColumns)
    .from(dwelling)
    .innerJoin(building, eq(building.id, dwelling.buildingId))
    .innerJoin(sector, eq(sector.id, dwelling.sectorId))
    .where(
      and(
        eq(dwelling.id, dwellingId),
        eq(dwelling.programmeId, actor.programmeId),
        sectorScope(actor, 'dwelling.read', dwelling.sectorId),
      ),
    );
  if (!row) throw new NotFoundError('dwelling');
  return row;
}
