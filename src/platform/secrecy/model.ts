// Statistical tables as every output of Palier's figures carries them (dashboard, report, exports, API, open data),
// and what statistical secrecy does to them. One shape, so that secrecy is enforced in one place (`protect.ts`) and
// every renderer (HTML, chart, CSV, XLSX, PDF, JSON) shows a hidden cell the same way.

/**
 * What a column measures. `people` columns count persons or households: they are subject to the threshold. `count`
 * counts things that are not people (sectors, dwellings, sessions); `cents`, `hours` and `days` add up; `percent`
 * and `median` are derived from people columns (see `StatColumn.of`).
 */
export type Measure = 'people' | 'count' | 'cents' | 'hours' | 'days' | 'percent' | 'median' | 'score';

export interface StatColumn {
  key: string;
  /** French header, as people read it. */
  label: string;
  measure: Measure;
  /**
   * For a derived column (`percent`, `median`, `score`, or `cents` / `hours` summed over people, such as money
   * recovered for households): the people column it is computed from. A `percent` is `numerator / denominator`; a
   * median or a sum is over the people counted in `basis`. When the people behind it are hidden, so is the derived
   * cell; a percent of 0 or 100 that reveals a whole group is hidden.
   */
  of?: { numerator: string; denominator: string } | { basis: string };
  /** Whether this column's rows add up to the `total` row (people, counts, cents, hours). Defaults to true for
   * people/count/cents/hours/days, false for derived columns. A funnel's rows (nested steps) do not add up. */
  additive?: boolean;
}

export interface StatRow {
  key: string;
  label: string;
  /** A value per column key; null: not applicable or not known. Money in integer cents. */
  values: Record<string, number | null>;
  /** Set only on protected tables: cells hidden by statistical secrecy (their value is null). */
  secret?: Record<string, Secret>;
}

/**
 * Why a cell is hidden: `small` — it counts 1 to threshold−1 people (shown "< 11"); `secondary` — hidden so that a
 * small cell cannot be recomputed by difference, or because it would reveal a whole group (shown "s"). In rare
 * cases a small cell is marked `secondary` too, when "< 11" together with the sums around it would pin it (ADR 035).
 */
export type Secret = 'small' | 'secondary';

/**
 * Within a row, parts that add up exactly to another column of the same row (e.g. on minimum benefits: yes + no +
 * not given = participants). `exhaustive` parts describe everyone in the total: a part equal to a non-zero total (a
 * 100 %, hence 0 % elsewhere) reveals the whole group and is hidden.
 */
export interface RowPartition {
  total: string;
  parts: string[];
  exhaustive: boolean;
}

/** Rows (`rows`, by key) whose additive columns add up to the row `total` (a key) of the same table. */
export interface RowGroup {
  total: string;
  rows: string[];
}

export interface StatTable {
  /** Stable identifier (used for exports' file names, anchors, and cross-table links). */
  id: string;
  title: string;
  /** Header of the first column (what a row is: « Secteur », « Mois », « Étape »…). */
  rowHeader: string;
  columns: StatColumn[];
  rows: StatRow[];
  /** The row of totals, when published: additive columns are the sum of the rows. */
  total?: StatRow;
  partitions?: RowPartition[];
  /**
   * Rows that add up to another row of the same table, in every additive column (a sector's « toutes années » row is
   * the sum of its years, when all sectors share one table). With groups, the `total` row is the sum of the rows that
   * are no group's member (the group rows themselves and the rows outside any group).
   */
  groups?: RowGroup[];
  /** A sentence under the table (source, period, how to read it). */
  note?: string;
}

/** A cell of a table, to link the same number published in two tables (it must be hidden in both or neither). */
export interface CellRef {
  table: string;
  /** A row key, or `total` for the total row. */
  row: string;
  column: string;
}

/**
 * Tables published together, and the equalities between their cells (the participants of a profile table are the
 * funnel's « inscrits »; a year's total row is the sum of its months'). Secrecy is applied to the whole publication.
 */
export interface Publication {
  tables: StatTable[];
  links?: [CellRef, CellRef][];
}
