// Benchmark: importing the landlord's stock file of 100,000 rows must take under 10 s (then a no-op re-import).
import { ensureProgramme } from '../src/partners/index.ts';
import { cliActor } from '../src/platform/permissions/index.ts';
import { createNeighbourhood, createSector, importDwellings } from '../src/territory/index.ts';
import { benchDatabase } from './harness.ts';

const ROWS = Number(process.env.ROWS ?? 100_000);
const LIMIT_SECONDS = 10;

const { db, kind, close } = await benchDatabase(`palier_bench_import_${Date.now()}`);
try {
  const actor = cliActor(await ensureProgramme(db, 'bench-import', 'Import benchmark'));
  const n = await createNeighbourhood({
    db,
    actor,
    input: { name: 'Quartier', inseeCode: '29019' as never },
  });
  if (!n.ok) throw new Error('neighbourhood');
  for (let s = 1; s <= 50; s++)
    await createSector({ db, actor, input: { code: `S${s}`, name: `Secteur ${s}`, neighbourhoodId: n.id } });
  const lines = [
    'reference_logement;adresse;code_postal;code_insee;commune;reference_batiment;etage;pieces;secteur',
  ];
  for (let i = 1; i <= ROWS; i++) {
    const b = Math.ceil(i / 20);
    lines.push(
      `L${i};${b} rue de Kérourien;29200;29019;Brest;B${b};${i % 10};${(i % 5) + 1};S${(b % 50) + 1}`,
    );
  }
  const file = Buffer.from(`\uFEFF${lines.join('\n')}`);

  let started = performance.now();
  const first = await importDwellings({ db, actor, file });
  const seconds = (performance.now() - started) / 1000;
  started = performance.now();
  const again = await importDwellings({ db, actor, file });
  const secondsAgain = (performance.now() - started) / 1000;

  console.log(`database: ${kind}`);
  console.log(
    `first import: ${ROWS} rows, ${first.dwellings.inserted} dwellings and ${first.buildings.inserted} buildings added in ${seconds.toFixed(2)} s (limit ${LIMIT_SECONDS} s)`,
  );
  console.log(
    `re-import: ${again.dwellings.unchanged} unchanged, ${again.dwellings.inserted + again.dwellings.updated} changed, in ${secondsAgain.toFixed(2)} s`,
  );
  const ok =
    first.imported &&
    first.dwellings.inserted === ROWS &&
    again.dwellings.unchanged === ROWS &&
    seconds < LIMIT_SECONDS;
  console.log(ok ? 'PASS' : 'FAIL');
  process.exitCode = ok ? 0 : 1;
} finally {
  await close();
}
