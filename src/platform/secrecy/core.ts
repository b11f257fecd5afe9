// Statistical secrecy on plain cells and sums, whatever tables they came from: primary suppression (cells of 1 to
// threshold − 1 people), secondary suppression (a sum never has exactly one hidden member), the 0 % / 100 % rule on
// exhaustive partitions, and an audit: every hidden cell keeps, for an attacker who knows every published number and
// every sum, a feasible interval at least 1 wide. See ADR 035.
import { feasibleRange } from './lp.ts';

/** Per cell: published, hidden as small (1 to threshold − 1 people), or hidden as secondary. */
export const PUBLISHED = 0;
export const SMALL = 1;
export const SECONDARY = 2;

/** `total = Σ parts`. `exhaustive`: the parts describe everyone in the total (a part equal to it reveals a group). */
export interface SumConstraint {
  total: number;
  parts: readonly number[];
  exhaustive?: boolean;
}

/** Cells and what ties them, as plain objects (cells are numbered 0 … values.length − 1). */
export interface CellProblem {
  /** The raw value of each cell (people, counts, money…). */
  values: ArrayLike<number>;
  /** Whether each cell counts people (subject to the threshold). */
  people: ArrayLike<boolean | number>;
  sums: readonly SumConstraint[];
  /** Cells that publish the same number (in two tables): hidden in both or neither. */
  equal?: readonly (readonly [number, number])[];
  /** `[from, to]`: when `from` is hidden, so is `to` (a percent, a median or a sum over the people of `from`). */
  follows?: readonly (readonly [number, number])[];
  /** Cells hidden whatever happens (a 0 % or 100 % that would reveal a group, and its numerator). */
  forced?: readonly number[];
}

/** The same, compiled into typed arrays (sums as a sparse matrix: parts +1, total −1). */
export interface CompiledCells {
  values: Float64Array;
  people: Uint8Array;
  sumStart: Int32Array;
  sumCell: Int32Array;
  sumCoef: Int8Array;
  exhaustive: Uint8Array;
  /** Pairs, flattened. */
  equal: Int32Array;
  follows: Int32Array;
  forced: Int32Array;
  /** Set when no sum names a cell twice (then the sums are used as they are). */
  distinct?: boolean;
}

export interface CellProtection {
  /** Per cell: PUBLISHED, SMALL or SECONDARY. */
  secret: Uint8Array;
  /** Hidden cells that stay pinned even with everything around them hidden (expected empty). */
  unprotected: number[];
  stats: {
    hidden: number;
    /** Small cells shown as secondary (« s »), because « < 11 » alone would pin them. */
    relabelled: number;
    rounds: number;
    components: number;
    witnesses: number;
    lpSolves: number;
  };
}

/** Search nodes per witness attempt (a search that runs out counts as "no witness": more is hidden). */
const witnessBudget = 60;
/** Sweeps of bound propagation over a component of several sums. */
const propagationSweeps = 2;
/** Components with more hidden cells than this are not given to the exact LP. */
const lpLimit = 400;
const eps = 1e-9;
const tolerance = 1e-7;

export function assertThreshold(threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < 3)
    throw new RangeError(`secrecy: the threshold must be an integer of at least 3 (got ${threshold})`);
}

function grown<T extends Int32Array | Int8Array | Uint8Array | Float64Array>(array: T, need: number): T {
  if (need <= array.length) return array;
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(need, array.length * 2));
  bigger.set(array);
  return bigger;
}

/** Builds a compiled problem without an object per sum (the open-data export has millions of cells); `capacity`:
 * the expected number of cells. */
