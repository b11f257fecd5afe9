// `palier rollout plan` and `palier rollout sector <code>`: the suggested calendar (text, CSV or iCalendar) and where
// one sector stands (its stage, history and what the next stage still needs).
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { findProgramme } from '../src/partners/index.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Database } from '../src/platform/db/index.ts';
import { translator } from '../src/platform/i18n/index.ts';
import { cliActor } from '../src/platform/permissions/index.ts';
import { getRolloutPlan, getSectorRollout, type Plan, planCsv, planIcal } from '../src/rollout/index.ts';
import { listSectors } from '../src/territory/index.ts';

export interface RolloutCliHelpers {
  withDatabase: <T>(work: (database: Database) => Promise<T>) => Promise<T>;
  programmeIdFor: (database: Database, slug?: string) => Promise<number>;
  /** Stops the command with one clear line and exit code 1. */
  fail: (message: string) => never;
}

const t = translator('fr');
const stageText = (stage: string) => t(`rollout.${stage}`);
const formats = ['text', 'csv', 'ics'] as const;

/** The plan for a terminal: one line per sector (code, name, stage, place, key dates), its reasons below. */
export function planText(plan: Plan): string {
  const out = [`Calendrier du déploiement au ${plan.today} (${plan.lines.length} secteurs)`];
  for (const line of plan.lines) {
    const on = (m: string) => line.milestones.find((x) => x.milestone === m)?.on;
    const dates = [
      on('consultation') && `consultation ${on('consultation')}`,
      on('vote_open') && `vote ${on('vote_open')}`,
      on('service_open') && `service ${on('service_open')}`,
    ].filter(Boolean);
    out.push(
      [line.code, line.name, stageText(line.stage), t(`rolloutPage.status.${line.status}`), dates.join(', ')]
        .filter(Boolean)
        .join('\t'),
    );
    for (const reason of line.reasons) out.push(`    - ${reason}`);
  }
  return `${out.join('\n')}\n`;
}

export function registerRolloutCommands(
  program: Command,
  { withDatabase, programmeIdFor, fail }: RolloutCliHelpers,
) {
  const rollout = program.command('rollout').description('the roll-out of the sectors');

  rollout
    .command('plan')
    .description(
      'the suggested calendar: text (default), CSV for spreadsheets (UTF-8 with BOM, ;) or iCalendar',
    )
    .option('--format <format>', formats.join(' | '), 'text')
    .option('--out <file>', 'write to a file instead of the standard output')
    .option('--programme <slug>', 'programme (when there are several)')
    .action((options: { format: string; out?: string; programme?: string }) =>
      withDatabase(async (database) => {
        if (!(formats as readonly string[]).includes(options.format))
          fail(`--format must be one of ${formats.join(', ')}`);
        const programmeId = await programmeIdFor(database, options.programme);
        const plan = await getRolloutPlan({ db: database.db, actor: cliActor(programmeId) });
        let content: string;
        if (options.format === 'csv') content = planCsv(plan);
        else if (options.format === 'ics') {
          const programme = await findProgramme(database.db, options.programme);
          content = planIcal(plan, {
            baseUrl: loadConfig().baseUrl,
            programmeName: programme?.name ?? 'Palier',
          });
        } else content = planText(plan);
        if (!options.out) {
          process.stdout.write(content);
          return;
        }
        try {
          writeFileSync(options.out, content);
        } catch {
          fail(`cannot write ${options.out}`);
        }
        console.error(`plan of ${plan.lines.length} sectors written to ${options.out}`);
      }),
    );

  rollout
    .command('sector')
    .description('where a sector stands: its stage, its history, what the next stage still needs')
    .argument('<code>', 'the sector’s code, e.g. KER')
    .option('--programme <slug>', 'programme (when there are several)')
    .action((code: string, options: { programme?: string }) =>
      withDatabase(async (database) => {
        const actor = cliActor(await programmeIdFor(database, options.programme));
        const sectors = await listSectors({ db: database.db, actor });
        const found = sectors.find((s) => s.code.toLowerCase() === code.trim().toLowerCase());
        if (!found)
          return fail(
            `no sector with the code "${code}" (codes: ${sectors.map((s) => s.code).join(', ') || 'none'})`,
          );
        const view = await getSectorRollout({ db: database.db, actor, sectorId: found.id });
        const since = view.history.find((h) => h.stage === view.sector.stage)?.decidedOn;
        const lines = [
          `${view.sector.code} ${view.sector.name}: ${stageText(view.sector.stage)}${since ? ` since ${since}` : ''}`,
          'history:',
          ...view.history.map(
            (h) =>
              `  ${h.decidedOn}  ${h.fromStage ? `${stageText(h.fromStage)} → ` : ''}${stageText(h.stage)}  (${t(`rolloutPage.source.${h.source}`)}, ${h.decidedBy})${h.comment ? `  ${h.comment.replace(/\s+/g, ' ')}` : ''}`,
          ),
        ];
        if (view.next) {
          lines.push(
            view.next.complete
              ? `next: ${stageText(view.next.stage)}, nothing missing`
              : `next: ${stageText(view.next.stage)}, missing:`,
          );
          for (const missing of view.next.missing) lines.push(`  - ${missing}`);
        } else lines.push('next: comes from an event (a tenant vote, the service opening) or none');
        if (view.backTo.length) lines.push(`may go back to: ${view.backTo.map(stageText).join(', ')}`);
        if (view.pin) lines.push(`pinned: consultation from ${view.pin.startsOn} (${view.pin.pinnedBy})`);
        console.log(lines.join('\n'));
      }),
    );
}
