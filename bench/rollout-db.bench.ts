// Benchmark: the suggested calendar as people get it — the loader's queries on PostgreSQL, then readiness and plan —
// for a national programme (200,000 buildings in 10,000 sectors, 20,000 facilities) in under 2 s (median of 5).
// Seeds the synthetic programme of `rollout-data.ts` once in the bench database (reused by the next runs).
import { sql } from 'drizzle-orm';
import { ensureProgramme, findProgramme } from '../src/partners/index.ts';
import { cliActor } from '../src/platform/permissions/index.ts';
import { floatArray, intArray, textArray } from '../src/platform/sql/index.ts';
import { getRolloutPlan } from '../src/rollout/index.ts';
import { benchDatabase, percentile } from './harness.ts';
import { syntheticPlanInput } from './rollout-data.ts';

const BUILDINGS = Number(process.env.BUILDINGS ?? 200_000);
const FACILITIES = Number(process.env.FACILITIES ?? 20_000);
const SECTORS = Number(process.env.SECTORS ?? 10_000);
const RUNS = 5;
const LIMIT_MS = 2_000;
const BATCH = 20_000;

const { db, kind, close } = await benchDatabase(process.env.BENCH_DATABASE ?? 'palier_bench_rollout');
try {
  const slug = `rollout-${BUILDINGS}-${FACILITIES}`;
  let programme = await findProgramme(db, slug);
  if (!programme) {
    console.log(`seeding ${BUILDINGS} buildings, ${SECTORS} sectors, ${FACILITIES} facilities (once)…`);
    const input = syntheticPlanInput(20_270_115, {
      buildings: BUILDINGS,
      facilities: FACILITIES,
      sectors: SECTORS,
    });
    const programmeId = await ensureProgramme(db, slug, 'Banc d’essai du déploiement');
    await db.transaction(async (tx) => {
      const [n] = await tx.execute<{ id: number }>(
        sql`insert into neighbourhood (programme_id, name, insee_code) values (${programmeId}, 'France', '75056') returning id`,
      );
      const sectorIds = new Map<number, number>();
      for (let i = 0; i < input.sectors.length; i += BATCH) {
        const part = input.sectors.slice(i, i + BATCH);
        const rows = await tx.execute<{ id: number; code: string }>(sql`
          insert into sector (programme_id, neighbourhood_id, code, name, dwelling_count)
          select ${programmeId}, ${n!.id}, s.code, s.name, s.dwellings
          from unnest(${textArray(part.map((s) => `S${s.id}`))}, ${textArray(part.map((s) => s.name))},
                      ${intArray(part.map((s) => s.dwellings))}) as s(code, name, dwellings)
          returning id, code`);
        for (const r of rows) sectorIds.set(Number(r.code.slice(1)), r.id);
      }
      for (let i = 0; i < input.buildings.length; i += BATCH) {
        const part = input.buildings.slice(i, i + BATCH);
        await tx.execute(sql`
          insert into building (programme_id, sector_id, reference, address, postcode, insee_code, city, latitude, longitude)
          select ${programmeId}, b.sector_id, 'B' || (${i} + b.n), (${i} + b.n) || ' rue du Banc', '75001', '75056', 'Paris', b.lat, b.lon
          from unnest(${intArray(part.map((b) => sectorIds.get(b.sectorId)!))}, ${floatArray(part.map((b) => b.lat))},
                      ${floatArray(part.map((b) => b.lon))}) with ordinality as b(sector_id, lat, lon, n)`);
      }
      for (let i = 0; i < input.facilities.length; i += BATCH) {
        const part = input.facilities.slice(i, i + BATCH);
        await tx.execute(sql`
          insert into facility (programme_id, external_id, pivot, name, address, postcode, commune, latitude, longitude,
                                updated_on, support_modes)
          select ${programmeId}, 'F' || (${i} + f.n), '00000000000000', f.name, '1 place du Banc', '75001', 'Paris',
                 f.lat, f.lon, current_date, array['Dans un atelier collectif']
          from unnest(${textArray(part.map((f) => f.name))}, ${floatArray(part.map((f) => f.lat))},
                      ${floatArray(part.map((f) => f.lon))}) with ordinality as f(name, lat, lon, n)`);
      }
    });
    await db.execute(sql`analyze`);
    programme = await findProgramme(db, slug);
  }
  const actor = { ...cliActor(programme!.id, 'benchmark'), role: 'coordinator' as const };
  const times: number[] = [];
  let lines = 0;
  for (let run = 1; run <= RUNS; run++) {
    const started = performance.now();
    const plan = await getRolloutPlan({ db, actor });
    times.push(performance.now() - started);
    lines = plan.lines.length;
    console.log(`run ${run}: ${times.at(-1)!.toFixed(0)} ms (${lines} lines)`);
  }
  const median = percentile(times, 50);
  const pass = median < LIMIT_MS;
  console.log(
    `${kind}: calendar with its queries, ${BUILDINGS} buildings / ${FACILITIES} facilities: median ${median.toFixed(0)} ms (limit ${LIMIT_MS} ms) ${pass ? 'PASS' : 'FAIL'}`,
  );
  if (!pass)
    console.error(
      `The roll-out calendar takes ${median.toFixed(0)} ms at national scale, over ${LIMIT_MS} ms.`,
    );
  process.exitCode = pass ? 0 : 1;
} finally {
  await close();
}
