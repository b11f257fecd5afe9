// The roll-out's pure rules: how ready each sector is (accompaniment within walking distance, workshop seats against
// the expected demand, partners' agreement) and the suggested calendar that follows from it. No database access:
// the loader fills a PlanInput, the pages show the Plan.

import { around, distance } from 'geokdbush';
import KDBush from 'kdbush';
import {
  addCalendarDays,
  addCalendarMonths as addMonths,
  calendarDayText as dayText,
  monthText,
} from '../platform/dates.ts';
import { translator } from '../platform/i18n/index.ts';
import { capitalised } from '../platform/text.ts';
import type { RolloutStage } from '../territory/index.ts';
import type {
  Milestone,
  Plan,
  PlanBuilding,
  PlanFacility,
  PlanInput,
  PlanLine,
  PlanSector,
  Readiness,
  ReadinessCheck,
  RolloutSettings,
} from './model.ts';

// ——— Distances ———

/** Great-circle distance between two WGS 84 points, in metres (haversine on a 6,371 km sphere, as geokdbush). */
export const distanceM = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) =>
  distance(a.lon, a.lat, b.lon, b.lat) * 1000;

/** A distance as people read it, to 10 m: « 350 m », « 1 km », « 1,2 km », « 1,01 km »; from 10 km, « 18 km ». */
export function distanceText(metres: number): string {
  const rounded = Math.round(metres / 10) * 10;
  if (rounded < 1000) return `${rounded} m`;
  if (rounded >= 10_000) return `${Math.round(rounded / 1000)} km`;
  return `${(rounded / 1000).toString().replace('.', ',')} km`;
}

// ——— Calendar months ———

/** Months counted from year 0 (2027-03-… is 2027 × 12 + 2), to step through the calendar month by month. */
const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
const monthStart = (index: number) =>
  `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
/** The first day of a month on or after the day. */
const firstMonthIndexFrom = (day: string) => monthIndex(day) + (day.endsWith('-01') ? 0 : 1);

const maxDay = (a: string, b: string) => (a > b ? a : b);
const compareDays = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const previousDay = (day: string) => addCalendarDays(day, -1);

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const uncapitalise = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
/** « A », « A et B », « A, B et C » */
const andList = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} et ${items.at(-1)}`;

// ——— Labels ———

/** Kinds of partner organisations, as people read them, with the article that « il manque l’avis … » needs. */
export const consulteeKinds: Record<string, { label: string; ofOne: string }> = {
  facility: { label: 'lieu de médiation', ofOne: 'd’un lieu de médiation' },
  tenant_association: { label: 'association de locataires', ofOne: 'd’une association de locataires' },
  landlord: { label: 'bailleur', ofOne: 'd’un bailleur' },
  operator: { label: 'opérateur', ofOne: 'd’un opérateur' },
  consumer_association: {
    label: 'association de consommateurs',
    ofOne: 'd’une association de consommateurs',
  },
  city: { label: 'ville', ofOne: 'de la ville' },
  recycling_centre: { label: 'recyclerie', ofOne: 'd’une recyclerie' },
};
const kindOf = (kind: string) => consulteeKinds[kind] ?? { label: kind, ofOne: `de : ${kind}` };

/** A stage's name, as the catalogue gives it (`rollout.<stage>`: « partenaires consultés »). */
export const stageLabel = (stage: RolloutStage): string => translator('fr')(`rollout.${stage}`);

/** A plan line's status, as people read it. */
export const planStatusLabels: Record<PlanLine['status'], string> = {
  in_progress: 'en cours',
  pinned: 'placé à la main',
  planned: 'proposé',
  unscheduled: 'non planifié',
  done: 'service ouvert',
};

/** Milestones of the calendar, as people read them (« Secteur N1 : ouverture du vote »). */
export const milestoneLabels: Record<Milestone, string> = {
  consultation: 'début de la consultation des partenaires',
  partners_consulted: 'partenaires consultés',
  support_ready: 'accompagnement prêt',
  vote_open: 'ouverture du vote',
  adopted: 'fin du vote',
  works: 'début des travaux',
  service_open: 'ouverture du service',
  evaluated: 'évaluation',
};

