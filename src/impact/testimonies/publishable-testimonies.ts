import { and, desc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import { intArray } from '../../platform/sql/index.ts';
import { testimony } from '../schema.ts';
import { attributionText } from './values.ts';

export interface PublishableTestimony {
  id: number;
  quote: string;
  /** « Aïcha » or « Anonyme », as the person chose. */
  attributionText: string;
  context: string | null;
  sectorId: number | null;
  consentOn: string;
}

/**
 * The testimonies a report may quote (never a withdrawn one), for a programme, optionally the sectors of an area and
 * consents given up to a day. No permission check: the report's own use case checks who is publishing.
 */
export async function loadPublishableTestimonies(
  db: DbOrTx,
  { programmeId, sectorIds, to }: { programmeId: number; sectorIds?: number[]; to?: string },
): Promise<PublishableTestimony[]> {
  const where: SQL[] = [eq(testimony.programmeId, programmeId), isNull(testimony.withdrawnOn)];
  if (sectorIds) where.push(sql`${testimony.sectorId} = any(${intArray(sectorIds)})`);
  if (to) where.push(sql`${testimony.consentOn} <= ${to}::date`);
  const rows = await db
    .select({
      id: testimony.id,
      quote: testimony.quote,
      attribution: testimony.attribution,
      firstName: testimony.firstName,
      context: testimony.context,
      sectorId: testimony.sectorId,
      consentOn: testimony.consentOn,
    })
    .from(testimony)
    .where(and(...where))
    .orderBy(desc(testimony.consentOn), desc(testimony.id));
  return rows.map((r) => ({
    id: r.id,
    quote: r.quote ?? '',
    attributionText: attributionText(r),
    context: r.context,
    sectorId: r.sectorId,
    consentOn: r.consentOn,
  }));
}
