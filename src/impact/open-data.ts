// The open data of a programme: one line per sector and calendar year (and a line « ensemble » per sector), what the
// sector was (stage, service, dwellings, households living there at the year's end) and what happened during the
// year (households signed up, connected, equipped, at their first workshop; certificates; advice cases; charges
// billed). Published under statistical secrecy (one table per sector, its years adding up to the « ensemble » line),
// as a CSV in the data.gouv.fr convention (the one the national facility standard's files follow) with its Table
// Schema (docs/open-data/impact-secteurs.schema.json).
//
// Years: from the programme's first activity (its first roll-out event, service opening or flow) to the last complete
// calendar year. The current year is left out: a file regenerated every day would let anyone subtract yesterday's
// figures from today's and find one household's sign-up.
//
// At national scale (5.3 M dwellings, 640,000 participating households) the figures come from one grouped pass over
// each source table: activation requests (first request and first connection per household, with the request's
// sector), one union of the household events placed in a sector by the household's tenancy on the event's day
// (computers, first workshop, certificates, advice cases), the tenancies (counted by sector and years of arrival and
// departure, accumulated into the households living there), the charge lines (a sequential scan, summed per sector
// and year: the largest table, 12 lines a year per dwelling of an open sector), and the small tables of sectors,
// stage events and services. The queries run at once; statistical secrecy then works sector by sector.
import { type SQL, sql } from 'drizzle-orm';
import { revokedOnRequest } from '../certificates/index.ts';
import { listProgrammes } from '../partners/index.ts';
import { asSystem } from '../platform/claims/index.ts';
import { neutraliseFormula } from '../platform/csv/index.ts';
import { localDate } from '../platform/dates.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import {
  type CellRef,
  type Publication,
  protectPublication,
  type StatColumn,
  type StatRow,
  type StatTable,
} from '../platform/secrecy/index.ts';
import { type RolloutStage, rolloutStages } from '../territory/index.ts';
import { chargesBySectorMonth } from './charge-summary.ts';
import { loadImpactSettings } from './settings.ts';
import { stageLabel } from './tables.ts';

// ---- The file's fields (the Table Schema is built from them) ---------------------------------------------------

type FieldType = 'string' | 'integer' | 'number' | 'date' | 'boolean';

export interface OpenDataField {
  name: string;
  title: string;
  description: string;
  example: string;
  type: FieldType;
  format?: 'default';
  trueValues?: string[];
  falseValues?: string[];
  constraints: {
    required: boolean;
    pattern?: string;
    enum?: string[];
    minimum?: number;
  };
}

/** The mark of a cell hidden by statistical secrecy, whatever the reason (« < 11 » is never written in open data). */
export const secretMark = 's';

const secretNote =
  ' « s » : valeur couverte par le secret statistique (elle compterait moins de 11 personnes — ou moins que le seuil fixé par le programme —, ou permettrait de retrouver par différence une valeur cachée).';

const flowField = (name: string, title: string, description: string, example: string): OpenDataField => ({
  name,
  title,
  description: `${description}${secretNote}`,
  example,
  type: 'integer',
  constraints: { required: false, minimum: 0 },
});

