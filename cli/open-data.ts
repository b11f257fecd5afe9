// `palier open-data --out dir/`: the open data (impact-secteurs.csv, under statistical secrecy) and its Table Schema,
// for an open-data platform. `palier indicators`: the main indicators of a period and an area as a text summary, or
// one table as CSV — always under statistical secrecy (the raw figures stay at the coordinator's desk, on the web).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  buildOpenData,
  getIndicators,
  type ImpactTableId,
  type Indicators,
  impactTableIds,
  openDataFileName,
  openDataSchema,
  openDataSchemaFileName,
  tableCsv,
} from '../src/impact/index.ts';
import { addLocalMonths, localDate } from '../src/platform/dates.ts';
import { cliActor } from '../src/platform/permissions/index.ts';
import { cellText, secrecyLegend } from '../src/platform/secrecy/index.ts';
import { CalendarDay } from '../src/platform/validation.ts';
import { listSectors } from '../src/territory/index.ts';
import type { RolloutCliHelpers } from './rollout.ts';

/** The tables the text summary shows, in this order (the others are one `--format csv --table <id>` away). */
const summaryTables: ImpactTableId[] = [
  'coverage',
  'funnel',
  'sectors',
  'equipment',
  'workshops',
  'certificates',
  'advice',
  'charges',
];

/** The indicators for a terminal: each main table's rows, one line each, cells as French readers write them. */
export function indicatorsText(indicators: Indicators): string {
  const { filter, threshold } = indicators;
  const out = [
    `Indicateurs — ${indicators.areaLabel}, du ${filter.from} au ${filter.to} (secret statistique, seuil ${threshold})`,
  ];
  for (const id of summaryTables) {
    const table = indicators.publication.tables.find((t) => t.id === id);
    if (!table) continue;
    out.push('', table.title);
    const rows = [...table.rows, ...(table.total ? [table.total] : [])];
    if (rows.length === 0) out.push('  (rien dans la période)');
    for (const row of rows)
      out.push(
        `  ${row.label} : ${table.columns.map((c) => `${c.label} ${cellText(row, c, threshold, { wholeEuros: true })}`).join(' · ')}`,
      );
  }
  out.push('', secrecyLegend(threshold));
  out.push(
    `Autres tableaux : --format csv --table ${impactTableIds.filter((id) => !summaryTables.includes(id)).join(' | ')}`,
  );
  return `${out.join('\n')}\n`;
}

const formats = ['text', 'csv'] as const;

export function registerOpenDataCommands(
  program: Command,
  { withDatabase, programmeIdFor, fail }: RolloutCliHelpers,
) {
  program
    .command('open-data')
    .description(
      `write the open data (${openDataFileName}: per sector and complete year, under statistical secrecy, UTF-8 CSV with commas) and its Table Schema (${openDataSchemaFileName}) into a folder`,
    )
    .requiredOption('--out <dir>', 'folder to write the two files into (created if needed)')
    .option('--programme <slug>', 'programme (when there are several)')
    .action((options: { out: string; programme?: string }) =>
      withDatabase(async (database) => {
        const started = performance.now();
        const programmeId = await programmeIdFor(database, options.programme);
        const data = await buildOpenData(database.db, {
          programmeId,
          onStep: (step) => console.error(`open data: ${step}…`),
        });
        const csvFile = path.join(options.out, openDataFileName);
        const schemaFile = path.join(options.out, openDataSchemaFileName);
        try {
          mkdirSync(options.out, { recursive: true });
          writeFileSync(csvFile, data.csv);
          writeFileSync(schemaFile, `${JSON.stringify(openDataSchema(), null, 2)}\n`);
        } catch {
          fail(`cannot write into ${options.out}`);
        }
        const years = data.firstYear === null ? 'no complete year yet' : `${data.firstYear}–${data.lastYear}`;
        const hidden = data.rows.reduce((n, r) => n + Object.values(r).filter((v) => v === 's').length, 0);
        console.log(
          `${data.rows.length} lines (${years}, ${data.publication.tables.length} sectors, ${hidden} values hidden as « s ») written to ${csvFile}; schema: ${schemaFile} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
        );
      }),
    );

  program
    .command('indicators')
    .description(
      'the main indicators of a period under statistical secrecy: a text summary, or one table as CSV for French spreadsheets (UTF-8 with BOM, ;)',
    )
    .option('--from <YYYY-MM-DD>', 'first day of the period (default: twelve months before --to)')
    .option('--to <YYYY-MM-DD>', 'last day of the period, included (default: today)')
    .option('--sector <code>', 'one sector (its code) instead of the whole programme')
    .option('--format <format>', formats.join(' | '), 'text')
    .option('--table <id>', `with --format csv: the table (${impactTableIds.join(', ')})`, 'sectors')
    .option('--programme <slug>', 'programme (when there are several)')
    .action(
      (options: {
        from?: string;
        to?: string;
        sector?: string;
        format: string;
        table: string;
        programme?: string;
      }) =>
        withDatabase(async (database) => {
          if (!(formats as readonly string[]).includes(options.format))
            return fail(`--format must be one of ${formats.join(', ')}`);
          if (!(impactTableIds as readonly string[]).includes(options.table))
            return fail(`--table must be one of ${impactTableIds.join(', ')}`);
          for (const key of ['from', 'to'] as const)
            if (options[key] !== undefined && !CalendarDay.safeParse(options[key]).success)
              return fail(`--${key} must be a day written YYYY-MM-DD (got "${options[key]}")`);
          const to = options.to ?? localDate(new Date());
          // Twelve months before (29 February → 28 February).
          const from = options.from ?? localDate(addLocalMonths(new Date(`${to}T12:00:00Z`), -12));
          if (from > to) return fail(`--from (${from}) must not come after --to (${to})`);
          const actor = cliActor(await programmeIdFor(database, options.programme));
          let sectorId: number | undefined;
          if (options.sector !== undefined) {
            const sectors = await listSectors({ db: database.db, actor });
            const found = sectors.find((s) => s.code.toLowerCase() === options.sector!.trim().toLowerCase());
            if (!found)
              return fail(
                `no sector with the code "${options.sector}" (codes: ${sectors.map((s) => s.code).join(', ') || 'none'})`,
              );
            sectorId = found.id;
          }
          const indicators = await getIndicators({
            db: database.db,
            actor,
            filter: { from, to, ...(sectorId !== undefined ? { sectorId } : {}) },
          });
          if (options.format === 'csv') {
            const table = indicators.publication.tables.find((t) => t.id === options.table)!;
            process.stdout.write(tableCsv(table, indicators.threshold));
            return;
          }
          process.stdout.write(indicatorsText(indicators));
        }),
    );
}
