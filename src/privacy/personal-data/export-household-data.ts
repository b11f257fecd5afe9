// Access and portability (GDPR art. 15, 20): everything Palier holds on a household, in one action, logged in the
// same transaction as the read. The coordinator produces it for the person (their copy: JSON or PDF).
import { recordAudit } from '../../platform/audit/index.ts';
import { asSystem } from '../../platform/claims/index.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { type Actor, assertCan, assertCanAtAll } from '../../platform/permissions/index.ts';
import { gatherPersonalData, type PersonalDataDocument } from './gather-personal-data.ts';
import { rightsSubject } from './rights-subject.ts';

export type ExportFormat = 'json' | 'pdf';

export async function exportHouseholdData({
  db,
  actor,
  householdId,
  format,
  now = new Date(),
}: {
  db: DbOrTx;
  actor: Actor;
  householdId: number;
  format: ExportFormat;
  now?: Date;
}): Promise<PersonalDataDocument> {
  assertCanAtAll(actor, 'personal_data.export');
  // Every module's rows of the household, past the row policies: an advice case is otherwise its association's
  // alone, and the person's copy must hold it. The permission is checked first; the read is in the audit trail.
  return asSystem(() =>
    db.transaction(async (tx) => {
      const subject = await rightsSubject(tx, actor, householdId);
      assertCan(actor, 'personal_data.export', { programmeId: subject.programmeId });
      const document = await gatherPersonalData(
        tx,
        householdId,
        { id: subject.programmeId, name: subject.programmeName },
        now,
      );
      await recordAudit(tx, actor, {
        action: 'personal_data.export',
        entityType: 'household',
        entityId: householdId,
        details: { format },
      });
      return document;
    }),
  );
}

/** The export's file name: the household's internal reference and the day, nothing else about the person. */
export const exportFileName = (reference: string, generatedAt: string, format: ExportFormat) =>
  `donnees-${reference}-${generatedAt.slice(0, 10)}.${format}`;
