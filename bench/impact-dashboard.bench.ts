// Benchmark: the impact dashboard of the demo programme (/impact) builds in under 300 ms on the server — the
// indicators for 1 January to today (getIndicators: the queries, then statistical secrecy) and the page's charts and
// exports — for the coordinator (raw, and as published), the landlord and the operator (median of 7 after a warm-up).
// Seeds the demo programme once in the `palier_bench_dashboard` database and reuses it afterwards.
import { sql } from 'drizzle-orm';
import { seedDemo } from '../src/demo/index.ts';
import {
  barChart,
  funnelChart,
  getIndicators,
  lineChart,
  profileComparison,
  tableCsv,
} from '../src/impact/index.ts';
import { actorFor, findActiveUser, findProgramme } from '../src/partners/index.ts';
import { localDate } from '../src/platform/dates.ts';
import { benchDatabase, percentile } from './harness.ts';

const RUNS = 7;
const LIMIT_MS = 300;

const { db, kind, close } = await benchDatabase(process.env.BENCH_DATABASE ?? 'palier_bench_dashboard');
let failed = false;
try {
  if (!(await findProgramme(db, 'brest'))) {
    console.log('seeding the demo programme (once)…');
    await seedDemo(db, () => {});
    await db.execute(sql`analyze`);
  }
  console.log(`database: ${kind}`);
  const today = localDate(new Date());
  const filter = { from: `${today.slice(0, 4)}-01-01`, to: today };
  const userOf = async (email: string) => {
    const [row] = await db.execute<{ id: string }>(sql`select id from "user" where email = ${email}`);
    return actorFor((await findActiveUser(db, row!.id))!, { ip: null, channel: 'web' });
  };
  const cases = [
    { name: 'coordinator, raw', email: 'coordination@demo.palier.fr', raw: true },
    { name: 'coordinator, as published', email: 'coordination@demo.palier.fr', raw: false },
    { name: 'landlord', email: 'bailleur@demo.palier.fr', raw: false },
    { name: 'operator (its sectors)', email: 'operateur@demo.palier.fr', raw: false },
  ];
  for (const c of cases) {
    const actor = await userOf(c.email);
    const dashboard = async () => {
      const indicators = await getIndicators({ db, actor, filter, raw: c.raw });
      const tables = new Map(indicators.publication.tables.map((t) => [t.id, t]));
      const { threshold } = indicators;
      funnelChart(tables.get('funnel')!, { threshold, width: 420 });
      barChart(tables.get('sectors')!, { threshold, width: 420, columns: ['takeUp'] });
      lineChart(tables.get('series')!, { threshold, width: 420 });
      const profiles = profileComparison(
        indicators.publication.tables.filter((t) => t.id.startsWith('profile-')),
      );
      barChart(profiles, { threshold, width: 420, columns: ['participants', 'all'] });
      for (const t of indicators.publication.tables) tableCsv(t, threshold);
    };
    await dashboard();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await dashboard();
      times.push(performance.now() - started);
    }
    const median = percentile(times, 50);
    const ok = median < LIMIT_MS;
    failed ||= !ok;
    console.log(
      `${c.name.padEnd(28)} median ${median.toFixed(0).padStart(4)} ms  (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})  ${ok ? 'ok' : `over ${LIMIT_MS} ms`}`,
    );
  }
} finally {
  await close();
}
if (failed) process.exitCode = 1;
