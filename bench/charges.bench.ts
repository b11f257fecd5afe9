// Benchmark: at national scale (5.3 million dwellings, every sector with an open service and a tariff history), a
// month's charges are computed by `runCharges` in under 60 s: one set-based statement writing one line per dwelling.
// Measures the first run of a month (its lines and row deleted beforehand, so every bench run measures the same
// thing), a second run of the same month (replacing its lines), and the month's summary, which must reconcile.
// Seeds the scale programme when it is missing.
import { sql } from 'drizzle-orm';
import { chargeSummary, runCharges } from '../src/access/index.ts';
import { createOrganisation, listOrganisations } from '../src/partners/index.ts';
import { type Actor, cliActor } from '../src/platform/permissions/index.ts';
import { benchDatabase, ensureScaleProgramme } from './harness.ts';

const DWELLINGS = Number(process.env.DWELLINGS ?? 5_300_000);
const MONTH = process.env.MONTH ?? '2026-03';
const NOW = new Date('2026-03-02T09:00:00Z');
const LIMIT_MS = 60_000;

const { db, kind, close } = await benchDatabase(process.env.BENCH_DATABASE ?? 'palier_bench_scale');
try {
  const scaleId = await ensureScaleProgramme(db, DWELLINGS);
  const programmeId = scaleId;
  const admin = cliActor(programmeId, 'benchmark');
  let operator = (await listOrganisations({ db, actor: admin })).find((o) => o.kind === 'operator');
  if (!operator) {
    const created = await createOrganisation({
      db,
      actor: admin,
      input: { kind: 'operator', name: 'Opérateur national' },
    });
    if (!created.ok) throw new Error('organisation');
    operator = { id: created.id } as unknown as typeof operator;
  }

  // Every sector gets an open service and a tariff history (idempotent: only what is missing is added).
  await db.execute(sql`
    insert into sector_service (programme_id, sector_id, operator_id, description, opens_on)
    select ${programmeId}, s.id, ${operator!.id}, 'Accès Internet collectif', date '2020-01-01'
    from sector s
    where s.programme_id = ${programmeId}
      and not exists (select 1 from sector_service ss where ss.sector_id = s.id)`);
  await db.execute(sql`
    insert into tariff (programme_id, service_id, monthly_amount_cents, effective_from, created_by)
    select ${programmeId}, ss.id, t.amount, t.effective_from, 'benchmark'
    from sector_service ss
    cross join (values (110, date '2020-01-01'), (124, date '2023-01-01')) t(amount, effective_from)
    where ss.programme_id = ${programmeId}
    on conflict (service_id, effective_from) do nothing`);
  await db.execute(sql`analyze sector_service`);
  await db.execute(sql`analyze tariff`);

  const actor: Actor = {
    userId: null,
    label: 'Bailleur national (banc d’essai)',
    role: 'landlord_officer',
    programmeId,
    organisationId: null,
    sectorIds: [],
    householdId: null,
    ip: null,
    channel: 'cli',
  };

  // A fresh month: its lines and its row go (set-based; the guard refuses this only for a closed month), and the
  // dead rows are vacuumed away so that each bench run starts from the same table.
  const day = `${MONTH}-01`;
  await db.execute(sql`delete from charge_line where programme_id = ${programmeId} and month = ${day}`);
  await db.execute(sql`delete from charge_month where programme_id = ${programmeId} and month = ${day}`);
  await db.execute(sql`vacuum (analyze) charge_line`);

  const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    const value = await run();
    return [value, performance.now() - started];
  };
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

  console.log(`database: ${kind}; ${DWELLINGS} dwellings; month ${MONTH}`);
  const [first, firstMs] = await timed(() => runCharges({ db, actor, month: MONTH, now: NOW }));
  if (!first.ok) throw new Error(`first run refused: ${first.reason}`);
  const [second, secondMs] = await timed(() => runCharges({ db, actor, month: MONTH, now: NOW }));
  if (!second.ok) throw new Error(`second run refused: ${second.reason}`);
  const [summary, summaryMs] = await timed(() => chargeSummary({ db, actor, month: MONTH }));

  const dwellings = Number(
    (
      await db.execute<{ n: string }>(
        sql`select count(*) as n from dwelling where programme_id = ${programmeId}`,
      )
    )[0]!.n,
  );
  const correct =
    summary?.reconciles === true &&
    summary.lines === dwellings &&
    first.summary.lines === dwellings &&
    second.summary.lines === dwellings;
  const pass = correct && firstMs < LIMIT_MS;
  console.log(
    `lines ${summary?.lines} (dwellings ${dwellings}) · vacant ${summary?.vacantLines} · total ${((summary?.totalCents ?? 0) / 100).toFixed(2)} € · ${summary?.bySector.length} sectors · reconciles ${summary?.reconciles}${correct ? '' : ' · WRONG'}`,
  );
  console.log(
    `first run (fresh month, with its summary)   ${seconds(firstMs)} ${firstMs < LIMIT_MS ? 'PASS' : 'FAIL'} (limit ${seconds(LIMIT_MS)})`,
  );
  console.log(
    `second run (replaces the month's lines)     ${seconds(secondMs)} ${secondMs < LIMIT_MS ? 'under' : 'over'} the limit`,
  );
  console.log(`summary alone                               ${seconds(summaryMs)}`);
  console.log(pass ? 'PASS' : 'FAIL');
  process.exitCode = pass ? 0 : 1;
} finally {
  await close();
}