/** Stages whose readiness is computed: every stage before the service opens. */
export const stagesBeforeService: ReadonlySet<RolloutStage> = new Set<RolloutStage>([
  'identified',
  'partners_consulted',
  'support_ready',
  'vote_open',
  'vote_rejected',
  'adopted',
  'works',
]);

// ——— Readiness ———

/**
 * The score's weights (out of 100), to order sectors: accompaniment within reach matters most (the programme goes
 * first where local support exists), then enough workshop seats (in proportion to the demand they cover), then the
 * partners' agreement (in proportion to the required kinds that agree; nothing when someone is against), then
 * tenant representation and priority neighbourhoods.
 */
export const scoreWeights = {
  facility_nearby: 35,
  capacity: 25,
  partners_agree: 20,
  tenant_representation: 10,
  qpv: 10,
} as const;

const earthRadiusM = 6_371_000;
const toRadians = Math.PI / 180;

/** Points in radians with their latitude's cosine, for the haversine in the inner loops. */
interface Points {
  lat: Float64Array;
  lon: Float64Array;
  cos: Float64Array;
}

function points(list: { lat: number; lon: number }[]): Points {
  const lat = new Float64Array(list.length);
  const lon = new Float64Array(list.length);
  const cos = new Float64Array(list.length);
  list.forEach((p, i) => {
    lat[i] = p.lat * toRadians;
    lon[i] = p.lon * toRadians;
    cos[i] = Math.cos(lat[i]!);
  });
  return { lat, lon, cos };
}

/** The haversine of the angle between two points (what great-circle distances are compared by). */
const haversine = (a: Points, i: number, b: Points, j: number) => {
  const dLat = Math.sin((b.lat[j]! - a.lat[i]!) / 2);
  const dLon = Math.sin((b.lon[j]! - a.lon[i]!) / 2);
  return dLat * dLat + a.cos[i]! * b.cos[j]! * dLon * dLon;
};
const haversineOf = (metres: number) => Math.sin(metres / earthRadiusM / 2) ** 2;
const metresOf = (haversine: number) => 2 * earthRadiusM * Math.asin(Math.sqrt(Math.min(1, haversine)));

interface FacilityIndex {
  facilities: PlanFacility[];
  at: Points;
  index: KDBush | null;
  /** Each facility's offers from today on, in start order, their day as a number (20270901) to sort fast. */
  upcoming: { offer: PlanFacility['offers'][number]; day: number }[][];
}

/** The spatial index over facilities with coordinates, built once for all sectors. */
function facilityIndex(facilities: PlanFacility[], today: string): FacilityIndex {
  const placed = facilities.filter((f) => Number.isFinite(f.lat) && Number.isFinite(f.lon));
  const at = points(placed);
  const upcoming = placed.map((f) =>
    f.offers
      .filter((offer) => offer.startsOn >= today)
      .map((offer) => ({ offer, day: Number(offer.startsOn.replaceAll('-', '')) }))
      .sort((a, b) => a.day - b.day || a.offer.courseId - b.offer.courseId),
  );
  if (placed.length === 0) return { facilities: placed, at, index: null, upcoming };
  const index = new KDBush(placed.length);
  for (const f of placed) index.add(f.lon, f.lat);
  return { facilities: placed, at, index: index.finish(), upcoming };
}

/** Readiness of every sector not yet open (every stage before `service_open`), by sector id. */
export function readiness(input: PlanInput): Map<number, Readiness> {
  const facilities = facilityIndex(input.facilities, input.today);
  const buildings = new Map<number, PlanBuilding[]>();
  const wanted = new Set(input.sectors.filter((s) => stagesBeforeService.has(s.stage)).map((s) => s.id));
  for (const b of input.buildings) {
    if (!wanted.has(b.sectorId) || !Number.isFinite(b.lat) || !Number.isFinite(b.lon)) continue;
    const list = buildings.get(b.sectorId);
    if (list) list.push(b);
    else buildings.set(b.sectorId, [b]);
  }
  const result = new Map<number, Readiness>();
  for (const sector of input.sectors)
    if (wanted.has(sector.id))
      result.set(sector.id, sectorReadiness(input, sector, buildings.get(sector.id) ?? [], facilities));
  return result;
}

