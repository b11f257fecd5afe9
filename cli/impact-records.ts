// `palier questionnaires due`: the households to ask the « after » questionnaire (six months after « before »), as a
// call list for the facilities (CSV for French spreadsheets: UTF-8 with BOM, `;`).
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { questionnairesDue, questionnairesDueCsv } from '../src/impact/index.ts';
import { type Actor, cliActor } from '../src/platform/permissions/index.ts';
import { CalendarDay } from '../src/platform/validation.ts';
import type { RolloutCliHelpers } from './rollout.ts';

/**
 * The command line reads the call list as the coordination does (the whole programme): the administrator's role does
 * not record questionnaires on the web, but whoever runs this command holds the database itself.
 */
const coordinationReader = (programmeId: number): Actor => ({
  ...cliActor(programmeId),
  role: 'coordinator',
});

export function registerImpactRecordCommands(
  program: Command,
  { withDatabase, programmeIdFor, fail }: RolloutCliHelpers,
) {
  program
    .command('questionnaires')
    .description('the before/after questionnaire')
    .command('due')
    .description(
      'the households whose « before » is six months old or more and without « after », the longest waiting first ' +
        '(CSV: UTF-8 with BOM, ;)',
    )
    .option('--out <file>', 'write to a file instead of the standard output')
    .option('--sector <code>', 'only the households of this sector (its name or code)')
    .option('--today <YYYY-MM-DD>', 'as on this day (default: today in Paris)')
    .option('--programme <slug>', 'programme (when there are several)')
    .action((options: { out?: string; sector?: string; today?: string; programme?: string }) =>
      withDatabase(async (database) => {
        if (options.today !== undefined && !CalendarDay.safeParse(options.today).success)
          fail('--today must be a day, YYYY-MM-DD');
        const actor = coordinationReader(await programmeIdFor(database, options.programme));
        let rows = await questionnairesDue({ db: database.db, actor, today: options.today });
        if (options.sector !== undefined) {
          const wanted = options.sector.trim().toLowerCase();
          rows = rows.filter(
            (r) => r.sectorName?.toLowerCase() === wanted || r.sectorCode?.toLowerCase() === wanted,
          );
        }
        const content = questionnairesDueCsv(rows);
        if (options.out) {
          try {
            writeFileSync(options.out, content);
          } catch {
            fail(`cannot write ${options.out}`);
          }
        } else process.stdout.write(content);
        console.error(`${rows.length} household(s) to ask the « after » questionnaire`);
      }),
    );
}
