import { describe, expect, it } from 'vitest';
import {
  attackPublication,
  defaultSecrecyThreshold,
  type Publication,
  protectCells,
  protectPublication,
  protectPublicationWithStats,
  protectTable,
  type RowPartition,
  SECONDARY,
  SMALL,
  type StatColumn,
  type StatRow,
  type StatTable,
  secretLabel,
} from './index.ts';

// Builders: a table from its rows' values, with the total row computed (additive columns summed).
const people = (key: string, extra: Partial<StatColumn> = {}): StatColumn => ({
  key,
  label: key,
  measure: 'people',
  ...extra,
});
const percentOf = (key: string, numerator: string, denominator: string): StatColumn => ({
  key,
  label: key,
  measure: 'percent',
  of: { numerator, denominator },
});
const additive = (c: StatColumn) =>
  c.additive ?? ['people', 'count', 'cents', 'hours', 'days'].includes(c.measure);

function table(
  id: string,
  columns: StatColumn[],
  rows: Record<string, Record<string, number | null>>,
  options: {
    total?: boolean;
    partitions?: RowPartition[];
    derive?: (v: Record<string, number | null>) => void;
  } = {},
): StatTable {
  const statRows: StatRow[] = Object.entries(rows).map(([key, values]) => ({
    key,
    label: key,
    values: { ...values },
  }));
  for (const r of statRows) options.derive?.(r.values);
  let total: StatRow | undefined;
  if (options.total ?? true) {
    const values: Record<string, number | null> = {};
    for (const c of columns)
      values[c.key] = additive(c) ? statRows.reduce((n, r) => n + (r.values[c.key] ?? 0), 0) : null;
    options.derive?.(values);
    total = { key: 'total', label: 'Ensemble', values };
  }
  return {
    id,
    title: id,
    rowHeader: 'Ligne',
    columns,
    rows: statRows,
    total,
    partitions: options.partitions,
  };
}

/** The protected table as `row → column → shown`: the number, « < 11 », « s », or null. */
function shown(t: StatTable, threshold = defaultSecrecyThreshold) {
  const out: Record<string, Record<string, number | string | null>> = {};
  for (const row of [...t.rows, ...(t.total ? [t.total] : [])]) {
    out[row.key] = {};
    for (const c of t.columns) {
      const secret = row.secret?.[c.key];
      out[row.key]![c.key] = secret ? secretLabel(secret, threshold) : (row.values[c.key] ?? null);
    }
  }
  return out;
}

/** Every hidden cell's feasible interval, for the attacker, is at least 1 wide (cells in sums). */
function expectProtected(publication: Publication, threshold = defaultSecrecyThreshold) {
  for (const range of attackPublication(publication, { threshold }))
    expect(range.max - range.min, `${range.table} ${range.row} ${range.column}`).toBeGreaterThanOrEqual(
      1 - 1e-6,
    );
}

const s = 's';
const small = '< 11';

