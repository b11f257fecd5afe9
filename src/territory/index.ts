// Territory: neighbourhoods → sectors → buildings → dwellings, and the landlord's stock import.
export { createNeighbourhood } from './create-neighbourhood.ts';
export { createSector } from './create-sector.ts';
export type { RowError } from './dwelling-csv.ts';
export { dwellingCsvColumns } from './dwelling-csv.ts';
export { dwellingResource } from './dwelling-resource.ts';
export { type DwellingRow, dwellingStatuses } from './dwelling-row.ts';
export { getBuilding } from './get-building.ts';
export { getDwelling } from './get-dwelling.ts';
export { type DwellingImportReport, importDwellings } from './import-dwellings.ts';
export { listBuildings } from './list-buildings.ts';
export { type DwellingPage, listDwellings } from './list-dwellings.ts';
export { listNeighbourhoods } from './list-neighbourhoods.ts';
export { listSectors, type SectorSummary } from './list-sectors.ts';
export { refreshSectorCounts } from './refresh-sector-counts.ts';
export { building, dwelling, neighbourhood, sector, sectorPartner, sectorStageEvent } from './schema.ts';
export { searchDwellings } from './search-dwellings.ts';
export { setSectorStage } from './set-sector-stage.ts';
export {
  InseeCode,
  NewNeighbourhood,
  NewSector,
  QpvCode,
  type RolloutStage,
  rolloutStages,
  type StageSource,
  stageSources,
} from './values.ts';
