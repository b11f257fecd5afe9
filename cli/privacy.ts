// `palier privacy export <reference> --out FILE` and `palier privacy erase <reference> --requested-on DAY`:
// residents' rights from the command line (GDPR art. 15, 17, 20), logged in the audit trail like the pages.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { localDate } from '../src/platform/dates.ts';
import type { Database } from '../src/platform/db/index.ts';
import { type Actor, cliActor } from '../src/platform/permissions/index.ts';
import { CalendarDay } from '../src/platform/validation.ts';
import {
  eraseHousehold,
  exportHouseholdData,
  householdIdByReference,
  personalDataPdf,
} from '../src/privacy/index.ts';
import type { RolloutCliHelpers } from './rollout.ts';

/**
 * The command line answers a rights request as the coordination does (the administrator's role may not): whoever
 * runs it holds the database itself, and the audit trail names the command line.
 */
const rightsActor = (programmeId: number): Actor => ({
  ...cliActor(programmeId, 'palier CLI (droits des personnes)'),
  role: 'coordinator',
});

export function registerPrivacyCommands(
  program: Command,
  { withDatabase, programmeIdFor, fail }: RolloutCliHelpers,
) {
  const privacy = program
    .command('privacy')
    .description('residents’ rights: export and erase a household’s data');

  const householdOf = async (database: Database, programme: string | undefined, reference: string) => {
    const programmeId = await programmeIdFor(database, programme);
    const householdId = await householdIdByReference(database.db, programmeId, reference);
    if (householdId === null) fail(`Foyer ${reference} introuvable dans ce programme.`);
    return { actor: rightsActor(programmeId), householdId: householdId! };
  };

  privacy
    .command('export')
    .description('everything Palier holds on a household, as JSON (.json) or a readable PDF (.pdf); logged')
    .argument('<household-reference>', 'the household’s reference, e.g. F-000123')
    .requiredOption('--out <file>', 'where to write it: a name ending in .json or .pdf')
    .option('--programme <slug>', 'programme (when there are several)')
    .action((reference: string, options: { out: string; programme?: string }) =>
      withDatabase(async (database) => {
        const format = options.out.toLowerCase().endsWith('.pdf')
          ? 'pdf'
          : options.out.toLowerCase().endsWith('.json')
            ? 'json'
            : fail('--out must end in .json or .pdf');
        const { actor, householdId } = await householdOf(database, options.programme, reference);
        const document = await exportHouseholdData({ db: database.db, actor, householdId, format });
        const bytes =
          format === 'pdf' ? await personalDataPdf(document) : `${JSON.stringify(document, null, 2)}\n`;
        try {
          writeFileSync(options.out, bytes);
        } catch {
          fail(`cannot write ${options.out}`);
        }
        console.log(`Données du foyer ${reference.toUpperCase()} écrites dans ${options.out}`);
      }),
    );

  privacy
    .command('erase')
    .description(
      'erases a household’s identifying data in every module (idempotent; refused while work runs)',
    )
    .argument('<household-reference>', 'the household’s reference, e.g. F-000123')
    .option('--requested-on <YYYY-MM-DD>', 'the day the person asked (required unless --cause retention)')
    .option(
      '--cause <cause>',
      'request (the person asked, default) or retention (end of retention)',
      'request',
    )
    .option('--keep-certificates', 'the person keeps their certificates (valid, with their name)')
    .option('--programme <slug>', 'programme (when there are several)')
    .action(
      (
        reference: string,
        options: { requestedOn?: string; cause: string; keepCertificates?: boolean; programme?: string },
      ) =>
        withDatabase(async (database) => {
          if (options.cause !== 'request' && options.cause !== 'retention')
            fail('--cause must be request or retention');
          if (options.requestedOn !== undefined && !CalendarDay.safeParse(options.requestedOn).success)
            fail('--requested-on must be a day, YYYY-MM-DD');
          if (options.cause === 'request' && !options.requestedOn)
            fail('--requested-on is required: the day the person asked for the erasure');
          if (options.requestedOn && options.requestedOn > localDate(new Date()))
            fail('--requested-on cannot be in the future');
          const { actor, householdId } = await householdOf(database, options.programme, reference);
          const summary = await eraseHousehold(database.db, actor, {
            householdId,
            cause: options.cause as 'request' | 'retention',
            requestedOn: options.requestedOn ?? null,
            keepCertificates: options.keepCertificates ?? false,
          });
          if (summary.status === 'refused') fail(summary.message);
          if (summary.status === 'already_erased') {
            console.log(summary.message);
            return;
          }
          if (summary.status !== 'erased') return;
          console.log(`Foyer ${reference.toUpperCase()} effacé (registre n° ${summary.erasureId}).`);
          for (const [module, counts] of Object.entries(summary.modules))
            console.log(
              `  ${module}: ${Object.entries(counts)
                .map(([k, n]) => `${k} ${n}`)
                .join(', ')}`,
            );
        }),
    );
}