export const openDataFields: OpenDataField[] = [
  {
    name: 'programme',
    title: 'Programme',
    description: 'Nom du programme d’accès accompagné à Internet qui publie les données.',
    example: 'Brest — Internet accompagné',
    type: 'string',
    constraints: { required: true },
  },
  {
    name: 'code_insee',
    title: 'Code INSEE de la commune',
    description: 'Code officiel géographique de la commune où se trouve le quartier du secteur.',
    example: '29019',
    type: 'string',
    constraints: { required: true, pattern: '^(\\d{5}|2[AB]\\d{3})$' },
  },
  {
    name: 'code_qpv',
    title: 'Code du quartier prioritaire (QPV)',
    description:
      'Code du quartier prioritaire de la politique de la ville auquel appartient le quartier du secteur ; vide quand le quartier n’en est pas un.',
    example: 'QN02904M',
    type: 'string',
    constraints: { required: false, pattern: '^(Q[NP]\\d{6}[A-Z]?|QN\\d{5}[A-Z])$' },
  },
  {
    name: 'code_secteur',
    title: 'Code du secteur',
    description:
      'Code du secteur dans le programme (un secteur regroupe quelques immeubles d’un bailleur social).',
    example: 'KER-N',
    type: 'string',
    constraints: { required: true, pattern: '^[A-Za-z0-9_-]{1,20}$' },
  },
  {
    name: 'nom_secteur',
    title: 'Nom du secteur',
    description: 'Nom du secteur.',
    example: 'Kerourien nord',
    type: 'string',
    constraints: { required: true },
  },
  {
    name: 'annee',
    title: 'Année',
    description:
      'Année civile de la ligne, ou « ensemble » pour la ligne qui couvre toutes les années publiées du secteur (ses flux sont la somme des années).',
    example: '2025',
    type: 'string',
    constraints: { required: true, pattern: '^(\\d{4}|ensemble)$' },
  },
  {
    name: 'date_debut',
    title: 'Début de la période',
    description:
      'Premier jour de la période de la ligne (AAAA-MM-JJ) : le 1er janvier de l’année, ou de la première année publiée pour la ligne « ensemble ».',
    example: '2025-01-01',
    type: 'date',
    format: 'default',
    constraints: { required: true },
  },
  {
    name: 'date_fin',
    title: 'Fin de la période',
    description: 'Dernier jour de la période de la ligne (AAAA-MM-JJ), inclus : le 31 décembre.',
    example: '2025-12-31',
    type: 'date',
    format: 'default',
    constraints: { required: true },
  },
  {
    name: 'etape',
    title: 'Étape du déploiement en fin de période',
    description: 'Où en était le déploiement du service dans le secteur le dernier jour de la période.',
    example: 'service ouvert',
    type: 'string',
    constraints: { required: true, enum: rolloutStages.map((s) => stageLabel(s)) },
  },
  {
    name: 'service_ouvert',
    title: 'Service ouvert en fin de période',
    description:
      'Le service collectif d’accès à Internet était-il ouvert le dernier jour de la période (oui ou non) ?',
    example: 'oui',
    type: 'boolean',
    trueValues: ['oui'],
    falseValues: ['non'],
    constraints: { required: true },
  },
  {
    name: 'logements',
    title: 'Logements',
    description: 'Nombre de logements sociaux du secteur (à la date de la publication).',
    example: '412',
    type: 'integer',
    constraints: { required: true, minimum: 0 },
  },
  flowField(
    'foyers_residents',
    'Foyers résidents en fin de période',
    'Nombre de foyers qui habitaient un logement du secteur le dernier jour de la période.',
    '371',
  ),
  flowField(
    'foyers_inscrits',
    'Foyers inscrits',
    'Nombre de foyers qui ont demandé pour la première fois leur raccordement au service pendant la période (leur première demande).',
    '24',
  ),
  flowField(
    'foyers_raccordes',
    'Foyers raccordés',
    'Nombre de foyers raccordés pour la première fois pendant la période (leur première activation).',
    '19',
  ),
  flowField(
    'foyers_equipes',
    'Foyers équipés d’un ordinateur',
    'Nombre de foyers qui ont reçu leur premier ordinateur reconditionné pendant la période.',
    '12',
  ),
  flowField(
    'foyers_premier_atelier',
    'Foyers venus à un premier atelier',
    'Nombre de foyers dont un membre est venu pour la première fois à un atelier pendant la période.',
    '14',
  ),
  flowField(
    'certificats_delivres',
    'Certificats délivrés',
    'Nombre de certificats de compétences numériques délivrés pendant la période (hors certificats révoqués).',
    '11',
  ),
  flowField(
    'dossiers_conseil_ouverts',
    'Dossiers de conseil ouverts',
    'Nombre de dossiers ouverts pendant la période par les associations de consommateurs pour des foyers du secteur.',
    '13',
  ),
  {
    name: 'charges_facturees_euros',
    title: 'Charges facturées (euros)',
    description:
      'Montant des charges locatives du service facturées pendant la période, régularisations comprises, en euros avec un point décimal.',
    example: '6129.60',
    type: 'number',
    constraints: { required: false },
  },
];

export type OpenDataFieldName = (typeof openDataFields)[number]['name'];
/** A line of the open data: each field's value (a number, a text, null when empty, « s » when hidden). */
export type OpenDataRow = Record<string, string | number | null>;

