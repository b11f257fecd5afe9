// The attacker, for checks: from a protected publication alone (its published numbers, its sums and links, that
// hidden cells are non-negative and that « < 11 » means 1 to 10), how far can each hidden cell be pinned down?
// Exact LP bounds for every hidden cell, computed independently of the protection's own audit (two LPs per hidden
// cell: meant for checks and tests, not for national publications).

import { layoutOf, rowsOf } from './layout.ts';
import { feasibleRange } from './lp.ts';
import type { Publication, Secret } from './model.ts';
import { defaultSecrecyThreshold, type SecrecyOptions } from './protect.ts';

export interface HiddenCellRange {
  table: string;
  row: string;
  column: string;
  secret: Secret;
  /** What an attacker can infer: the value lies in [min, max] (±Infinity when unbounded). */
  min: number;
  max: number;
}

export function attackPublication(
  published: Publication,
  { threshold = defaultSecrecyThreshold }: SecrecyOptions = {},
): HiddenCellRange[] {
  const layout = layoutOf(published, 'published');
  const cells = layout.cells;
  const n = cells.values.length;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const rootIn = (forest: Int32Array, i: number): number => {
    while (forest[i] !== i) {
      forest[i] = forest[forest[i]!]!;
      i = forest[i]!;
    }
    return i;
  };
  const find = (i: number) => rootIn(parent, i);
  for (let p = 0; p < cells.equal.length; p += 2) parent[find(cells.equal[p]!)] = find(cells.equal[p + 1]!);
  // Per variable (a set of linked cells): known value, or bounds.
  const known = new Float64Array(n).fill(Number.NaN);
  const lo = new Float64Array(n).fill(0);
  const hi = new Float64Array(n).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const v = find(i);
    if (!layout.hidden[i]) known[v] = cells.values[i]!;
    else if (layout.hidden[i] === 1) {
      lo[v] = Math.max(lo[v]!, 1);
      hi[v] = Math.min(hi[v]!, threshold - 1);
    }
  }
  const unknown = (v: number) => Number.isNaN(known[v]!);
  const sums: { vars: number[]; coefs: number[]; rhs: number }[] = [];
  for (let k = 0; k + 1 < cells.sumStart.length; k++) {
    const terms = new Map<number, number>();
    for (let e = cells.sumStart[k]!; e < cells.sumStart[k + 1]!; e++) {
      const v = find(cells.sumCell[e]!);
      terms.set(v, (terms.get(v) ?? 0) + cells.sumCoef[e]!);
    }
    let rhs = 0;
    const vars: number[] = [];
    const coefs: number[] = [];
    for (const [v, c] of terms) {
      if (c === 0) continue;
      if (unknown(v)) {
        vars.push(v);
        coefs.push(c);
      } else rhs -= c * known[v]!;
    }
    sums.push({ vars, coefs, rhs });
  }

  // Components of sums through unknown variables, each solved on its own.
  const group = Int32Array.from({ length: n }, (_, i) => i);
  const root = (i: number) => rootIn(group, i);
  for (const s of sums) for (const v of s.vars) group[root(v)] = root(s.vars[0]!);
  const byComponent = new Map<number, typeof sums>();
  for (const s of sums) {
    if (s.vars.length === 0) continue;
    const c = root(s.vars[0]!);
    const list = byComponent.get(c);
    if (list) list.push(s);
    else byComponent.set(c, [s]);
  }
  const rangeOf = new Map<number, [number, number]>();
  for (const component of byComponent.values()) {
    const vars = [...new Set(component.flatMap((s) => s.vars))];
    const local = new Map(vars.map((v, i) => [v, i]));
    const rows = component.map((s) => ({
      vars: s.vars.map((v) => local.get(v)!),
      coefs: s.coefs,
      rhs: s.rhs,
    }));
    const system = { lo: vars.map((v) => lo[v]!), hi: vars.map((v) => hi[v]!), rows };
    vars.forEach((v, i) => {
      const { min, max } = feasibleRange(system, i);
      rangeOf.set(v, [min, max]);
    });
  }
  const range = (cell: number): [number, number] => {
    const v = find(cell);
    if (!unknown(v)) return [known[v]!, known[v]!];
    return rangeOf.get(v) ?? [lo[v]!, hi[v]!];
  };

  const out: HiddenCellRange[] = [];
  published.tables.forEach((table, t) => {
    const grid = layout.grids[t]!;
    const width = table.columns.length;
    rowsOf(table).forEach((row, r) => {
      table.columns.forEach((column, c) => {
        const secret = row.secret?.[column.key];
        if (!secret) return;
        const cell = grid[r * width + c]!;
        let [min, max] = range(cell);
        const of = column.of;
        if (of && 'numerator' in of) {
          // A percent: as far as its numerator and denominator go.
          const cellAt = (key: string) =>
            grid[r * width + table.columns.findIndex((x) => x.key === key)] ?? -1;
          const num = cellAt(of.numerator);
          const den = cellAt(of.denominator);
          if (num >= 0 && den >= 0) {
            const [n0, n1] = range(num);
            const [d0, d1] = range(den);
            min = d1 === Infinity ? 0 : (100 * n0) / d1;
            max = d0 <= 0 ? Infinity : (100 * n1) / d0;
          } else [min, max] = [-Infinity, Infinity];
        } else if (
          of &&
          column.measure !== 'cents' &&
          column.measure !== 'hours' &&
          column.measure !== 'days'
        ) {
          [min, max] = [-Infinity, Infinity];
        }
        out.push({ table: table.id, row: row.key, column: column.key, secret, min, max });
      });
    });
  });
  return out;
}
