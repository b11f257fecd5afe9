// Statistical secrecy: the tables every figure output carries, and the one place they are protected (ADR 035).
export { attackPublication, type HiddenCellRange } from './attack.ts';
export {
  type CellProblem,
  type CellProtection,
  PUBLISHED,
  protectCells,
  SECONDARY,
  SMALL,
  type SumConstraint,
} from './core.ts';
export { cellText, cellValue, measureText, secrecyLegend } from './format.ts';
export { isAdditive } from './layout.ts';
export type {
  CellRef,
  Measure,
  Publication,
  RowGroup,
  RowPartition,
  Secret,
  StatColumn,
  StatRow,
  StatTable,
} from './model.ts';
export {
  defaultSecrecyThreshold,
  type ProtectionResult,
  protectPublication,
  protectPublicationWithStats,
  protectTable,
  type SecrecyOptions,
  secretLabel,
} from './protect.ts';
