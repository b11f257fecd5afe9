// What a report (bilan) says, the same for its web page, its PDF and the API: a summary written from the published
// figures, the coordinator's summary and sections, the indicator tables (under statistical secrecy) grouped in
// chapters with their charts, and the residents' testimonies still consented to. Drafts are computed live; a
// published report reads its frozen snapshot. Testimonies are always read live: a withdrawal removes the words from
// every report at once.
import { sql } from 'drizzle-orm';
import { calendarDayText } from '../../platform/dates.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/permissions/index.ts';
import {
  measureText,
  type Secret,
  type StatRow,
  type StatTable,
  secrecyLegend,
} from '../../platform/secrecy/index.ts';
import { chartFor, profilesChart } from '../indicator-charts.ts';
import { getIndicators, loadIndicators } from '../indicators.ts';
import type { ImpactFilter, Indicators } from '../model.ts';
import { rowOf, tableOf } from '../publication-cells.ts';
import type { ReportSection } from '../schema.ts';
import { loadPublishableTestimonies } from '../testimonies/publishable-testimonies.ts';
import { getReport, type ReportRecord } from './get-report.ts';
import { areaText, reportAreaChoices } from './report-areas.ts';

export interface ReportTestimony {
  id: number;
  quote: string;
  /** « Aïcha » or « Anonyme », as the person chose. */
  author: string;
  context: string | null;
}

/** A chapter of indicators: a chart of the whole chapter, its tables in order, each with its chart (SVG strings). */
export interface ReportChapter {
  id: string;
  title: string;
  chart: string | null;
  tables: { table: StatTable; chart: string | null }[];
}

export interface ReportContent {
  /** Null for a report printed from the command line without being stored. */
  id: number | null;
  title: string;
  programmeName: string;
  areaLabel: string;
  periodFrom: string;
  periodTo: string;
  /** « du 1er janvier 2026 au 31 décembre 2026 ». */
  periodText: string;
  status: 'draft' | 'published' | 'unsaved';
  publishedAt: string | null;
  /** The summary written from the published figures, sentence by sentence. */
  headline: string[];
  /** The coordinator's own summary (may be empty). */
  summary: string;
  sections: ReportSection[];
  chapters: ReportChapter[];
  testimonies: ReportTestimony[];
  threshold: number;
  /** What « < 11 » and « s » mean, once for the whole report. */
  legend: string;
  /** The figures, always under statistical secrecy. */
  indicators: Indicators;
}

export const reportFilter = (report: {
  programmeId: number;
  periodFrom: string;
  periodTo: string;
  neighbourhoodId: number | null;
  sectorId: number | null;
}): ImpactFilter => ({
  programmeId: report.programmeId,
  from: report.periodFrom,
  to: report.periodTo,
  ...(report.sectorId ? { sectorId: report.sectorId } : {}),
  ...(report.neighbourhoodId ? { neighbourhoodId: report.neighbourhoodId } : {}),
});

export const periodText = (from: string, to: string) =>
  `du ${calendarDayText(from)} au ${calendarDayText(to)}`;

// ---------------------------------------------------------------------------------------------------------------
// The summary written from the figures

/** A published count as a sentence says it: « 1 234 », « moins de 11 »; null when it cannot be said (hidden « s »). */
function peopleText(row: StatRow | undefined, column: string, threshold: number): string | null {
  if (!row) return null;
  const secret: Secret | undefined = row.secret?.[column];
  if (secret === 'small') return `moins de ${threshold}`;
  const value = row.values[column];
  if (secret || value === null || value === undefined) return null;
  return measureText('people', value);
}

function percentText(row: StatRow | undefined, column: string): string | null {
  const value = row?.values[column];
  if (!row || row.secret?.[column] || value === null || value === undefined) return null;
  return measureText('percent', value);
}

const profileClauses: { table: string; says: string }[] = [
  { table: 'profile-minimum-benefits', says: 'perçoivent un minimum social' },
  { table: 'profile-single-parent', says: 'sont des familles monoparentales' },
  { table: 'profile-lives-alone', says: 'vivent seules' },
  { table: 'profile-first-time-user', says: 'débutaient en informatique' },
];

