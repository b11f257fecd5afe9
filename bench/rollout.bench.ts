// Benchmark: at national scale (200,000 buildings in 10,000 sectors, 20,000 facilities offering workshops — the
// national map of digital mediation venues), the readiness of every sector and the suggested calendar are computed
// in under 2 s (median of 5 runs), on a synthetic programme generated from a fixed seed. Pure computation: no
// database (the loader's part can be measured apart).
import { planRollout, readiness } from '../src/rollout/rules.ts';
import { percentile } from './harness.ts';
import { syntheticPlanInput } from './rollout-data.ts';

const BUILDINGS = Number(process.env.BUILDINGS ?? 200_000);
const FACILITIES = Number(process.env.FACILITIES ?? 20_000);
const SECTORS = Number(process.env.SECTORS ?? 10_000);
const SEED = Number(process.env.SEED ?? 20_270_115);
const RUNS = 5;
const LIMIT_MS = 2_000;

const generated = performance.now();
const input = syntheticPlanInput(SEED, { buildings: BUILDINGS, facilities: FACILITIES, sectors: SECTORS });
if (process.env.MAX_CONCURRENT) input.settings.maxConcurrent = Number(process.env.MAX_CONCURRENT);
console.log(
  `synthetic programme (seed ${SEED}): ${input.buildings.length} buildings, ${input.sectors.length} sectors, ${input.facilities.length} facilities; generated in ${(performance.now() - generated).toFixed(0)} ms; at most ${input.settings.maxConcurrent} sectors in consultation or vote`,
);

const totals: number[] = [];
let summary = '';
for (let run = 1; run <= RUNS; run++) {
  const started = performance.now();
  const ready = readiness(input);
  const computed = performance.now();
  const plan = planRollout(input, ready);
  const finished = performance.now();
  totals.push(finished - started);
  const by = (status: string) => plan.lines.filter((l) => l.status === status).length;
  summary = `${ready.size} sectors assessed (${[...ready.values()].filter((r) => r.ready).length} ready); plan: ${by('in_progress')} in progress, ${by('pinned')} pinned, ${by('planned')} planned (last consultation ${plan.lines.filter((l) => l.status === 'planned').at(-1)?.milestones[0]?.on ?? '—'}), ${by('unscheduled')} unscheduled, ${by('done')} open`;
  console.log(
    `run ${run}: readiness ${(computed - started).toFixed(0)} ms + plan ${(finished - computed).toFixed(0)} ms = ${(finished - started).toFixed(0)} ms`,
  );
}
console.log(summary);
const median = percentile(totals, 50);
const pass = median < LIMIT_MS;
console.log(
  `readiness + plan: median ${median.toFixed(0)} ms over ${RUNS} runs (limit ${LIMIT_MS} ms) ${pass ? 'PASS' : 'FAIL'}`,
);
if (!pass)
  console.error(
    `The roll-out computation takes ${median.toFixed(0)} ms at national scale, over the ${LIMIT_MS} ms limit.`,
  );
process.exitCode = pass ? 0 : 1;
