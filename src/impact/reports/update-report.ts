// The coordinator writes a draft report: its title, period and area, the summary, the free sections (headings and
// bodies, in order) and the testimonies it shows. A published report no longer changes.
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import { localDate } from '../../platform/dates.ts';
import type { Db } from '../../platform/db/index.ts';
import { type Actor, assertCan, NotFoundError } from '../../platform/permissions/index.ts';
import { impactReport, testimony } from '../schema.ts';
import { loadReport } from './get-report.ts';
import { areaBelongs } from './report-areas.ts';
import {
  invalid,
  periodIssues,
  ReportChangeInput,
  type ReportChangeInputValue,
  type ReportRefused,
  refuse,
  zodIssues,
} from './values.ts';

export type UpdateReportResult =
  | { ok: true; reportId: number }
  | ReportRefused<'invalid' | 'unknown_area' | 'unknown_testimony' | 'published'>;

export async function updateReport({
  db,
  actor,
  reportId,
  input,
  today = localDate(new Date()),
}: {
  db: Db;
  actor: Actor;
  reportId: number;
  input: ReportChangeInputValue;
  today?: string;
}): Promise<UpdateReportResult> {
  assertCan(actor, 'impact.manage', { programmeId: actor.programmeId });
  const parsed = ReportChangeInput.safeParse(input);
  if (!parsed.success) {
    await visibleReport(db, actor, reportId);
    return invalid(zodIssues(parsed.error));
  }
  const value = parsed.data;
  return db.transaction(async (tx) => {
    const current = await visibleReport(tx, actor, reportId, { lock: true });
    if (current.status === 'published') return refuse('published');
    const periodFrom = value.periodFrom ?? current.periodFrom;
    const periodTo = value.periodTo ?? current.periodTo;
    // A period already stored stays valid; only the days typed now are checked against today.
    const issues = periodIssues(
      {
        periodFrom: value.periodFrom ? periodFrom : undefined,
        periodTo: value.periodTo ? periodTo : undefined,
      },
      today,
    );
    if (periodTo < periodFrom && !issues.some((i) => i.path === 'periodTo'))
      issues.push({ path: 'periodTo', message: 'La fin de la période doit venir après son début' });
    if (issues.length) return invalid(issues);

    const areaChanged = 'sectorId' in value || 'neighbourhoodId' in value;
    const area = areaChanged
      ? { neighbourhoodId: value.neighbourhoodId ?? null, sectorId: value.sectorId ?? null }
      : { neighbourhoodId: current.neighbourhoodId, sectorId: current.sectorId };
    if (areaChanged && !(await areaBelongs(tx, actor.programmeId, area)))
      return refuse('unknown_area', area.sectorId ? 'sectorId' : 'neighbourhoodId');

    const testimonyIds = value.testimonyIds ? [...new Set(value.testimonyIds)] : undefined;
    if (testimonyIds?.length) {
      const found = await tx
        .select({ id: testimony.id })
        .from(testimony)
        .where(
          and(
            eq(testimony.programmeId, actor.programmeId),
            inArray(testimony.id, testimonyIds),
            isNotNull(testimony.quote),
          ),
        );
      if (found.length !== testimonyIds.length) return refuse('unknown_testimony', 'testimonyIds');
    }

    const changes = {
      ...(value.title !== undefined ? { title: value.title } : {}),
      periodFrom,
      periodTo,
      ...area,
      ...(value.summary !== undefined ? { summary: value.summary } : {}),
      ...(value.sections !== undefined ? { sections: value.sections } : {}),
      ...(testimonyIds !== undefined ? { testimonyIds } : {}),
    };
    await tx
      .update(impactReport)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(impactReport.id, reportId));
    await recordAudit(tx, actor, {
      action: 'impact.report_updated',
      entityType: 'impact_report',
      entityId: reportId,
      details: {
        fields: Object.keys(value),
        ...(value.title !== undefined ? { title: value.title } : {}),
        periodFrom,
        periodTo,
        ...area,
        ...(value.sections !== undefined ? { sections: value.sections.map((s) => s.heading) } : {}),
        ...(testimonyIds !== undefined ? { testimonyIds } : {}),
      },
    });
    return { ok: true as const, reportId };
  });
}

/** The report of the actor's programme, or not found (another programme's report does not exist for it). */
export async function visibleReport(
  db: Parameters<typeof loadReport>[0],
  actor: Actor,
  reportId: number,
  options: { lock?: boolean } = {},
) {
  const report = await loadReport(db, reportId, options);
  if (!report || report.programmeId !== actor.programmeId) throw new NotFoundError('report');
  return report;
}
