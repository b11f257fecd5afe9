import { and, eq } from 'drizzle-orm';
import { organisation } from '../partners/index.ts';
import { recordAudit } from '../platform/audit/index.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, assertCan, NotFoundError } from '../platform/permissions/index.ts';
import { sector, setSectorStage } from '../territory/index.ts';
import { collectiveAgreement } from './schema.ts';

export type HistoricalAgreementResult =
  | { ok: true; agreementId: number }
  | { ok: false; reason: 'not_operator' };

/**
 * Records an agreement the tenants adopted before Palier (Kerourien voted on paper in 2010): the landlord enters it
 * from its paper report, which the record names. The sector becomes adopted, as after a certified vote.
 */
export async function recordHistoricalAgreement({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: {
    sectorId: number;
    operatorId: number;
    serviceName: string;
    monthlyAmountCents: number;
    effectiveFrom: string;
    adoptedOn: string;
    recordedFrom: string;
  };
}): Promise<HistoricalAgreementResult> {
  const [target] = await db
    .select({ id: sector.id, programmeId: sector.programmeId })
    .from(sector)
    .where(eq(sector.id, input.sectorId));
  if (!target || target.programmeId !== actor.programmeId) throw new NotFoundError('sector');
  assertCan(actor, 'vote.certify', { programmeId: target.programmeId, sectorIds: [target.id] });
  const [operator] = await db
    .select({ id: organisation.id })
    .from(organisation)
    .where(
      and(
        eq(organisation.id, input.operatorId),
        eq(organisation.programmeId, actor.programmeId),
        eq(organisation.kind, 'operator'),
      ),
    );
  if (!operator) return { ok: false, reason: 'not_operator' };
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(collectiveAgreement)
      .values({ programmeId: actor.programmeId, ...input })
      .returning({ id: collectiveAgreement.id });
    await setSectorStage(tx, actor, target.id, 'adopted', {
      source: 'history',
      decidedOn: input.adoptedOn,
      comment: 'Accord collectif antérieur à Palier',
    });
    await recordAudit(tx, actor, {
      action: 'vote.historical_agreement_recorded',
      entityType: 'collective_agreement',
      entityId: created!.id,
      details: input,
    });
    return { ok: true, agreementId: created!.id };
  });
}
