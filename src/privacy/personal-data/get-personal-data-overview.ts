// The page « Données personnelles » of a household: what Palier holds, module by module (counts only), what still
// runs and would stop an erasure, and the erasure if it happened. Reading it is a read of the household's record:
// logged in the same transaction.
import { sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import { asSystem } from '../../platform/claims/index.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { type Actor, assertCan, assertCanAtAll, canAtAll } from '../../platform/permissions/index.ts';
import type { WorkInProgress } from '../../platform/personal-data.ts';
import { householdWorkInProgress } from '../erasure/work-in-progress.ts';
import { gatherPersonalData } from './gather-personal-data.ts';
import { type RightsSubject, rightsSubject } from './rights-subject.ts';
import { type ModuleSummary, summarisePersonalData } from './summarise-personal-data.ts';

export interface PersonalDataOverview {
  household: RightsSubject;
  modules: ModuleSummary[];
  inProgress: WorkInProgress[];
  erasure: {
    id: number;
    cause: string;
    requestedOn: string | null;
    performedAt: string;
    actorLabel: string;
  } | null;
  canErase: boolean;
}

export async function getPersonalDataOverview({
  db,
  actor,
  householdId,
}: {
  db: DbOrTx;
  actor: Actor;
  householdId: number;
}): Promise<PersonalDataOverview> {
  assertCanAtAll(actor, 'personal_data.export');
  return asSystem(() =>
    db.transaction(async (tx) => {
      const household = await rightsSubject(tx, actor, householdId);
      assertCan(actor, 'personal_data.export', { programmeId: household.programmeId });
      const document = await gatherPersonalData(tx, householdId, {
        id: household.programmeId,
        name: household.programmeName,
      });
      const inProgress = household.anonymisedAt ? [] : await householdWorkInProgress(tx, householdId);
      const [erasure] = await tx.execute<{
        id: number;
        cause: string;
        requestedOn: string | null;
        performedAt: string;
        actorLabel: string;
      }>(sql`
        select id, cause, requested_on::text as "requestedOn", performed_at as "performedAt",
               actor_label as "actorLabel"
          from erasure where household_id = ${householdId} order by id desc limit 1`);
      await recordAudit(tx, actor, {
        action: 'household.read',
        entityType: 'household',
        entityId: householdId,
        details: { view: 'personal_data' },
      });
      return {
        household,
        modules: summarisePersonalData(document),
        inProgress,
        erasure: erasure ? { ...erasure, performedAt: new Date(erasure.performedAt).toISOString() } : null,
        canErase: canAtAll(actor, 'personal_data.erase'),
      };
    }),
  );
}
