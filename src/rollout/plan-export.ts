// The suggested calendar as files: a French spreadsheet (CSV) and an iCalendar of its milestones.
import ical, { ICalEventTransparency } from 'ical-generator';
import { csvCell } from '../platform/csv/index.ts';
import type { Milestone, Plan, PlanLine } from './model.ts';
import { milestoneLabels, planStatusLabels, stageLabel } from './rules.ts';

export const planCsvColumns = [
  'code',
  'secteur',
  'quartier',
  'étape actuelle',
  'statut',
  'début consultation',
  'ouverture du vote',
  'ouverture du service',
  'raisons',
] as const;

/** « 01/02/2027 », as French spreadsheets read a date. */
const frenchDate = (day: string | undefined) =>
  day ? `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}` : '';
const on = (line: PlanLine, milestone: Milestone) =>
  line.milestones.find((m) => m.milestone === milestone)?.on;

/** The plan as French spreadsheets open it: UTF-8 with BOM, `;`, CRLF, one line per sector in the plan's order. */
export function planCsv(plan: Plan): string {
  const rows = plan.lines.map((line) =>
    [
      csvCell(line.code),
      csvCell(line.name),
      csvCell(line.neighbourhood),
      csvCell(stageLabel(line.stage)),
      csvCell(planStatusLabels[line.status]),
      frenchDate(on(line, 'consultation')),
      frenchDate(on(line, 'vote_open')),
      frenchDate(on(line, 'service_open')),
      csvCell(line.reasons.join(' ; ')),
    ].join(';'),
  );
  return `\uFEFF${[planCsvColumns.join(';'), ...rows].join('\r\n')}\r\n`;
}

/** RFC 5545 forbids control characters (other than tab) in text. */
const clean = (text: string) => text.replace(/[^\P{Cc}\t\n\r]/gu, '');
/** The calendar's name is written as given by ical-generator: TEXT escaping here. */
const escapeText = (text: string) =>
  clean(text)
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '\\n');
/** ical-generator backslash-escapes "," and ";" in a URI: percent-encode them instead. */
const uriValue = (url: string) =>
  clean(url).replace(/[,;\\\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);

/**
 * The plan's milestones as all-day events (« Secteur N1 : ouverture du vote »), each with a UID stable across
 * re-plans (`rollout-<sector>-<milestone>@palier`), so that a calendar importing the file again moves the event
 * rather than adding one. Transparent: a milestone does not make anyone busy.
 */
export function planIcal(
  plan: Plan,
  {
    baseUrl,
    programmeName,
    generatedAt = new Date(),
  }: { baseUrl: string; programmeName: string; generatedAt?: Date },
): string {
  const calendar = ical({
    prodId: '//Palier//Déploiement//FR',
    name: escapeText(`${programmeName} : calendrier du déploiement`),
    scale: 'GREGORIAN',
  });
  const base = baseUrl.replace(/\/+$/, '');
  for (const line of plan.lines)
    for (const { milestone, on } of line.milestones)
      calendar.createEvent({
        id: `rollout-${line.sectorId}-${milestone}@palier`,
        allDay: true,
        start: new Date(`${on}T00:00:00Z`),
        end: nextDay(on),
        stamp: generatedAt,
        summary: clean(`Secteur ${line.code} : ${milestoneLabels[milestone]}`),
        description: clean(
          [`${line.name} (${line.neighbourhood}) — ${planStatusLabels[line.status]}`, ...line.reasons].join(
            '\n',
          ),
        ),
        transparency: ICalEventTransparency.TRANSPARENT,
        url: uriValue(`${base}/territoire/secteurs/${line.sectorId}/deploiement`),
      });
  return `${calendar.toString()}\r\n`;
}