describe('protectTable: which cells are hidden', () => {
  const byTopic = [people('cases')];
  const partitionOfAll: RowPartition = { total: 'all', parts: ['a', 'b', 'c', 'd'], exhaustive: true };
  const fourParts = [people('all'), people('a'), people('b'), people('c'), people('d')];

  it.each([
    {
      name: 'a single small cell in a row: the smallest non-zero other part is hidden with it, not a zero',
      input: table(
        't',
        fourParts,
        { r: { all: 68, a: 3, b: 0, c: 25, d: 40 } },
        { total: false, partitions: [partitionOfAll] },
      ),
      expected: { r: { all: 68, a: small, b: 0, c: s, d: 40 } },
    },
    {
      name: 'two small cells in a row protect each other (3 + 4 = 7 leaves each 1 to 6)',
      input: table(
        't',
        fourParts,
        { r: { all: 37, a: 3, b: 4, c: 30, d: 0 } },
        { total: false, partitions: [partitionOfAll] },
      ),
      expected: { r: { all: 37, a: small, b: small, c: 30, d: 0 } },
    },
    {
      name: 'two cells of 1 would be pinned (1 + 1 = 2): a third cell is hidden',
      input: table(
        't',
        fourParts,
        { r: { all: 32, a: 1, b: 1, c: 30, d: 0 } },
        { total: false, partitions: [partitionOfAll] },
      ),
      expected: { r: { all: 32, a: small, b: small, c: s, d: 0 } },
    },
    {
      name: 'counts by topic with a total (the advice case): one small count and its smallest partner',
      input: table('advice', byTopic, {
        rent: { cases: 3 },
        energy: { cases: 0 },
        debt: { cases: 25 },
        other: { cases: 40 },
      }),
      expected: {
        rent: { cases: small },
        energy: { cases: 0 },
        debt: { cases: s },
        other: { cases: 40 },
        total: { cases: 68 },
      },
    },
    {
      name: 'a total under the threshold is hidden, with its non-zero rows; zeros stay published',
      input: table('advice', byTopic, { rent: { cases: 2 }, energy: { cases: 0 }, debt: { cases: 1 } }),
      expected: {
        rent: { cases: small },
        energy: { cases: 0 },
        debt: { cases: small },
        total: { cases: small },
      },
    },
    {
      name: 'zero cells are published',
      input: table('t', [people('n')], { a: { n: 0 }, b: { n: 12 }, c: { n: 0 } }),
      expected: { a: { n: 0 }, b: { n: 12 }, c: { n: 0 }, total: { n: 12 } },
    },
  ])('$name', ({ input, expected }) => {
    const protectedTable = protectTable(input);
    expect(shown(protectedTable)).toEqual(expected);
    expectProtected({ tables: [protectedTable] });
  });

  it('the classic 2 × 2 with row and column totals: one small cell hides four cells, the totals stay', () => {
    const input = table(
      't',
      [people('all'), people('a'), people('b')],
      { r1: { all: 33, a: 3, b: 30 }, r2: { all: 65, a: 25, b: 40 } },
      { partitions: [{ total: 'all', parts: ['a', 'b'], exhaustive: true }] },
    );
    const protectedTable = protectTable(input);
    expect(shown(protectedTable)).toEqual({
      r1: { all: 33, a: small, b: s },
      r2: { all: 65, a: s, b: s },
      total: { all: 98, a: 28, b: 70 },
    });
    expectProtected({ tables: [protectedTable] });
    // Hiding only the small cell and one partner per sum would not do: the attacker would recompute it.
    const naive = structuredClone(protectedTable);
    naive.rows[1]!.values.b = 40;
    delete naive.rows[1]!.secret!.b;
    const pinned = attackPublication({ tables: [naive] }).find((r) => r.row === 'r1' && r.column === 'a')!;
    expect([pinned.min, pinned.max]).toEqual([3, 3]);
  });

  it('a partition at 100 % reveals the whole group: that part is hidden with another part, the total stays', () => {
    const input = table(
      't',
      [people('participants'), people('yes'), people('no'), people('unknown')],
      { sector: { participants: 20, yes: 20, no: 0, unknown: 0 } },
      {
        total: false,
        partitions: [{ total: 'participants', parts: ['yes', 'no', 'unknown'], exhaustive: true }],
      },
    );
    const out = protectTable(input);
    expect(shown(out)).toEqual({ sector: { participants: 20, yes: s, no: s, unknown: 0 } });
    const yes = attackPublication({ tables: [out] }).find((r) => r.column === 'yes')!;
    expect([yes.min, yes.max]).toEqual([0, 20]);
  });

  it('a non-exhaustive partition at 100 % is published', () => {
    const input = table(
      't',
      [
        { key: 'hours', label: 'h', measure: 'hours' },
        { key: 'group', label: 'g', measure: 'hours' },
      ],
      { facility: { hours: 20, group: 20 } },
      { total: false, partitions: [{ total: 'hours', parts: ['group'], exhaustive: false }] },
    );
    expect(shown(protectTable(input))).toEqual({ facility: { hours: 20, group: 20 } });
  });

  it('a percent of 0 or 100 over people is hidden with its numerator; other percents stay', () => {
    const columns = [
      people('signedUp'),
      people('connected', { additive: false }),
      percentOf('share', 'connected', 'signedUp'),
    ];
    const input = table(
      't',
      columns,
      {
        all: { signedUp: 20, connected: 20 },
        none: { signedUp: 30, connected: 0 },
        half: { signedUp: 30, connected: 15 },
        empty: { signedUp: 0, connected: 0 },
      },
      {
        total: false,
        derive: (v) => {
          v.share = v.signedUp ? (100 * (v.connected ?? 0)) / v.signedUp : null;
        },
      },
    );
    expect(shown(protectTable(input))).toEqual({
      all: { signedUp: 20, connected: s, share: s },
      none: { signedUp: 30, connected: s, share: s },
      half: { signedUp: 30, connected: 15, share: 50 },
      empty: { signedUp: 0, connected: 0, share: null },
    });
  });

  it('a percent over counts that are not people (dwellings) may be 0 %', () => {
    const columns = [
      { key: 'dwellings', label: 'd', measure: 'count' } as StatColumn,
      people('signedUp'),
      percentOf('takeUp', 'signedUp', 'dwellings'),
    ];
    const input = table('t', columns, { a: { dwellings: 400, signedUp: 0, takeUp: 0 } }, { total: false });
    expect(shown(protectTable(input))).toEqual({ a: { dwellings: 400, signedUp: 0, takeUp: 0 } });
  });

  it('derived cells (percent, median, money over people) follow their people', () => {
    const columns: StatColumn[] = [
      people('activated'),
      { key: 'median', label: 'm', measure: 'median', of: { basis: 'activated' } },
      { key: 'recovered', label: 'r', measure: 'cents', of: { basis: 'activated' } },
      people('failed'),
      percentOf('failedShare', 'failed', 'activated'),
    ];
    const input = table(
      't',
      columns,
      {
        few: { activated: 7, median: 12, recovered: 7000, failed: 2 },
        many: { activated: 25, median: 9, recovered: 5000, failed: 13 },
        more: { activated: 40, median: 10, recovered: 8000, failed: 20 },
        none: { activated: 0, median: null, recovered: 0, failed: 0 },
      },
      {
        derive: (v) => {
          v.failedShare = v.activated ? Math.round((1000 * (v.failed ?? 0)) / v.activated) / 10 : null;
          if (v.median === undefined) v.median = null;
        },
      },
    );
    const out = shown(protectTable(input));
    // Over fewer than 11 people, the median, the money and the percent are hidden with the count.
    expect(out.few).toEqual({ activated: small, median: s, recovered: s, failed: small, failedShare: s });
    // The count's partner in its column is hidden too, and so is what is derived from it.
    expect(out.many).toEqual({ activated: s, median: s, recovered: s, failed: s, failedShare: s });
    expect(out.more).toEqual({ activated: 40, median: 10, recovered: 8000, failed: 20, failedShare: 50 });
    expect(out.none).toEqual({ activated: 0, median: null, recovered: 0, failed: 0, failedShare: null });
  });

  it('the threshold is a parameter: with 5, a count of 4 is hidden and 5 is published', () => {
    const input = table('t', [people('n')], { a: { n: 4 }, b: { n: 5 }, c: { n: 30 } });
    expect(shown(protectTable(input, { threshold: 5 }), 5)).toEqual({
      a: { n: '< 5' },
      b: { n: s },
      c: { n: 30 },
      total: { n: 39 },
    });
    expectProtected({ tables: [protectTable(input, { threshold: 5 })] }, 5);
  });

  it('refuses a threshold under 3 (a « < 2 » would say 1)', () => {
    expect(() => protectTable(table('t', [people('n')], { a: { n: 1 } }), { threshold: 2 })).toThrow(
      RangeError,
    );
  });
});

