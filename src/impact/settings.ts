// How a programme publishes its figures: the statistical-secrecy threshold (11 by default) and the take-up it
// compares itself with (12 %). Stored when the coordinator changed them, the defaults otherwise.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan } from '../platform/permissions/index.ts';
import { defaultSecrecyThreshold } from '../platform/secrecy/index.ts';
import { WholeNumber } from '../platform/validation.ts';
import { impactSettings } from './schema.ts';

export interface ImpactSettings {
  secrecyThreshold: number;
  takeUpReferencePercent: number;
}

export const defaultImpactSettings: ImpactSettings = {
  secrecyThreshold: defaultSecrecyThreshold,
  takeUpReferencePercent: 12,
};

export async function loadImpactSettings(db: DbOrTx, programmeId: number): Promise<ImpactSettings> {
  const [row] = await db
    .select({
      secrecyThreshold: impactSettings.secrecyThreshold,
      takeUpReferencePercent: impactSettings.takeUpReferencePercent,
    })
    .from(impactSettings)
    .where(eq(impactSettings.programmeId, programmeId));
  return row ?? { ...defaultImpactSettings };
}

export const ImpactSettingsInput = z.object({
  secrecyThreshold: WholeNumber(5, 100, 'Seuil du secret statistique'),
  takeUpReferencePercent: WholeNumber(1, 100, 'Taux d’adhésion de référence (%)'),
});

export async function updateImpactSettings({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: z.infer<typeof ImpactSettingsInput>;
}): Promise<ImpactSettings> {
  assertCan(actor, 'impact.manage', { programmeId: actor.programmeId });
  return db.transaction(async (tx) => {
    const before = await loadImpactSettings(tx, actor.programmeId);
    const values = { ...input, updatedBy: actor.label, updatedAt: new Date() };
    await tx
      .insert(impactSettings)
      .values({ programmeId: actor.programmeId, ...values })
      .onConflictDoUpdate({ target: impactSettings.programmeId, set: values });
    await recordAudit(tx, actor, {
      action: 'impact.settings_changed',
      entityType: 'programme',
      entityId: actor.programmeId,
      details: { before, after: input },
    });
    return { ...input };
  });
}
