// The reports (bilans) of the programme, latest period first: all of them for the coordinator, who writes them; the
// published ones for the other staff who read the figures.
import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import { type Actor, assertCanAtAll, can } from '../../platform/permissions/index.ts';
import { neighbourhood, sector } from '../../territory/index.ts';
import { impactReport } from '../schema.ts';
import type { ReportStatus } from './get-report.ts';
import { areaText } from './report-areas.ts';

export interface ReportListItem {
  id: number;
  title: string;
  periodFrom: string;
  periodTo: string;
  neighbourhoodId: number | null;
  sectorId: number | null;
  areaLabel: string;
  status: ReportStatus;
  publishedAt: Date | null;
  updatedAt: Date;
}

export async function listReports({ db, actor }: { db: DbOrTx; actor: Actor }): Promise<ReportListItem[]> {
  assertCanAtAll(actor, 'impact.read');
  const where: SQL[] = [eq(impactReport.programmeId, actor.programmeId)];
  if (!can(actor, 'impact.manage', { programmeId: actor.programmeId }))
    where.push(eq(impactReport.status, 'published'));
  const rows = await db
    .select({
      id: impactReport.id,
      title: impactReport.title,
      periodFrom: impactReport.periodFrom,
      periodTo: impactReport.periodTo,
      neighbourhoodId: impactReport.neighbourhoodId,
      sectorId: impactReport.sectorId,
      sectorCode: sector.code,
      sectorName: sector.name,
      neighbourhoodName: neighbourhood.name,
      status: impactReport.status,
      publishedAt: impactReport.publishedAt,
      updatedAt: impactReport.updatedAt,
    })
    .from(impactReport)
    .leftJoin(sector, eq(sector.id, impactReport.sectorId))
    .leftJoin(neighbourhood, eq(neighbourhood.id, impactReport.neighbourhoodId))
    .where(and(...where))
    .orderBy(desc(impactReport.periodTo), desc(impactReport.id))
    .limit(500);
  return rows.map(({ sectorCode, sectorName, neighbourhoodName, ...row }) => ({
    ...row,
    areaLabel: areaText({ sectorCode, sectorName, neighbourhoodName }),
  }));
}