describe('protectPublication: tables published together', () => {
  // The monthly series and the same months in the year's table (which has a total): each protected alone, the
  // series publishes February, the year's table its total and March — January is their difference.
  const series = table(
    'series',
    [people('signedUp')],
    { jan: { signedUp: 4 }, feb: { signedUp: 30 }, mar: { signedUp: 50 } },
    { total: false },
  );
  const year = table('year', [people('signedUp')], {
    jan: { signedUp: 4 },
    feb: { signedUp: 30 },
    mar: { signedUp: 50 },
  });
  const links: Publication['links'] = ['jan', 'feb', 'mar'].map((row) => [
    { table: 'series', row, column: 'signedUp' },
    { table: 'year', row, column: 'signedUp' },
  ]);

  it('protected one by one, a hidden month is recomputed from the other table', () => {
    const apart: Publication = { tables: [protectTable(series), protectTable(year)], links };
    const january = attackPublication(apart).find((r) => r.table === 'series' && r.row === 'jan')!;
    expect([january.min, january.max]).toEqual([4, 4]);
  });

  it('protected together, a cell hidden in one table is hidden in the other', () => {
    const together = protectPublication({ tables: [series, year], links });
    expect(shown(together.tables[0]!)).toEqual({
      jan: { signedUp: small },
      feb: { signedUp: s },
      mar: { signedUp: 50 },
    });
    expect(shown(together.tables[1]!)).toEqual({
      jan: { signedUp: small },
      feb: { signedUp: s },
      mar: { signedUp: 50 },
      total: { signedUp: 84 },
    });
    expectProtected(together);
  });

  it('a profile linked to the sectors table by its participants', () => {
    const sectors = table('sectors', [people('signedUp')], {
      a: { signedUp: 30 },
      b: { signedUp: 4 },
      c: { signedUp: 45 },
    });
    const profile = table(
      'profile',
      [people('participants'), people('yes'), people('no')],
      {
        a: { participants: 30, yes: 18, no: 12 },
        b: { participants: 4, yes: 2, no: 2 },
        c: { participants: 45, yes: 20, no: 25 },
      },
      { partitions: [{ total: 'participants', parts: ['yes', 'no'], exhaustive: true }] },
    );
    const linked: Publication['links'] = ['a', 'b', 'c', 'total'].map((row) => [
      { table: 'sectors', row, column: 'signedUp' },
      { table: 'profile', row, column: 'participants' },
    ]);
    const out = protectPublication({ tables: [sectors, profile], links: linked });
    expect(shown(out.tables[0]!).a).toEqual({ signedUp: s });
    expect(shown(out.tables[1]!).a!.participants).toBe(s);
    expectProtected(out);
  });

  it('one table with a row group per sector protects like one table per sector', () => {
    const sector = (n: string, values: number[]) =>
      table(
        `sector-${n}`,
        [people('n')],
        Object.fromEntries(values.map((v, i) => [`${n}-${2020 + i}`, { n: v }])),
      );
    const perSector = [
      sector('a', [3, 0, 25, 40]),
      sector('b', [12, 15, 0, 1]),
      sector('c', [20, 30, 40, 50]),
    ];
    const apart = protectPublication({ tables: perSector });
    const grouped = protectPublication({
      tables: [
        {
          id: 'all',
          title: 'all',
          rowHeader: 'Année',
          columns: [people('n')],
          rows: perSector.flatMap((t) => [...t.rows, { ...t.total!, key: `${t.id}-all` }]),
          groups: perSector.map((t) => ({ total: `${t.id}-all`, rows: t.rows.map((r) => r.key) })),
        },
      ],
    });
    const flat = apart.tables.flatMap((t) => [...t.rows, t.total!].map((r) => [r.values.n, r.secret?.n]));
    expect(grouped.tables[0]!.rows.map((r) => [r.values.n, r.secret?.n])).toEqual(flat);
  });

  it('is pure and deterministic: the input is unchanged, hidden values appear nowhere, twice the same result', () => {
    const input: Publication = { tables: [series, year], links };
    const before = structuredClone(input);
    const first = protectPublication(input);
    expect(input).toEqual(before);
    expect(protectPublication(input)).toEqual(first);
    for (const t of first.tables)
      for (const row of [...t.rows, ...(t.total ? [t.total] : [])])
        for (const key of Object.keys(row.secret ?? {})) expect(row.values[key]).toBeNull();
  });

  it('says why it cannot protect a table that does not add up, or a link to nowhere', () => {
    const wrong = table('t', [people('n')], { a: { n: 3 }, b: { n: 30 } });
    wrong.total!.values.n = 32;
    expect(() => protectTable(wrong)).toThrow(/add up to 33 but the total says 32/);
    expect(() =>
      protectPublication({
        tables: [year],
        links: [
          [
            { table: 'year', row: 'jan', column: 'signedUp' },
            { table: 'x', row: 'a', column: 'n' },
          ],
        ],
      }),
    ).toThrow(/no table "x"/);
  });

  it('reports what it did', () => {
    const { stats, unprotected } = protectPublicationWithStats({ tables: [series, year], links });
    expect(stats).toMatchObject({ cells: 7, sums: 1, hidden: 2 });
    expect(unprotected).toEqual([]);
  });
});

