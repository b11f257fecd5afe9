// One report (bilan). A published report is public — anyone may read it, signed in or not: its figures are the
// frozen publication, already under statistical secrecy. A draft is the coordinator's alone; to anyone else it does
// not exist.
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import { type Actor, can, NotFoundError } from '../../platform/permissions/index.ts';
import { neighbourhood, sector } from '../../territory/index.ts';
import type { Indicators } from '../model.ts';
import { impactReport, type ReportSection } from '../schema.ts';
import { areaText } from './report-areas.ts';

export type ReportStatus = 'draft' | 'published';

export interface ReportRecord {
  id: number;
  programmeId: number;
  programmeName: string;
  title: string;
  periodFrom: string;
  periodTo: string;
  neighbourhoodId: number | null;
  sectorId: number | null;
  /** « Tout le programme », « Quartier … », « Secteur KER — … ». */
  areaLabel: string;
  summary: string;
  sections: ReportSection[];
  testimonyIds: number[];
  status: ReportStatus;
  /** The publication frozen when the report was published (under statistical secrecy); null for a draft. */
  snapshot: Indicators | null;
  publishedAt: Date | null;
  publishedBy: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The report as stored, without any permission check (null when there is none with this id). */
export async function loadReport(
  db: DbOrTx,
  reportId: number,
  { lock = false }: { lock?: boolean } = {},
): Promise<ReportRecord | null> {
  const query = db
    .select({
      id: impactReport.id,
      programmeId: impactReport.programmeId,
      programmeName: sql<string>`(select name from programme where id = ${impactReport.programmeId})`,
      title: impactReport.title,
      periodFrom: impactReport.periodFrom,
      periodTo: impactReport.periodTo,
      neighbourhoodId: impactReport.neighbourhoodId,
      sectorId: impactReport.sectorId,
      sectorCode: sector.code,
      sectorName: sector.name,
      neighbourhoodName: neighbourhood.name,
      summary: impactReport.summary,
      sections: impactReport.sections,
      testimonyIds: impactReport.testimonyIds,
      status: impactReport.status,
      snapshot: impactReport.snapshot,
      publishedAt: impactReport.publishedAt,
      publishedBy: impactReport.publishedBy,
      createdBy: impactReport.createdBy,
      createdAt: impactReport.createdAt,
      updatedAt: impactReport.updatedAt,
    })
    .from(impactReport)
    .leftJoin(sector, eq(sector.id, impactReport.sectorId))
    .leftJoin(neighbourhood, eq(neighbourhood.id, impactReport.neighbourhoodId))
    .where(eq(impactReport.id, reportId));
  const [row] = lock ? await query.for('update', { of: impactReport }) : await query;
  if (!row) return null;
  const { sectorCode, sectorName, neighbourhoodName, snapshot, ...rest } = row;
  return {
    ...rest,
    areaLabel: areaText({ sectorCode, sectorName, neighbourhoodName }),
    snapshot: (snapshot as Indicators | null) ?? null,
  };
}

/** Whether the actor runs the programme's reports (writes drafts, publishes). */
export const managesReports = (actor: Actor | null, programmeId: number) =>
  actor !== null && can(actor, 'impact.manage', { programmeId });

/**
 * The report if the actor may read it: a published one for anyone (`actor` null: a visitor not signed in), a draft
 * for the coordinator of its programme only. Anything else is not found.
 */
export async function getReport({
  db,
  actor,
  reportId,
}: {
  db: DbOrTx;
  actor: Actor | null;
  reportId: number;
}): Promise<ReportRecord & { canManage: boolean }> {
  const report = await loadReport(db, reportId);
  if (!report) throw new NotFoundError('report');
  const canManage = managesReports(actor, report.programmeId);
  if (report.status !== 'published' && !canManage) throw new NotFoundError('report');
  return { ...report, canManage };
}