/**
 * Facilities within walking distance of the buildings, each at its distance to the nearest building (facility
 * index → metres), how many buildings have one within reach, and the nearest facility whatever the distance.
 * One query of the index per sector: around the buildings' centre, within walking distance plus the sector's
 * radius (by the triangle inequality no facility further away can be within reach of a building), then exact
 * building-by-facility distances on those candidates.
 */
function facilitiesAround(
  buildings: PlanBuilding[],
  walking: number,
  { at, index }: FacilityIndex,
): { near: Map<number, number>; covered: number; nearest: { index: number; metres: number } | null } {
  const near = new Map<number, number>();
  if (!index || buildings.length === 0) return { near, covered: 0, nearest: null };
  const placed = points(buildings);
  let lat = 0;
  let lon = 0;
  for (const b of buildings) {
    lat += b.lat;
    lon += b.lon;
  }
  const centre = points([{ lat: lat / buildings.length, lon: lon / buildings.length }]);
  let radiusHaversine = 0;
  for (let i = 0; i < buildings.length; i++)
    radiusHaversine = Math.max(radiusHaversine, haversine(centre, 0, placed, i));
  const radius = metresOf(radiusHaversine);
  const cLat = lat / buildings.length;
  const cLon = lon / buildings.length;

  // Minimum haversine from any building to each candidate, and the buildings with a facility within reach.
  const closest = (candidates: number[], within: number) => {
    const reached = new Uint8Array(buildings.length);
    const best = candidates.map((f) => {
      let min = Number.POSITIVE_INFINITY;
      for (let i = 0; i < buildings.length; i++) {
        const h = haversine(placed, i, at, f);
        if (h < min) min = h;
        if (h <= within) reached[i] = 1;
      }
      return min;
    });
    return { best, covered: reached.reduce((n, r) => n + r, 0) };
  };

  const walkingHaversine = haversineOf(walking);
  const candidates = around(index, cLon, cLat, Number.POSITIVE_INFINITY, (walking + radius + 1) / 1000);
  const { best, covered } = closest(candidates, walkingHaversine);
  candidates.forEach((f, k) => {
    if (best[k]! <= walkingHaversine) near.set(f, metresOf(best[k]!));
  });
  if (near.size > 0) return { near, covered, nearest: null };

  // None within reach: the nearest to the centre is at most its distance plus the radius from a building, so the
  // nearest to any building is within that plus the radius again of the centre.
  const [first] = around(index, cLon, cLat, 1);
  const firstDistance = metresOf(haversine(centre, 0, at, first!));
  const further = around(
    index,
    cLon,
    cLat,
    Number.POSITIVE_INFINITY,
    (firstDistance + 2 * radius + 1) / 1000,
  );
  const { best: distances } = closest(further, 0);
  let nearest = { index: further[0]!, metres: metresOf(distances[0]!) };
  further.forEach((f, k) => {
    const metres = metresOf(distances[k]!);
    if (metres < nearest.metres) nearest = { index: f, metres };
  });
  return { near, covered, nearest };
}

