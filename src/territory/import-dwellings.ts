// Imports the landlord's stock export: all or nothing (or only the valid rows on request), idempotent.
import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../platform/audit/index.ts';
import { CsvFormatError, parseCsv } from '../platform/csv/index.ts';
import type { Db } from '../platform/db/index.ts';
import { type Actor, assertCan } from '../platform/permissions/index.ts';
import {
  crossCheckRows,
  type DwellingImportRow,
  missingColumns,
  type RowError,
  validateDwellingRow,
} from './dwelling-csv.ts';
import { refreshSectorCounts } from './refresh-sector-counts.ts';
import { sector } from './schema.ts';

export interface DwellingImportReport {
  rows: number;
  errors: RowError[];
  /** False when the file had errors and nothing was written. */
  imported: boolean;
  dwellings: { inserted: number; updated: number; unchanged: number };
  buildings: { inserted: number; updated: number };
}

const BATCH = 5000;

export async function importDwellings({
  db,
  actor,
  file,
  skipInvalid = false,
  onProgress,
}: {
  db: Db;
  actor: Actor;
  file: string | Buffer;
  skipInvalid?: boolean;
  onProgress?: (done: number, total: number) => void;
}): Promise<DwellingImportReport> {
  assertCan(actor, 'territory.write', { programmeId: actor.programmeId });
  const { headers, records } = parseCsv(file);
  const missing = missingColumns(headers);
  if (missing.length > 0) throw new CsvFormatError(`colonnes manquantes : ${missing.join(', ')}`);

  const sectors = await db
    .select({ id: sector.id, code: sector.code })
    .from(sector)
    .where(eq(sector.programmeId, actor.programmeId));
  const sectorIds = new Map(sectors.map((s) => [s.code, s.id]));

  const errors: RowError[] = [];
  let rows: DwellingImportRow[] = [];
  for (const record of records) {
    const result = validateDwellingRow(record.line, record.values);
    if ('errors' in result) errors.push(...result.errors);
    else if (!sectorIds.has(result.row.sectorCode)) {
      errors.push({
        line: record.line,
        message: `secteur « ${result.row.sectorCode} » inconnu dans ce programme`,
      });
    } else rows.push(result.row);
  }
  const crossErrors = crossCheckRows(rows);
  errors.push(...crossErrors);
  const badLines = new Set(crossErrors.map((e) => e.line));
  rows = rows.filter((row) => !badLines.has(row.line));
  errors.sort((a, b) => a.line - b.line);

  const report: DwellingImportReport = {
    rows: records.length,
    errors,
    imported: false,
    dwellings: { inserted: 0, updated: 0, unchanged: 0 },
    buildings: { inserted: 0, updated: 0 },
  };
  if ((errors.length > 0 && !skipInvalid) || rows.length === 0) return report;

  await db.transaction(async (tx) => {
    // Sectors whose counts change: those of the file, and those its buildings and dwellings leave.
    const touched = new Set(rows.map((r) => sectorIds.get(r.sectorCode)!));
    const previous = await tx.execute<{ sector_id: number }>(sql`
      select distinct sector_id from building where programme_id = ${actor.programmeId}
        and reference in (select value from jsonb_array_elements_text(${JSON.stringify([...new Set(rows.map((r) => r.buildingReference))])}::jsonb))
      union
      select distinct sector_id from dwelling where programme_id = ${actor.programmeId}
        and landlord_reference in (select value from jsonb_array_elements_text(${JSON.stringify(rows.map((r) => r.landlordReference))}::jsonb))`);
    for (const row of previous) touched.add(row.sector_id);
    const buildingRows = [...new Map(rows.map((r) => [r.buildingReference, r])).values()].map((r) => ({
      reference: r.buildingReference,
      address: r.address,
      postcode: r.postcode,
      insee_code: r.inseeCode,
      city: r.city,
      sector_id: sectorIds.get(r.sectorCode),
    }));
    for (let i = 0; i < buildingRows.length; i += BATCH) {
      const changed = await tx.execute<{ inserted: boolean }>(sql`
        insert into building (programme_id, sector_id, reference, address, postcode, insee_code, city)
        select ${actor.programmeId}, b.sector_id, b.reference, b.address, b.postcode, b.insee_code, b.city
        from jsonb_to_recordset(${JSON.stringify(buildingRows.slice(i, i + BATCH))}::jsonb)
          as b(reference text, address text, postcode text, insee_code text, city text, sector_id int)
        on conflict (programme_id, reference) do update set
          sector_id = excluded.sector_id, address = excluded.address, postcode = excluded.postcode,
          insee_code = excluded.insee_code, city = excluded.city
        where (building.sector_id, building.address, building.postcode, building.insee_code, building.city)
          is distinct from (excluded.sector_id, excluded.address, excluded.postcode, excluded.insee_code, excluded.city)
        returning (xmax = 0) as inserted`);
      for (const row of changed) report.buildings[row.inserted ? 'inserted' : 'updated']++;
    }

    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH).map((r) => ({
        reference: r.landlordReference,
        building: r.buildingReference,
        floor: r.floor,
        rooms: r.rooms,
        status: r.status,
      }));
      const changed = await tx.execute<{ inserted: boolean }>(sql`
        insert into dwelling (programme_id, building_id, sector_id, landlord_reference, floor, rooms, status)
        select ${actor.programmeId}, b.id, b.sector_id, d.reference, d.floor, d.rooms, d.status
        from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb)
          as d(reference text, building text, floor smallint, rooms smallint, status text)
        join building b on b.programme_id = ${actor.programmeId} and b.reference = d.building
        on conflict (programme_id, landlord_reference) do update set
          building_id = excluded.building_id, sector_id = excluded.sector_id, floor = excluded.floor,
          rooms = excluded.rooms, status = excluded.status
        where (dwelling.building_id, dwelling.floor, dwelling.rooms, dwelling.status)
          is distinct from (excluded.building_id, excluded.floor, excluded.rooms, excluded.status)
        returning (xmax = 0) as inserted`);
      for (const row of changed) report.dwellings[row.inserted ? 'inserted' : 'updated']++;
      onProgress?.(Math.min(i + BATCH, rows.length), rows.length);
    }
    report.dwellings.unchanged = rows.length - report.dwellings.inserted - report.dwellings.updated;
    await refreshSectorCounts(tx, actor.programmeId, [...touched]);
    report.imported = true;
    await recordAudit(tx, actor, {
      action: 'dwellings.imported',
      entityType: 'programme',
      entityId: actor.programmeId,
      details: {
        rows: report.rows,
        skipped: errors.length,
        dwellings: report.dwellings,
        buildings: report.buildings,
      },
    });
  });
  return report;
}
