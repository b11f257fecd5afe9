// `palier agreements renewals` and `palier subsidies budget`: the coordination's figures as CSV for spreadsheets.
import type { Command } from 'commander';
import { listRenewalsDue, renewalsCsv, subsidyBudgetCsv } from '../src/coordination/index.ts';
import type { Database } from '../src/platform/db/index.ts';
import { type Actor, cliActor } from '../src/platform/permissions/index.ts';
import { CalendarDay } from '../src/platform/validation.ts';

export interface CliHelpers {
  withDatabase: <T>(work: (database: Database) => Promise<T>) => Promise<T>;
  programmeIdFor: (database: Database, slug?: string) => Promise<number>;
  /** Stops the command with one clear line and exit code 1. */
  fail: (message: string) => never;
}

/**
 * The command line reads the programme's coordination figures as the coordination does: a subsidy's amounts are not
 * for the administrator's role on the web, but whoever runs this command holds the database itself.
 */
const coordinationReader = (programmeId: number): Actor => ({
  ...cliActor(programmeId),
  role: 'coordinator',
});

export function registerCoordinationCommands(
  program: Command,
  { withDatabase, programmeIdFor, fail }: CliHelpers,
) {
  program
    .command('agreements')
    .description('partnership agreements (conventions)')
    .command('renewals')
    .description('the agreements due for renewal or expired, not renewed (CSV: UTF-8 with BOM, ;)')
    .option('--today <YYYY-MM-DD>', 'as on this day (default: today in Paris)')
    .option('--programme <slug>', 'programme (when there are several)')
    .action((options: { today?: string; programme?: string }) =>
      withDatabase(async (database) => {
        if (options.today !== undefined && !CalendarDay.safeParse(options.today).success)
          fail('--today must be a day, YYYY-MM-DD');
        const actor = coordinationReader(await programmeIdFor(database, options.programme));
        const rows = await listRenewalsDue({ db: database.db, actor, today: options.today });
        process.stdout.write(renewalsCsv(rows));
        console.error(`${rows.length} agreement(s) due for renewal`);
      }),
    );

  program
    .command('subsidies')
    .description('subsidies to associations')
    .command('budget')
    .description(
      'planned, committed (voted) and paid, per year and purpose (CSV: UTF-8 with BOM, ;, decimal comma)',
    )
    .option('--year <year>', 'one year only (default: every year)')
    .option('--programme <slug>', 'programme (when there are several)')
    .action((options: { year?: string; programme?: string }) =>
      withDatabase(async (database) => {
        const year = options.year === undefined ? undefined : Number(options.year);
        if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100))
          fail('--year must be a year between 2000 and 2100');
        const actor = coordinationReader(await programmeIdFor(database, options.programme));
        process.stdout.write(await subsidyBudgetCsv({ db: database.db, actor, year }));
      }),
    );
}