function sectorReadiness(
  input: PlanInput,
  sector: PlanSector,
  buildings: PlanBuilding[],
  facilityIndex: FacilityIndex,
): Readiness {
  const { settings, today } = input;
  const walking = settings.walkingDistanceM;
  const { facilities, upcoming } = facilityIndex;

  const { near, covered, nearest } = facilitiesAround(buildings, walking, facilityIndex);
  const nearbyFacilities = [...near]
    .sort(([ia, da], [ib, db]) => da - db || facilities[ia]!.id - facilities[ib]!.id)
    .map(([i, d]) => ({
      id: facilities[i]!.id,
      name: facilities[i]!.name,
      distanceM: Math.round(d / 10) * 10,
    }));
  const nearestFacility =
    nearbyFacilities[0] ??
    (nearest
      ? {
          id: facilities[nearest.index]!.id,
          name: facilities[nearest.index]!.name,
          distanceM: Math.round(nearest.metres / 10) * 10,
        }
      : null);

  const within = distanceText(walking);
  let facilityDetail: string;
  if (buildings.length === 0) facilityDetail = 'Aucun immeuble du secteur n’a de coordonnées';
  else if (nearbyFacilities.length > 0) {
    const shown = nearbyFacilities.slice(0, 3).map((f) => `${f.name} (${distanceText(f.distanceM)})`);
    const more = nearbyFacilities.length - shown.length;
    facilityDetail = `${count(nearbyFacilities.length, 'lieu', 'lieux')} d’ateliers à moins de ${within} : ${shown.join(', ')}${more > 0 ? ` et ${count(more, 'autre', 'autres')}` : ''}`;
  } else
    facilityDetail = `Aucun lieu d’ateliers à moins de ${within} (${
      nearestFacility
        ? `le plus proche : ${nearestFacility.name}, à ${distanceText(nearestFacility.distanceM)}`
        : 'aucun lieu d’ateliers connu'
    })`;
  const facilityOk = nearbyFacilities.length > 0;

  // Capacity: seats the expected beginners need against the nearby facilities' free seats within the horizon.
  const demandSeats =
    Math.floor((sector.dwellings * settings.demandRateBp + 9999) / 10000) * settings.beginnerSeats;
  const horizonEnd = addMonths(today, settings.capacityHorizonMonths);
  let freeSeats = 0;
  for (const i of near.keys())
    for (const { offer } of upcoming[i]!) {
      if (offer.startsOn > horizonEnd) break;
      freeSeats += offer.freeSeats;
    }
  const capacityOk = freeSeats >= demandSeats;
  const need = `${freeSeats} pour ${demandSeats} nécessaires`;
  let earliestStart: string | null = null;
  let waitReason: string | null = null;
  let capacityDetail: string;
  if (capacityOk) {
    earliestStart = facilityOk ? today : null;
    capacityDetail = `${count(freeSeats, 'place', 'places')} d’ateliers libres dans les ${settings.capacityHorizonMonths} mois pour ${demandSeats} nécessaires`;
  } else if (!facilityOk) {
    capacityDetail = `Aucune place d’ateliers à portée (${demandSeats} nécessaires)`;
  } else {
    // The first cycle, in start order, with which the seats become enough: the consultation may start early enough
    // for the accompaniment to be ready when it begins.
    // Same day: the nearest facility's first.
    const offers = [...near]
      .flatMap(([i, metres]) =>
        upcoming[i]!.map(({ offer, day }) => ({ offer, day, metres, facility: facilities[i]! })),
      )
      .sort(
        (a, b) =>
          a.day - b.day ||
          a.metres - b.metres ||
          a.facility.id - b.facility.id ||
          a.offer.courseId - b.offer.courseId,
      );
    let cumulated = 0;
    const enough = offers.find(({ offer }) => {
      cumulated += offer.freeSeats;
      return cumulated >= demandSeats;
    });
    if (enough) {
      earliestStart = maxDay(
        today,
        monthStart(
          monthIndex(enough.offer.startsOn) - settings.consultationMonths - settings.preparationMonths,
        ),
      );
      waitReason = `Places d’ateliers insuffisantes aujourd’hui (${need}) : attendre le cycle « ${enough.offer.title} » (${enough.facility.name}, ${monthText(enough.offer.startsOn)})`;
      capacityDetail = waitReason;
    } else
      capacityDetail = `Places d’ateliers insuffisantes (${need}), et aucun cycle annoncé n’en apporte assez`;
  }

  // Partners: every required kind agrees, and nobody is against.
  const against = sector.positions.filter((p) => p.opinion === 'against');
  const agreedKinds = settings.requiredConsultees.filter((kind) =>
    sector.positions.some((p) => p.kind === kind && p.agrees),
  );
  const noOpinion = settings.requiredConsultees.filter(
    (kind) => !sector.positions.some((p) => p.kind === kind),
  );
  // A kind whose partners are all against is said so already.
  const notAgreeing = settings.requiredConsultees.filter(
    (kind) =>
      !agreedKinds.includes(kind) && sector.positions.some((p) => p.kind === kind && p.opinion !== 'against'),
  );
  const partnersOk = against.length === 0 && agreedKinds.length === settings.requiredConsultees.length;
  let partnersDetail: string;
  if (partnersOk) {
    const agreeing = settings.requiredConsultees.map(
      (kind) =>
        `${kindOf(kind).label} (${sector.positions
          .filter((p) => p.kind === kind && p.agrees)
          .map((p) => p.organisationName)
          .join(', ')})`,
    );
    partnersDetail = agreeing.length
      ? `Partenaires d’accord : ${agreeing.join(', ')}`
      : 'Aucun avis de partenaire n’est demandé, et personne n’est contre';
  } else {
    const parts: string[] = [];
    if (against.length)
      parts.push(
        `${andList(against.map((p) => p.organisationName))} ${against.length === 1 ? 'est' : 'sont'} contre`,
      );
    if (noOpinion.length) parts.push(`il manque l’avis ${andList(noOpinion.map((k) => kindOf(k).ofOne))}`);
    if (notAgreeing.length)
      parts.push(`il manque l’accord ${andList(notAgreeing.map((k) => kindOf(k).ofOne))}`);
    partnersDetail = capitalised(parts.join(' ; '));
  }

  const tenantNames = [
    ...new Set([
      ...sector.tenantAssociations,
      ...sector.positions.filter((p) => p.kind === 'tenant_association').map((p) => p.organisationName),
    ]),
  ];
  const tenantsOk = tenantNames.length > 0;

  const checks: ReadinessCheck[] = [
    { key: 'facility_nearby', ok: facilityOk, detail: facilityDetail },
    { key: 'capacity', ok: capacityOk, detail: capacityDetail },
    { key: 'partners_agree', ok: partnersOk, detail: partnersDetail },
    {
      key: 'tenant_representation',
      ok: tenantsOk,
      detail: tenantsOk
        ? `Locataires représentés : ${tenantNames.join(', ')}`
        : 'Aucune association de locataires ne suit le secteur',
    },
    {
      key: 'qpv',
      ok: sector.qpv,
      detail: sector.qpv ? 'Quartier prioritaire : à servir en premier' : 'Hors quartier prioritaire',
    },
  ];
  const required = settings.requiredConsultees.length;
  const score = Math.round(
    (facilityOk ? scoreWeights.facility_nearby : 0) +
      (demandSeats === 0 ? 1 : Math.min(1, freeSeats / demandSeats)) * scoreWeights.capacity +
      (against.length ? 0 : required === 0 ? 1 : agreedKinds.length / required) *
        scoreWeights.partners_agree +
      (tenantsOk ? scoreWeights.tenant_representation : 0) +
      (sector.qpv ? scoreWeights.qpv : 0),
  );
  return {
    sectorId: sector.id,
    nearbyFacilities,
    nearestFacility,
    buildingsPlaced: buildings.length,
    buildingsCovered: covered,
    demandSeats,
    freeSeats,
    checks,
    ready: facilityOk && capacityOk && partnersOk,
    score,
    earliestStart,
    waitReason,
  };
}

