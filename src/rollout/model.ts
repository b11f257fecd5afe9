// The shapes the roll-out's pure rules work on (readiness, the suggested calendar, the map), filled from the database
// by `load-plan-input.ts` and `map-data.ts`. No database access here.
import type { RolloutStage } from '../territory/index.ts';

export interface RolloutSettings {
  /** Walking distance to a facility offering workshops, in metres, by straight line. */
  walkingDistanceM: number;
  /** Share of a sector's dwellings expected to need workshops, in basis points (1200 = 12 %). */
  demandRateBp: number;
  /** Workshop seats (one person in one session) a beginner needs. */
  beginnerSeats: number;
  /** How far ahead free workshop seats are counted, in months. */
  capacityHorizonMonths: number;
  /** At most this many sectors in consultation or vote at once. */
  maxConcurrent: number;
  consultationMonths: number;
  preparationMonths: number;
  voteMonths: number;
  worksMonths: number;
  evaluationMonths: number;
  /** Kinds of partner organisations whose position the stage « partners consulted » needs. */
  requiredConsultees: string[];
}

export const defaultRolloutSettings: RolloutSettings = {
  walkingDistanceM: 1000,
  demandRateBp: 1200,
  beginnerSeats: 8,
  capacityHorizonMonths: 12,
  maxConcurrent: 2,
  consultationMonths: 2,
  preparationMonths: 1,
  voteMonths: 2,
  worksMonths: 3,
  evaluationMonths: 12,
  requiredConsultees: ['facility', 'tenant_association'],
};

/** A sector as readiness and the plan see it. */
export interface PlanSector {
  id: number;
  code: string;
  name: string;
  neighbourhood: string;
  stage: RolloutStage;
  /** The day it reached its stage (Paris, ISO date). */
  stageSince: string;
  dwellings: number;
  /** In a priority neighbourhood (QPV). */
  qpv: boolean;
  /** Current positions of local partners on this sector. */
  positions: {
    organisationId: number;
    organisationName: string;
    kind: string;
    opinion: 'favourable' | 'reserved' | 'against';
    agrees: boolean;
  }[];
  /** A tenant association serves the sector (sector_partner) — tenant representation. */
  tenantAssociations: string[];
  /** The coordinator placed it by hand: its consultation starts that day. */
  pin: {
    startsOn: string;
    comment: string | null;
    pinnedBy: string;
    /** The day it was pinned (Paris, ISO date), to say so in the plan's reasons. */
    pinnedOn?: string | null;
  } | null;
}

/** A building with coordinates (WGS 84). Buildings without coordinates are counted apart, not placed. */
export interface PlanBuilding {
  sectorId: number;
  lat: number;
  lon: number;
}

/** A facility offering workshops (it runs courses in Palier, or declares collective workshops in the standard). */
export interface PlanFacility {
  id: number;
  name: string;
  lat: number;
  lon: number;
  /** Workshop seats free within the horizon, course by course, in the order they start. */
  offers: { courseId: number; title: string; startsOn: string; freeSeats: number }[];
}

export interface PlanInput {
  /** Today in Paris (ISO date). */
  today: string;
  settings: RolloutSettings;
  sectors: PlanSector[];
  buildings: PlanBuilding[];
  facilities: PlanFacility[];
  /** Buildings without coordinates, by sector (they cannot be placed). */
  unplacedBuildings: Record<number, number>;
}

export type ReadinessCheckKey =
  | 'facility_nearby'
  | 'capacity'
  | 'partners_agree'
  | 'tenant_representation'
  | 'qpv';

export interface ReadinessCheck {
  key: ReadinessCheckKey;
  ok: boolean;
  /** One plain French sentence saying what was found (« 2 lieux à moins de 1 km : … »). */
  detail: string;
}

export interface Readiness {
  sectorId: number;
  /** Facilities offering workshops within walking distance of at least one building, nearest first. */
  nearbyFacilities: { id: number; name: string; distanceM: number }[];
  /** The nearest facility whatever the distance (to say how far it is when none is near). */
  nearestFacility: { id: number; name: string; distanceM: number } | null;
  buildingsPlaced: number;
  buildingsCovered: number;
  demandSeats: number;
  freeSeats: number;
  checks: ReadinessCheck[];
  /** Accompaniment within reach, enough seats, and partners agree (the three decisive checks). */
  ready: boolean;
  /** 0–100, to order sectors (explained by the checks). */
  score: number;
  /** The first day the sector's consultation may start, from workshop capacity; null when nothing nearby. */
  earliestStart: string | null;
  /** Why it cannot start earlier, when it cannot start today (« attendre le cycle … de … (septembre 2027) »). */
  waitReason: string | null;
}

export type Milestone =
  | 'consultation'
  | 'partners_consulted'
  | 'support_ready'
  | 'vote_open'
  | 'adopted'
  | 'works'
  | 'service_open'
  | 'evaluated';

export interface PlanLine {
  sectorId: number;
  code: string;
  name: string;
  neighbourhood: string;
  stage: RolloutStage;
  /** done: open or evaluated; in_progress: already between consultation and works; planned / pinned: dates proposed;
   * unscheduled: cannot be placed (nothing nearby, or a rejected vote waiting for a decision). */
  status: 'done' | 'in_progress' | 'planned' | 'pinned' | 'unscheduled';
  /** Expected dates of the stages still to come (and the consultation's start), ISO dates, in order. */
  milestones: { milestone: Milestone; on: string }[];
  /** Plain French sentences: why it is placed there. */
  reasons: string[];
  readiness: Readiness | null;
}

export interface Plan {
  today: string;
  settings: RolloutSettings;
  lines: PlanLine[];
}

/** What the programme's map shows: sectors by their buildings, facilities with their hours. No person's data. */
export interface MapData {
  sectors: {
    id: number;
    code: string;
    name: string;
    neighbourhood: string;
    stage: RolloutStage;
    dwellings: number;
    /** Its buildings' coordinates, [longitude, latitude]. */
    points: [number, number][];
  }[];
  facilities: {
    id: number;
    name: string;
    address: string;
    lat: number;
    lon: number;
    /** Opening hours in words (« Ouvert maintenant, jusqu’à 12 h 00 ») or null when not given. */
    hours: string | null;
    offersWorkshops: boolean;
  }[];
  /** The neighbourhoods holding sectors the reader sees (name order), to narrow the map to one. */
  neighbourhoods: { id: number; name: string; sectorCount: number }[];
  /** The neighbourhood the map is narrowed to, or null for every sector the reader sees. */
  neighbourhoodId: number | null;
  /** Too many sectors to draw at once (national scale): sectors and facilities stay empty until one is chosen. */
  needsNeighbourhood: boolean;
  /** Facilities are shown within this distance of a sector's building (the walking distance setting), in metres. */
  facilityReachM: number;
}
