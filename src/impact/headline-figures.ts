// The dashboard's key figures, each read from one cell of a published table: a hidden cell stays hidden (« < 11 »,
// « s »), a table or a cell missing reads « — ».
import { cellText } from '../platform/secrecy/index.ts';
import type { Indicators } from './model.ts';
import { rowOf, tableOf } from './publication-cells.ts';

export interface HeadlineFigure {
  /** The table the figure comes from, to link to its detail. */
  tableId: string;
  /** As people read it: « 12,4 % », « 1 234 », « 5 600 € », « < 11 ». */
  value: string;
  label: string;
}

const plan: { tableId: string; row: string; column: string; label: (i: Indicators) => string }[] = [
  {
    tableId: 'sectors',
    row: 'total',
    column: 'takeUp',
    label: (i) => `des foyers des secteurs ouverts ont adhéré (référence : ${i.takeUpReferencePercent} %)`,
  },
  { tableId: 'funnel', row: 'signedUp', column: 'households', label: () => 'foyers inscrits' },
  { tableId: 'funnel', row: 'connected', column: 'households', label: () => 'foyers raccordés' },
  {
    tableId: 'funnel',
    row: 'equipped',
    column: 'households',
    label: () => 'foyers équipés d’un ordinateur',
  },
  { tableId: 'series', row: 'total', column: 'hours', label: () => 'heures d’atelier dans la période' },
  {
    tableId: 'certificates',
    row: 'total',
    column: 'issued',
    label: () => 'certificats délivrés dans la période',
  },
  {
    tableId: 'advice',
    row: 'total',
    column: 'recovered',
    label: () => 'récupérés par le conseil juridique',
  },
];

/** The key figures of a publication, in the order they are shown (money in whole euros). */
export function headlineFigures(indicators: Indicators): HeadlineFigure[] {
  return plan.map(({ tableId, row: rowKey, column: columnKey, label }) => {
    const table = tableOf(indicators, tableId);
    const row = rowOf(table, rowKey);
    const column = table?.columns.find((c) => c.key === columnKey);
    return {
      tableId,
      value: row && column ? cellText(row, column, indicators.threshold, { wholeEuros: true }) : '—',
      label: label(indicators),
    };
  });
}