const check = (r: Readiness, key: ReadinessCheck['key']) => r.checks.find((c) => c.key === key)!;

// ——— The calendar ———

/** Months each sector holds a place in the coordinator's capacity, by month index, with who holds it. */
class Slots {
  private readonly counts = new Map<number, number>();
  private readonly holders = new Map<number, string[]>();
  /** Union-find over full months: the next month that is not full (months only fill up). */
  private readonly next = new Map<number, number>();
  readonly limit: number;
  constructor(limit: number) {
    this.limit = limit;
  }

  count(month: number) {
    return this.counts.get(month) ?? 0;
  }
  holdersOf(month: number) {
    return this.holders.get(month) ?? [];
  }
  hold(from: number, toExclusive: number, holder: string) {
    for (let m = from; m < toExclusive; m++) {
      const n = this.count(m) + 1;
      this.counts.set(m, n);
      const list = this.holders.get(m);
      if (list) list.push(holder);
      else this.holders.set(m, [holder]);
      if (n >= this.limit) this.next.set(m, m + 1);
    }
  }
  /** The first month from `month` on that is not full. */
  private free(month: number): number {
    let m = month;
    while (this.next.has(m)) m = this.next.get(m)!;
    // Path compression: the months walked over point straight to the answer.
    for (let k = month; k !== m; ) {
      const after = this.next.get(k)!;
      this.next.set(k, m);
      k = after;
    }
    return m;
  }
  /** The first start from `month` on whose `span` months all have a free place, and the last full month skipped. */
  firstFit(month: number, span: number): { start: number; blockedUntil: number | null } {
    let start = this.free(month);
    let blockedUntil = start > month ? start - 1 : null;
    for (let m = start; m < start + span; m++) {
      if (this.count(m) < this.limit) continue;
      start = this.free(m + 1);
      blockedUntil = start - 1;
      m = start - 1;
    }
    return { start, blockedUntil };
  }
}

