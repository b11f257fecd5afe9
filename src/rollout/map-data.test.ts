import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import type { Db } from '../platform/db/index.ts';
import { ForbiddenError, NotFoundError } from '../platform/permissions/index.ts';
import { createCourse, createFacility } from '../workshops/index.ts';
import { getRolloutMap, mapSectorLimit } from './index.ts';

let db: Db;
let p: TestProgramme;
let national: TestProgramme;
const neighbourhoodIds: Record<string, number> = {};
// Kerourien, Brest: N1's two buildings; N2 4 km east; S3 in the city centre with one building placed of two.
const places = { N1: [48.3985, -4.5135], N2: [48.4052, -4.4561], S3: [48.3904, -4.486] } as const;
/** A Tuesday, 10:00 in Paris. */
const now = new Date('2026-03-17T09:00:00Z');

async function addFacility(
  name: string,
  at: [number, number] | null,
  {
    openingHours,
    supportModes,
    organisationId,
  }: { openingHours?: string; supportModes?: string[]; organisationId?: number } = {},
) {
  const created = await createFacility({
    db,
    actor: p.actors.coordinator,
    input: {
      name,
      address: '1 rue de Brest',
      postcode: '29200',
      commune: 'Brest',
      latitude: at?.[0],
      longitude: at?.[1],
      openingHours,
      computers: 4,
      organisationId,
    } as never,
  });
  if (!created.ok) throw new Error(created.reason);
  if (supportModes)
    await db.execute(
      sql`update facility set support_modes = ${`{${supportModes.map((m) => `"${m}"`).join(',')}}`}::text[]
        where id = ${created.facilityId}`,
    );
  return created.facilityId;
}

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db, 'map');
  for (const [code, [lat, lon]] of Object.entries(places)) {
    await db.execute(sql`update building set latitude = ${lat} + id * 0.0001, longitude = ${lon}
      where sector_id = ${p.sectorIds[code as 'N1']} and (reference <> 'B-6')`);
  }
  for (const row of await db.execute<{ id: number; name: string }>(
    sql`select id, name from neighbourhood where programme_id = ${p.programmeId}`,
  ))
    neighbourhoodIds[row.name] = row.id;

  // Runs a course in Palier: offers workshops.
  const kerourien = await addFacility('Centre social de Kerourien', [48.3995, -4.5125], {
    openingHours: 'Mo-Fr 09:00-12:00',
    organisationId: p.actors.facilitator.organisationId!,
  });
  const course = await createCourse({
    db,
    actor: p.actors.facilitator,
    input: {
      kind: 'cycle',
      facilityId: kerourien,
      title: 'Premiers pas',
      level: 'beginner',
      audience: 'Débutants',
      description: 'Souris, clavier, Internet.',
      competencies: [],
      capacity: 10,
      startTime: '14:00',
      endTime: '16:00',
      firstDay: '2026-04-01',
      sessionCount: 2,
      everyWeeks: 1,
      skipHolidays: false,
    } as never,
  });
  if (!course.ok) throw new Error(course.reason);
  // Declares collective workshops in the national standard: offers workshops; no hours given.
  await addFacility('Médiathèque de Saint-Marc', [48.4058, -4.4555], {
    supportModes: ['Dans un atelier collectif', 'Seul'],
  });
  // Near S3, no workshops.
  await addFacility('Mairie de quartier du centre', [48.3912, -4.4866], { openingHours: 'Sa 09:00-12:00' });
  // Too far from every sector (Quimper), or not placed: never on the map.
  await addFacility('Espace numérique de Quimper', [47.996, -4.102]);
  await addFacility('Lieu sans coordonnées', null);

  // Another programme, at national scale: more sectors than the map draws at once.
  national = await buildProgramme(db, 'national');
  await db.execute(sql`insert into neighbourhood (programme_id, name, insee_code)
    values (${national.programmeId}, 'Grand ensemble', '29019')`);
  await db.execute(sql`insert into sector (programme_id, neighbourhood_id, code, name)
    select ${national.programmeId}, n.id, 'G' || i, 'Secteur G' || i
    from neighbourhood n, generate_series(1, ${mapSectorLimit}) i
    where n.programme_id = ${national.programmeId} and n.name = 'Grand ensemble'`);
});

const codes = (map: Awaited<ReturnType<typeof getRolloutMap>>) => map.sectors.map((s) => s.code);
const facilityNames = (map: Awaited<ReturnType<typeof getRolloutMap>>) => map.facilities.map((f) => f.name);

