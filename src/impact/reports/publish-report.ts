// The coordinator publishes a report: its figures are computed once more, under statistical secrecy, and frozen in
// the report (`snapshot`) so that what was sent to partners stays what it says. From then on anyone may read it.
import { eq } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Db } from '../../platform/db/index.ts';
import { type Actor, assertCan } from '../../platform/permissions/index.ts';
import { loadIndicators } from '../indicators.ts';
import { impactReport } from '../schema.ts';
import { reportFilter } from './report-content.ts';
import { visibleReport } from './update-report.ts';
import { type ReportRefused, refuse } from './values.ts';

export type PublishReportResult =
  | { ok: true; reportId: number; publishedAt: Date }
  | ReportRefused<'published'>;

export async function publishReport({
  db,
  actor,
  reportId,
}: {
  db: Db;
  actor: Actor;
  reportId: number;
}): Promise<PublishReportResult> {
  assertCan(actor, 'impact.manage', { programmeId: actor.programmeId });
  for (;;) {
    const draft = await visibleReport(db, actor, reportId);
    if (draft.status === 'published') return refuse('published');
    // Computed outside the transaction (the queries run side by side); if the draft was edited meanwhile, again.
    const indicators = await loadIndicators(db, reportFilter(draft));
    const result = await db.transaction(async (tx) => {
      const current = await visibleReport(tx, actor, reportId, { lock: true });
      if (current.status === 'published') return refuse('published');
      if (current.updatedAt.getTime() !== draft.updatedAt.getTime()) return null;
      const publishedAt = new Date();
      await tx
        .update(impactReport)
        .set({
          status: 'published',
          snapshot: indicators,
          publishedAt,
          publishedBy: actor.label,
          updatedAt: publishedAt,
        })
        .where(eq(impactReport.id, reportId));
      await recordAudit(tx, actor, {
        action: 'impact.report_published',
        entityType: 'impact_report',
        entityId: reportId,
        details: {
          title: current.title,
          periodFrom: current.periodFrom,
          periodTo: current.periodTo,
          area: current.areaLabel,
          threshold: indicators.threshold,
          testimonyIds: current.testimonyIds,
        },
      });
      return { ok: true as const, reportId, publishedAt };
    });
    if (result) return result;
  }
}