/** The rest of a stage's path: each milestone after the previous one by this many months. */
function pathFrom(stage: RolloutStage, s: RolloutSettings): { milestone: Milestone; months: number }[] {
  const full: { milestone: Milestone; months: number }[] = [
    { milestone: 'partners_consulted', months: s.consultationMonths },
    { milestone: 'support_ready', months: s.preparationMonths },
    { milestone: 'vote_open', months: 0 },
    { milestone: 'adopted', months: s.voteMonths },
    { milestone: 'works', months: 0 },
    { milestone: 'service_open', months: s.worksMonths },
    { milestone: 'evaluated', months: s.evaluationMonths },
  ];
  const after: Partial<Record<RolloutStage, Milestone>> = {
    identified: 'partners_consulted',
    vote_rejected: 'partners_consulted',
    partners_consulted: 'support_ready',
    support_ready: 'vote_open',
    vote_open: 'adopted',
    adopted: 'works',
    works: 'service_open',
    service_open: 'evaluated',
  };
  const first = after[stage];
  return first ? full.slice(full.findIndex((step) => step.milestone === first)) : [];
}

/** Milestones from a consultation starting on `start` (the first of a month). */
function milestonesFrom(start: string, s: RolloutSettings): { milestone: Milestone; on: string }[] {
  const milestones: { milestone: Milestone; on: string }[] = [{ milestone: 'consultation', on: start }];
  let on = start;
  for (const step of pathFrom('identified', s)) {
    on = addMonths(on, step.months);
    milestones.push({ milestone: step.milestone, on });
  }
  return milestones;
}

const inConsultationOrVote: ReadonlySet<RolloutStage> = new Set<RolloutStage>([
  'partners_consulted',
  'support_ready',
  'vote_open',
]);
const inProgressStages: ReadonlySet<RolloutStage> = new Set<RolloutStage>([
  ...inConsultationOrVote,
  'adopted',
  'works',
]);

const collator = new Intl.Collator('fr', { numeric: true });
const byCode = (a: PlanSector, b: PlanSector) => collator.compare(a.code, b.code) || a.id - b.id;

/**
 * The suggested calendar. Sectors under way keep their course (projected from the day they reached their stage,
 * never before today); pinned sectors sit where the coordinator put them; the others that are identified are placed
 * by readiness, each at the first month where the coordinator's capacity (at most `maxConcurrent` sectors in
 * consultation or vote) has room over its whole consultation-to-vote span.
 */
