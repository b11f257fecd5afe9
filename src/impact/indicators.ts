// The indicators of a period and an area, computed from the records of every module (never typed in) and returned
// as one publication of statistical tables: raw at the coordinator's desk when asked, under statistical secrecy for
// everyone and everything else (partners' dashboards, reports, exports, the API, open data).
import { sql } from 'drizzle-orm';
import { labelOf, topicLabels } from '../advice/index.ts';
import { asSystem } from '../platform/claims/index.ts';
import { calendarDayText, localDate } from '../platform/dates.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import { type Actor, assertCanAtAll, scopeOf } from '../platform/permissions/index.ts';
import { type Publication, protectPublication } from '../platform/secrecy/index.ts';
import { rolloutStages } from '../territory/index.ts';
import { chargesBySectorMonth } from './charge-summary.ts';
import type { ImpactFilter, Indicators } from './model.ts';
import { publishedPeriod } from './published-period.ts';
import {
  activationDelays,
  adviceByTopic,
  areaSectors,
  certificatesByLevel,
  equipmentByTier,
  failuresByReason,
  funnelSteps,
  monthlyFlows,
  type ProfileAttribute,
  profileAttributes,
  questionnairePairs,
  sectorHouseholds,
  subsidiesOfYears,
  votesOfPeriod,
  workshopsByFacility,
} from './queries.ts';
import { questionnaireChanges } from './questionnaires.ts';
import { loadImpactSettings } from './settings.ts';
import {
  activationTable,
  adviceTable,
  certificatesTable,
  chargesTable,
  coverageTable,
  equipmentTable,
  failuresTable,
  funnelTable,
  indicatorLinks,
  profileTable,
  questionnaireTable,
  type SectorHouseholdCounts,
  sectorsTable,
  seriesTable,
  subsidiesTable,
  votesTable,
  workshopsTable,
} from './tables.ts';

/** Every indicator table of the filter's period and area, raw. */
export async function computePublication(
  db: DbOrTx,
  filter: ImpactFilter,
  { takeUpReferencePercent }: { takeUpReferencePercent: number },
): Promise<{ publication: Publication; areaLabel: string }> {
  const sectors = await areaSectors(db, filter);
  const ids = sectors.map((s) => s.id);
  const open = sectors.filter((s) => s.open);
  const [
    households,
    months,
    delays,
    failures,
    votes,
    equipment,
    workshops,
    certificates,
    advice,
    charges,
    subsidies,
    pairs,
  ] = await Promise.all([
    sectorHouseholds(
      db,
      filter,
      open.map((s) => s.id),
    ),
    monthlyFlows(db, filter, ids),
    activationDelays(db, filter, ids),
    failuresByReason(db, filter, ids),
    votesOfPeriod(db, filter, ids),
    equipmentByTier(db, filter, ids),
    workshopsByFacility(db, filter, ids),
    certificatesByLevel(db, filter, ids),
    adviceByTopic(db, filter, ids),
    chargesBySectorMonth(db, {
      programmeId: filter.programmeId,
      from: filter.from,
      to: filter.to,
      sectorIds: ids,
    }),
    subsidiesOfYears(db, filter),
    questionnairePairs(db, filter, ids),
  ]);
  const bySector = new Map(households.map((h) => [h.sector_id, h as SectorHouseholdCounts]));
  const total = { households: 0 } as SectorHouseholdCounts;
  for (const h of households)
    for (const [key, value] of Object.entries(h))
      if (key !== 'sector_id')
        (total as Record<string, number>)[key] =
          ((total as Record<string, number>)[key] ?? 0) + Number(value);
  for (const step of funnelSteps) total[step] ??= 0;

  const sectorTable = sectorsTable(sectors, bySector, takeUpReferencePercent);
  const profiles = (Object.keys(profileAttributes) as ProfileAttribute[]).map((a) =>
    profileTable(a, sectors, bySector),
  );
  const publication: Publication = {
    tables: [
      coverageTable(sectors, rolloutStages),
      votesTable(votes, (day) => calendarDayText(day)),
      funnelTable(
        total,
        open.reduce((n, s) => n + s.dwellings, 0),
      ),
      sectorTable,
      seriesTable(months, charges),
      activationTable(sectors, delays),
      failuresTable(failures),
      ...profiles,
      equipmentTable(equipment),
      workshopsTable(workshops),
      certificatesTable(certificates),
      adviceTable(advice, (topic) => labelOf(topicLabels, topic)),
      chargesTable(sectors, charges),
      subsidiesTable(subsidies),
      questionnaireTable(questionnaireChanges(pairs)),
    ],
    links: indicatorLinks(sectorTable, profiles),
  };
  return { publication, areaLabel: await areaLabel(db, filter, sectors) };
}

async function areaLabel(
  db: DbOrTx,
  filter: ImpactFilter,
  sectors: { code: string; name: string; neighbourhood: string }[],
): Promise<string> {
  if (filter.sectorId !== undefined && sectors[0]) return `Secteur ${sectors[0].code} — ${sectors[0].name}`;
  if (filter.neighbourhoodId !== undefined && sectors[0]) return `Quartier ${sectors[0].neighbourhood}`;
  const [programme] = await db.execute<{ name: string }>(
    sql`select name from programme where id = ${filter.programmeId}`,
  );
  const name = programme?.name ?? 'Programme';
  return filter.sectorIds !== undefined ? `${name} — vos secteurs` : name;
}

/** Indicators for a filter, raw or under statistical secrecy (no permission check: callers decide). */
export async function loadIndicators(
  db: DbOrTx,
  filter: ImpactFilter,
  { raw = false }: { raw?: boolean } = {},
): Promise<Indicators> {
  const settings = await loadImpactSettings(db, filter.programmeId);
  // Figures are counted over every household of the area, past the row policies (a tenant association reaches no
  // household row): callers checked the permission, and only protected tables leave unless raw was allowed.
  const { publication, areaLabel } = await asSystem(() => computePublication(db, filter, settings));
  return {
    filter,
    areaLabel,
    protected: !raw,
    threshold: settings.secrecyThreshold,
    takeUpReferencePercent: settings.takeUpReferencePercent,
    publication: raw
      ? publication
      : protectPublication(publication, { threshold: settings.secrecyThreshold }),
    generatedAt: new Date().toISOString(),
  };
}

/**
 * The indicators a person may see: a partner serving some sectors sees only those; only the coordinator may ask for
 * the raw figures (their own desk), for any period; everyone else gets them under statistical secrecy, for whole
 * ended months (published-period.ts).
 */
export async function getIndicators({
  db,
  actor,
  filter,
  raw = false,
  today = localDate(new Date()),
}: {
  db: DbOrTx;
  actor: Actor;
  filter: Omit<ImpactFilter, 'programmeId' | 'sectorIds'>;
  raw?: boolean;
  /** Programme time's today (tests set it). */
  today?: string;
}): Promise<Indicators> {
  const scope = assertCanAtAll(actor, 'impact.read');
  const desk = raw && scopeOf(actor, 'impact.manage') === 'programme';
  const restricted = scope === 'sectors' ? { sectorIds: actor.sectorIds } : {};
  const period = desk ? {} : publishedPeriod(filter.from, filter.to, today);
  return loadIndicators(
    db,
    { ...filter, ...period, ...restricted, programmeId: actor.programmeId },
    { raw: desk },
  );
}
