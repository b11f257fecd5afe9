import { describe, expect, it } from 'vitest';
import {
  defaultRolloutSettings,
  type PlanFacility,
  type PlanInput,
  type PlanSector,
  type RolloutSettings,
} from './model.ts';
import { addMonths, dayText, distanceM, distanceText, monthText, planRollout, readiness } from './rules.ts';

// Places are set along the meridian of Brest city hall, where the great-circle distance is the difference of
// latitudes times 6,371 km × π / 180 = 111,194.93 m per degree: every expected distance below is the offset given.
const cityHall = { lat: 48.3904, lon: -4.4861 };
const metresPerDegree = (6_371_000 * Math.PI) / 180;
const north = (metres: number) => ({ lat: cityHall.lat + metres / metresPerDegree, lon: cityHall.lon });

const today = '2027-01-15';
/** One seat per beginner, so that 800 dwellings × 12 % need 96 seats. */
const settings: RolloutSettings = { ...defaultRolloutSettings, beginnerSeats: 1 };

type Position = PlanSector['positions'][number];
const facilityAgrees: Position = {
  organisationId: 1,
  organisationName: 'Centre social de Kerourien',
  kind: 'facility',
  opinion: 'favourable',
  agrees: true,
};
const tenantsAgree: Position = {
  organisationId: 2,
  organisationName: 'CLCV',
  kind: 'tenant_association',
  opinion: 'favourable',
  agrees: true,
};

const sector = (id: number, over: Partial<PlanSector> = {}): PlanSector => ({
  id,
  code: `N${id}`,
  name: `Secteur ${id}`,
  neighbourhood: 'Kerourien',
  stage: 'identified',
  stageSince: '2026-06-01',
  dwellings: 800,
  qpv: false,
  positions: [facilityAgrees, tenantsAgree],
  tenantAssociations: ['CLCV'],
  pin: null,
  ...over,
});

const facility = (
  id: number,
  name: string,
  at: { lat: number; lon: number },
  offers: [string, string, number][] = [],
): PlanFacility => ({
  id,
  name,
  ...at,
  offers: offers.map(([startsOn, title, freeSeats], i) => ({
    courseId: id * 100 + i,
    title,
    startsOn,
    freeSeats,
  })),
});

/** The Kerourien social centre, 350 m north of the city hall, with 100 seats in March. */
const kerourien = facility(1, 'Centre social de Kerourien', north(350), [
  ['2027-03-01', 'Premiers pas', 100],
]);

/** Each sector has one building at the city hall unless buildings are given. */
const input = ({
  sectors,
  buildings,
  facilities = [kerourien],
  settings: over = {},
}: {
  sectors: PlanSector[];
  buildings?: PlanInput['buildings'];
  facilities?: PlanFacility[];
  settings?: Partial<RolloutSettings>;
}): PlanInput => ({
  today,
  settings: { ...settings, ...over },
  sectors,
  buildings: buildings ?? sectors.map((s) => ({ sectorId: s.id, ...cityHall })),
  facilities,
  unplacedBuildings: {},
});

const readinessOf = (i: PlanInput, id = 1) => readiness(i).get(id)!;
const detail = (i: PlanInput, key: string, id = 1) => readinessOf(i, id).checks.find((c) => c.key === key)!;