export function planRollout(
  input: PlanInput,
  readinessBySector?: Map<number, Readiness>,
  {
    nameHolders = true,
  }: {
    /** Name the sectors that hold the places a sector waits for (false for a reader who sees only some sectors). */
    nameHolders?: boolean;
  } = {},
): Plan {
  const { settings, today } = input;
  let ready = readinessBySector ?? readiness(input);
  const missing = input.sectors.filter((s) => stagesBeforeService.has(s.stage) && !ready.has(s.id));
  if (missing.length) ready = new Map([...ready, ...readiness({ ...input, sectors: missing })]);

  const span = settings.consultationMonths + settings.preparationMonths + settings.voteMonths;
  const slots = new Slots(Math.max(1, settings.maxConcurrent));
  const todayMonth = monthIndex(today);
  const lines = new Map<number, PlanLine>();
  const sectors = [...input.sectors].sort(byCode);
  const line = (
    sector: PlanSector,
    rest: Omit<PlanLine, 'sectorId' | 'code' | 'name' | 'neighbourhood' | 'stage'>,
  ) =>
    lines.set(sector.id, {
      sectorId: sector.id,
      code: sector.code,
      name: sector.name,
      neighbourhood: sector.neighbourhood,
      stage: sector.stage,
      ...rest,
    });

  // Sectors under way (and open ones, for their evaluation): project what remains; those in consultation or vote
  // hold a place until their vote ends (at least this month).
  for (const sector of sectors) {
    const done = sector.stage === 'service_open' || sector.stage === 'evaluated';
    if (!done && !inProgressStages.has(sector.stage)) continue;
    const milestones: { milestone: Milestone; on: string }[] = [];
    let on = sector.stageSince;
    let late: string | null = null;
    for (const step of pathFrom(sector.stage, settings)) {
      const expected = addMonths(on, step.months);
      if (expected < today && milestones.length === 0) late = expected;
      on = maxDay(today, expected);
      milestones.push({ milestone: step.milestone, on });
    }
    const reasons = [
      sector.stage === 'evaluated'
        ? `Évalué le ${dayText(sector.stageSince)}`
        : sector.stage === 'service_open'
          ? `Service ouvert depuis le ${dayText(sector.stageSince)}`
          : `En cours : étape « ${stageLabel(sector.stage)} » depuis le ${dayText(sector.stageSince)}`,
    ];
    if (late && milestones[0])
      reasons.push(
        `En retard : l’étape suivante (${milestoneLabels[milestones[0].milestone]}) était prévue le ${dayText(late)} ; la suite est projetée à partir d’aujourd’hui`,
      );
    if (inConsultationOrVote.has(sector.stage)) {
      const voteEnd = milestones.find((m) => m.milestone === 'adopted')!.on;
      slots.hold(todayMonth, Math.max(todayMonth, monthIndex(previousDay(voteEnd))) + 1, sector.code);
    }
    line(sector, {
      status: done ? 'done' : 'in_progress',
      milestones,
      reasons,
      readiness: ready.get(sector.id) ?? null,
    });
  }

  // Pinned sectors, where the coordinator put them, whatever their readiness and the capacity.
  const candidates = sectors.filter((s) => s.stage === 'identified' || s.stage === 'vote_rejected');
  const pinned = candidates
    .filter((s) => s.pin)
    .map((sector) => ({ sector, month: monthIndex(sector.pin!.startsOn) }))
    .sort((a, b) => a.month - b.month || byCode(a.sector, b.sector));
  for (const { sector, month } of pinned) slots.hold(month, month + span, sector.code);
  for (const { sector, month } of pinned) {
    const pin = sector.pin!;
    const start = monthStart(month);
    const r = ready.get(sector.id) ?? null;
    const reasons = [
      `Placé à la main par ${pin.pinnedBy}${pin.pinnedOn ? ` le ${dayText(pin.pinnedOn)}` : ''} : consultation à partir de ${monthText(start)}`,
    ];
    if (pin.comment) reasons.push(`Commentaire : ${pin.comment}`);
    if (month < todayMonth) reasons.push('Attention : ce mois est déjà passé');
    for (let m = month; m < month + span; m++)
      if (slots.count(m) > slots.limit) {
        reasons.push(
          `Attention : ${slots.count(m)} secteurs seront en consultation ou en vote en même temps en ${monthText(monthStart(m))} (limite ${slots.limit})`,
        );
        break;
      }
    if (r && !r.ready)
      reasons.push(
        `Attention, le secteur n’est pas prêt : ${r.checks
          .filter((c) => !c.ok && c.key !== 'tenant_representation' && c.key !== 'qpv')
          .map((c) => uncapitalise(c.detail))
          .join(' ; ')}`,
      );
    line(sector, { status: 'pinned', milestones: milestonesFrom(start, settings), reasons, readiness: r });
  }

  // The others, by readiness: ready first, priority neighbourhoods first, then score, earliest start, size.
  const toPlace = candidates
    .filter((s) => !s.pin)
    .map((sector) => ({ sector, r: ready.get(sector.id)! }))
    .sort(
      (a, b) =>
        Number(b.r.ready) - Number(a.r.ready) ||
        Number(b.sector.qpv) - Number(a.sector.qpv) ||
        b.r.score - a.r.score ||
        compareDays(a.r.earliestStart ?? '9999', b.r.earliestStart ?? '9999') ||
        b.sector.dwellings - a.sector.dwellings ||
        byCode(a.sector, b.sector),
    );
  const order = new Map<number, number>();
  for (const { sector, r } of toPlace) {
    order.set(sector.id, order.size);
    if (sector.stage === 'vote_rejected') {
      line(sector, {
        status: 'unscheduled',
        milestones: [],
        reasons: [
          `Vote rejeté le ${dayText(sector.stageSince)} : une nouvelle consultation attend la décision de la coordination`,
        ],
        readiness: r,
      });
      continue;
    }
    const decisive = r.checks.filter(
      (c) => !c.ok && (c.key === 'facility_nearby' || c.key === 'capacity' || c.key === 'partners_agree'),
    );
    if (r.earliestStart === null) {
      const facility = check(r, 'facility_nearby');
      const reasons = [
        r.buildingsPlaced === 0
          ? `${facility.detail} : à placer sur la carte avant de planifier`
          : !facility.ok
            ? `${facility.detail} : à planifier quand un lieu ouvre`
            : `${check(r, 'capacity').detail} : à planifier quand de nouveaux ateliers sont annoncés`,
      ];
      if (!check(r, 'partners_agree').ok) reasons.push(check(r, 'partners_agree').detail);
      line(sector, { status: 'unscheduled', milestones: [], reasons, readiness: r });
      continue;
    }
    const wanted = firstMonthIndexFrom(maxDay(today, r.earliestStart));
    const { start, blockedUntil } = slots.firstFit(wanted, span);
    const reasons: string[] = [];
    if (r.ready)
      reasons.push(
        `Prêt : ${count(r.nearbyFacilities.length, 'lieu', 'lieux')} d’ateliers à moins de ${distanceText(settings.walkingDistanceM)}, ${count(r.freeSeats, 'place', 'places')} d’ateliers pour ${r.demandSeats} nécessaires, partenaires d’accord`,
      );
    else {
      const blocking = decisive.filter((c) => !(c.key === 'capacity' && r.waitReason));
      if (blocking.length)
        reasons.push(`Pas encore prêt : ${blocking.map((c) => uncapitalise(c.detail)).join(' ; ')}`);
    }
    if (sector.qpv) reasons.push(check(r, 'qpv').detail);
    if (r.waitReason) reasons.push(r.waitReason);
    if (blockedUntil !== null) {
      const holders = slots.holdersOf(blockedUntil);
      const named = holders.slice(0, 3);
      const others = holders.length - named.length;
      const names = nameHolders
        ? `${named.join(', ')}${others > 0 ? ` et ${count(others, 'autre', 'autres')}` : ''} ; `
        : '';
      reasons.push(
        `Attend une place : ${count(holders.length, 'secteur', 'secteurs')} déjà en consultation ou en vote jusqu’en ${monthText(monthStart(blockedUntil))} (${names}limite ${slots.limit})`,
      );
    }
    slots.hold(start, start + span, sector.code);
    line(sector, {
      status: 'planned',
      milestones: milestonesFrom(monthStart(start), settings),
      reasons,
      readiness: r,
    });
  }

  // Under way first (by their next milestone), then the proposed calendar by start, then what cannot be placed,
  // then the open sectors.
  const rank: Record<PlanLine['status'], number> = {
    in_progress: 0,
    pinned: 1,
    planned: 1,
    unscheduled: 2,
    done: 3,
  };
  const sectorOf = new Map(sectors.map((s, i) => [s.id, i]));
  const first = (l: PlanLine) => l.milestones[0]?.on ?? '';
  const ordered = [...lines.values()].sort(
    (a, b) =>
      rank[a.status] - rank[b.status] ||
      (a.status === 'in_progress' || a.status === 'pinned' || a.status === 'planned'
        ? compareDays(first(a), first(b)) ||
          Number(b.status === 'pinned') - Number(a.status === 'pinned') ||
          (order.get(a.sectorId) ?? 0) - (order.get(b.sectorId) ?? 0)
        : 0) ||
      sectorOf.get(a.sectorId)! - sectorOf.get(b.sectorId)!,
  );
  return { today, settings, lines: ordered };
}

// The calendar words and steps the plan speaks in (from platform/dates).
export { addMonths, dayText, monthText };
