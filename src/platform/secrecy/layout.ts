// From a publication's tables to the core's cells and sums: each additive column adds up to the total row (and each
// row group to its group row), each partition's parts to their total column, linked cells are one number, derived
// cells (percent, median, sums over people) follow the people they are computed from.
import { type CompiledCells, cellsBuilder } from './core.ts';
import type { CellRef, Measure, Publication, StatColumn, StatRow, StatTable } from './model.ts';

const additiveMeasures = new Set<Measure>(['people', 'count', 'cents', 'hours', 'days']);
/** Whether a column's rows add up to the total row (the model's default: people, counts, money, hours, days). */
export const isAdditive = (column: StatColumn) => column.additive ?? additiveMeasures.has(column.measure);
/** Measures whose sums must be exact (integers): a mismatch is a table declared additive that does not add up. */
const exactMeasures = new Set<Measure>(['people', 'count', 'cents']);

export interface Layout {
  cells: CompiledCells;
  /** Per table, the cell of (row, column) at `row × columns + column` (row `rows.length` is the total row), or −1. */
  grids: Int32Array[];
  /** Per cell, 1 or 2 when it was hidden as small or secondary in the publication read (`published` mode only). */
  hidden: Uint8Array;
}

/** The rows of a table, the total row last (when present). */
export const rowsOf = (table: StatTable): StatRow[] =>
  table.total ? [...table.rows, table.total] : table.rows;

/**
 * `raw`: cells are the numbers (null: no cell); checks that declared sums add up and marks the 0 % / 100 % to hide.
 * `published`: a protected publication as an attacker reads it: hidden cells (with a `secret`) are cells of unknown
 * value (NaN).
 */