const joinClauses = (clauses: string[]) =>
  clauses.length <= 1 ? (clauses[0] ?? '') : `${clauses.slice(0, -1).join(', ')} et ${clauses.at(-1)}`;

/**
 * The report's opening paragraph, from the published figures only: a number hidden by statistical secrecy is said
 * « moins de 11 », or left out when it is hidden so that another cannot be recomputed.
 */
export function headlineSentences(indicators: Indicators): string[] {
  const { threshold, takeUpReferencePercent: reference } = indicators;
  const { from, to } = indicators.filter;
  const out: string[] = [];
  const sectors = tableOf(indicators, 'sectors');
  const series = tableOf(indicators, 'series');
  const households = rowOf(sectors, 'total');
  const endDay = calendarDayText(to);

  const open = Boolean(sectors && sectors.rows.length > 0);
  if (!open) {
    const { sectorId, neighbourhoodId } = indicators.filter;
    out.push(
      sectorId
        ? `Au ${endDay}, le service n’était pas encore ouvert dans ce secteur.`
        : `Au ${endDay}, le service n’était encore ouvert dans aucun secteur ${neighbourhoodId ? 'de ce quartier' : 'du programme'}.`,
    );
  } else {
    const newcomers = peopleText(rowOf(series, 'total'), 'signedUp', threshold);
    if (newcomers !== null)
      out.push(
        `Du ${calendarDayText(from)} au ${endDay}, ${newcomers} foyer${newcomers === '1' || newcomers === '0' ? '' : 's'} se ${newcomers === '1' || newcomers === '0' ? 'est inscrit' : 'sont inscrits'} au service.`,
      );
    const signedUp = peopleText(households, 'signedUp', threshold);
    const all = peopleText(households, 'households', threshold);
    const share = percentText(households, 'takeUp');
    if (signedUp !== null) {
      const of =
        all !== null ? ` des ${all} foyers des secteurs ouverts` : ' des foyers des secteurs ouverts';
      out.push(
        share !== null
          ? `Au ${endDay}, ${signedUp} foyers étaient inscrits, soit ${share}${of} (référence : ${reference} %).`
          : `Au ${endDay}, ${signedUp} foyers étaient inscrits, sur ${all ?? 'l’ensemble'}${all !== null ? ' foyers' : ''} des secteurs ouverts (référence : ${reference} % d’adhésion).`,
      );
    }
  }

  const profiles = profileClauses.flatMap(({ table, says }) => {
    const total = rowOf(tableOf(indicators, table), 'total');
    const participants = percentText(total, 'p_share');
    if (participants === null) return [];
    const everyone = percentText(total, 'a_share');
    return [
      `${participants} ${says}${everyone !== null ? ` (${everyone} de tous les foyers des mêmes secteurs)` : ''}`,
    ];
  });
  if (profiles.length) out.push(`Parmi les foyers inscrits, ${joinClauses(profiles)}.`);

  const funnel = tableOf(indicators, 'funnel');
  const steps = [
    { key: 'connected', says: 'raccordés' },
    { key: 'equipped', says: 'équipés d’un ordinateur' },
    { key: 'attended', says: 'venus à un atelier' },
    { key: 'certified', says: 'titulaires d’un certificat de compétences' },
  ].flatMap(({ key, says }) => {
    const n = peopleText(rowOf(funnel, key), 'households', threshold);
    return n === null ? [] : [`${n} ${says}`];
  });
  if (open && steps.length) out.push(`Dans le parcours des foyers : ${joinClauses(steps)}.`);

  const period = rowOf(series, 'total');
  const sessions = period?.values.sessions;
  if (sessions) {
    const hours = period?.values.hours;
    out.push(
      `${measureText('count', sessions)} séance${sessions > 1 ? 's' : ''} d’atelier ${sessions > 1 ? 'ont été tenues' : 'a été tenue'}${hours ? `, soit ${measureText('hours', hours)} heures d’accompagnement` : ''}.`,
    );
  }

  const questionnaire = tableOf(indicators, 'questionnaire');
  const changed = questionnaire?.rows.find(
    (r) => percentText(r, 'beforeShare') !== null && percentText(r, 'afterShare') !== null,
  );
  if (changed) {
    const respondents = peopleText(changed, 'respondents', threshold);
    out.push(
      `Chez ${respondents ?? 'les'} foyers qui ont répondu au questionnaire à l’inscription puis six mois après, « ${changed.label} » est passé de ${percentText(changed, 'beforeShare')} à ${percentText(changed, 'afterShare')}.`,
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Chapters of indicators, and their charts

const chapterPlan: { id: string; title: string; tables: string[] }[] = [
  { id: 'parcours', title: 'Le parcours des foyers', tables: ['funnel', 'series', 'activation', 'failures'] },
  {
    id: 'profils',
    title: 'Qui sont les participants',
    tables: [
      'profile-minimum-benefits',
      'profile-single-parent',
      'profile-lives-alone',
      'profile-first-time-user',
      'profile-age',
    ],
  },
  { id: 'secteurs', title: 'Par secteur', tables: ['sectors', 'coverage', 'votes', 'charges'] },
  {
    id: 'accompagnement',
    title: 'Équipement, ateliers, certificats et conseil',
    tables: ['equipment', 'workshops', 'certificates', 'advice', 'subsidies'],
  },
  { id: 'questionnaire', title: 'Ce qui a changé pour les foyers', tables: ['questionnaire'] },
];

export function reportChapters(indicators: Indicators): ReportChapter[] {
  const placed = new Set(chapterPlan.flatMap((c) => c.tables));
  const chapters: ReportChapter[] = chapterPlan.map((c) => ({
    id: c.id,
    title: c.title,
    chart: c.id === 'profils' ? profilesChart(indicators) : null,
    tables: c.tables.flatMap((id) => {
      const table = tableOf(indicators, id);
      return table ? [{ table, chart: chartFor(table, indicators) }] : [];
    }),
  }));
  // A table added to the indicators later still appears, at the end.
  const others = indicators.publication.tables.filter((t) => !placed.has(t.id));
  if (others.length)
    chapters.push({
      id: 'autres',
      title: 'Autres indicateurs',
      chart: null,
      tables: others.map((table) => ({ table, chart: chartFor(table, indicators) })),
    });
  return chapters.filter((c) => c.tables.length > 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Testimonies

/** The chosen testimonies not withdrawn, in the order chosen (a withdrawn one is simply gone). */
export async function reportTestimonies(
  db: DbOrTx,
  programmeId: number,
  ids: number[],
): Promise<ReportTestimony[]> {
  if (ids.length === 0) return [];
  const all = await loadPublishableTestimonies(db, { programmeId });
  const byId = new Map(all.map((t) => [t.id, t]));
  return ids.flatMap((id) => {
    const t = byId.get(id);
    return t?.quote ? [{ id: t.id, quote: t.quote, author: t.attributionText, context: t.context }] : [];
  });
}

export interface TestimonyChoice extends ReportTestimony {
  sectorId: number | null;
  chosen: boolean;
}

/** The testimonies the coordinator may quote in a draft (never a withdrawn one), those chosen first. */
export async function reportTestimonyChoices({
  db,
  actor,
  reportId,
}: {
  db: DbOrTx;
  actor: Actor;
  reportId: number;
}): Promise<TestimonyChoice[]> {
  const report = await getReport({ db, actor, reportId });
  if (!report.canManage) return [];
  const all = await loadPublishableTestimonies(db, { programmeId: report.programmeId });
  const chosen = new Set(report.testimonyIds);
  const choices = all.map((t) => ({
    id: t.id,
    quote: t.quote,
    author: t.attributionText,
    context: t.context,
    sectorId: t.sectorId,
    chosen: chosen.has(t.id),
  }));
  const order = new Map(report.testimonyIds.map((id, i) => [id, i]));
  return choices.sort((a, b) => (order.get(a.id) ?? 1e9) - (order.get(b.id) ?? 1e9));
}

// ---------------------------------------------------------------------------------------------------------------
// The content

function assemble(
  report: Omit<ContentSource, 'snapshot'>,
  indicators: Indicators,
  testimonies: ReportTestimony[],
): ReportContent {
  return {
    id: report.id,
    title: report.title,
    programmeName: report.programmeName,
    areaLabel: report.areaLabel,
    periodFrom: report.periodFrom,
    periodTo: report.periodTo,
    periodText: periodText(report.periodFrom, report.periodTo),
    status: report.status,
    publishedAt: report.publishedAt?.toISOString() ?? null,
    headline: headlineSentences(indicators),
    summary: report.summary,
    sections: report.sections,
    chapters: reportChapters(indicators),
    testimonies,
    threshold: indicators.threshold,
    legend: secrecyLegend(indicators.threshold),
    indicators,
  };
}

type ContentSource = Pick<
  ReportRecord,
  | 'programmeId'
  | 'programmeName'
  | 'title'
  | 'periodFrom'
  | 'periodTo'
  | 'neighbourhoodId'
  | 'sectorId'
  | 'areaLabel'
  | 'summary'
  | 'sections'
  | 'testimonyIds'
  | 'snapshot'
  | 'publishedAt'
> & { id: number | null; status: ReportContent['status'] };

/** A stored report's content: its frozen figures once published, computed now (under secrecy) for a draft. */
export async function reportContent(db: DbOrTx, report: ContentSource): Promise<ReportContent> {
  const [indicators, testimonies] = await Promise.all([
    report.snapshot ?? loadIndicators(db, reportFilter(report)),
    reportTestimonies(db, report.programmeId, report.testimonyIds),
  ]);
  return assemble(report, indicators, testimonies);
}

/** The content of a report the actor may read (anyone for a published one; `actor` null: not signed in). */
export async function getReportContent({
  db,
  actor,
  reportId,
}: {
  db: DbOrTx;
  actor: Actor | null;
  reportId: number;
}): Promise<ReportContent & { canManage: boolean }> {
  const report = await getReport({ db, actor, reportId });
  return { ...(await reportContent(db, report)), canManage: report.canManage };
}

/**
 * A report that is not stored (the command line's `palier report --from … --to …`): the figures of a period and
 * an area under statistical secrecy, as the actor may read them, without text or testimonies.
 */
export async function previewReportContent({
  db,
  actor,
  filter,
  title,
}: {
  db: DbOrTx;
  actor: Actor;
  filter: { from: string; to: string; sectorId?: number; neighbourhoodId?: number };
  title?: string;
}): Promise<ReportContent> {
  const indicators = await getIndicators({ db, actor, filter });
  const [programme] = await db.execute<{ name: string }>(
    sql`select name from programme where id = ${actor.programmeId}`,
  );
  const choices = await reportAreaChoices(db, actor.programmeId);
  const sector = choices.sectors.find((s) => s.id === filter.sectorId);
  const neighbourhood = choices.neighbourhoods.find((n) => n.id === filter.neighbourhoodId);
  const areaLabel = areaText({
    sectorCode: sector?.code,
    sectorName: sector?.name,
    neighbourhoodName: neighbourhood?.name,
  });
  return assemble(
    {
      id: null,
      programmeId: actor.programmeId,
      programmeName: programme?.name ?? 'Palier',
      // The period the figures are published for (whole, ended months: published-period.ts).
      title: title ?? `Bilan ${periodText(indicators.filter.from, indicators.filter.to)}`,
      periodFrom: indicators.filter.from,
      periodTo: indicators.filter.to,
      neighbourhoodId: filter.neighbourhoodId ?? null,
      sectorId: filter.sectorId ?? null,
      areaLabel,
      summary: '',
      sections: [],
      testimonyIds: [],
      publishedAt: null,
      status: 'unsaved',
    },
    indicators,
    [],
  );
}