/** The Table Schema (frictionless, as schema.data.gouv.fr publishes them) of the open-data file. */
export function openDataSchema() {
  return {
    $schema: 'https://frictionlessdata.io/schemas/table-schema.json',
    name: 'palier-impact-secteurs',
    title: 'Accès accompagné à Internet dans le logement social : impact par secteur et par année',
    description:
      'Pour chaque secteur d’un programme et chaque année civile complète (et une ligne « ensemble » par secteur) : l’étape du déploiement, le service, les logements, les foyers résidents, et les flux de l’année (foyers inscrits, raccordés, équipés d’un ordinateur, venus à un premier atelier ; certificats délivrés ; dossiers de conseil ouverts ; charges facturées). Fichier CSV en UTF-8 sans BOM, séparateur virgule, dates AAAA-MM-JJ, point décimal. Les nombres qui compteraient moins de 11 personnes (ou moins que le seuil fixé par le programme), et ceux qui permettraient de les retrouver par différence (entre années, ou avec la ligne « ensemble »), sont remplacés par « s » (secret statistique).',
    keywords: [
      'inclusion numérique',
      'logement social',
      'accès à Internet',
      'quartiers prioritaires',
      'médiation numérique',
    ],
    countryCode: 'FR',
    licenses: [
      {
        title: 'Licence Ouverte / Open Licence version 2.0',
        name: 'etalab-2.0',
        path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence',
      },
    ],
    author: 'Palier',
    version: '1.0.0',
    created: '2026-11-26',
    updated: '2026-11-26',
    missingValues: ['', secretMark],
    fields: openDataFields,
    primaryKey: ['programme', 'code_secteur', 'annee'],
  };
}

/** The file's name where it is downloaded and written. */
export const openDataFileName = 'impact-secteurs.csv';
export const openDataSchemaFileName = 'impact-secteurs.schema.json';

// ---- Figures ---------------------------------------------------------------------------------------------------

const flowKeys = [
  'signedUp',
  'connected',
  'equipped',
  'firstWorkshop',
  'certificates',
  'adviceCases',
] as const;
type FlowKey = (typeof flowKeys)[number];

const columns: StatColumn[] = [
  { key: 'dwellings', label: 'Logements', measure: 'count', additive: false },
  { key: 'households', label: 'Foyers résidents en fin de période', measure: 'people', additive: false },
  { key: 'signedUp', label: 'Foyers inscrits', measure: 'people' },
  { key: 'connected', label: 'Foyers raccordés', measure: 'people' },
  { key: 'equipped', label: 'Foyers équipés d’un ordinateur', measure: 'people' },
  { key: 'firstWorkshop', label: 'Foyers venus à un premier atelier', measure: 'people' },
  { key: 'certificates', label: 'Certificats délivrés', measure: 'people' },
  { key: 'adviceCases', label: 'Dossiers de conseil ouverts', measure: 'people' },
  { key: 'chargesCents', label: 'Charges facturées', measure: 'cents' },
];

/** Which column of the tables each numeric field of the file shows. */
const fieldColumns: [string, string][] = [
  ['logements', 'dwellings'],
  ['foyers_residents', 'households'],
  ['foyers_inscrits', 'signedUp'],
  ['foyers_raccordes', 'connected'],
  ['foyers_equipes', 'equipped'],
  ['foyers_premier_atelier', 'firstWorkshop'],
  ['certificats_delivres', 'certificates'],
  ['dossiers_conseil_ouverts', 'adviceCases'],
  ['charges_facturees_euros', 'chargesCents'],
];

export type OpenDataSector = {
  id: number;
  code: string;
  name: string;
  dwellings: number;
  insee_code: string;
  qpv_code: string | null;
  programme: string;
};

type YearCounts = Partial<Record<FlowKey | 'households' | 'chargesCents', number>>;

/** Per sector id, per year: the counts of the year. */
type Grid = Map<number, Map<number, YearCounts>>;

function add(grid: Grid, sectorId: number, year: number, key: keyof YearCounts, n: number) {
  let years = grid.get(sectorId);
  if (!years) {
    years = new Map();
    grid.set(sectorId, years);
  }
  const counts = years.get(year) ?? {};
  counts[key] = (counts[key] ?? 0) + n;
  years.set(year, counts);
}

const paris = (instant: SQL) => sql`(${instant} at time zone 'Europe/Paris')`;