describe('what each role sees on the map', () => {
  it('the coordinator sees every sector with its placed buildings, and the facilities near them', async () => {
    const map = await getRolloutMap({ db, actor: p.actors.coordinator, now });
    expect(codes(map)).toEqual(['N1', 'N2', 'S3']);
    expect(map.sectors.map((s) => s.points.length)).toEqual([2, 2, 1]);
    const [n1] = map.sectors;
    expect(n1).toMatchObject({
      name: 'Secteur N1',
      neighbourhood: 'Nord',
      stage: 'identified',
      dwellings: 4,
    });
    for (const [lon, lat] of n1!.points) {
      expect(lon).toBeCloseTo(-4.5135, 6);
      expect(lat).toBeGreaterThan(48.3985);
    }
    expect(map.neighbourhoods.map((n) => [n.name, n.sectorCount])).toEqual([
      ['Nord', 2],
      ['Sud', 1],
    ]);
    expect(map).toMatchObject({ needsNeighbourhood: false, neighbourhoodId: null, facilityReachM: 1000 });
    expect(map.facilities).toEqual([
      {
        id: expect.any(Number),
        name: 'Centre social de Kerourien',
        address: '1 rue de Brest, 29200 Brest',
        lat: 48.3995,
        lon: -4.5125,
        hours: 'Ouvert maintenant, jusqu’à 12 h 00',
        offersWorkshops: true,
      },
      expect.objectContaining({
        name: 'Mairie de quartier du centre',
        hours: 'Fermé maintenant, ouvre samedi à 9 h 00',
        offersWorkshops: false,
      }),
      expect.objectContaining({ name: 'Médiathèque de Saint-Marc', hours: null, offersWorkshops: true }),
    ]);
  });

  it('the landlord sees the whole programme too', async () => {
    const map = await getRolloutMap({ db, actor: p.actors.landlord_officer, now });
    expect(codes(map)).toEqual(['N1', 'N2', 'S3']);
  });

  it('the operator sees only the sector it serves, its neighbourhood, and the facilities near it', async () => {
    const map = await getRolloutMap({ db, actor: p.actors.operator_agent, now });
    expect(codes(map)).toEqual(['N1']);
    expect(map.neighbourhoods.map((n) => [n.name, n.sectorCount])).toEqual([['Nord', 1]]);
    expect(facilityNames(map)).toEqual(['Centre social de Kerourien']);
  });

  it('the tenant association sees only its sector', async () => {
    const map = await getRolloutMap({ db, actor: p.actors.tenant_rep, now });
    expect(codes(map)).toEqual(['S3']);
    expect(facilityNames(map)).toEqual(['Mairie de quartier du centre']);
  });

  it.each(['resident', 'recycling_agent'] as const)('the %s is refused', async (role) => {
    await expect(getRolloutMap({ db, actor: p.actors[role], now })).rejects.toThrow(ForbiddenError);
  });
});

describe('narrowing to a neighbourhood', () => {
  it('shows that neighbourhood’s sectors and the facilities near them', async () => {
    const map = await getRolloutMap({
      db,
      actor: p.actors.coordinator,
      neighbourhoodId: neighbourhoodIds.Sud,
      now,
    });
    expect(codes(map)).toEqual(['S3']);
    expect(facilityNames(map)).toEqual(['Mairie de quartier du centre']);
    expect(map.neighbourhoodId).toBe(neighbourhoodIds.Sud);
    // The list to choose from stays whole.
    expect(map.neighbourhoods).toHaveLength(2);
  });

  it('refuses a neighbourhood the reader has no sector in, or of another programme', async () => {
    await expect(
      getRolloutMap({ db, actor: p.actors.operator_agent, neighbourhoodId: neighbourhoodIds.Sud, now }),
    ).rejects.toThrow(NotFoundError);
    const [other] = await db.execute<{ id: number }>(
      sql`select id from neighbourhood where programme_id = ${national.programmeId} limit 1`,
    );
    await expect(
      getRolloutMap({ db, actor: p.actors.coordinator, neighbourhoodId: other!.id, now }),
    ).rejects.toThrow(NotFoundError);
  });
});

describe('at national scale', () => {
  it(`asks for a neighbourhood before drawing more than ${mapSectorLimit} sectors`, async () => {
    const map = await getRolloutMap({ db, actor: national.actors.coordinator, now });
    expect(map.needsNeighbourhood).toBe(true);
    expect(map.sectors).toEqual([]);
    expect(map.facilities).toEqual([]);
    expect(map.neighbourhoods.map((n) => [n.name, n.sectorCount])).toEqual([
      ['Grand ensemble', mapSectorLimit],
      ['Nord', 2],
      ['Sud', 1],
    ]);
  });

  it('draws a neighbourhood once chosen, and a partner with few sectors needs no choice', async () => {
    const north = map(await getRolloutMap({ db, actor: national.actors.coordinator, now }));
    const chosen = await getRolloutMap({
      db,
      actor: national.actors.coordinator,
      neighbourhoodId: north,
      now,
    });
    expect(chosen.needsNeighbourhood).toBe(false);
    expect(codes(chosen)).toEqual(['N1', 'N2']);
    const operator = await getRolloutMap({ db, actor: national.actors.operator_agent, now });
    expect(operator.needsNeighbourhood).toBe(false);
    expect(codes(operator)).toEqual(['N1']);
  });
});

const map = (m: Awaited<ReturnType<typeof getRolloutMap>>) =>
  m.neighbourhoods.find((n) => n.name === 'Nord')!.id;
