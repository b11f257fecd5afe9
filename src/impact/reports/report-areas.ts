// The areas a report can be about — the whole programme, one neighbourhood, one sector — with their French names.
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import { neighbourhood, sector } from '../../territory/index.ts';

export interface ReportArea {
  neighbourhoodId: number | null;
  sectorId: number | null;
}

export interface AreaChoices {
  neighbourhoods: { id: number; name: string }[];
  sectors: { id: number; code: string; name: string; neighbourhoodName: string }[];
}

/** Every neighbourhood and sector of the programme, for the area select. */
export async function reportAreaChoices(db: DbOrTx, programmeId: number): Promise<AreaChoices> {
  const [neighbourhoods, sectors] = await Promise.all([
    db
      .select({ id: neighbourhood.id, name: neighbourhood.name })
      .from(neighbourhood)
      .where(eq(neighbourhood.programmeId, programmeId))
      .orderBy(asc(neighbourhood.name)),
    db
      .select({ id: sector.id, code: sector.code, name: sector.name, neighbourhoodName: neighbourhood.name })
      .from(sector)
      .innerJoin(neighbourhood, eq(neighbourhood.id, sector.neighbourhoodId))
      .where(eq(sector.programmeId, programmeId))
      .orderBy(asc(sector.code)),
  ]);
  return { neighbourhoods, sectors };
}

/** Whether the neighbourhood or sector named belongs to the programme (the programme itself always does). */
export async function areaBelongs(db: DbOrTx, programmeId: number, area: ReportArea): Promise<boolean> {
  if (area.sectorId) {
    const [row] = await db
      .select({ id: sector.id })
      .from(sector)
      .where(and(eq(sector.id, area.sectorId), eq(sector.programmeId, programmeId)));
    if (!row) return false;
  }
  if (area.neighbourhoodId) {
    const [row] = await db
      .select({ id: neighbourhood.id })
      .from(neighbourhood)
      .where(and(eq(neighbourhood.id, area.neighbourhoodId), eq(neighbourhood.programmeId, programmeId)));
    if (!row) return false;
  }
  return true;
}

/** « Tout le programme », « Quartier Kerourien », « Secteur KER — Kerourien ». */
export function areaText(area: {
  sectorCode?: string | null;
  sectorName?: string | null;
  neighbourhoodName?: string | null;
}): string {
  if (area.sectorCode) return `Secteur ${area.sectorCode} — ${area.sectorName ?? ''}`.trim();
  if (area.neighbourhoodName) return `Quartier ${area.neighbourhoodName}`;
  return 'Tout le programme';
}
