// The retention rules' clock: once a day at PALIER_RETENTION_SCHEDULE (Europe/Paris), every programme's run, as
// `palier retention run` does it. Several servers at once take turns (a lock per programme); a run stopped by a
// restart is finished by the next one.
import { listProgrammes } from '../src/partners/index.ts';
import type { Config } from '../src/platform/config.ts';
import type { Db } from '../src/platform/db/index.ts';
import { describeForLog } from '../src/platform/http/index.ts';
import {
  nextScheduledRun,
  retentionCountsText,
  retentionSystemActor,
  runRetention,
} from '../src/privacy/index.ts';

/** One scheduled turn: every programme's run; a line per programme for the log (counts only, never names). */
export async function retentionTick(db: Db, log: (line: string) => void, signal?: AbortSignal) {
  for (const programme of await listProgrammes(db)) {
    if (signal?.aborted) return;
    const result = await runRetention({
      db,
      actor: retentionSystemActor(programme.id),
      dryRun: false,
      signal,
    });
    if ('ok' in result) log(`retention ${programme.slug}: another run is in progress, skipped`);
    else
      log(
        `retention ${programme.slug}: ${retentionCountsText(result.counts).join('; ') || 'nothing to change'}${
          result.complete ? '' : ' (interrupted)'
        }`,
      );
  }
}

/** Starts the daily run; returns what stops it. Nothing when the schedule is off. */
export function startRetention(db: Db, config: Config, log: (line: string) => void): () => void {
  const schedule = config.retentionSchedule;
  if (!schedule) return () => {};
  const stop = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const plan = () => {
    const next = nextScheduledRun(new Date(), schedule);
    timer = setTimeout(turn, next.getTime() - Date.now());
    timer.unref();
  };
  const turn = async () => {
    try {
      await retentionTick(db, log, stop.signal);
    } catch (error) {
      const described = describeForLog(error).split('\n');
      log(`retention: ${described.filter((line) => !/^\s+at /.test(line)).join(' ')}`);
    } finally {
      if (!stop.signal.aborted) plan();
    }
  };
  log(`retention rules applied daily at ${schedule} (Europe/Paris)`);
  plan();
  return () => {
    stop.abort();
    clearTimeout(timer);
  };
}
