// Advice rules: how a case moves on, and statistical secrecy on the counts the city and the landlord see.
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
export const secrecyThreshold = 11;

export type Cell = { key: string; count: number | null };

/**
 * Hides counts of 1–10 people (primary suppression). When exactly one cell is hidden and the total is shown, the
 * hidden cell could be recomputed from the total: the smallest other non-zero cell is hidden too (secondary
 * suppression). A total under the threshold hides the whole table: no row at all, since even which topics (or
 * operators, months) have a case would say something about the few people counted.
 */
export function suppress(cells: { key: string; count: number }[], threshold = secrecyThreshold) {
  const total = cells.reduce((n, c) => n + c.count, 0);
  if (total > 0 && total < threshold) return { cells: [] as Cell[], total: null };
  const hidden = new Set(cells.filter((c) => c.count > 0 && c.count < threshold).map((c) => c.key));
  if (hidden.size === 1) {
    const next = cells
      .filter((c) => c.count > 0 && !hidden.has(c.key))
      .sort((a, b) => a.count - b.count || a.key.localeCompare(b.key))[0];
    if (next) hidden.add(next.key);
  }
  return {
    cells: cells.map((c): Cell => ({ key: c.key, count: hidden.has(c.key) ? null : c.count })),
    total: total as number | null,
  };
}
