// A synthetic national roll-out, the same for the same seed: sectors of buildings and facilities offering workshops
// clustered around a few hundred towns of metropolitan France, for the roll-out benchmark (and for loading into a
// database later on).
import { defaultRolloutSettings, type PlanInput, type PlanSector } from '../src/rollout/model.ts';
import type { RolloutStage } from '../src/territory/index.ts';

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const kmPerDegree = 111.195;

export function syntheticPlanInput(
  seed: number,
  {
    buildings = 200_000,
    facilities = 20_000,
    sectors = 10_000,
    towns = 300,
    today = '2027-01-15',
  }: { buildings?: number; facilities?: number; sectors?: number; towns?: number; today?: string } = {},
): PlanInput {
  const random = seededRandom(seed);
  const between = (min: number, max: number) => min + random() * (max - min);
  const int = (min: number, max: number) => Math.floor(between(min, max + 1));
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  /** A point around (lat, lon), `km` the standard deviation of the distance on each axis. */
  const around = (lat: number, lon: number, km: number) => {
    const pointLat = lat + (gaussian() * km) / kmPerDegree;
    return {
      lat: pointLat,
      lon: lon + (gaussian() * km) / (kmPerDegree * Math.cos((pointLat * Math.PI) / 180)),
    };
  };

  // Towns inside metropolitan France's bounding box, their weight falling off as big cities and small towns do.
  const townList = Array.from({ length: towns }, (_, i) => ({
    lat: between(43.0, 50.8),
    lon: between(-4.4, 7.6),
    weight: 1 / (i + 1),
  }));
  const totalWeight = townList.reduce((sum, t) => sum + t.weight, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const t of townList) {
    acc += t.weight / totalWeight;
    cumulative.push(acc);
  }
  const town = () => {
    const x = random();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return townList[lo]!;
  };

  const month = (offset: number) => {
    const index = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1 + offset;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
  };

  const facilityList = Array.from({ length: facilities }, (_, i) => {
    const t = town();
    const offers = Array.from({ length: int(0, 3) }, (_, k) => ({
      courseId: i * 4 + k + 1,
      title: pick(['Premiers pas', 'Internet au quotidien', 'Démarches en ligne', 'Smartphone']),
      startsOn: month(int(0, 36)),
      freeSeats: int(4, 40),
    }));
    offers.sort((a, b) => a.startsOn.localeCompare(b.startsOn));
    return { id: i + 1, name: `Lieu ${i + 1}`, ...around(t.lat, t.lon, 4), offers };
  });

  const stages: [RolloutStage, number][] = [
    ['identified', 0.7],
    ['partners_consulted', 0.04],
    ['support_ready', 0.03],
    ['vote_open', 0.03],
    ['vote_rejected', 0.02],
    ['adopted', 0.02],
    ['works', 0.04],
    ['service_open', 0.08],
    ['evaluated', 0.04],
  ];
  const stage = () => {
    let x = random();
    for (const [s, p] of stages) {
      x -= p;
      if (x < 0) return s;
    }
    return 'identified';
  };

  const buildingList: PlanInput['buildings'] = [];
  const sectorList: PlanSector[] = [];
  for (let i = 0; i < sectors; i++) {
    const t = town();
    const centre = around(t.lat, t.lon, 3);
    const id = i + 1;
    const s = stage();
    const agreeing = random() < 0.6;
    sectorList.push({
      id,
      code: `S${id}`,
      name: `Secteur ${id}`,
      neighbourhood: `Quartier ${Math.floor(i / 4) + 1}`,
      stage: s,
      stageSince: month(-int(0, 24)),
      dwellings: int(40, 800),
      qpv: random() < 0.5,
      positions: agreeing
        ? [
            {
              organisationId: 1,
              organisationName: 'Centre social',
              kind: 'facility',
              opinion: 'favourable',
              agrees: true,
            },
            {
              organisationId: 2,
              organisationName: 'CLCV',
              kind: 'tenant_association',
              opinion: random() < 0.9 ? 'favourable' : 'against',
              agrees: true,
            },
          ]
        : [],
      tenantAssociations: random() < 0.7 ? ['CLCV'] : [],
      pin:
        (s === 'identified' || s === 'vote_rejected') && random() < 0.01
          ? { startsOn: month(int(1, 24)), comment: null, pinnedBy: 'Coordination' }
          : null,
    });
    // Buildings spread evenly, a few hundred metres around the sector's centre.
    const count = Math.floor(((i + 1) * buildings) / sectors) - Math.floor((i * buildings) / sectors);
    for (let b = 0; b < count; b++)
      buildingList.push({ sectorId: id, ...around(centre.lat, centre.lon, 0.3) });
  }

  return {
    today,
    settings: { ...defaultRolloutSettings },
    sectors: sectorList,
    buildings: buildingList,
    facilities: facilityList,
    unplacedBuildings: {},
  };
}