export function layoutOf(publication: Publication, mode: 'raw' | 'published'): Layout {
  const tables = publication.tables;
  let capacity = 0;
  for (const t of tables) capacity += (t.rows.length + (t.total ? 1 : 0)) * t.columns.length;
  const b = cellsBuilder(capacity);
  let hidden = new Uint8Array(1024);
  const grids: Int32Array[] = [];
  for (const table of tables) {
    const columns = table.columns;
    const rows = rowsOf(table);
    const grid = new Int32Array(rows.length * columns.length).fill(-1);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      for (let c = 0; c < columns.length; c++) {
        const column = columns[c]!;
        const v = row.values[column.key];
        let x: number;
        let mark = 0;
        if (typeof v === 'number' && Number.isFinite(v)) x = v;
        else if (mode === 'published' && row.secret?.[column.key]) {
          x = Number.NaN;
          mark = row.secret[column.key] === 'small' ? 1 : 2;
        } else continue;
        const cell = b.cell(x, column.measure === 'people');
        if (mark) {
          if (cell >= hidden.length) {
            const bigger = new Uint8Array(Math.max(cell + 1, hidden.length * 2));
            bigger.set(hidden);
            hidden = bigger;
          }
          hidden[cell] = mark;
        }
        grid[r * columns.length + c] = cell;
      }
    }
    grids.push(grid);
  }
  const values = b.build().values;

  let parts = new Int32Array(64);
  let count = 0;
  const addPart = (cell: number) => {
    if (cell < 0) return;
    if (count === parts.length) {
      const bigger = new Int32Array(parts.length * 2);
      bigger.set(parts);
      parts = bigger;
    }
    parts[count++] = cell;
  };
  /** Adds the sum `total = parts[0 … count − 1]` (then clears the parts). */
  const addSum = (table: StatTable, column: StatColumn, total: number, exhaustive: boolean) => {
    if (total >= 0 && count > 0) {
      if (mode === 'raw' && exactMeasures.has(column.measure)) {
        let sum = 0;
        for (let i = 0; i < count; i++) sum += values[parts[i]!]!;
        const expected = values[total]!;
        if (Math.abs(sum - expected) > 1e-6 * Math.max(1, Math.abs(expected)))
          throw new Error(
            `secrecy: table "${table.id}", column "${column.key}": the parts add up to ${sum} but the total says ${expected} (declare additive: false, or the partition, only for numbers that add up)`,
          );
      }
      b.sum(total, parts, count, exhaustive);
    }
    count = 0;
  };

  tables.forEach((table, t) => {
    const grid = grids[t]!;
    const columns = table.columns;
    const width = columns.length;
    const rows = rowsOf(table);
    const totalIndex = table.total ? table.rows.length : -1;
    const cell = (r: number, c: number) => grid[r * width + c]!;
    const columnIndex = new Map(columns.map((c, i) => [c.key, i]));
    const columnOf = (key: string, what: string) => {
      const i = columnIndex.get(key);
      if (i === undefined) throw new Error(`secrecy: table "${table.id}": ${what} names no column "${key}"`);
      return i;
    };
    let rowIndex: Map<string, number> | undefined;
    const rowOf = (key: string, what: string) => {
      rowIndex ??= new Map(table.rows.map((r, i) => [r.key, i]));
      const i = rowIndex.get(key);
      if (i === undefined) throw new Error(`secrecy: table "${table.id}": ${what} names no row "${key}"`);
      return i;
    };

    // Columns add up to the total row, and each group's rows to the group's row.
    const members = new Uint8Array(table.rows.length);
    const groups = (table.groups ?? []).map((g) => {
      const rowsIn = g.rows.map((key) => rowOf(key, 'a row group'));
      for (const r of rowsIn) members[r] = 1;
      return { total: rowOf(g.total, 'a row group'), rows: rowsIn };
    });
    columns.forEach((column, c) => {
      if (!isAdditive(column)) return;
      if (totalIndex >= 0) {
        for (let r = 0; r < table.rows.length; r++) if (!members[r]) addPart(cell(r, c));
        addSum(table, column, cell(totalIndex, c), false);
      }
      for (const g of groups) {
        for (const r of g.rows) addPart(cell(r, c));
        addSum(table, column, cell(g.total, c), false);
      }
    });

    // Partitions within each row.
    for (const partition of table.partitions ?? []) {
      const totalColumn = columnOf(partition.total, 'a partition');
      const partColumns = partition.parts.map((key) => columnOf(key, 'a partition'));
      for (let r = 0; r < rows.length; r++) {
        for (const c of partColumns) addPart(cell(r, c));
        addSum(table, columns[totalColumn]!, cell(r, totalColumn), partition.exhaustive);
      }
    }

    // Derived cells.
    columns.forEach((column, c) => {
      const of = column.of;
      if (!of) return;
      if ('basis' in of) {
        const basis = columnOf(of.basis, `column "${column.key}"`);
        for (let r = 0; r < rows.length; r++)
          if (cell(r, c) >= 0 && cell(r, basis) >= 0) b.follow(cell(r, basis), cell(r, c));
        return;
      }
      const num = columnOf(of.numerator, `column "${column.key}"`);
      const den = columnOf(of.denominator, `column "${column.key}"`);
      const ofPeople = columns[num]!.measure === 'people' && columns[den]!.measure === 'people';
      for (let r = 0; r < rows.length; r++) {
        const p = cell(r, c);
        if (p < 0) continue;
        const n = cell(r, num);
        const d = cell(r, den);
        if (n >= 0) b.follow(n, p);
        if (d >= 0) b.follow(d, p);
        if (mode !== 'raw' || !ofPeople) continue;
        // A 0 % or 100 % of a group of people says something of every one of them: hide it, and its numerator so
        // that it cannot be recomputed.
        const whole =
          n >= 0 && d >= 0
            ? values[d]! > 0 && (values[n] === 0 || values[n] === values[d])
            : values[p] === 0 || values[p] === 100;
        if (whole) {
          b.force(p);
          if (n >= 0) b.force(n);
        }
      }
    });
  });

  // Links.
  if (publication.links?.length) {
    const byId = new Map(tables.map((t, i) => [t.id, i]));
    const rowMaps = new Map<number, Map<string, number>>();
    const cellOf = (ref: CellRef) => {
      const t = byId.get(ref.table);
      if (t === undefined) throw new Error(`secrecy: a link names no table "${ref.table}"`);
      const table = tables[t]!;
      let rowMap = rowMaps.get(t);
      if (!rowMap) {
        rowMap = new Map(table.rows.map((r, i) => [r.key, i]));
        rowMaps.set(t, rowMap);
      }
      const r = ref.row === 'total' && table.total ? table.rows.length : rowMap.get(ref.row);
      const c = table.columns.findIndex((col) => col.key === ref.column);
      if (r === undefined || c < 0)
        throw new Error(
          `secrecy: a link names no cell "${ref.row}" × "${ref.column}" in table "${ref.table}"`,
        );
      return grids[t]![r * table.columns.length + c]!;
    };
    for (const [a, z] of publication.links) {
      const ca = cellOf(a);
      const cz = cellOf(z);
      if (ca >= 0 && cz >= 0) b.equal(ca, cz);
    }
  }

  // Each sum's members are different cells of one table (links may make two of them one variable: the core checks).
  const cells = b.build({ distinct: true });
  const marks = new Uint8Array(cells.values.length);
  marks.set(hidden.subarray(0, Math.min(hidden.length, marks.length)));
  return { cells, grids, hidden: marks };
}
