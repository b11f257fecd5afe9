// `palier backup <file>` and `palier restore <file>`: the whole database to one compressed file and back, without
// pg_dump (ADR 039). Both show progress on stderr (a bar in a terminal, a line every few seconds in a log).
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../src/platform/config.ts';
import {
  BackupError,
  backupDatabase,
  openDatabase,
  readBackupHeader,
  restoreDatabase,
} from '../src/platform/db/index.ts';
import type { RolloutCliHelpers } from './rollout.ts';

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function bar(format: string) {
  const progress = new SingleBar({ format, hideCursor: true, noTTYOutput: true, notTTYSchedule: 3000 });
  let started = false;
  return {
    update(value: number, total: number, payload: Record<string, string | number>) {
      if (!started) {
        progress.start(total, value, payload);
        started = true;
      }
      progress.setTotal(total);
      progress.update(value, payload);
    },
    stop() {
      if (started) progress.stop();
      started = false;
    },
  };
}

/** Ctrl-C or a stop request ends the work cleanly (no partial file, nothing half-restored) instead of killing it. */
function interruptible() {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}

export function registerBackupCommands(program: Command, { fail }: RolloutCliHelpers): void {
  program
    .command('backup')
    .description(
      'write a consistent backup of the whole database to a file (gzip-compressed SQL); Palier may keep running',
    )
    .argument('<file>', 'the file to write, e.g. palier-2027-03-01.sql.gz (replaced when complete)')
    .action(async (file: string) => {
      const database = await openDatabase(loadConfig(), { max: 1 });
      const { signal, release } = interruptible();
      const progress = bar('backup [{bar}] {percentage}% | table {done}/{tables} | {value} rows | {table}');
      try {
        const summary = await backupDatabase({
          url: database.url,
          file,
          signal,
          onProgress: (p) =>
            progress.update(p.rows, Math.max(p.estimatedRows, p.rows, 1), {
              done: p.tablesDone,
              tables: p.tables,
              table: p.table,
            }),
        });
        progress.stop();
        console.log(
          `backup written to ${summary.file}: ${summary.tables} tables, ${summary.rows} rows, schema at migration ${summary.migrations}, ${megabytes(summary.bytes)} in ${summary.seconds.toFixed(1)} s`,
        );
      } catch (error) {
        progress.stop();
        if (error instanceof BackupError) fail(error.message);
        throw error;
      } finally {
        release();
        await database.close();
      }
    });

  program
    .command('restore')
    .description(
      'restore a backup into an empty database (schema from the migrations, then all rows in one transaction); stop Palier first',
    )
    .argument('<file>', 'a file written by `palier backup`')
    .option(
      '--force',
      'erase the current database first (in the same transaction: on failure it stays as it was)',
    )
    .action(async (file: string, options: { force?: boolean }) => {
      let header: Awaited<ReturnType<typeof readBackupHeader>>;
      try {
        header = await readBackupHeader(file);
      } catch (error) {
        if (error instanceof BackupError) fail(error.message);
        throw error;
      }
      console.error(
        `backup of ${header.createdAt} (Palier ${header.palierVersion}, ${header.server}, ${header.tables} tables, about ${header.estimatedRows} rows, schema at migration ${header.migrations})`,
      );
      const database = await openDatabase(loadConfig(), { max: 1 });
      const { signal, release } = interruptible();
      const steps = {
        schema: 'schema',
        load: 'rows',
        indexes: 'indexes and keys',
        upgrade: 'migrations',
        analyze: 'statistics',
      };
      const progress = bar(
        'restore [{bar}] {percentage}% | {step} | table {done}/{tables} | {rows} rows | {table}',
      );
      try {
        const summary = await restoreDatabase({
          url: database.url,
          file,
          force: options.force,
          signal,
          onProgress: (p) =>
            progress.update(p.bytesRead, Math.max(p.bytes, 1), {
              step: steps[p.step],
              done: p.tablesDone,
              tables: p.tables,
              rows: p.rows,
              table: p.table,
            }),
        });
        progress.stop();
        console.log(
          `restored ${file}: ${summary.tables} tables, ${summary.rows} rows; schema at migration ${summary.migrations} (the backup's: ${summary.header.migrations}) in ${summary.seconds.toFixed(1)} s`,
        );
        if (summary.skipped.length)
          console.error(
            `left out (not made by Palier's migrations): ${summary.skipped.map((t) => (t.rows ? `${t.name} (${t.rows} rows)` : t.name)).join(', ')}`,
          );
        console.error(
          'not in the backup: PALIER_SECRET (or the data folder’s `secret`; without the same one everyone signs in again), PALIER_CREDENTIAL_KEY when set, the palier_app role (made again by the migrations)',
        );
      } catch (error) {
        progress.stop();
        if (error instanceof BackupError) fail(error.message);
        throw error;
      } finally {
        release();
        await database.close();
      }
    });
}
