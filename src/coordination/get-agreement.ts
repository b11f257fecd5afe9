// One partnership agreement, for whoever may read it: its facts, where it stands, its documents, and the agreements
// before and after it in its chain of renewals.
import { eq, inArray } from 'drizzle-orm';
import { localDate } from '../platform/dates.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Actor, can, NotFoundError } from '../platform/permissions/index.ts';
import { agreementDocumentsOf, type DocumentSummary } from './documents.ts';
import { type AgreementRow, selectAgreements, withState } from './list-agreements.ts';
import { agreement } from './schema.ts';

export interface AgreementDetail extends AgreementRow {
  programmeId: number;
  documents: DocumentSummary[];
  renews: { id: number; reference: string; endsOn: string } | null;
  renewedBy: { id: number; reference: string; startsOn: string } | null;
  /** The actor may change it (the coordinator). */
  canManage: boolean;
}

export async function getAgreement({
  db,
  actor,
  agreementId,
  today = localDate(new Date()),
}: {
  db: DbOrTx;
  actor: Actor;
  agreementId: number;
  today?: string;
}): Promise<AgreementDetail> {
  const [row] = await selectAgreements(db, actor, [eq(agreement.id, agreementId)]);
  // Another partner's agreement reads as missing: a partner learns nothing of the others'.
  if (!row) throw new NotFoundError('agreement');
  const neighbours = [row.renewsId, row.renewedById].filter((id): id is number => id !== null);
  const linked = neighbours.length
    ? await db
        .select({
          id: agreement.id,
          reference: agreement.reference,
          startsOn: agreement.startsOn,
          endsOn: agreement.endsOn,
        })
        .from(agreement)
        .where(inArray(agreement.id, neighbours))
    : [];
  const renews = linked.find((a) => a.id === row.renewsId);
  const renewedBy = linked.find((a) => a.id === row.renewedById);
  return {
    ...withState(row, today),
    programmeId: actor.programmeId,
    documents: await agreementDocumentsOf(db, agreementId),
    renews: renews ? { id: renews.id, reference: renews.reference, endsOn: renews.endsOn } : null,
    renewedBy: renewedBy
      ? { id: renewedBy.id, reference: renewedBy.reference, startsOn: renewedBy.startsOn }
      : null,
    canManage: can(actor, 'agreement.manage', {
      programmeId: actor.programmeId,
      organisationId: row.organisationId,
    }),
  };
}
