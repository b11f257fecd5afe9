import { describe, expect, it } from 'vitest';
import { nextStatusAllowed, suppress } from './rules.ts';
import { statsPeriod } from './stats.ts';

describe('case status', () => {
  it.each([
    ['open', 'waiting_operator', true],
    ['open', 'resolved', true],
    ['waiting_operator', 'open', true],
    ['waiting_operator', 'closed_no_result', true],
    ['resolved', 'open', true],
    ['resolved', 'closed_no_result', false],
    ['closed_no_result', 'resolved', false],
    ['open', 'open', false],
  ] as const)('%s → %s: %s', (from, to, allowed) => {
    expect(nextStatusAllowed(from, to)).toBe(allowed);
  });
});

describe('statistical secrecy', () => {
  const cells = (...counts: number[]) =>
    counts.map((count, i) => ({ key: String.fromCharCode(97 + i), count }));
  it.each([
    // counts, shown (null = "< 11"), total
    [[30, 25, 12], [30, 25, 12], 67],
    [[30, 25, 4], [30, null, null], 59], // one small cell: the next smallest is hidden too
    [[30, 5, 4], [30, null, null], 39], // two small cells protect each other
    [[30, 0, 12], [30, 0, 12], 42], // zero is about nobody
    [[30, 0, 7], [null, 0, null], 37], // the only other non-zero cell is hidden
    [[3, 4], [], null], // a total under 11 hides everything, even which rows have cases
    [[0, 5, 0], [], null], // …so nobody learns the one topic of the few cases counted
    [[11, 11], [11, 11], 22], // exactly 11 is shown
    [[10, 40, 40], [null, null, 40], 90], // ties: the first in order is hidden
    [[], [], 0],
  ])('%j → %j, total %s', (counts, shown, total) => {
    const result = suppress(cells(...counts));
    expect(result.cells.map((c) => c.count)).toEqual(shown);
    expect(result.total).toBe(total);
    // No hidden cell can be recomputed: never exactly one hidden cell next to a shown total.
    const hidden = result.cells.filter((c) => c.count === null).length;
    if (result.total !== null) expect(hidden).not.toBe(1);
  });
});

describe('stats period', () => {
  // Two periods a day apart would give, by difference, the topic of the one case opened that day: whole months only.
  it.each([
    ['2026-03-01', '2026-04-01', '2026-03-01', '2026-04-01'],
    ['2026-03-14', '2026-03-15', '2026-03-01', '2026-04-01'],
    ['2026-03-14', '2026-03-16', '2026-03-01', '2026-04-01'],
    ['2025-12-31', '2026-01-02', '2025-12-01', '2026-02-01'],
    ['2026-11-26', '2027-01-01', '2026-11-01', '2027-01-01'],
    ['2026-12-05', '2026-12-05', '2026-12-01', '2027-01-01'],
  ])('%s → %s counts %s → %s', (from, to, start, end) => {
    expect(statsPeriod(from, to)).toEqual({ from: start, to: end });
  });
});