/** First request and first connection of each household, in the sector of that request, per year. */
function requestFlows(db: DbOrTx, programmeId: number, lastDay: string) {
  return db.execute<{ sector_id: number; year: number; signed_up: number; connected: number }>(sql`
    with firsts as (
      select ${paris(sql`min(sent_at)`)}::date as signed_on,
             (array_agg(sector_id order by sent_at, id))[1] as signed_sector,
             min(activated_on) filter (where status = 'activated') as connected_on,
             (array_agg(sector_id order by activated_on, id) filter (where status = 'activated'))[1]
               as connected_sector
        from activation_request where programme_id = ${programmeId}
       group by household_id),
    flows as (
      select signed_sector as sector_id, signed_on as day, 1 as signed_up, 0 as connected from firsts
      union all
      select connected_sector, connected_on, 0, 1 from firsts where connected_on is not null)
    select sector_id, extract(year from day)::int as year, sum(signed_up)::int as signed_up,
           sum(connected)::int as connected
      from flows where day <= ${lastDay}::date
     group by 1, 2`);
}

/**
 * Computers, first workshops, certificates and advice cases, each placed in the sector where its household lived on
 * its day (the tenancy that started last on or before that day; the first one when the event came before any).
 */
function householdFlows(db: DbOrTx, programmeId: number, lastDay: string) {
  const p = programmeId;
  return db.execute<{
    sector_id: number;
    year: number;
    equipped: number;
    first_workshop: number;
    certificates: number;
    advice_cases: number;
  }>(sql`
    with events as (
      select 'equipped' as kind, household_id as ref, household_id, ${paris(sql`min(handed_over_at)`)}::date as day
        from device_order
       where programme_id = ${p} and status in ('handed_over', 'returned') and handed_over_at is not null
       group by household_id
      union all
      select 'workshop', r.household_id, r.household_id, ${paris(sql`min(ws.starts_at)`)}::date
        from attendance a join registration r on r.id = a.registration_id
        join workshop_session ws on ws.id = a.session_id
       where r.programme_id = ${p} and a.present
       group by r.household_id
      union all
      select 'certificate', id, household_id, issued_on from certificate
       where programme_id = ${p} and (revoked_at is null or revoke_reason = ${revokedOnRequest})
      union all
      select 'advice', id, household_id, opened_on from advice_case where programme_id = ${p}),
    placed as (
      select distinct on (e.kind, e.ref) e.kind, e.day, d.sector_id
        from events e join tenancy t on t.household_id = e.household_id join dwelling d on d.id = t.dwelling_id
       where e.day <= ${lastDay}::date
       order by e.kind, e.ref, (t.start_date <= e.day) desc,
                case when t.start_date <= e.day then t.start_date end desc nulls last, t.start_date, t.id)
    select sector_id, extract(year from day)::int as year,
           count(*) filter (where kind = 'equipped')::int as equipped,
           count(*) filter (where kind = 'workshop')::int as first_workshop,
           count(*) filter (where kind = 'certificate')::int as certificates,
           count(*) filter (where kind = 'advice')::int as advice_cases
      from placed group by 1, 2`);
}

/**
 * Tenancies counted by sector, year of arrival and year of departure (a tenancy's end date is the day the household
 * no longer lives there): +1 the year they start, −1 the year they end, accumulated, give the households living in
 * the sector on 31 December. Grouped first (a few thousand groups), expanded afterwards.
 */
function tenancyMoves(db: DbOrTx, programmeId: number) {
  return db.execute<{ sector_id: number; from_year: number; to_year: number | null; tenancies: number }>(sql`
    select d.sector_id, extract(year from t.start_date)::int as from_year, extract(year from t.end_date)::int as to_year,
           count(*)::int as tenancies
      from tenancy t join dwelling d on d.id = t.dwelling_id
     where t.programme_id = ${programmeId}
     group by 1, 2, 3`);
}

