// `palier retention run [--dry-run] [--programme slug]`: applies the retention rules (archive, erase, anonymise) to
// one programme or all of them, with progress on the standard error and the report on the standard output.
// Ctrl-C stops between two batches: what was done is whole and reported; running again does the rest.
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { findProgramme, listProgrammes } from '../src/partners/index.ts';
import {
  countStepLabels,
  kindDescriptions,
  type RetentionProgress,
  type RetentionReport,
  retentionKinds,
  retentionSystemActor,
  runRetention,
} from '../src/privacy/index.ts';
import type { RolloutCliHelpers } from './rollout.ts';

/** The report for a terminal: one line per kind and step (zeros shown on a dry run), then the first households. */
export function retentionReportText(slug: string, report: RetentionReport): string {
  const out = [
    `retention ${slug} — ${report.dryRun ? 'simulation, rien n’est modifié' : 'appliquée'} (au ${report.today})${
      report.complete ? '' : ' — INTERROMPUE : relancez pour finir'
    }`,
  ];
  let any = false;
  for (const kind of retentionKinds) {
    for (const [step, n] of Object.entries(report.counts[kind] ?? {})) {
      if (!n && !report.dryRun) continue;
      any = true;
      out.push(`  ${kindDescriptions[kind].label.split(' (')[0]} : ${n} ${countStepLabels[step] ?? step}`);
    }
  }
  if (!any) out.push('  rien à changer');
  const samples = report.samples;
  if (samples) {
    if (samples.archive.length) out.push(`  premiers foyers à archiver : ${samples.archive.join(', ')}`);
    if (samples.erase.length) out.push(`  premiers foyers à effacer : ${samples.erase.join(', ')}`);
    if (samples.restore.length)
      out.push(`  premiers foyers à sortir des archives : ${samples.restore.join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}

/** A progress bar per phase on the standard error: redrawn in a terminal, a line every few seconds in a log. */
function progress() {
  let bar: SingleBar | null = null;
  let phase = '';
  return {
    update({ phase: next, done, total }: RetentionProgress) {
      if (next !== phase) {
        bar?.stop();
        phase = next;
        bar = new SingleBar({
          format: `${next.padEnd(28)} [{bar}] {percentage}% | {value}/{total}`,
          hideCursor: true,
          noTTYOutput: true,
          notTTYSchedule: 3000,
          stream: process.stderr,
        });
        bar.start(total, 0);
      }
      bar?.setTotal(total);
      bar?.update(done);
    },
    stop() {
      bar?.stop();
      bar = null;
      phase = '';
    },
  };
}

export function registerRetentionCommands(program: Command, { withDatabase, fail }: RolloutCliHelpers): void {
  const retention = program
    .command('retention')
    .description('how long personal data is kept (CNIL durations, the programme’s settings)');

  retention
    .command('run')
    .description(
      'archive, erase and anonymise what has had its time; --dry-run lists what would change, changing nothing',
    )
    .option('--dry-run', 'count what would change and name the first households, change nothing')
    .option('--programme <slug>', 'one programme (all of them by default)')
    .option('--batch <size>', 'rows per batch, each its own transaction', '500')
    .action((options: { dryRun?: boolean; programme?: string; batch: string }) =>
      withDatabase(async (database) => {
        const batchSize = Number(options.batch);
        if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
          fail('--batch must be a whole number from 1 to 10000');
        const programmes = options.programme
          ? [await findProgramme(database.db, options.programme)].filter((p) => p !== null && p !== undefined)
          : await listProgrammes(database.db);
        if (options.programme && programmes.length === 0) fail(`programme "${options.programme}" not found`);
        // Ctrl-C once: stop after the batch under way, and report. Twice: stop at once.
        const stop = new AbortController();
        const onInterrupt = () => {
          if (stop.signal.aborted) process.exit(130);
          console.error('\nstopping after the current batch…');
          stop.abort();
        };
        process.on('SIGINT', onInterrupt);
        let interrupted = false;
        try {
          for (const programme of programmes) {
            if (stop.signal.aborted) break;
            const bar = progress();
            const result = await runRetention({
              db: database.db,
              actor: retentionSystemActor(programme!.id),
              dryRun: options.dryRun === true,
              batchSize,
              onProgress: bar.update,
              signal: stop.signal,
            });
            bar.stop();
            if ('ok' in result)
              return fail(`retention ${programme!.slug}: another run is in progress; try again later`);
            process.stdout.write(retentionReportText(programme!.slug, result));
            if (!result.complete) interrupted = true;
          }
        } finally {
          process.off('SIGINT', onInterrupt);
        }
        if (interrupted) fail('interrupted: what was done is kept; run the same command again to finish');
      }),
    );
}
