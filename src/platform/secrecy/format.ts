// One way to write a statistical cell in French, for every renderer (page, chart's table, PDF, CSV, XLSX, open
// data): numbers as French readers write them, money in euros, a hidden cell as « < 11 » or « s ».
import type { Measure, StatColumn, StatRow } from './model.ts';
import { secretLabel } from './protect.ts';

const integer = new Intl.NumberFormat('fr-FR');
const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const money = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const wholeMoney = new Intl.NumberFormat('fr-FR', {
  style: 'currency',
  currency: 'EUR',
  maximumFractionDigits: 0,
});

/** A value of a measure as French people read it (money from cents; « 12,5 % »). */
export function measureText(measure: Measure, value: number, { wholeEuros = false } = {}): string {
  switch (measure) {
    case 'cents':
      return (wholeEuros ? wholeMoney : money).format(value / 100);
    case 'percent':
      return `${decimal.format(value)} %`;
    case 'score':
      return `${value > 0 ? '+' : ''}${decimal.format(value)}`;
    case 'hours':
    case 'days':
    case 'median':
      return decimal.format(value);
    default:
      return integer.format(value);
  }
}

/** The text of a cell: its value, « < 11 » / « s » when hidden, « — » when there is nothing to show. */
export function cellText(
  row: StatRow,
  column: StatColumn,
  threshold: number,
  options?: { wholeEuros?: boolean },
) {
  const secret = row.secret?.[column.key];
  if (secret) return secretLabel(secret, threshold);
  const value = row.values[column.key];
  return value === null || value === undefined ? '—' : measureText(column.measure, value, options);
}

/** A cell for a spreadsheet: the number itself (money in euros) so that it can be summed, or the secrecy mark. */
export function cellValue(row: StatRow, column: StatColumn, threshold: number): number | string | null {
  const secret = row.secret?.[column.key];
  if (secret) return secretLabel(secret, threshold);
  const value = row.values[column.key];
  if (value === null || value === undefined) return null;
  return column.measure === 'cents' ? value / 100 : value;
}

/** The legend every published table carries once. */
export const secrecyLegend = (threshold: number) =>
  `« < ${threshold} » : moins de ${threshold} personnes, le nombre n’est pas publié. « s » : nombre masqué (secret statistique), pour qu’on ne puisse pas retrouver par différence un nombre caché, ni la situation de tout un groupe.`;
