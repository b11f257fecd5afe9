// Property: on random small tables (with or without totals, partitions, a linked second table and a percent), after
// protection no published cell counts 1 to threshold − 1 people, published numbers are the raw ones, and an attacker
// written here — its own equations from the raw tables' structure, solved with the LP solver directly, not with the
// module's audit — cannot pin any hidden cell: its feasible interval is at least 1 wide.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solve } from 'yalps';
import {
  type Publication,
  protectPublication,
  type StatColumn,
  type StatRow,
  type StatTable,
} from './index.ts';

const count = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 10 }) },
  { weight: 3, arbitrary: fc.integer({ min: 11, max: 40 }) },
);

const scenario = fc.record({
  threshold: fc.constantFrom(3, 5, 11),
  // First table: rows × parts columns; optional total row and optional partition `all = Σ parts`.
  cells: fc.integer({ min: 1, max: 6 }).chain((rows) =>
    fc.integer({ min: 1, max: 5 }).chain((columns) =>
      fc.array(fc.array(count, { minLength: columns, maxLength: columns }), {
        minLength: rows,
        maxLength: rows,
      }),
    ),
  ),
  total: fc.boolean(),
  partition: fc.constantFrom('none', 'exhaustive', 'partial'),
  // Second table, linked row by row to the first one's first column: `n = x + y` and the percent x / n.
  linked: fc.boolean(),
  linkedTotal: fc.boolean(),
  splits: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 7, maxLength: 7 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

const people = (key: string): StatColumn => ({ key, label: key, measure: 'people' });
const sumRow = (columns: string[], rows: StatRow[]): StatRow => ({
  key: 'total',
  label: 'Ensemble',
  values: Object.fromEntries(columns.map((c) => [c, rows.reduce((n, r) => n + (r.values[c] ?? 0), 0)])),
});

function publicationOf(s: Scenario): Publication {
  const partKeys = s.cells[0]!.map((_, j) => `p${j}`);
  const withAll = s.partition !== 'none';
  const rows: StatRow[] = s.cells.map((values, i) => ({
    key: `r${i}`,
    label: `r${i}`,
    values: {
      ...Object.fromEntries(values.map((v, j) => [`p${j}`, v])),
      ...(withAll ? { all: values.reduce((a, b) => a + b, 0) } : {}),
    },
  }));
  const keys = [...(withAll ? ['all'] : []), ...partKeys];
  const first: StatTable = {
    id: 'first',
    title: 'first',
    rowHeader: 'Ligne',
    columns: keys.map(people),
    rows,
    total: s.total ? sumRow(keys, rows) : undefined,
    partitions: withAll
      ? [{ total: 'all', parts: partKeys, exhaustive: s.partition === 'exhaustive' }]
      : undefined,
  };
  if (!s.linked) return { tables: [first] };
  const base = keys[0]!;
  const rows2: StatRow[] = rows.map((r, i) => {
    const n = r.values[base]!;
    const x = Math.round(n * s.splits[i]!);
    return { key: r.key, label: r.label, values: { n, x, y: n - x } };
  });
  const withTotal = s.linkedTotal && s.total;
  const total2 = withTotal ? sumRow(['n', 'x', 'y'], rows2) : undefined;
  const withShare = (r: StatRow): StatRow => ({
    ...r,
    values: { ...r.values, share: r.values.n ? (100 * r.values.x!) / r.values.n : null },
  });
  const second: StatTable = {
    id: 'second',
    title: 'second',
    rowHeader: 'Ligne',
    columns: [
      people('n'),
      people('x'),
      people('y'),
      { key: 'share', label: 'share', measure: 'percent', of: { numerator: 'x', denominator: 'n' } },
    ],
    rows: rows2.map(withShare),
    total: total2 && withShare(total2),
    partitions: [{ total: 'n', parts: ['x', 'y'], exhaustive: true }],
  };
  const links: Publication['links'] = [...rows.map((r) => r.key), ...(withTotal ? ['total'] : [])].map(
    (row) => [
      { table: 'first', row, column: base },
      { table: 'second', row, column: 'n' },
    ],
  );
  return { tables: [first, second], links };
}

/** The attacker: one LP variable per hidden cell, the published numbers as constants. */
function attackerIntervals(raw: Publication, published: Publication, threshold: number) {
  type Ref = string;
  const ref = (t: string, r: string, c: string): Ref => `${t}|${r}|${c}`;
  const cells = new Map<Ref, { value: number | null; secret?: 'small' | 'secondary' }>();
  const equations: { terms: [Ref, number][] }[] = [];
  for (const t of published.tables) {
    const rawTable = raw.tables.find((x) => x.id === t.id)!;
    const all = [...t.rows, ...(t.total ? [t.total] : [])];
    for (const row of all)
      for (const c of t.columns)
        cells.set(ref(t.id, row.key, c.key), {
          value: row.values[c.key] ?? null,
          secret: row.secret?.[c.key],
        });
    // Columns of people add up to the total row.
    if (t.total)
      for (const c of t.columns.filter((x) => x.measure === 'people'))
        equations.push({
          terms: [
            ...t.rows.map((r): [Ref, number] => [ref(t.id, r.key, c.key), 1]),
            [ref(t.id, 'total', c.key), -1],
          ],
        });
    for (const p of rawTable.partitions ?? [])
      for (const row of all)
        equations.push({
          terms: [
            ...p.parts.map((k): [Ref, number] => [ref(t.id, row.key, k), 1]),
            [ref(t.id, row.key, p.total), -1],
          ],
        });
  }
  for (const [a, b] of raw.links ?? [])
    equations.push({
      terms: [
        [ref(a.table, a.row, a.column), 1],
        [ref(b.table, b.row, b.column), -1],
      ],
    });

  const hidden = [...cells].filter(([, c]) => c.secret).map(([r]) => r);
  const inSome = new Set(equations.flatMap((e) => e.terms.map(([r]) => r)));
  const constraints = new Map<string, { equal?: number; min?: number; max?: number }>();
  const coefficients = new Map<Ref, [string, number][]>(hidden.map((r) => [r, []]));
  equations.forEach((e, i) => {
    let rhs = 0;
    for (const [r, c] of e.terms) {
      const cell = cells.get(r)!;
      if (cell.secret) coefficients.get(r)!.push([`e${i}`, c]);
      else rhs -= c * (cell.value ?? 0);
    }
    constraints.set(`e${i}`, { equal: rhs });
  });
  hidden.forEach((r, i) => {
    if (cells.get(r)!.secret === 'small') {
      constraints.set(`b${i}`, { min: 1, max: threshold - 1 });
      coefficients.get(r)!.push([`b${i}`, 1]);
    }
  });
  return hidden
    .filter((r) => inSome.has(r))
    .map((target) => {
      const bound = (direction: 'maximize' | 'minimize') => {
        const variables = hidden.map((r): [string, [string, number][]] => [
          r,
          r === target ? [...coefficients.get(r)!, ['objective', 1]] : coefficients.get(r)!,
        ]);
        const solution = solve({ direction, objective: 'objective', constraints, variables });
        if (solution.status === 'unbounded') return direction === 'maximize' ? Infinity : -Infinity;
        expect(solution.status).toBe('optimal');
        return solution.result;
      };
      return { cell: target, min: bound('minimize'), max: bound('maximize') };
    });
}

describe('statistical secrecy, on random tables', () => {
  it('publishes no small count, only raw numbers, and leaves every hidden cell at least 1 wide', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const raw = publicationOf(s);
        const published = protectPublication(raw, { threshold: s.threshold });
        for (const [ti, t] of published.tables.entries()) {
          const rawTable = raw.tables[ti]!;
          const rows = [...t.rows, ...(t.total ? [t.total] : [])];
          const rawRows = [...rawTable.rows, ...(rawTable.total ? [rawTable.total] : [])];
          rows.forEach((row, i) => {
            for (const c of t.columns) {
              const v = row.values[c.key];
              if (row.secret?.[c.key]) {
                expect(v).toBeNull();
                continue;
              }
              // (c) published numbers are the raw ones; (a) none counts 1 to threshold − 1 people.
              expect(v).toBe(rawRows[i]!.values[c.key] ?? null);
              if (c.measure === 'people' && v !== null && v !== undefined)
                expect(v === 0 || v >= s.threshold).toBe(true);
              // A percent is published only with both its numbers, and never 0 % or 100 % of a group.
              if (c.of && 'numerator' in c.of && v !== null && v !== undefined) {
                expect(row.secret?.[c.of.numerator] ?? row.secret?.[c.of.denominator]).toBeUndefined();
                expect(v > 0 && v < 100).toBe(true);
              }
            }
          });
        }
        // (b) the attacker cannot pin a hidden cell.
        for (const { cell, min, max } of attackerIntervals(raw, published, s.threshold))
          expect(max - min, `${cell} in ${JSON.stringify(s)}`).toBeGreaterThanOrEqual(1 - 1e-6);
      }),
      {
        numRuns: Number(process.env.RUNS ?? 500),
        seed: process.env.SEED ? Number(process.env.SEED) : 20_271_010,
      },
    );
  });
});