/** Charges billed per sector and year (the lines of the months of the year, adjustments included). */
/** Charges per sector and year, from the kept sums of closed months (charge-summary.ts). */
async function chargesByYear(db: DbOrTx, programmeId: number, lastDay: string) {
  const [first] = await db.execute<{ month: string | null }>(
    sql`select to_char(min(month), 'YYYY-MM-DD') as month from charge_line where programme_id = ${programmeId}`,
  );
  if (!first?.month || first.month > lastDay) return [];
  const byYear = new Map<string, { sector_id: number; year: number; cents: number }>();
  for (const c of await chargesBySectorMonth(db, { programmeId, from: first.month, to: lastDay })) {
    const year = Number(c.month.slice(0, 4));
    const key = `${c.sector_id}/${year}`;
    const sum = byYear.get(key) ?? { sector_id: c.sector_id, year, cents: 0 };
    sum.cents += c.cents;
    byYear.set(key, sum);
  }
  return [...byYear.values()];
}

function sectorFacts(db: DbOrTx, programmeId: number) {
  return db.execute<OpenDataSector>(sql`
    select s.id, s.code, s.name, s.dwelling_count as dwellings, n.insee_code, n.qpv_code, p.name as programme
      from sector s join neighbourhood n on n.id = s.neighbourhood_id join programme p on p.id = s.programme_id
     where s.programme_id = ${programmeId}
     order by s.code`);
}

function stageEvents(db: DbOrTx, programmeId: number) {
  return db.execute<{ sector_id: number; stage: RolloutStage; decided_on: string }>(sql`
    select sector_id, stage, to_char(decided_on, 'YYYY-MM-DD') as decided_on from sector_stage_event
     where programme_id = ${programmeId} order by sector_id, decided_on, id`);
}

function services(db: DbOrTx, programmeId: number) {
  return db.execute<{ sector_id: number; opens_on: string; closes_on: string | null }>(sql`
    select sector_id, to_char(opens_on, 'YYYY-MM-DD') as opens_on, to_char(closes_on, 'YYYY-MM-DD') as closes_on
      from sector_service where programme_id = ${programmeId}`);
}

// ---- The publication -------------------------------------------------------------------------------------------

export interface OpenDataOptions {
  programmeId: number;
  /** The secrecy threshold; the programme's setting by default. */
  threshold?: number;
  /** Today (YYYY-MM-DD, programme time): the last complete year is the one before. Defaults to the real today. */
  today?: string;
  /** Told each step as it starts (for a progress line). */
  onStep?: (step: string) => void;
}

export interface OpenData {
  programme: string | null;
  /** The first and last years published (null when there is nothing to publish yet). */
  firstYear: number | null;
  lastYear: number;
  /** The day the figures were computed. */
  generatedOn: string;
  threshold: number;
  columns: OpenDataField[];
  rows: OpenDataRow[];
  csv: string;
  /** The same figures as statistical tables (one per sector), under secrecy. */
  publication: Publication;
}

/** The table id of a sector in the open-data publication. */
const tableId = (code: string) => `secteur-${code}`;

/** The raw tables of the open data (one per sector, rows = years, total = « ensemble »), before secrecy. */
export interface OpenDataTables {
  sectors: OpenDataSector[];
  years: number[];
  lastYear: number;
  threshold: number;
  /** Raw, one table per sector in the order of `sectors` (none when there is no year to publish yet). */
  publication: Publication;
  stageAt: (sectorId: number, day: string) => RolloutStage;
  openAt: (sectorId: number, day: string) => boolean;
}

