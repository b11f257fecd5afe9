// Advice rules: how a case moves on, and statistical secrecy on the counts the city and the landlord see.
import { defaultSecrecyThreshold, protectTable } from '../platform/secrecy/index.ts';
import type { AdviceStatus } from './schema.ts';

const transitions: Record<AdviceStatus, AdviceStatus[]> = {
  open: ['waiting_operator', 'resolved', 'closed_no_result'],
  waiting_operator: ['open', 'resolved', 'closed_no_result'],
  resolved: ['open'],
  closed_no_result: ['open'],
};

/** Open ⇄ waiting for the operator → resolved | closed without result; a closed case may be reopened. */
export const nextStatusAllowed = (from: AdviceStatus, to: AdviceStatus) => transitions[from].includes(to);

/** Fewer people than this in a published cell and the cell is hidden ("< 11"). */
export const secrecyThreshold = defaultSecrecyThreshold;

export type Cell = { key: string; count: number | null };

/**
 * Counts of cases by one key (topic, operator, outcome, month) under statistical secrecy, applied by the one
 * protection of `platform/secrecy`: counts of 1–10 hidden, and another one with them so that none can be recomputed
 * from the total. Stricter here: a total under the threshold hides the whole table — no row at all, since even which
 * topics (or operators, months) have a case would say something about the few people counted.
 */
export function suppress(cells: { key: string; count: number }[], threshold = secrecyThreshold) {
  const total = cells.reduce((n, c) => n + c.count, 0);
  if (total > 0 && total < threshold) return { cells: [] as Cell[], total: null };
  const table = protectTable(
    {
      id: 'cases',
      title: 'Dossiers',
      rowHeader: 'Clé',
      columns: [{ key: 'count', label: 'Dossiers', measure: 'people' }],
      rows: cells.map((c) => ({ key: c.key, label: c.key, values: { count: c.count } })),
      total: { key: 'total', label: 'Ensemble', values: { count: total } },
    },
    { threshold },
  );
  return {
    cells: table.rows.map((r): Cell => ({ key: r.key, count: r.values.count ?? null })),
    total: table.total?.values.count ?? null,
  };
}
