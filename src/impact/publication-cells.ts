// Reading a publication's tables and rows by their keys — the same lookup for the dashboard, the reports' sentences
// and the charts.
import type { StatRow, StatTable } from '../platform/secrecy/index.ts';
import type { Indicators } from './model.ts';

export const tableOf = (indicators: Indicators, id: string): StatTable | undefined =>
  indicators.publication.tables.find((t) => t.id === id);

/** A row by its key; `total` is the table's total row. */
export const rowOf = (table: StatTable | undefined, key: string): StatRow | undefined =>
  key === 'total' ? table?.total : table?.rows.find((r) => r.key === key);
