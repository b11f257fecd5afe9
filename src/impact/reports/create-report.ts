// The coordinator starts a report (bilan): a title, a period of past days and an area. It is a draft: its figures are
// computed live until it is published.
import { recordAudit } from '../../platform/audit/index.ts';
import { localDate } from '../../platform/dates.ts';
import type { Db } from '../../platform/db/index.ts';
import { type Actor, assertCan } from '../../platform/permissions/index.ts';
import { impactReport } from '../schema.ts';
import { areaBelongs } from './report-areas.ts';
import {
  invalid,
  NewReportInput,
  type NewReportInputValue,
  periodIssues,
  type ReportRefused,
  refuse,
  zodIssues,
} from './values.ts';

export type CreateReportResult = { ok: true; reportId: number } | ReportRefused<'invalid' | 'unknown_area'>;

export async function createReport({
  db,
  actor,
  input,
  today = localDate(new Date()),
}: {
  db: Db;
  actor: Actor;
  input: NewReportInputValue;
  /** The programme's today (tests pass a fixed day). */
  today?: string;
}): Promise<CreateReportResult> {
  assertCan(actor, 'impact.manage', { programmeId: actor.programmeId });
  const parsed = NewReportInput.safeParse(input);
  if (!parsed.success) return invalid(zodIssues(parsed.error));
  const value = parsed.data;
  const issues = periodIssues(value, today);
  if (issues.length) return invalid(issues);
  const area = { neighbourhoodId: value.neighbourhoodId ?? null, sectorId: value.sectorId ?? null };
  if (!(await areaBelongs(db, actor.programmeId, area)))
    return refuse('unknown_area', area.sectorId ? 'sectorId' : 'neighbourhoodId');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(impactReport)
      .values({
        programmeId: actor.programmeId,
        title: value.title,
        periodFrom: value.periodFrom,
        periodTo: value.periodTo,
        ...area,
        createdBy: actor.label,
      })
      .returning({ id: impactReport.id });
    await recordAudit(tx, actor, {
      action: 'impact.report_created',
      entityType: 'impact_report',
      entityId: row!.id,
      details: { title: value.title, periodFrom: value.periodFrom, periodTo: value.periodTo, ...area },
    });
    return { ok: true as const, reportId: row!.id };
  });
}