export function cellsBuilder(capacity = 1024) {
  let values = new Float64Array(Math.max(1, capacity));
  let people = new Uint8Array(Math.max(1, capacity));
  let cells = 0;
  let sumStart = new Int32Array(256);
  let exhaustive = new Uint8Array(256);
  let sums = 0;
  let sumCell = new Int32Array(1024);
  let sumCoef = new Int8Array(1024);
  let members = 0;
  const list = () => ({ data: new Int32Array(256), length: 0 });
  const equal = list();
  const follows = list();
  const forced = list();
  const push = (to: { data: Int32Array; length: number }, x: number) => {
    if (to.length === to.data.length) to.data = grown(to.data, to.length + 1);
    to.data[to.length++] = x;
  };
  const member = (cell: number, coef: number) => {
    if (members === sumCell.length) {
      sumCell = grown(sumCell, members + 1);
      sumCoef = grown(sumCoef, members + 1);
    }
    sumCell[members] = cell;
    sumCoef[members++] = coef;
  };
  return {
    /** A new cell; returns its number. */
    cell(value: number, isPeople: boolean): number {
      if (cells === values.length) {
        values = grown(values, cells + 1);
        people = grown(people, cells + 1);
      }
      values[cells] = value;
      people[cells] = isPeople ? 1 : 0;
      return cells++;
    },
    /** `total = Σ parts[0 … count − 1]`. */
    sum(total: number, parts: ArrayLike<number>, count: number, isExhaustive: boolean) {
      if (sums + 1 >= sumStart.length) {
        sumStart = grown(sumStart, sums + 2);
        exhaustive = grown(exhaustive, sums + 2);
      }
      sumStart[sums] = members;
      exhaustive[sums++] = isExhaustive ? 1 : 0;
      member(total, -1);
      for (let i = 0; i < count; i++) member(parts[i]!, 1);
    },
    equal(a: number, b: number) {
      push(equal, a);
      push(equal, b);
    },
    follow(from: number, to: number) {
      push(follows, from);
      push(follows, to);
    },
    force(cell: number) {
      push(forced, cell);
    },
    get cells() {
      return cells;
    },
    get sums() {
      return sums;
    },
    /** `distinct`: the caller knows that no sum names a cell twice. */
    build({ distinct = false } = {}): CompiledCells {
      sumStart[sums] = members;
      return {
        distinct,
        values: values.subarray(0, cells),
        people: people.subarray(0, cells),
        sumStart: sumStart.subarray(0, sums + 1),
        sumCell: sumCell.subarray(0, members),
        sumCoef: sumCoef.subarray(0, members),
        exhaustive: exhaustive.subarray(0, sums),
        equal: equal.data.subarray(0, equal.length),
        follows: follows.data.subarray(0, follows.length),
        forced: forced.data.subarray(0, forced.length),
      };
    },
  };
}

export function compileCells(problem: CellProblem): CompiledCells {
  const b = cellsBuilder();
  for (let i = 0; i < problem.values.length; i++) b.cell(problem.values[i]!, Boolean(problem.people[i]));
  for (const s of problem.sums) b.sum(s.total, s.parts, s.parts.length, s.exhaustive ?? false);
  for (const [x, y] of problem.equal ?? []) b.equal(x, y);
  for (const [x, y] of problem.follows ?? []) b.follow(x, y);
  for (const f of problem.forced ?? []) b.force(f);
  return b.build();
}

/**
 * Which cells to hide. Deterministic: the same problem gives the same answer. Linked cells share one fate; derived
 * cells follow their basis; sums get their secondary cells; then the audit hides more until every hidden cell is
 * proven to keep a feasible interval at least 1 wide.
 */
