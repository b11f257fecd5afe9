// What the impact figures are about (a period and an area) and what they give: a publication of statistical tables
// (raw at the coordinator's desk, under statistical secrecy everywhere else) and the headline numbers drawn from it.
import type { Publication } from '../platform/secrecy/index.ts';

/** A period of whole days, both included, and an area: the programme, a neighbourhood, a sector or some sectors. */
export interface ImpactFilter {
  programmeId: number;
  /** First day (YYYY-MM-DD), included. */
  from: string;
  /** Last day (YYYY-MM-DD), included. */
  to: string;
  neighbourhoodId?: number;
  sectorId?: number;
  /** The sectors a partner serves: the figures are restricted to them. */
  sectorIds?: number[];
}

/** Identifiers of the tables of an indicator publication, in the order they are shown. */
export const impactTableIds = [
  'coverage',
  'votes',
  'funnel',
  'sectors',
  'series',
  'activation',
  'failures',
  'profile-minimum-benefits',
  'profile-single-parent',
  'profile-lives-alone',
  'profile-first-time-user',
  'profile-age',
  'equipment',
  'workshops',
  'certificates',
  'advice',
  'charges',
  'subsidies',
  'questionnaire',
] as const;
export type ImpactTableId = (typeof impactTableIds)[number];

export interface Indicators {
  filter: ImpactFilter;
  /** The area's name in French (« Programme », « Quartier de Kerourien », « Secteur KER — … »). */
  areaLabel: string;
  /** Whether the publication is under statistical secrecy (always, except the coordinator's own desk). */
  protected: boolean;
  threshold: number;
  takeUpReferencePercent: number;
  publication: Publication;
  generatedAt: string;
}
