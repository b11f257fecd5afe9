import { describe, expect, it } from 'vitest';
import { publishedPeriod } from './published-period.ts';

describe('the period figures are published for', () => {
  it.each([
    // from, to, today → from, to
    ['2026-01-01', '2026-06-30', '2026-11-26', '2026-01-01', '2026-06-30'], // whole past months: unchanged
    ['2026-01-14', '2026-06-03', '2026-11-26', '2026-01-01', '2026-06-30'], // widened to whole months
    ['2026-01-01', '2026-11-26', '2026-11-26', '2026-01-01', '2026-10-31'], // the running month is left out
    ['2026-11-02', '2026-11-20', '2026-11-26', '2026-10-01', '2026-10-31'], // only this month: the last complete one
    ['2025-12-31', '2026-01-01', '2026-11-26', '2025-12-01', '2026-01-31'], // across a new year
    ['2024-02-10', '2024-02-10', '2026-11-26', '2024-02-01', '2024-02-29'], // a leap February
    ['2026-01-01', '2026-12-31', '2026-12-01', '2026-01-01', '2026-11-30'], // today the 1st: last month is complete
  ])('%s → %s on %s: %s → %s', (from, to, today, start, end) => {
    expect(publishedPeriod(from, to, today)).toEqual({ from: start, to: end });
  });
});
