// The attacker's linear programme: over every real point that satisfies the published equations and the bounds the
// attacker knows (hidden cells are non-negative, a cell shown « < 11 » is between 1 and 10), how low and how high can
// one hidden cell be? Solved with YALPS (a small synchronous simplex in TypeScript, see ADR 035).
import { type Coefficients, type Constraint, solve } from 'yalps';

export interface LinearSystem {
  /** Per variable, its lower bound (−Infinity allowed) and upper bound (Infinity allowed). */
  lo: ArrayLike<number>;
  hi: ArrayLike<number>;
  /** Equations Σ coefs[i]·x[vars[i]] = rhs. */
  rows: { vars: ArrayLike<number>; coefs: ArrayLike<number>; rhs: number }[];
}

export interface FeasibleRange {
  min: number;
  max: number;
  /** The optimal points found (the whole vector x), when bounded: each is a feasible point, a witness. */
  points: Float64Array[];
}

const options = { precision: 1e-9, includeZeroVariables: false } as const;

/**
 * The feasible interval of variable `target` (min and max over the LP relaxation). NaN bounds mean the solver did
 * not conclude (infeasible by rounding, or cycling): callers treat that as "not protected".
 */
export function feasibleRange(system: LinearSystem, target: number): FeasibleRange {
  const n = system.lo.length;
  // x = lo + y with y ≥ 0 when lo is finite; x = y⁺ − y⁻ otherwise.
  const shift = (j: number) => (Number.isFinite(system.lo[j]!) ? system.lo[j]! : 0);
  const split = (j: number) => !Number.isFinite(system.lo[j]!);
  const constraints: [string, Constraint][] = [];
  const coefficients = Array.from({ length: n }, () => [] as [string, number][]);
  system.rows.forEach((row, r) => {
    let rhs = row.rhs;
    for (let i = 0; i < row.vars.length; i++) {
      const j = row.vars[i]!;
      const c = row.coefs[i]!;
      rhs -= c * shift(j);
      coefficients[j]!.push([`e${r}`, c]);
    }
    constraints.push([`e${r}`, { equal: rhs }]);
  });
  for (let j = 0; j < n; j++) {
    const hi = system.hi[j]!;
    if (Number.isFinite(hi)) {
      constraints.push([`u${j}`, { max: hi - shift(j) }]);
      coefficients[j]!.push([`u${j}`, 1]);
    }
  }
  const run = (direction: 'maximize' | 'minimize') => {
    const variables: [string, Coefficients][] = [];
    for (let j = 0; j < n; j++) {
      const own = coefficients[j]!;
      const withObjective: [string, number][] = j === target ? [...own, ['objective', 1]] : own;
      variables.push([`p${j}`, withObjective]);
      if (split(j)) variables.push([`m${j}`, withObjective.map(([k, c]): [string, number] => [k, -c])]);
    }
    const solution = solve({ direction, objective: 'objective', constraints, variables }, options);
    if (solution.status === 'unbounded')
      return {
        value: direction === 'maximize' ? Infinity : -Infinity,
        point: undefined as Float64Array | undefined,
      };
    if (solution.status !== 'optimal') return { value: Number.NaN, point: undefined };
    const point = new Float64Array(n);
    for (let j = 0; j < n; j++) point[j] = shift(j);
    for (const [key, value] of solution.variables) {
      const j = Number(key.slice(1));
      point[j] = point[j]! + (key[0] === 'm' ? -value : value);
    }
    return { value: point[target]!, point };
  };
  const high = run('maximize');
  const low = run('minimize');
  return {
    min: low.value,
    max: high.value,
    points: [high.point, low.point].flatMap((p) => (p ? [p] : [])),
  };
}