/** The open data's figures, raw (no secrecy): for `buildOpenData` and for checks. */
export async function loadOpenDataTables(
  db: DbOrTx,
  { programmeId, threshold, today = localDate(new Date()), onStep }: OpenDataOptions,
): Promise<OpenDataTables> {
  const lastYear = Number(today.slice(0, 4)) - 1;
  const lastDay = `${lastYear}-12-31`;
  onStep?.('reading the sectors and the flows');
  const [settings, sectors, events, serviceRows, requests, households, moves, charges] = await Promise.all([
    threshold === undefined ? loadImpactSettings(db, programmeId) : null,
    sectorFacts(db, programmeId),
    stageEvents(db, programmeId),
    services(db, programmeId),
    requestFlows(db, programmeId, lastDay),
    householdFlows(db, programmeId, lastDay),
    tenancyMoves(db, programmeId),
    chargesByYear(db, programmeId, lastDay),
  ]);

  const grid: Grid = new Map();
  let firstYear = Number.POSITIVE_INFINITY;
  const seen = (year: number) => {
    if (year <= lastYear) firstYear = Math.min(firstYear, year);
  };
  for (const r of requests) {
    add(grid, r.sector_id, r.year, 'signedUp', r.signed_up);
    add(grid, r.sector_id, r.year, 'connected', r.connected);
    seen(r.year);
  }
  for (const r of households) {
    add(grid, r.sector_id, r.year, 'equipped', r.equipped);
    add(grid, r.sector_id, r.year, 'firstWorkshop', r.first_workshop);
    add(grid, r.sector_id, r.year, 'certificates', r.certificates);
    add(grid, r.sector_id, r.year, 'adviceCases', r.advice_cases);
    seen(r.year);
  }
  for (const r of charges) {
    add(grid, r.sector_id, r.year, 'chargesCents', Number(r.cents));
    seen(r.year);
  }
  for (const e of events) seen(Number(e.decided_on.slice(0, 4)));
  for (const s of serviceRows) seen(Number(s.opens_on.slice(0, 4)));
  const movesBySector = new Map<number, { year: number; moves: number }[]>();
  for (const m of moves) {
    const list = movesBySector.get(m.sector_id) ?? [];
    list.push({ year: m.from_year, moves: m.tenancies });
    if (m.to_year !== null) list.push({ year: m.to_year, moves: -m.tenancies });
    movesBySector.set(m.sector_id, list);
  }
  const eventsBySector = new Map<number, { stage: RolloutStage; decided_on: string }[]>();
  for (const e of events) {
    const list = eventsBySector.get(e.sector_id) ?? [];
    list.push(e);
    eventsBySector.set(e.sector_id, list);
  }
  const serviceOf = new Map(serviceRows.map((s) => [s.sector_id, s]));
  const stageAt = (sectorId: number, day: string): RolloutStage => {
    let stage: RolloutStage = 'identified';
    for (const e of eventsBySector.get(sectorId) ?? []) if (e.decided_on <= day) stage = e.stage;
    return stage;
  };
  const openAt = (sectorId: number, day: string) => {
    const s = serviceOf.get(sectorId);
    return !!s && s.opens_on <= day && (s.closes_on === null || s.closes_on > day);
  };

  const years: number[] = [];
  if (Number.isFinite(firstYear)) for (let y = firstYear; y <= lastYear; y++) years.push(y);
  const tables: StatTable[] = [];
  const links: [CellRef, CellRef][] = [];
  if (years.length > 0)
    for (const s of sectors) {
      const byYear = grid.get(s.id);
      const sortedMoves = (movesBySector.get(s.id) ?? []).sort((a, b) => a.year - b.year);
      let living = 0;
      let m = 0;
      const rows: StatRow[] = years.map((year) => {
        while (m < sortedMoves.length && sortedMoves[m]!.year <= year) living += sortedMoves[m++]!.moves;
        const counts = byYear?.get(year) ?? {};
        const values: Record<string, number | null> = { dwellings: s.dwellings, households: living };
        for (const key of flowKeys) values[key] = counts[key] ?? 0;
        values.chargesCents = counts.chargesCents ?? 0;
        return { key: String(year), label: String(year), values };
      });
      const total: Record<string, number | null> = {
        dwellings: s.dwellings,
        households: rows.at(-1)!.values.households!,
      };
      for (const key of [...flowKeys, 'chargesCents'])
        total[key] = rows.reduce((n, r) => n + (r.values[key] ?? 0), 0);
      const id = tableId(s.code);
      tables.push({
        id,
        title: `Secteur ${s.code} — ${s.name}`,
        rowHeader: 'Année',
        columns,
        rows,
        total: { key: 'total', label: 'ensemble', values: total },
      });
      // The « ensemble » line shows the households of the last year's end: the same number, hidden with it.
      links.push([
        { table: id, row: String(lastYear), column: 'households' },
        { table: id, row: 'total', column: 'households' },
      ]);
    }
  return {
    sectors,
    years,
    lastYear,
    threshold: threshold ?? settings!.secrecyThreshold,
    publication: { tables, links },
    stageAt,
    openAt,
  };
}

/**
 * The open data of a programme: every sector and complete calendar year, plus a line « ensemble » per sector, under
 * statistical secrecy (every hidden cell written « s »), as rows and as a CSV.
 */