export function protectCells(
  problem: CellProblem | CompiledCells,
  { threshold }: { threshold: number },
): CellProtection {
  assertThreshold(threshold);
  const input = 'sumStart' in problem ? problem : compileCells(problem);
  const n = input.values.length;
  const m = input.exhaustive.length;
  const check = (cell: number, what: string) => {
    if (!Number.isInteger(cell) || cell < 0 || cell >= n)
      throw new RangeError(`secrecy: ${what}: no cell ${cell}`);
  };

  // Linked cells become one variable: the representative is the smallest cell of the set.
  const value = input.values;
  const linked = input.equal.length > 0;
  const rep = new Int32Array(n);
  for (let i = 0; i < n; i++) rep[i] = i;
  let people = input.people;
  if (linked) {
    const find = (i: number) => {
      while (rep[i] !== i) {
        rep[i] = rep[rep[i]!]!;
        i = rep[i]!;
      }
      return i;
    };
    for (let p = 0; p < input.equal.length; p += 2) {
      const a = input.equal[p]!;
      const b = input.equal[p + 1]!;
      check(a, 'link');
      check(b, 'link');
      if (Math.abs(value[a]! - value[b]!) > eps * Math.max(1, Math.abs(value[a]!)))
        throw new Error(
          `secrecy: linked cells ${a} and ${b} publish different numbers (${value[a]} and ${value[b]})`,
        );
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) rep[Math.max(ra, rb)] = Math.min(ra, rb);
    }
    for (let i = 0; i < n; i++) rep[i] = find(i);
    people = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (input.people[i]) people[rep[i]!] = 1;
  }

  // Sums on representatives, a variable's coefficients merged when it appears twice in one sum.
  let memStart = input.sumStart;
  let memVar = input.sumCell;
  let memCoef = input.sumCoef;
  for (let e = 0; e < memVar.length; e++)
    if (memVar[e]! < 0 || memVar[e]! >= n) throw new RangeError(`secrecy: sum: no cell ${memVar[e]}`);
  if (linked || !input.distinct) {
    memStart = new Int32Array(m + 1);
    memVar = new Int32Array(input.sumCell.length);
    memCoef = new Int8Array(input.sumCell.length);
    const slot = new Int32Array(n).fill(-1);
    let p = 0;
    for (let k = 0; k < m; k++) {
      const start = p;
      memStart[k] = start;
      for (let e = input.sumStart[k]!; e < input.sumStart[k + 1]!; e++) {
        const v = rep[input.sumCell[e]!]!;
        const at = slot[v]!;
        if (at >= start) memCoef[at] = memCoef[at]! + input.sumCoef[e]!;
        else {
          slot[v] = p;
          memVar[p] = v;
          memCoef[p++] = input.sumCoef[e]!;
        }
      }
      let w = start;
      for (let r = start; r < p; r++) {
        if (memCoef[r] === 0) continue;
        memVar[w] = memVar[r]!;
        memCoef[w++] = memCoef[r]!;
      }
      p = w;
    }
    memStart[m] = p;
  }

  // Which sums each variable belongs to.
  const incStart = new Int32Array(n + 1);
  for (let e = 0; e < memStart[m]!; e++) incStart[memVar[e]! + 1]!++;
  for (let v = 0; v < n; v++) incStart[v + 1] = incStart[v + 1]! + incStart[v]!;
  const incCons = new Int32Array(memStart[m]!);
  const incCoef = new Int8Array(memStart[m]!);
  {
    const fill = incStart.slice(0, n);
    for (let k = 0; k < m; k++)
      for (let e = memStart[k]!; e < memStart[k + 1]!; e++) {
        const at = fill[memVar[e]!]!++;
        incCons[at] = k;
        incCoef[at] = memCoef[e]!;
      }
  }

  // Derived cells follow their basis.
  const follows = input.follows;
  const folStart = new Int32Array(n + 1);
  for (let p = 0; p < follows.length; p += 2) {
    check(follows[p]!, 'derived cell');
    check(follows[p + 1]!, 'derived cell');
    folStart[rep[follows[p]!]! + 1]!++;
  }
  for (let v = 0; v < n; v++) folStart[v + 1] = folStart[v + 1]! + folStart[v]!;
  const folTo = new Int32Array(follows.length / 2);
  {
    const fill = folStart.slice(0, n);
    for (let p = 0; p < follows.length; p += 2) folTo[fill[rep[follows[p]!]!]!++] = rep[follows[p + 1]!]!;
  }

  const secret = new Uint8Array(n);
  const isSmall = (v: number) => people[v] === 1 && value[v]! > 0 && value[v]! < threshold;
  const lo = (v: number) => (secret[v] === SMALL ? 1 : value[v]! < 0 ? -Infinity : 0);
  const hi = (v: number) => (secret[v] === SMALL ? threshold - 1 : Infinity);

  // Exhaustive sums where a part equals a non-zero total: that part and at least one other part stay hidden.
  const guard = new Uint8Array(m);
  const guarded: number[] = [];
  for (let k = 0; k < m; k++) {
    if (!input.exhaustive[k]) continue;
    let total = -1;
    let parts = 0;
    for (let e = memStart[k]!; e < memStart[k + 1]!; e++) {
      if (memCoef[e] === -1) total = memVar[e]!;
      else if (memCoef[e]! > 0) parts++;
    }
    if (total < 0 || parts < 2 || !(value[total]! > 0)) continue;
    for (let e = memStart[k]!; e < memStart[k + 1]!; e++)
      if (memCoef[e] === 1 && Math.abs(value[memVar[e]!]! - value[total]!) <= eps) {
        guard[k] = 1;
        guarded.push(memVar[e]!);
      }
  }

  // ---- Hiding -------------------------------------------------------------------------------------------------------
  const hiddenCount = new Int32Array(m);
  const hiddenParts = new Int32Array(m);
  const queued = new Uint8Array(m);
  const queue: number[] = [];
  let dirty: number[] = [];
  const pending: number[] = [];
  const stats = { hidden: 0, relabelled: 0, rounds: 0, components: 0, witnesses: 0, lpSolves: 0 };
  /** Hides a cell, and with it the cells derived from it; its sums are queued for secondary suppression. */
  const hide = (cell: number) => {
    const first = rep[cell]!;
    if (secret[first]) return;
    secret[first] = isSmall(first) ? SMALL : SECONDARY;
    pending.push(first);
    while (pending.length > 0) {
      const v = pending.pop()!;
      stats.hidden++;
      dirty.push(v);
      for (let e = incStart[v]!; e < incStart[v + 1]!; e++) {
        const k = incCons[e]!;
        hiddenCount[k]!++;
        if (incCoef[e]! > 0) hiddenParts[k]!++;
        if (!queued[k] && (hiddenCount[k] === 1 || (guard[k] && hiddenParts[k] === 1))) {
          queued[k] = 1;
          queue.push(k);
        }
      }
      for (let f = folStart[v]!; f < folStart[v + 1]!; f++) {
        const w = folTo[f]!;
        if (!secret[w]) {
          secret[w] = isSmall(w) ? SMALL : SECONDARY;
          pending.push(w);
        }
      }
    }
  };

  /**
   * The cell to hide next in sum `k`: the smallest non-zero published part (the first of equals), else the published
   * total, else a published part of zero (`partsOnly`: never the total). −1 when everything is hidden.
   */
  const pick = (k: number, partsOnly: boolean): number => {
    let best = -1;
    let total = -1;
    let zero = -1;
    for (let e = memStart[k]!; e < memStart[k + 1]!; e++) {
      const v = memVar[e]!;
      if (secret[v]) continue;
      if (memCoef[e]! > 0) {
        if (value[v]! > 0) {
          if (best < 0 || value[v]! < value[best]!) best = v;
        } else if (zero < 0) zero = v;
      } else if (total < 0) total = v;
    }
    if (best >= 0) return best;
    if (!partsOnly && total >= 0) return total;
    return zero;
  };

  /** Secondary suppression until no sum has exactly one hidden member (nor a guarded sum one hidden part). */
  const drain = () => {
    for (let head = 0; head < queue.length; head++) {
      const k = queue[head]!;
      queued[k] = 0;
      if (guard[k] && hiddenParts[k] === 1) {
        const c = pick(k, true);
        if (c >= 0) hide(c);
      }
      if (hiddenCount[k] === 1) {
        const c = pick(k, false);
        if (c >= 0) hide(c);
      }
    }
    queue.length = 0;
  };

  // ---- The audit ----------------------------------------------------------------------------------------------------
  const consStamp = new Int32Array(m);
  const fixStamp = new Int32Array(m);
  const varStamp = new Int32Array(n);
  /** Proven protected. A proof stays valid when more cells are hidden or a « < 11 » becomes « s »: the attacker's
   * feasible set only grows. */
  const proven = new Uint8Array(n);
  let stamp = 0;

  // Bounds the attacker derives by propagating the sums through the cells' own bounds: valid for every feasible
  // point (so a cell whose propagated interval is narrower than 1 is pinned), and exact for a single sum.
  const low = new Float64Array(n);
  const high = new Float64Array(n);
  const rhsOf = new Float64Array(m);
  const propagate = (cons: number[], vars: number[], sweeps: number) => {
    for (const v of vars) {
      low[v] = lo(v);
      high[v] = hi(v);
    }
    for (const k of cons) {
      let r = 0;
      for (let e = memStart[k]!; e < memStart[k + 1]!; e++)
        if (!secret[memVar[e]!]) r -= memCoef[e]! * value[memVar[e]!]!;
      rhsOf[k] = r;
    }
    for (let sweep = 0; sweep < sweeps; sweep++) {
      let changed = false;
      for (const k of cons) {
        let minSum = 0;
        let minInf = 0;
        let maxSum = 0;
        let maxInf = 0;
        for (let e = memStart[k]!; e < memStart[k + 1]!; e++) {
          const v = memVar[e]!;
          if (!secret[v]) continue;
          const c = memCoef[e]!;
          const a = c > 0 ? c * low[v]! : c * high[v]!;
          const b = c > 0 ? c * high[v]! : c * low[v]!;
          if (a === -Infinity) minInf++;
          else minSum += a;
          if (b === Infinity) maxInf++;
          else maxSum += b;
        }
        const rhs = rhsOf[k]!;
        for (let e = memStart[k]!; e < memStart[k + 1]!; e++) {
          const v = memVar[e]!;
          if (!secret[v]) continue;
          const c = memCoef[e]!;
          const a = c > 0 ? c * low[v]! : c * high[v]!;
          const b = c > 0 ? c * high[v]! : c * low[v]!;
          const othersMin =
            a === -Infinity ? (minInf > 1 ? -Infinity : minSum) : minInf > 0 ? -Infinity : minSum - a;
          const othersMax =
            b === Infinity ? (maxInf > 1 ? Infinity : maxSum) : maxInf > 0 ? Infinity : maxSum - b;
          const lowC = Math.max(a, rhs - othersMax);
          const highC = Math.min(b, rhs - othersMin);
          const nl = c > 0 ? lowC / c : highC / c;
          const nh = c > 0 ? highC / c : lowC / c;
          if (nl > low[v]! + eps) {
            low[v] = nl;
            changed = true;
          }
          if (nh < high[v]! - eps) {
            high[v] = nh;
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
  };
  const narrow = (v: number) => high[v]! - low[v]! < 1 - tolerance;

  /** Whether hidden variable `v` can move by `s` (±1) within its propagated bounds. */
  const canMove = (v: number, s: number) => {
    const x = value[v]! + s;
    return x >= low[v]! - tolerance && x <= high[v]! + tolerance;
  };

  // Witness search: a ±1 move of the target, balanced in every sum by ±1 moves of other hidden cells within their
  // bounds, proves that the target can differ by 1 from its true value while every published number stays the same
  // (so its feasible interval is at least 1 wide). Depth-first, preferring moves that settle two sums at once.
  const move = new Int8Array(n);
  const imbalance = new Int32Array(m);
  // Stacks as typed arrays with their own tops (truncating JS arrays is slow in this hot loop).
  let touched = new Int32Array(256);
  let touchedTop = 0;
  let moved = new Int32Array(128);
  let movedTop = 0;
  let candV = new Int32Array(1024);
  let candS = new Int8Array(1024);
  let candScore = new Int32Array(1024);
  let candTop = 0;
  let budget = 0;
  const apply = (v: number, s: number) => {
    move[v] = s;
    if (movedTop === moved.length) moved = grown(moved, movedTop + 1);
    moved[movedTop++] = v;
    for (let e = incStart[v]!; e < incStart[v + 1]!; e++) {
      const k = incCons[e]!;
      if (imbalance[k] === 0) {
        if (touchedTop === touched.length) touched = grown(touched, touchedTop + 1);
        touched[touchedTop++] = k;
      }
      imbalance[k] = imbalance[k]! + incCoef[e]! * s;
    }
  };
  const undo = (v: number) => {
    const s = move[v]!;
    move[v] = 0;
    movedTop--;
    for (let e = incStart[v]!; e < incStart[v + 1]!; e++) {
      const k = incCons[e]!;
      imbalance[k] = imbalance[k]! - incCoef[e]! * s;
    }
  };
  const balance = (): boolean => {
    if (--budget < 0) return false;
    let k = -1;
    for (let t = touchedTop - 1; t >= 0; t--)
      if (imbalance[touched[t]!] !== 0) {
        k = touched[t]!;
        break;
      }
    if (k < 0) return true;
    const need = imbalance[k]! > 0 ? -1 : 1;
    const base = candTop;
    for (let e = memStart[k]!; e < memStart[k + 1]!; e++) {
      const v = memVar[e]!;
      if (!secret[v] || move[v] !== 0) continue;
      const c = memCoef[e]!;
      if (c !== 1 && c !== -1) continue;
      const s = need * c;
      const x = value[v]! + s;
      if (x < low[v]! - tolerance || x > high[v]! + tolerance) continue;
      // Prefer moves that also settle another sum (closing a cycle), then cells in no other sum.
      let score = 0;
      for (let f = incStart[v]!; f < incStart[v + 1]!; f++) {
        const k2 = incCons[f]!;
        if (k2 === k) continue;
        const now = imbalance[k2]!;
        score += now === 0 ? -1 : now * incCoef[f]! * s < 0 ? 2 : -3;
      }
      if (candTop === candV.length) {
        candV = grown(candV, candTop + 1);
        candS = grown(candS, candTop + 1);
        candScore = grown(candScore, candTop + 1);
      }
      let at = candTop++;
      while (at > base && candScore[at - 1]! < score) {
        candV[at] = candV[at - 1]!;
        candS[at] = candS[at - 1]!;
        candScore[at] = candScore[at - 1]!;
        at--;
      }
      candV[at] = v;
      candS[at] = s;
      candScore[at] = score;
    }
    const end = candTop;
    for (let i = base; i < end && budget >= 0; i++) {
      const v = candV[i]!;
      const top = touchedTop;
      apply(v, candS[i]!);
      if (balance()) return true;
      undo(v);
      touchedTop = top;
    }
    candTop = base;
    return false;
  };
  const witness = (v: number, s: number): boolean => {
    if (!canMove(v, s)) return false;
    budget = witnessBudget;
    apply(v, s);
    const found = balance();
    if (found) for (let i = 0; i < movedTop; i++) proven[moved[i]!] = 1;
    while (movedTop > 0) undo(moved[movedTop - 1]!);
    touchedTop = 0;
    candTop = 0;
    if (found) stats.witnesses++;
    return found;
  };

  /** The exact LP interval of `target` within its component; its optimal points prove other cells too. */
  const exactRange = (cons: number[], vars: number[], target: number) => {
    const local = new Map(vars.map((v, i) => [v, i]));
    const rows = cons.map((k) => {
      const vs: number[] = [];
      const cs: number[] = [];
      let rhs = 0;
      for (let e = memStart[k]!; e < memStart[k + 1]!; e++) {
        const v = memVar[e]!;
        if (secret[v]) {
          vs.push(local.get(v)!);
          cs.push(memCoef[e]!);
        } else rhs -= memCoef[e]! * value[v]!;
      }
      return { vars: vs, coefs: cs, rhs };
    });
    stats.lpSolves++;
    const range = feasibleRange(
      { lo: vars.map((v) => lo(v)), hi: vars.map((v) => hi(v)), rows },
      local.get(target)!,
    );
    for (const point of range.points)
      vars.forEach((v, i) => {
        if (Math.abs(point[i]! - value[v]!) >= 1 - tolerance) proven[v] = 1;
      });
    return range;
  };

  /**
   * The hidden cells of a component (sums connected through hidden cells) not proven protected: for a single sum,
   * those the closed form pins (exact); for several, those pinned by propagation or without a witness.
   */
  const suspects = (cons: number[], vars: number[], out: number[]) => {
    stats.components++;
    out.length = 0;
    if (cons.length === 1) {
      propagate(cons, vars, 1);
      for (const v of vars)
        if (narrow(v)) out.push(v);
        else proven[v] = 1;
      return;
    }
    propagate(cons, vars, propagationSweeps);
    for (const v of vars) {
      if (proven[v]) continue;
      if (narrow(v) || !(witness(v, 1) || witness(v, -1))) out.push(v);
    }
  };

  /** What to hide so that `v` gets room: the secondary preference over its own sums, then over the component's. */
  const fixFor = (v: number, cons: number[]): number => {
    for (let round = 0; round < 2; round++) {
      let best = -1;
      let total = -1;
      let zero = -1;
      const count = round === 0 ? incStart[v + 1]! - incStart[v]! : cons.length;
      for (let i = 0; i < count; i++) {
        const k = round === 0 ? incCons[incStart[v]! + i]! : cons[i]!;
        const c = pick(k, false);
        if (c < 0) continue;
        let isPart = false;
        for (let e = memStart[k]!; e < memStart[k + 1]!; e++) if (memVar[e] === c) isPart = memCoef[e]! > 0;
        if (isPart && value[c]! > 0) {
          if (best < 0 || value[c]! < value[best]!) best = c;
        } else if (!isPart) {
          if (total < 0) total = c;
        } else if (zero < 0) zero = c;
      }
      const chosen = best >= 0 ? best : total >= 0 ? total : zero;
      if (chosen >= 0) return chosen;
    }
    return -1;
  };

  const failing = new Set<number>();
  const relabelled: number[] = [];
  const cons: number[] = [];
  const vars: number[] = [];
  const bad: number[] = [];
  /** Audits every component that holds a cell hidden since the last audit; returns the cells to hide next. */
  const audit = (changed: number[]): number[] => {
    stamp++;
    const fixes: number[] = [];
    for (const d of changed)
      for (let e0 = incStart[d]!; e0 < incStart[d + 1]!; e0++) {
        const k0 = incCons[e0]!;
        if (consStamp[k0] === stamp) continue;
        consStamp[k0] = stamp;
        cons.length = 0;
        vars.length = 0;
        cons.push(k0);
        let open = false;
        for (let i = 0; i < cons.length; i++) {
          const k = cons[i]!;
          for (let f = memStart[k]!; f < memStart[k + 1]!; f++) {
            const v = memVar[f]!;
            if (!secret[v] || varStamp[v] === stamp) continue;
            varStamp[v] = stamp;
            vars.push(v);
            if (!proven[v]) open = true;
            for (let g = incStart[v]!; g < incStart[v + 1]!; g++) {
              const k2 = incCons[g]!;
              if (consStamp[k2] !== stamp) {
                consStamp[k2] = stamp;
                cons.push(k2);
              }
            }
          }
        }
        if (!open) continue;
        if (failing.size > 0) for (const v of vars) failing.delete(v);
        suspects(cons, vars, bad);
        if (bad.length === 0) continue;
        // One more hidden cell per neighbourhood of sums and round: one often frees several.
        let stuck = false;
        for (const v of bad) {
          let near = false;
          for (let g = incStart[v]!; g < incStart[v + 1]!; g++)
            if (fixStamp[incCons[g]!] === stamp) near = true;
          if (near) continue;
          const fix = fixFor(v, cons);
          if (fix < 0) {
            stuck = true;
            break;
          }
          fixes.push(fix);
          for (const u of [v, fix])
            for (let g = incStart[u]!; g < incStart[u + 1]!; g++) fixStamp[incCons[g]!] = stamp;
        }
        if (!stuck) continue;
        // Everything around is hidden already. What pins a cell then is what « < 11 » tells (1 to 10): those cells
        // are shown « s » instead, which says nothing of their size; then every other « < 11 » of the component. A
        // cell the exact LP still finds pinned after that is reported.
        propagate(cons, vars, propagationSweeps);
        const relabel = bad.filter((v) => secret[v] === SMALL);
        if (relabel.length === 0) for (const v of vars) if (secret[v] === SMALL) relabel.push(v);
        if (relabel.length === 0)
          for (const v of bad) {
            if (cons.length > 1 && vars.length <= lpLimit && !narrow(v)) {
              const { min, max } = exactRange(cons, vars, v);
              if (max - min >= 1 - tolerance) continue;
            }
            failing.add(v);
          }
        for (const v of relabel) {
          secret[v] = SECONDARY;
          relabelled.push(v);
          stats.relabelled++;
        }
      }
    return fixes;
  };

  // ---- Run ----------------------------------------------------------------------------------------------------------
  for (let v = 0; v < n; v++) if (rep[v] === v && isSmall(v)) hide(v);
  for (const f of input.forced) {
    check(f, 'forced cell');
    hide(f);
  }
  for (const g of guarded) hide(g);
  for (;;) {
    drain();
    if (dirty.length === 0) break;
    stats.rounds++;
    const changed = dirty;
    dirty = [];
    for (const fix of audit(changed)) hide(fix);
    for (const v of relabelled) dirty.push(v);
    relabelled.length = 0;
  }

  const out = new Uint8Array(n);
  const unprotected: number[] = [];
  for (let i = 0; i < n; i++) {
    out[i] = secret[rep[i]!]!;
    if (failing.size > 0 && failing.has(rep[i]!)) unprotected.push(i);
  }
  return { secret: out, unprotected, stats };
}
