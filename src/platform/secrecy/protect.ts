// Statistical secrecy applied to a publication: the one place every figure that leaves the coordinator's desk goes
// through (dashboard, reports, exports, API, open data). See ADR 035.
import { type CellProtection, protectCells, SMALL } from './core.ts';
import { layoutOf } from './layout.ts';
import type { Publication, Secret, StatRow, StatTable } from './model.ts';

/** No published cell counts fewer than this many people (the programme's setting overrides it). */
export const defaultSecrecyThreshold = 11;

export interface SecrecyOptions {
  /** Cells of 1 to threshold − 1 people are hidden; an integer of at least 3 (default 11). */
  threshold?: number;
}

export interface ProtectionResult {
  publication: Publication;
  stats: CellProtection['stats'] & { cells: number; sums: number };
  /** Hidden cells the audit could not protect even with everything around them hidden (expected empty). */
  unprotected: { table: string; row: string; column: string }[];
}

/** `protectPublication`, with what it did (for benchmarks and checks). */
export function protectPublicationWithStats(
  publication: Publication,
  { threshold = defaultSecrecyThreshold }: SecrecyOptions = {},
): ProtectionResult {
  const layout = layoutOf(publication, 'raw');
  const protection = protectCells(layout.cells, { threshold });
  const secret = protection.secret;
  const located = new Map<number, { table: string; row: string; column: string }>();
  const unprotected = new Set(protection.unprotected);

  const tables = publication.tables.map((table, t): StatTable => {
    const grid = layout.grids[t]!;
    const columns = table.columns;
    const width = columns.length;
    const protectRow = (row: StatRow, r: number): StatRow => {
      let values: Record<string, number | null> | undefined;
      let marks: Record<string, Secret> | undefined;
      for (let c = 0; c < width; c++) {
        const id = grid[r * width + c]!;
        if (id < 0 || secret[id] === 0) continue;
        const key = columns[c]!.key;
        values ??= { ...row.values };
        marks ??= {};
        values[key] = null;
        marks[key] = secret[id] === SMALL ? 'small' : 'secondary';
        if (unprotected.has(id)) located.set(id, { table: table.id, row: row.key, column: key });
      }
      if (!values) {
        if (row.secret === undefined) return row;
        const { secret: _, ...rest } = row;
        return rest;
      }
      return { ...row, values, secret: marks };
    };
    const rows = table.rows.map(protectRow);
    return table.total ? { ...table, rows, total: protectRow(table.total, rows.length) } : { ...table, rows };
  });
  return {
    publication: publication.links ? { tables, links: publication.links } : { tables },
    stats: { ...protection.stats, cells: layout.cells.values.length, sums: layout.cells.exhaustive.length },
    unprotected: [...located.values()],
  };
}

/**
 * The publication as it may be published: every cell of 1 to threshold − 1 people, and every cell that would let
 * one be recomputed (from totals, partitions, linked tables) or that would reveal a whole group, is null and marked
 * in `row.secret`. Pure: the input is not changed, and no hidden value is anywhere in the result.
 */
export function protectPublication(publication: Publication, options: SecrecyOptions = {}): Publication {
  return protectPublicationWithStats(publication, options).publication;
}

/** One table on its own (no links). */
export function protectTable(table: StatTable, options: SecrecyOptions = {}): StatTable {
  return protectPublication({ tables: [table] }, options).tables[0]!;
}

/** How a hidden cell reads: « < 11 » when it counts too few people, « s » when hidden to protect another. */
export function secretLabel(secret: Secret, threshold: number = defaultSecrecyThreshold): string {
  return secret === 'small' ? `< ${threshold.toLocaleString('fr-FR')}` : 's';
}