describe('distances and dates', () => {
  // Expected values by the haversine formula on a 6,371 km sphere, computed apart.
  it.each<[string, { lat: number; lon: number }, { lat: number; lon: number }, number]>([
    ['Brest city hall ↔ Kerourien social centre', cityHall, { lat: 48.3958, lon: -4.5213 }, 2667.46],
    ['Brest city hall ↔ Paris city hall', cityHall, { lat: 48.8566, lon: 2.3522 }, 505_109.49],
    ['one degree of longitude on the equator', { lat: 0, lon: 0 }, { lat: 0, lon: 1 }, 111_194.93],
    ['0.0089° north of Brest city hall (inside 1 km)', cityHall, { lat: 48.3993, lon: -4.4861 }, 989.63],
    ['0.0091° north of Brest city hall (outside 1 km)', cityHall, { lat: 48.3995, lon: -4.4861 }, 1011.87],
  ])('%s: %d m', (_, a, b, metres) => {
    expect(distanceM(a, b)).toBeCloseTo(metres, 1);
    expect(distanceM(b, a)).toBeCloseTo(metres, 1);
  });

  it.each([
    [0, '0 m'],
    [354, '350 m'],
    [994, '990 m'],
    [996, '1 km'],
    [1011.87, '1,01 km'],
    [1200, '1,2 km'],
    [1800, '1,8 km'],
    [2667.46, '2,67 km'],
    [12_345, '12 km'],
  ])('%d m reads « %s »', (metres, text) => {
    expect(distanceText(metres)).toBe(text);
  });

  it.each([
    ['2027-01-31', 1, '2027-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2027-11-15', 3, '2028-02-15'],
    ['2027-03-01', -3, '2026-12-01'],
    ['2027-03-01', 0, '2027-03-01'],
  ])('%s + %d months = %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });

  it.each([
    ['2027-03-01', '1er mars 2027', 'mars 2027'],
    ['2026-11-11', '11 novembre 2026', 'novembre 2026'],
    ['2028-08-31', '31 août 2028', 'août 2028'],
  ])('%s reads « %s » (« %s »)', (day, long, month) => {
    expect(dayText(day)).toBe(long);
    expect(monthText(day)).toBe(month);
  });
});

describe('readiness: accompaniment within walking distance', () => {
  const social = (at: { lat: number; lon: number }) => facility(1, 'Centre social de Kerourien', at);
  const library = (at: { lat: number; lon: number }) => facility(2, 'Médiathèque de Bellevue', at);
  const house = (at: { lat: number; lon: number }) => facility(3, 'Maison pour tous', at);
  const at = (...points: { lat: number; lon: number }[]) => points.map((p) => ({ sectorId: 1, ...p }));

  it.each<{
    name: string;
    buildings: PlanInput['buildings'];
    facilities: PlanFacility[];
    walkingDistanceM?: number;
    nearby: [string, number][];
    covered: number;
    nearest: [string, number] | null;
    ok: boolean;
    detail: string;
  }>([
    {
      name: 'a facility 990 m from the only building is within 1 km',
      buildings: at(cityHall),
      facilities: [social({ lat: 48.3993, lon: -4.4861 })],
      nearby: [['Centre social de Kerourien', 990]],
      covered: 1,
      nearest: ['Centre social de Kerourien', 990],
      ok: true,
      detail: '1 lieu d’ateliers à moins de 1 km : Centre social de Kerourien (990 m)',
    },
    {
      name: 'one 1,012 m away is not',
      buildings: at(cityHall),
      facilities: [social({ lat: 48.3995, lon: -4.4861 })],
      nearby: [],
      covered: 0,
      nearest: ['Centre social de Kerourien', 1010],
      ok: false,
      detail:
        'Aucun lieu d’ateliers à moins de 1 km (le plus proche : Centre social de Kerourien, à 1,01 km)',
    },
    {
      name: 'each facility at its distance to the nearest building, nearest first',
      buildings: at(cityHall, north(2000)),
      facilities: [social(north(350)), library(north(2600)), house(north(-5000))],
      nearby: [
        ['Centre social de Kerourien', 350],
        ['Médiathèque de Bellevue', 600],
      ],
      covered: 2,
      nearest: ['Centre social de Kerourien', 350],
      ok: true,
      detail:
        '2 lieux d’ateliers à moins de 1 km : Centre social de Kerourien (350 m), Médiathèque de Bellevue (600 m)',
    },
    {
      name: 'a building with nothing within reach is not covered',
      buildings: at(cityHall, north(-3000)),
      facilities: [social(north(350))],
      nearby: [['Centre social de Kerourien', 350]],
      covered: 1,
      nearest: ['Centre social de Kerourien', 350],
      ok: true,
      detail: '1 lieu d’ateliers à moins de 1 km : Centre social de Kerourien (350 m)',
    },
    {
      name: 'a sector spread over 20 km reaches a facility near its far end',
      buildings: at(cityHall, north(20_000)),
      facilities: [social(north(20_500)), library(north(10_000))],
      nearby: [['Centre social de Kerourien', 500]],
      covered: 1,
      nearest: ['Centre social de Kerourien', 500],
      ok: true,
      detail: '1 lieu d’ateliers à moins de 1 km : Centre social de Kerourien (500 m)',
    },
    {
      name: 'three are named, the others counted',
      buildings: at(cityHall),
      facilities: [
        facility(1, 'A', north(100)),
        facility(2, 'B', north(-200)),
        facility(3, 'C', north(300)),
        facility(4, 'D', north(-400)),
      ],
      nearby: [
        ['A', 100],
        ['B', 200],
        ['C', 300],
        ['D', 400],
      ],
      covered: 1,
      nearest: ['A', 100],
      ok: true,
      detail: '4 lieux d’ateliers à moins de 1 km : A (100 m), B (200 m), C (300 m) et 1 autre',
    },
    {
      name: 'none within reach: the nearest to any building, 1.8 km from the second one',
      buildings: at(cityHall, north(500)),
      facilities: [library(north(2300)), house(north(-2500))],
      nearby: [],
      covered: 0,
      nearest: ['Médiathèque de Bellevue', 1800],
      ok: false,
      detail: 'Aucun lieu d’ateliers à moins de 1 km (le plus proche : Médiathèque de Bellevue, à 1,8 km)',
    },
    {
      name: 'none within reach: the nearest to a building, not to the sector’s centre',
      // Buildings at 0 and 10 km (centre at 5 km); one facility 1 km from the centre but 4 km from any building,
      // another 1.5 km from the first building.
      buildings: at(cityHall, north(10_000)),
      facilities: [library(north(6000)), house(north(-1500))],
      nearby: [],
      covered: 0,
      nearest: ['Maison pour tous', 1500],
      ok: false,
      detail: 'Aucun lieu d’ateliers à moins de 1 km (le plus proche : Maison pour tous, à 1,5 km)',
    },
    {
      name: 'no facility at all',
      buildings: at(cityHall),
      facilities: [],
      nearby: [],
      covered: 0,
      nearest: null,
      ok: false,
      detail: 'Aucun lieu d’ateliers à moins de 1 km (aucun lieu d’ateliers connu)',
    },
    {
      name: 'a facility without coordinates is not placed',
      buildings: at(cityHall),
      facilities: [social({ lat: Number.NaN, lon: Number.NaN })],
      nearby: [],
      covered: 0,
      nearest: null,
      ok: false,
      detail: 'Aucun lieu d’ateliers à moins de 1 km (aucun lieu d’ateliers connu)',
    },
    {
      name: 'no building of the sector has coordinates',
      buildings: [],
      facilities: [social(north(350))],
      nearby: [],
      covered: 0,
      nearest: null,
      ok: false,
      detail: 'Aucun immeuble du secteur n’a de coordonnées',
    },
    {
      name: 'the walking distance is a setting: 600 m is beyond 500 m',
      buildings: at(cityHall),
      facilities: [social(north(600))],
      walkingDistanceM: 500,
      nearby: [],
      covered: 0,
      nearest: ['Centre social de Kerourien', 600],
      ok: false,
      detail: 'Aucun lieu d’ateliers à moins de 500 m (le plus proche : Centre social de Kerourien, à 600 m)',
    },
  ])('$name', ({ buildings, facilities, walkingDistanceM, nearby, covered, nearest, ok, detail: text }) => {
    const i = input({
      sectors: [sector(1)],
      buildings,
      facilities,
      settings: walkingDistanceM ? { walkingDistanceM } : {},
    });
    const r = readinessOf(i);
    expect(r.nearbyFacilities.map((f) => [f.name, f.distanceM])).toEqual(nearby);
    expect(r.buildingsPlaced).toBe(buildings.length);
    expect(r.buildingsCovered).toBe(covered);
    expect(r.nearestFacility && [r.nearestFacility.name, r.nearestFacility.distanceM]).toEqual(nearest);
    expect(detail(i, 'facility_nearby')).toEqual({ key: 'facility_nearby', ok, detail: text });
    if (!ok) expect(r.earliestStart).toBeNull();
  });

  it('is computed for every stage before the service opens, and not after', () => {
    const stages = [
      'identified',
      'partners_consulted',
      'support_ready',
      'vote_open',
      'vote_rejected',
      'adopted',
      'works',
      'service_open',
      'evaluated',
    ] as const;
    const sectors = stages.map((stage, k) => sector(k + 1, { stage }));
    expect([...readiness(input({ sectors })).keys()]).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('readiness: workshop seats against the expected demand', () => {
  const library = (offers: [string, string, number][]) =>
    facility(2, 'Médiathèque de Bellevue', north(700), offers);

  // today 2027-01-15; seats counted up to 2028-01-15 (12 months); consultation 2 months + preparation 1 month.
  it.each<{
    name: string;
    dwellings?: number;
    offers: [string, string, number][];
    others?: PlanFacility[];
    over?: Partial<RolloutSettings>;
    demand: number;
    free: number;
    ok: boolean;
    earliestStart: string | null;
    waitReason: string | null;
    detail: string;
  }>([
    {
      name: 'enough seats within the horizon',
      offers: [
        ['2027-03-01', 'Premiers pas', 60],
        ['2027-10-01', 'Internet au quotidien', 40],
      ],
      demand: 96,
      free: 100,
      ok: true,
      earliestStart: today,
      waitReason: null,
      detail: '100 places d’ateliers libres dans les 12 mois pour 96 nécessaires',
    },
    {
      name: 'exactly enough',
      offers: [
        ['2027-03-01', 'Premiers pas', 60],
        ['2028-01-15', 'Internet au quotidien', 36],
      ],
      demand: 96,
      free: 96,
      ok: true,
      earliestStart: today,
      waitReason: null,
      detail: '96 places d’ateliers libres dans les 12 mois pour 96 nécessaires',
    },
    {
      name: 'the demand rounds up: 101 dwellings × 12 % = 12.12 → 13 beginners',
      dwellings: 101,
      offers: [['2027-03-01', 'Premiers pas', 13]],
      demand: 13,
      free: 13,
      ok: true,
      earliestStart: today,
      waitReason: null,
      detail: '13 places d’ateliers libres dans les 12 mois pour 13 nécessaires',
    },
    {
      name: 'a beginner needing 8 seats: 100 dwellings → 12 beginners × 8 = 96 seats',
      dwellings: 100,
      over: { beginnerSeats: 8 },
      offers: [['2027-03-01', 'Premiers pas', 95]],
      demand: 96,
      free: 95,
      ok: false,
      earliestStart: null,
      waitReason: null,
      detail:
        'Places d’ateliers insuffisantes (95 pour 96 nécessaires), et aucun cycle annoncé n’en apporte assez',
    },
    {
      name: 'too few now, a later cycle makes it: start 3 months before it (consultation + preparation)',
      offers: [
        ['2026-12-01', 'Déjà commencé', 200],
        ['2027-03-01', 'Internet au quotidien', 50],
        ['2027-10-01', 'Smartphone', 30],
        ['2028-09-15', 'Premiers pas', 20],
      ],
      demand: 96,
      free: 80,
      ok: false,
      earliestStart: '2028-06-01',
      waitReason:
        'Places d’ateliers insuffisantes aujourd’hui (80 pour 96 nécessaires) : attendre le cycle « Premiers pas » (Centre social de Kerourien, septembre 2028)',
      detail:
        'Places d’ateliers insuffisantes aujourd’hui (80 pour 96 nécessaires) : attendre le cycle « Premiers pas » (Centre social de Kerourien, septembre 2028)',
    },
    {
      name: 'the cycle that makes it is next month: the consultation may start now',
      over: { capacityHorizonMonths: 1 },
      offers: [
        ['2027-02-01', 'Internet au quotidien', 50],
        ['2027-03-01', 'Premiers pas', 50],
      ],
      demand: 96,
      free: 50,
      ok: false,
      earliestStart: today,
      waitReason:
        'Places d’ateliers insuffisantes aujourd’hui (50 pour 96 nécessaires) : attendre le cycle « Premiers pas » (Centre social de Kerourien, mars 2027)',
      detail:
        'Places d’ateliers insuffisantes aujourd’hui (50 pour 96 nécessaires) : attendre le cycle « Premiers pas » (Centre social de Kerourien, mars 2027)',
    },
    {
      name: 'cycles on the same day count nearest facility first',
      offers: [
        ['2027-03-01', 'Internet au quotidien', 40],
        ['2028-09-01', 'Premiers pas', 30],
      ],
      others: [library([['2028-09-01', 'Smartphone', 30]])],
      demand: 96,
      free: 40,
      ok: false,
      earliestStart: '2028-06-01',
      waitReason:
        'Places d’ateliers insuffisantes aujourd’hui (40 pour 96 nécessaires) : attendre le cycle « Smartphone » (Médiathèque de Bellevue, septembre 2028)',
      detail:
        'Places d’ateliers insuffisantes aujourd’hui (40 pour 96 nécessaires) : attendre le cycle « Smartphone » (Médiathèque de Bellevue, septembre 2028)',
    },
    {
      name: 'never enough in the cycles announced',
      offers: [
        ['2027-03-01', 'Internet au quotidien', 50],
        ['2027-10-01', 'Smartphone', 30],
      ],
      demand: 96,
      free: 80,
      ok: false,
      earliestStart: null,
      waitReason: null,
      detail:
        'Places d’ateliers insuffisantes (80 pour 96 nécessaires), et aucun cycle annoncé n’en apporte assez',
    },
    {
      name: 'seats of a facility beyond walking distance do not count',
      offers: [['2027-03-01', 'Premiers pas', 50]],
      others: [facility(3, 'Maison pour tous', north(3000), [['2027-03-01', 'Premiers pas', 500]])],
      demand: 96,
      free: 50,
      ok: false,
      earliestStart: null,
      waitReason: null,
      detail:
        'Places d’ateliers insuffisantes (50 pour 96 nécessaires), et aucun cycle annoncé n’en apporte assez',
    },
  ])(
    '$name',
    ({ dwellings, offers, others = [], over, demand, free, ok, earliestStart, waitReason, detail: text }) => {
      const i = input({
        sectors: [sector(1, dwellings ? { dwellings } : {})],
        facilities: [facility(1, 'Centre social de Kerourien', north(350), offers), ...others],
        settings: over,
      });
      const r = readinessOf(i);
      expect([r.demandSeats, r.freeSeats]).toEqual([demand, free]);
      expect(detail(i, 'capacity')).toEqual({ key: 'capacity', ok, detail: text });
      expect(r.earliestStart).toBe(earliestStart);
      expect(r.waitReason).toBe(waitReason);
    },
  );

  it('with no facility nearby there are no seats, whatever the far ones offer', () => {
    const i = input({
      sectors: [sector(1)],
      facilities: [facility(3, 'Maison pour tous', north(3000), [['2027-03-01', 'Premiers pas', 500]])],
    });
    expect(readinessOf(i).freeSeats).toBe(0);
    expect(detail(i, 'capacity')).toEqual({
      key: 'capacity',
      ok: false,
      detail: 'Aucune place d’ateliers à portée (96 nécessaires)',
    });
  });
});

describe('readiness: partners, tenants, priority neighbourhoods and the score', () => {
  const landlordAgainst: Position = {
    organisationId: 3,
    organisationName: 'Brest Métropole Habitat',
    kind: 'landlord',
    opinion: 'against',
    agrees: false,
  };
  it.each<[string, string[], Position[], boolean, string]>([
    [
      'the facility and the tenants agree',
      ['facility', 'tenant_association'],
      [facilityAgrees, tenantsAgree],
      true,
      'Partenaires d’accord : lieu de médiation (Centre social de Kerourien), association de locataires (CLCV)',
    ],
    [
      'the tenants have not given their opinion',
      ['facility', 'tenant_association'],
      [facilityAgrees],
      false,
      'Il manque l’avis d’une association de locataires',
    ],
    [
      'nobody has',
      ['facility', 'tenant_association'],
      [],
      false,
      'Il manque l’avis d’un lieu de médiation et d’une association de locataires',
    ],
    [
      'the tenants have reservations and do not agree yet',
      ['facility', 'tenant_association'],
      [facilityAgrees, { ...tenantsAgree, opinion: 'reserved', agrees: false }],
      false,
      'Il manque l’accord d’une association de locataires',
    ],
    [
      'the required ones agree but the landlord is against',
      ['facility', 'tenant_association'],
      [facilityAgrees, tenantsAgree, landlordAgainst],
      false,
      'Brest Métropole Habitat est contre',
    ],
    [
      'two against, and an opinion missing',
      ['facility', 'tenant_association'],
      [{ ...facilityAgrees, opinion: 'against', agrees: false }, landlordAgainst],
      false,
      'Centre social de Kerourien et Brest Métropole Habitat sont contre ; il manque l’avis d’une association de locataires',
    ],
    [
      'other kinds required by the settings',
      ['city', 'landlord', 'operator'],
      [facilityAgrees],
      false,
      'Il manque l’avis de la ville, d’un bailleur et d’un opérateur',
    ],
  ])('%s', (_, requiredConsultees, positions, ok, text) => {
    const i = input({ sectors: [sector(1, { positions })], settings: { requiredConsultees } });
    expect(detail(i, 'partners_agree')).toEqual({ key: 'partners_agree', ok, detail: text });
    expect(readinessOf(i).ready).toBe(ok);
  });

  it.each<[string, Partial<PlanSector>, boolean, string]>([
    [
      'an association serves the sector',
      { tenantAssociations: ['CSF'] },
      true,
      'Locataires représentés : CSF, CLCV',
    ],
    ['an association gave its position', { tenantAssociations: [] }, true, 'Locataires représentés : CLCV'],
    [
      'none',
      { tenantAssociations: [], positions: [facilityAgrees] },
      false,
      'Aucune association de locataires ne suit le secteur',
    ],
  ])('tenant representation: %s', (_, over, ok, text) => {
    expect(detail(input({ sectors: [sector(1, over)] }), 'tenant_representation')).toEqual({
      key: 'tenant_representation',
      ok,
      detail: text,
    });
  });

  it.each([
    [true, 'Quartier prioritaire : à servir en premier'],
    [false, 'Hors quartier prioritaire'],
  ])('QPV %s: « %s », for information', (qpv, text) => {
    const i = input({ sectors: [sector(1, { qpv })] });
    expect(detail(i, 'qpv')).toEqual({ key: 'qpv', ok: qpv, detail: text });
    expect(readinessOf(i).ready).toBe(true);
  });

  // Weights: facility 35, seats 25 (in proportion), partners 20 (in proportion of the kinds, 0 if one is against),
  // tenants 10, QPV 10.
  it.each<{
    name: string;
    score: number;
    ready: boolean;
    over: Partial<PlanSector>;
    facilities: PlanFacility[];
    settings?: Partial<RolloutSettings>;
  }>([
    {
      name: 'everything',
      score: 35 + 25 + 20 + 10 + 10,
      ready: true,
      over: { qpv: true },
      facilities: [kerourien],
    },
    {
      name: 'ready, no tenants represented, outside a QPV',
      score: 35 + 25 + 20,
      ready: true,
      over: { positions: [facilityAgrees], tenantAssociations: [] },
      facilities: [kerourien],
      settings: { requiredConsultees: ['facility'] },
    },
    {
      name: 'half the seats (48 of 96): 35 + 12.5 + 20 + 10, rounded',
      score: 78,
      ready: false,
      over: {},
      facilities: [
        facility(1, 'Centre social de Kerourien', north(350), [['2027-03-01', 'Premiers pas', 48]]),
      ],
    },
    {
      name: 'nothing nearby, one of two partners, tenants, QPV',
      score: 0 + 0 + 10 + 10 + 10,
      ready: false,
      over: { positions: [facilityAgrees], qpv: true },
      facilities: [],
    },
    {
      name: 'someone against',
      score: 35 + 25 + 0 + 10,
      ready: false,
      over: {
        positions: [
          facilityAgrees,
          tenantsAgree,
          { ...facilityAgrees, organisationName: 'Ville', kind: 'city', opinion: 'against', agrees: false },
        ],
      },
      facilities: [kerourien],
    },
  ])('score: $name → $score', ({ over, facilities, settings: settingsOver = {}, score, ready }) => {
    const r = readinessOf(input({ sectors: [sector(1, over)], facilities, settings: settingsOver }));
    expect(r.score).toBe(score);
    expect(r.ready).toBe(ready);
  });
});

describe('the suggested calendar', () => {
  /** Milestones of a consultation starting on the 1st of `month` with the default durations (2, 1, 2, 3, 12). */
  const from = (
    consultation: string,
    partners: string,
    support: string,
    adopted: string,
    open: string,
    evaluated: string,
  ) => [
    { milestone: 'consultation', on: consultation },
    { milestone: 'partners_consulted', on: partners },
    { milestone: 'support_ready', on: support },
    { milestone: 'vote_open', on: support },
    { milestone: 'adopted', on: adopted },
    { milestone: 'works', on: adopted },
    { milestone: 'service_open', on: open },
    { milestone: 'evaluated', on: evaluated },
  ];
  const february = from('2027-02-01', '2027-04-01', '2027-05-01', '2027-07-01', '2027-10-01', '2028-10-01');
  const lineOf = (plan: ReturnType<typeof planRollout>, code: string) =>
    plan.lines.find((l) => l.code === code)!;
  const starts = (plan: ReturnType<typeof planRollout>) =>
    Object.fromEntries(plan.lines.map((l) => [l.code, [l.status, l.milestones[0]?.on ?? null]]));

  it('places a ready sector on the first of next month, its stages following the durations', () => {
    const plan = planRollout(input({ sectors: [sector(1)] }));
    expect(plan.lines).toHaveLength(1);
    expect(lineOf(plan, 'N1')).toMatchObject({
      status: 'planned',
      milestones: february,
      reasons: [
        'Prêt : 1 lieu d’ateliers à moins de 1 km, 100 places d’ateliers pour 96 nécessaires, partenaires d’accord',
      ],
    });
  });

  it('keeps at most two sectors in consultation or vote: the third starts when a place frees', () => {
    const plan = planRollout(
      input({ sectors: [sector(3, { dwellings: 600 }), sector(1), sector(2, { dwellings: 700 })] }),
    );
    expect(starts(plan)).toEqual({
      N1: ['planned', '2027-02-01'],
      N2: ['planned', '2027-02-01'],
      N3: ['planned', '2027-07-01'],
    });
    expect(lineOf(plan, 'N3').reasons).toEqual([
      'Prêt : 1 lieu d’ateliers à moins de 1 km, 100 places d’ateliers pour 72 nécessaires, partenaires d’accord',
      'Attend une place : 2 secteurs déjà en consultation ou en vote jusqu’en juin 2027 (N1, N2 ; limite 2)',
    ]);
    // For a reader of some sectors only, the wait is said without naming the others.
    const unnamed = planRollout(
      input({ sectors: [sector(3, { dwellings: 600 }), sector(1), sector(2, { dwellings: 700 })] }),
      undefined,
      { nameHolders: false },
    );
    expect(lineOf(unnamed, 'N3').reasons.at(-1)).toBe(
      'Attend une place : 2 secteurs déjà en consultation ou en vote jusqu’en juin 2027 (limite 2)',
    );
    expect(starts(unnamed)).toEqual(starts(plan));
  });

  it('counts the sectors under way: they hold a place until their vote ends', () => {
    const plan = planRollout(
      input({
        sectors: [
          sector(8, { stage: 'vote_open', stageSince: '2027-01-01' }),
          sector(9, { stage: 'partners_consulted', stageSince: '2026-12-10' }),
          sector(1),
          sector(2, { dwellings: 700 }),
        ],
      }),
    );
    expect(lineOf(plan, 'N8')).toMatchObject({
      status: 'in_progress',
      milestones: [
        { milestone: 'adopted', on: '2027-03-01' },
        { milestone: 'works', on: '2027-03-01' },
        { milestone: 'service_open', on: '2027-06-01' },
        { milestone: 'evaluated', on: '2028-06-01' },
      ],
      reasons: ['En cours : étape « consultation en cours » depuis le 1er janvier 2027'],
    });
    // Preparation was due on 10 January: projected from today, the vote ends on 15 March.
    expect(lineOf(plan, 'N9')).toMatchObject({
      status: 'in_progress',
      milestones: [
        { milestone: 'support_ready', on: '2027-01-15' },
        { milestone: 'vote_open', on: '2027-01-15' },
        { milestone: 'adopted', on: '2027-03-15' },
        { milestone: 'works', on: '2027-03-15' },
        { milestone: 'service_open', on: '2027-06-15' },
        { milestone: 'evaluated', on: '2028-06-15' },
      ],
      reasons: [
        'En cours : étape « partenaires consultés » depuis le 10 décembre 2026',
        'En retard : l’étape suivante (accompagnement prêt) était prévue le 10 janvier 2027 ; la suite est projetée à partir d’aujourd’hui',
      ],
    });
    // February is full (N8 until 1 March, N9 until 15 March); March has one place (N9), April two.
    expect(lineOf(plan, 'N1').milestones[0]).toEqual({ milestone: 'consultation', on: '2027-03-01' });
    expect(lineOf(plan, 'N1').reasons.at(-1)).toBe(
      'Attend une place : 2 secteurs déjà en consultation ou en vote jusqu’en février 2027 (N8, N9 ; limite 2)',
    );
    expect(lineOf(plan, 'N2').milestones[0]).toEqual({ milestone: 'consultation', on: '2027-04-01' });
    expect(lineOf(plan, 'N2').reasons.at(-1)).toBe(
      'Attend une place : 2 secteurs déjà en consultation ou en vote jusqu’en mars 2027 (N9, N1 ; limite 2)',
    );
  });

  it.each<[string, Partial<PlanSector>, { milestone: string; on: string }[], string[]]>([
    [
      'works overdue since September: the service is projected to open today',
      { stage: 'works', stageSince: '2026-06-01' },
      [
        { milestone: 'service_open', on: '2027-01-15' },
        { milestone: 'evaluated', on: '2028-01-15' },
      ],
      [
        'En cours : étape « travaux » depuis le 1er juin 2026',
        'En retard : l’étape suivante (ouverture du service) était prévue le 1er septembre 2026 ; la suite est projetée à partir d’aujourd’hui',
      ],
    ],
    [
      'works on time',
      { stage: 'works', stageSince: '2026-12-20' },
      [
        { milestone: 'service_open', on: '2027-03-20' },
        { milestone: 'evaluated', on: '2028-03-20' },
      ],
      ['En cours : étape « travaux » depuis le 20 décembre 2026'],
    ],
    [
      'adopted on 10 January, works not started: they start today',
      { stage: 'adopted', stageSince: '2027-01-10' },
      [
        { milestone: 'works', on: '2027-01-15' },
        { milestone: 'service_open', on: '2027-04-15' },
        { milestone: 'evaluated', on: '2028-04-15' },
      ],
      [
        'En cours : étape « adopté » depuis le 10 janvier 2027',
        'En retard : l’étape suivante (début des travaux) était prévue le 10 janvier 2027 ; la suite est projetée à partir d’aujourd’hui',
      ],
    ],
  ])('projects a sector under way: %s', (_, over, milestones, reasons) => {
    const plan = planRollout(
      input({ sectors: [sector(1, over), sector(2)], settings: { maxConcurrent: 1 } }),
    );
    expect(lineOf(plan, 'N1')).toMatchObject({ status: 'in_progress', milestones, reasons });
    // After the vote, a sector holds no place: the only one goes to the ready sector.
    expect(lineOf(plan, 'N2').milestones).toEqual(february);
  });

  it.each<[string, Partial<PlanSector>, { milestone: string; on: string }[], string[]]>([
    [
      'open since March 2026: evaluated in March 2027',
      { stage: 'service_open', stageSince: '2026-03-01' },
      [{ milestone: 'evaluated', on: '2027-03-01' }],
      ['Service ouvert depuis le 1er mars 2026'],
    ],
    [
      'open since December 2025: the evaluation is due, projected today',
      { stage: 'service_open', stageSince: '2025-12-01' },
      [{ milestone: 'evaluated', on: '2027-01-15' }],
      [
        'Service ouvert depuis le 1er décembre 2025',
        'En retard : l’étape suivante (évaluation) était prévue le 1er décembre 2026 ; la suite est projetée à partir d’aujourd’hui',
      ],
    ],
    ['evaluated', { stage: 'evaluated', stageSince: '2025-05-05' }, [], ['Évalué le 5 mai 2025']],
  ])('an open sector is done: %s', (_, over, milestones, reasons) => {
    const plan = planRollout(input({ sectors: [sector(1, over)] }));
    expect(plan.lines).toEqual([
      expect.objectContaining({ status: 'done', milestones, reasons, readiness: null }),
    ]);
  });

  describe('a sector pinned by the coordinator', () => {
    const pinned = sector(5, {
      // No building placed: not ready.
      pin: {
        startsOn: '2027-02-10',
        comment: 'Demande du maire',
        pinnedBy: 'Camille Martin',
        pinnedOn: '2027-01-05',
      },
    });
    const others = [sector(1), sector(2, { dwellings: 700 })];
    const buildings = others.map((s) => ({ sectorId: s.id, ...cityHall }));

    it('sits at its month whatever its readiness, and the others are re-planned around it', () => {
      const plan = planRollout(input({ sectors: [pinned, ...others], buildings }));
      expect(lineOf(plan, 'N5')).toMatchObject({
        status: 'pinned',
        milestones: february,
        reasons: [
          'Placé à la main par Camille Martin le 5 janvier 2027 : consultation à partir de février 2027',
          'Commentaire : Demande du maire',
          'Attention, le secteur n’est pas prêt : aucun immeuble du secteur n’a de coordonnées ; aucune place d’ateliers à portée (96 nécessaires)',
        ],
      });
      expect(starts(plan)).toEqual({
        N5: ['pinned', '2027-02-01'],
        N1: ['planned', '2027-02-01'],
        N2: ['planned', '2027-07-01'],
      });
      expect(lineOf(plan, 'N2').reasons.at(-1)).toBe(
        'Attend une place : 2 secteurs déjà en consultation ou en vote jusqu’en juin 2027 (N5, N1 ; limite 2)',
      );
    });

    it('unpinned, it cannot be placed and both others start in February', () => {
      const plan = planRollout(input({ sectors: [{ ...pinned, pin: null }, ...others], buildings }));
      expect(starts(plan)).toEqual({
        N1: ['planned', '2027-02-01'],
        N2: ['planned', '2027-02-01'],
        N5: ['unscheduled', null],
      });
      expect(lineOf(plan, 'N5').reasons).toEqual([
        'Aucun immeuble du secteur n’a de coordonnées : à placer sur la carte avant de planifier',
      ]);
    });

    it('moved to September, it leaves February to the others', () => {
      const plan = planRollout(
        input({
          sectors: [{ ...pinned, pin: { ...pinned.pin!, startsOn: '2027-09-30' } }, ...others],
          buildings,
        }),
      );
      expect(starts(plan)).toEqual({
        N1: ['planned', '2027-02-01'],
        N2: ['planned', '2027-02-01'],
        N5: ['pinned', '2027-09-01'],
      });
    });

    it('blocks a sector whose whole span would overlap it, not only its first month', () => {
      // One place: N5 holds April to August; N1, free in February, would still be in consultation in April.
      const plan = planRollout(
        input({
          sectors: [{ ...pinned, pin: { ...pinned.pin!, startsOn: '2027-04-01' } }, sector(1)],
          buildings,
          settings: { maxConcurrent: 1 },
        }),
      );
      expect(starts(plan)).toEqual({ N5: ['pinned', '2027-04-01'], N1: ['planned', '2027-09-01'] });
      expect(lineOf(plan, 'N1').reasons.at(-1)).toBe(
        'Attend une place : 1 secteur déjà en consultation ou en vote jusqu’en août 2027 (N5 ; limite 1)',
      );
    });

    it('is placed even beyond the limit, with a warning', () => {
      const plan = planRollout(
        input({
          sectors: [
            sector(8, { stage: 'vote_open', stageSince: '2027-01-01' }),
            sector(9, { stage: 'vote_open', stageSince: '2027-01-01' }),
            sector(5, { pin: { startsOn: '2027-02-01', comment: null, pinnedBy: 'Camille Martin' } }),
          ],
        }),
      );
      expect(lineOf(plan, 'N5')).toMatchObject({
        status: 'pinned',
        milestones: february,
        reasons: [
          'Placé à la main par Camille Martin : consultation à partir de février 2027',
          'Attention : 3 secteurs seront en consultation ou en vote en même temps en février 2027 (limite 2)',
        ],
      });
    });
  });

  it.each<[string, Partial<PlanSector>, string]>([
    [
      'a rejected vote waits for the coordination',
      { stage: 'vote_rejected', stageSince: '2026-11-11' },
      'Vote rejeté le 11 novembre 2026 : une nouvelle consultation attend la décision de la coordination',
    ],
    [
      'nothing within walking distance',
      { id: 1 },
      'Aucun lieu d’ateliers à moins de 1 km (le plus proche : Centre social de Kerourien, à 1,8 km) : à planifier quand un lieu ouvre',
    ],
  ])('leaves unscheduled: %s', (_, over, reason) => {
    const far = facility(1, 'Centre social de Kerourien', north(1800), [['2027-03-01', 'Premiers pas', 100]]);
    const plan = planRollout(
      input({ sectors: [sector(1, over)], facilities: over.stage === 'vote_rejected' ? [kerourien] : [far] }),
    );
    expect(plan.lines).toEqual([
      expect.objectContaining({ status: 'unscheduled', milestones: [], reasons: [reason] }),
    ]);
  });

  it('places a rejected sector again when the coordinator pins it', () => {
    const plan = planRollout(
      input({
        sectors: [
          sector(1, {
            stage: 'vote_rejected',
            stageSince: '2026-11-11',
            pin: { startsOn: '2027-03-01', comment: null, pinnedBy: 'Camille Martin' },
          }),
        ],
      }),
    );
    expect(starts(plan)).toEqual({ N1: ['pinned', '2027-03-01'] });
  });

  it('waits for the workshop cycle that gives enough seats', () => {
    const plan = planRollout(
      input({
        sectors: [sector(1)],
        facilities: [
          facility(1, 'Centre social de Kerourien', north(350), [
            ['2027-03-01', 'Internet au quotidien', 50],
            ['2027-10-01', 'Smartphone', 30],
            ['2028-09-15', 'Premiers pas', 20],
          ]),
        ],
      }),
    );
    expect(lineOf(plan, 'N1')).toMatchObject({
      status: 'planned',
      milestones: from('2028-06-01', '2028-08-01', '2028-09-01', '2028-11-01', '2029-02-01', '2030-02-01'),
      reasons: [
        'Places d’ateliers insuffisantes aujourd’hui (80 pour 96 nécessaires) : attendre le cycle « Premiers pas » (Centre social de Kerourien, septembre 2028)',
      ],
    });
  });

  it('serves ready sectors first, then priority neighbourhoods', () => {
    const plan = planRollout(
      input({
        sectors: [
          sector(1),
          sector(2, { qpv: true }),
          sector(3, { qpv: true, positions: [facilityAgrees] }), // not ready: the tenants have not spoken
        ],
        settings: { maxConcurrent: 1 },
      }),
    );
    expect(starts(plan)).toEqual({
      N2: ['planned', '2027-02-01'],
      N1: ['planned', '2027-07-01'],
      N3: ['planned', '2027-12-01'],
    });
    expect(lineOf(plan, 'N3').reasons).toEqual([
      'Pas encore prêt : il manque l’avis d’une association de locataires',
      'Quartier prioritaire : à servir en premier',
      'Attend une place : 1 secteur déjà en consultation ou en vote jusqu’en novembre 2027 (N1 ; limite 1)',
    ]);
  });

  it('serves a priority neighbourhood before a bigger sector of the same score', () => {
    // Only the facility's agreement required: both ready and scored 90 (N1 by its tenants, N2 by its QPV).
    const plan = planRollout(
      input({
        sectors: [
          sector(1, { positions: [facilityAgrees] }),
          sector(2, { dwellings: 700, qpv: true, positions: [facilityAgrees], tenantAssociations: [] }),
        ],
        settings: { maxConcurrent: 1, requiredConsultees: ['facility'] },
      }),
    );
    expect(plan.lines.map((l) => [l.code, l.readiness?.score])).toEqual([
      ['N2', 90],
      ['N1', 90],
    ]);
    expect(starts(plan)).toEqual({ N2: ['planned', '2027-02-01'], N1: ['planned', '2027-07-01'] });
  });

  it('orders lines: under way, then the calendar by start (pinned first), then unscheduled, then open', () => {
    const plan = planRollout(
      input({
        sectors: [
          sector(1, { stage: 'vote_open', stageSince: '2027-01-01' }),
          sector(2),
          sector(3, { pin: { startsOn: '2027-02-01', comment: null, pinnedBy: 'Camille Martin' } }),
          sector(4, { stage: 'vote_rejected', stageSince: '2026-11-11' }),
          sector(5, { stage: 'service_open', stageSince: '2026-03-01' }),
          sector(6, { stage: 'works', stageSince: '2026-06-01' }),
          sector(7, { stage: 'evaluated', stageSince: '2025-05-05' }),
        ],
        settings: { maxConcurrent: 3 },
      }),
    );
    expect(plan.lines.map((l) => l.code)).toEqual(['N6', 'N1', 'N3', 'N2', 'N4', 'N5', 'N7']);
  });

  it('gives the same plan whatever the order of its input, with or without readiness passed', () => {
    const sectors = [
      sector(1, { stage: 'vote_open', stageSince: '2027-01-01' }),
      sector(2),
      sector(3, { dwellings: 700 }),
      sector(4, { dwellings: 700, qpv: true }),
      sector(5, { pin: { startsOn: '2027-04-01', comment: null, pinnedBy: 'Camille Martin' } }),
      sector(6, { stage: 'service_open', stageSince: '2026-03-01' }),
      sector(7, { positions: [] }),
    ];
    const facilities = [
      kerourien,
      facility(2, 'Médiathèque de Bellevue', north(-400), [['2027-06-01', 'Smartphone', 20]]),
      facility(3, 'Maison pour tous', north(900), [['2027-09-01', 'Premiers pas', 12]]),
    ];
    const buildings = sectors.flatMap((s) => [
      { sectorId: s.id, ...north(s.id * 10) },
      { sectorId: s.id, ...north(-s.id * 10) },
    ]);
    const one = input({ sectors, facilities, buildings });
    const other = input({
      sectors: [...sectors].reverse(),
      facilities: [...facilities].reverse(),
      buildings: [...buildings].reverse(),
    });
    const plan = planRollout(one);
    expect(planRollout(other)).toEqual(plan);
    expect(planRollout(one, readiness(one))).toEqual(plan);
    expect(planRollout(one)).toEqual(plan);
  });
});
