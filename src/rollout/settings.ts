// The programme's roll-out settings: stored when the coordinator changed them, the defaults otherwise.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { organisationKinds } from '../partners/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db, DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCan } from '../platform/permissions/index.ts';
import { WholeNumber } from '../platform/validation.ts';
import { defaultRolloutSettings, type RolloutSettings } from './model.ts';
import { rolloutSettings } from './schema.ts';

export async function loadRolloutSettings(db: DbOrTx, programmeId: number): Promise<RolloutSettings> {
  const [row] = await db.select().from(rolloutSettings).where(eq(rolloutSettings.programmeId, programmeId));
  if (!row) return { ...defaultRolloutSettings };
  const { programmeId: _, updatedBy: __, updatedAt: ___, ...settings } = row;
  return settings;
}

/** The settings as a form sends them; the demand rate is typed in percent (« 12 ») and stored in basis points. */
export const RolloutSettingsInput = z.object({
  walkingDistanceM: WholeNumber(100, 20000, 'Distance à pied (m)'),
  demandRatePercent: z.coerce
    .number('Part des logements : nombre attendu, par exemple 12')
    .min(0.01, 'Part des logements : plus de 0 %')
    .max(100, 'Part des logements : 100 % au plus'),
  beginnerSeats: WholeNumber(1, 100, 'Séances par débutant'),
  capacityHorizonMonths: WholeNumber(1, 36, 'Horizon des places (mois)'),
  maxConcurrent: WholeNumber(1, 100, 'Secteurs menés en même temps'),
  consultationMonths: WholeNumber(0, 24, 'Durée de la consultation (mois)'),
  preparationMonths: WholeNumber(0, 24, 'Durée de la préparation (mois)'),
  voteMonths: WholeNumber(1, 6, 'Durée du vote (mois)'),
  worksMonths: WholeNumber(0, 36, 'Durée des travaux (mois)'),
  evaluationMonths: WholeNumber(0, 60, 'Délai du bilan (mois)'),
  requiredConsultees: z
    .array(z.enum(organisationKinds, 'Type de partenaire inconnu'))
    .min(1, 'Choisissez au moins un type de partenaire à consulter'),
});

export async function updateRolloutSettings({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: z.infer<typeof RolloutSettingsInput>;
}): Promise<RolloutSettings> {
  assertCan(actor, 'rollout.manage', { programmeId: actor.programmeId });
  const { demandRatePercent, ...rest } = input;
  const settings: RolloutSettings = {
    ...rest,
    demandRateBp: Math.round(demandRatePercent * 100),
    requiredConsultees: [...new Set(rest.requiredConsultees)],
  };
  return db.transaction(async (tx) => {
    const before = await loadRolloutSettings(tx, actor.programmeId);
    const values = { ...settings, updatedBy: actor.label, updatedAt: new Date() };
    await tx
      .insert(rolloutSettings)
      .values({ programmeId: actor.programmeId, ...values })
      .onConflictDoUpdate({ target: rolloutSettings.programmeId, set: values });
    await recordAudit(tx, actor, {
      action: 'rollout.settings_changed',
      entityType: 'programme',
      entityId: actor.programmeId,
      details: { before, after: settings },
    });
    return settings;
  });
}