describe('protectCells: the core on plain cells and sums', () => {
  it('hides linked cells together and derived cells with their basis', () => {
    // Cells: 0..2 add up to 3; cell 4 is the same number as cell 0; cell 5 is derived from cell 1.
    const { secret } = protectCells(
      {
        values: [4, 20, 30, 54, 4, 80],
        people: [1, 1, 1, 1, 1, 0],
        sums: [{ total: 3, parts: [0, 1, 2] }],
        equal: [[0, 4]],
        follows: [[1, 5]],
      },
      { threshold: 11 },
    );
    expect([...secret]).toEqual([SMALL, SECONDARY, 0, 0, SMALL, SECONDARY]);
  });

  it('shows « s » rather than « < 11 » for small cells that the bounds alone would pin', () => {
    // Ten cells of 1 under a hidden total of 10: « < 11 » says each is at least 1, so each would be exactly 1.
    const values = [...Array(10).fill(1), 10];
    const { secret, unprotected } = protectCells(
      { values, people: values.map(() => 1), sums: [{ total: 10, parts: [...Array(10).keys()] }] },
      { threshold: 11 },
    );
    expect(secret.filter((x) => x === SECONDARY).length).toBeGreaterThan(0);
    expect(secret.every((x) => x !== 0)).toBe(true);
    expect(unprotected).toEqual([]);
  });
});

describe('protectCells: what cannot be protected is reported', () => {
  it('a cell that the sums pin whatever is hidden (T = x + y and T = y) is checked by the exact LP and reported', () => {
    const { secret, unprotected, stats } = protectCells(
      {
        values: [0, 25, 25],
        people: [0, 0, 0],
        sums: [
          { total: 2, parts: [0, 1] },
          { total: 2, parts: [1] },
        ],
        forced: [0, 1, 2],
      },
      { threshold: 11 },
    );
    expect([...secret]).toEqual([SECONDARY, SECONDARY, SECONDARY]);
    expect(unprotected).toEqual([0]);
    expect(stats.lpSolves).toBeGreaterThan(0);
  });
});

describe('secretLabel', () => {
  it.each([
    ['small', 11, '< 11'],
    ['small', 5, '< 5'],
    ['secondary', 11, 's'],
  ] as const)('%s with threshold %i reads « %s »', (secret, threshold, label) => {
    expect(secretLabel(secret, threshold)).toBe(label);
  });
});
