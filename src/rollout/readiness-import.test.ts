// Readiness reuses the facilities imported under the national standard (lieux de médiation numérique): a place that
// declares collective workshops counts as accompaniment within reach, a place that does not is never counted.
import { beforeAll, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { placeRolloutFixture } from '../../test/rollout.ts';
import type { Db } from '../platform/db/index.ts';
import { importFacilities, standardColumns } from '../workshops/index.ts';
import { getSectorRollout } from './index.ts';

let db: Db;
let p: TestProgramme;

const row = (fields: Record<string, string>) =>
  standardColumns.map((c) => {
    const v = fields[c] ?? '';
    return /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  });
const common = { commune: 'Brest', code_postal: '29200', code_insee: '29019', date_maj: '2026-03-02' };

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db, 'rollout-import');
  await placeRolloutFixture(db, p); // S3's buildings around 48.3904 N, -4.486 E (city centre)
  const file = [
    standardColumns.join(','),
    row({
      ...common,
      id: 'brest-mediatheque',
      pivot: '21290019700039',
      nom: 'Médiathèque des Capucins',
      adresse: '25 rue de Pontaniou',
      latitude: '48.3930',
      longitude: '-4.4860',
      modalites_accompagnement: 'Accompagnement individuel|Dans un atelier collectif',
    }).join(','),
    row({
      ...common,
      id: 'brest-mairie',
      pivot: '21290019700047',
      nom: 'Mairie de quartier du centre',
      adresse: '2 rue Frézier',
      latitude: '48.3910',
      longitude: '-4.4862',
      modalites_accompagnement: 'Accompagnement individuel',
    }).join(','),
  ].join('\n');
  const report = await importFacilities({ db, actor: p.actors.coordinator, file });
  if (!('imported' in report) || !report.imported) throw new Error(JSON.stringify(report));
});

it('counts an imported place that runs collective workshops, and only that one', async () => {
  const view = await getSectorRollout({ db, actor: p.actors.coordinator, sectorId: p.sectorIds.S3 });
  expect(view.readiness!.nearbyFacilities.map((f) => f.name)).toEqual(['Médiathèque des Capucins']);
  const check = view.readiness!.checks.find((c) => c.key === 'facility_nearby')!;
  expect(check.ok).toBe(true);
  expect(check.detail).toContain('Médiathèque des Capucins');
  // No course planned there yet: no free seats to count.
  expect(view.readiness!.freeSeats).toBe(0);
});
