// What still runs for a household and stops its erasure until it is finished or cancelled on its own page (each
// module's cancellation frees seats, offers the computer to the next in line, tells the operator…).
import { accessWorkInProgress } from '../../access/index.ts';
import { adviceWorkInProgress } from '../../advice/index.ts';
import { equipmentWorkInProgress } from '../../equipment/index.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { WorkInProgress } from '../../platform/personal-data.ts';
import { workshopsWorkInProgress } from '../../workshops/index.ts';

export async function householdWorkInProgress(db: DbOrTx, householdId: number): Promise<WorkInProgress[]> {
  return [
    ...(await accessWorkInProgress(db, householdId)),
    ...(await equipmentWorkInProgress(db, householdId)),
    ...(await workshopsWorkInProgress(db, householdId)),
    ...(await adviceWorkInProgress(db, householdId)),
  ];
}