export async function buildOpenData(db: DbOrTx, options: OpenDataOptions): Promise<OpenData> {
  const today = options.today ?? localDate(new Date());
  // Counted past the row policies (open data has no actor); only the protected publication leaves.
  const raw = await asSystem(() => loadOpenDataTables(db, { ...options, today }));
  const { sectors, years, lastYear, stageAt, openAt } = raw;
  options.onStep?.('applying statistical secrecy');
  const publication = protectPublication(raw.publication, { threshold: raw.threshold });

  options.onStep?.('writing the rows');
  const rows: OpenDataRow[] = [];
  const firstDay = `${years[0]}-01-01`;
  const lastDay = `${lastYear}-12-31`;
  publication.tables.forEach((table, i) => {
    const s = sectors[i]!;
    const line = (row: StatRow, from: string, to: string, year: string): OpenDataRow => {
      const out: OpenDataRow = {
        programme: s.programme,
        code_insee: s.insee_code,
        code_qpv: s.qpv_code,
        code_secteur: s.code,
        nom_secteur: s.name,
        annee: year,
        date_debut: from,
        date_fin: to,
        etape: stageLabel(stageAt(s.id, to)),
        service_ouvert: openAt(s.id, to) ? 'oui' : 'non',
      };
      for (const [field, key] of fieldColumns) {
        const value = row.values[key];
        out[field] = row.secret?.[key]
          ? secretMark
          : value === null || value === undefined
            ? null
            : key === 'chargesCents'
              ? Math.round(value) / 100
              : value;
      }
      return out;
    };
    for (const row of table.rows) rows.push(line(row, `${row.key}-01-01`, `${row.key}-12-31`, row.key));
    rows.push(line(table.total!, firstDay, lastDay, 'ensemble'));
  });

  return {
    programme: sectors[0]?.programme ?? null,
    firstYear: years[0] ?? null,
    lastYear,
    generatedOn: today,
    threshold: raw.threshold,
    columns: openDataFields,
    rows,
    csv: openDataCsv(rows),
    publication,
  };
}

// ---- For anonymous visitors ------------------------------------------------------------------------------------

export interface OpenDataProgramme {
  id: number;
  slug: string;
  name: string;
}

/**
 * The programme a visitor without an account asks for, as other public pages find theirs (a public identifier in
 * the address): its slug, or the deployment's only programme when none is given. Otherwise the programmes to
 * choose from (none found: an unknown slug, or several programmes and no slug).
 */
export async function openDataProgramme(
  db: DbOrTx,
  slug?: string | null,
): Promise<{ programme: OpenDataProgramme | null; choices: OpenDataProgramme[] }> {
  const all = (await listProgrammes(db)).map((p) => ({ id: p.id, slug: p.slug, name: p.name }));
  const programme = slug ? all.find((p) => p.slug === slug) : all.length === 1 ? all[0] : undefined;
  return { programme: programme ?? null, choices: all };
}

/** What the open-data page says without computing the file: the sectors, the last year published, the threshold. */
export async function openDataInfo(db: DbOrTx, programmeId: number, today = localDate(new Date())) {
  const [[row], settings] = await Promise.all([
    db.execute<{ sectors: number }>(
      sql`select count(*)::int as sectors from sector where programme_id = ${programmeId}`,
    ),
    loadImpactSettings(db, programmeId),
  ]);
  return {
    sectors: row?.sectors ?? 0,
    lastYear: Number(today.slice(0, 4)) - 1,
    threshold: settings.secrecyThreshold,
  };
}

// ---- CSV -------------------------------------------------------------------------------------------------------

/** A CSV field: never read as a formula by a spreadsheet (`neutraliseFormula`), quoted when it holds a comma, a
 * semicolon, a quote, a line break or spaces at its ends. */
function field(raw: string): string {
  const value = neutraliseFormula(raw);
  return /[",;\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A value as the file writes it: money with two decimals and a point, nothing for null. */
function fieldText(name: string, value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return name === 'charges_facturees_euros' ? value.toFixed(2) : String(value);
  return field(value);
}

/**
 * The rows as the data.gouv.fr convention (and the national facility standard's files) write CSV: UTF-8 without
 * BOM, the schema's fields in its order, comma-separated, ISO dates, a decimal point, lines ending with CRLF.
 */
export function openDataCsv(rows: OpenDataRow[]): string {
  const names = openDataFields.map((f) => f.name);
  const lines = [names.join(',')];
  for (const row of rows) lines.push(names.map((name) => fieldText(name, row[name] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
