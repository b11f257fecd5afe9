// `palier report`: a report (bilan) as a PDF — for a period and an area, computed now and not stored (figures under
// statistical secrecy, as for any report), or a stored report by its number (`--id`, published ones: a draft is
// the coordinator's, on the web).
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  getReportContent,
  previewReportContent,
  type ReportContent,
  renderReportPdf,
  reportAreaChoices,
} from '../src/impact/index.ts';
import { localDate } from '../src/platform/dates.ts';
import { cliActor, NotFoundError } from '../src/platform/permissions/index.ts';
import { CalendarDay } from '../src/platform/validation.ts';
import type { RolloutCliHelpers } from './rollout.ts';

interface ReportOptions {
  out: string;
  id?: string;
  from?: string;
  to?: string;
  sector?: string;
  neighbourhood?: string;
  title?: string;
  programme?: string;
}

/** Lower case without accents, to find « Keredern » when « Kérédern » is typed and the other way round. */
const folded = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

/** How many pages a PDF written by pdfkit has (one page object each). */
const pageCount = (bytes: Uint8Array) =>
  (
    Buffer.from(bytes)
      .toString('latin1')
      .match(/\/Type \/Page\b/g) ?? []
  ).length;

export function registerReportCommands(
  program: Command,
  { withDatabase, programmeIdFor, fail }: RolloutCliHelpers,
) {
  program
    .command('report')
    .description(
      'write a report (bilan) as a PDF: for a period and an area (not stored), or a stored report with --id',
    )
    .requiredOption('--out <file>', 'PDF file to write')
    .option('--from <YYYY-MM-DD>', 'first day of the period')
    .option('--to <YYYY-MM-DD>', 'last day of the period (included, not after today)')
    .option('--sector <code>', 'one sector (its code), instead of the whole programme')
    .option('--neighbourhood <name>', 'one neighbourhood (its name), instead of the whole programme')
    .option('--title <title>', 'the title on the first page (default: « Bilan du … au … »)')
    .option('--id <number>', 'a stored, published report instead (its number, as in /bilans/<number>)')
    .option('--programme <slug>', 'programme (when there are several)')
    .action((options: ReportOptions) => {
      // The options are checked before the database is opened: a typing mistake answers at once.
      const id = options.id === undefined ? undefined : Number(options.id);
      if (id !== undefined) {
        if (options.from || options.to || options.sector || options.neighbourhood)
          fail('--id prints a stored report: leave out --from, --to, --sector and --neighbourhood');
        if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) fail('--id must be a report number');
      } else {
        if (!options.from || !options.to)
          fail('give the period with --from and --to (or a stored report with --id)');
        if (!CalendarDay.safeParse(options.from).success) fail('--from must be a day, YYYY-MM-DD');
        if (!CalendarDay.safeParse(options.to).success) fail('--to must be a day, YYYY-MM-DD');
        if (options.to! < options.from!) fail('--to must be on or after --from');
        const today = localDate(new Date());
        if (options.to! > today)
          fail(`--to cannot be after today (${today}): a report is about days gone by`);
        if (options.sector && options.neighbourhood) fail('give --sector or --neighbourhood, not both');
      }
      return withDatabase(async (database) => {
        const started = performance.now();
        const programmeId = await programmeIdFor(database, options.programme);
        const actor = cliActor(programmeId);
        let content: ReportContent;
        if (id !== undefined) {
          console.error(`reading report ${id}…`);
          try {
            content = await getReportContent({ db: database.db, actor, reportId: id });
          } catch (error) {
            if (error instanceof NotFoundError)
              fail(`report ${id} not found (a draft is the coordinator's only: publish it first)`);
            throw error;
          }
        } else {
          const from = options.from!;
          const to = options.to!;
          const areas = await reportAreaChoices(database.db, programmeId);
          let sectorId: number | undefined;
          let neighbourhoodId: number | undefined;
          if (options.sector) {
            const code = folded(options.sector);
            sectorId = areas.sectors.find((s) => folded(s.code) === code)?.id;
            if (!sectorId)
              fail(
                `unknown sector "${options.sector}" (existing: ${areas.sectors.map((s) => s.code).join(', ') || 'none'})`,
              );
          }
          if (options.neighbourhood) {
            const name = folded(options.neighbourhood);
            neighbourhoodId = areas.neighbourhoods.find((n) => folded(n.name) === name)?.id;
            if (!neighbourhoodId)
              fail(
                `unknown neighbourhood "${options.neighbourhood}" (existing: ${areas.neighbourhoods.map((n) => n.name).join(', ') || 'none'})`,
              );
          }
          console.error(`computing the indicators from ${from} to ${to}…`);
          content = await previewReportContent({
            db: database.db,
            actor,
            filter: { from, to, sectorId, neighbourhoodId },
            title: options.title,
          });
        }
        console.error(`drawing the PDF of « ${content.title} » (${content.areaLabel})…`);
        const bytes = await renderReportPdf(content);
        try {
          writeFileSync(options.out, bytes);
        } catch {
          fail(`cannot write ${options.out}`);
        }
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        console.log(`report written to ${options.out} (${pageCount(bytes)} pages, ${seconds} s)`);
      });
    });
}
