import { describe, expect, it } from 'vitest';
import { feasibleRange } from './lp.ts';

describe('feasibleRange: the interval an attacker can infer', () => {
  it.each([
    {
      name: 'x + y = 10 with x shown « < 11 » and y ≥ 0: x is 1 to 10',
      system: { lo: [1, 0], hi: [10, Infinity], rows: [{ vars: [0, 1], coefs: [1, 1], rhs: 10 }] },
      target: 0,
      expected: [1, 10],
    },
    {
      name: 'a total pinned by two sums: T = x + y, T = y, so x = 0',
      system: {
        lo: [0, 0, 0],
        hi: [Infinity, Infinity, Infinity],
        rows: [
          { vars: [2, 0, 1], coefs: [-1, 1, 1], rhs: 0 },
          { vars: [2, 1], coefs: [-1, 1], rhs: 0 },
        ],
      },
      target: 0,
      expected: [0, 0],
    },
    {
      name: 'nothing bounds a cell from above: the maximum is infinite',
      system: { lo: [0, 0], hi: [Infinity, Infinity], rows: [{ vars: [0, 1], coefs: [1, -1], rhs: 3 }] },
      target: 0,
      expected: [3, Infinity],
    },
    {
      name: 'a cell without lower bound (a negative value was published around it)',
      system: { lo: [-Infinity, 0], hi: [Infinity, 5], rows: [{ vars: [0, 1], coefs: [1, 1], rhs: 2 }] },
      target: 0,
      expected: [-3, 2],
    },
  ])('$name', ({ system, target, expected }) => {
    const { min, max, points } = feasibleRange(system, target);
    expect([min, max]).toEqual(expected);
    for (const point of points)
      for (const row of system.rows) {
        const sum = Array.from(row.vars).reduce((n, v, i) => n + row.coefs[i]! * point[v]!, 0);
        expect(sum).toBeCloseTo(row.rhs, 9);
      }
  });
});
