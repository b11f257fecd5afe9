// The charts drawn above the indicator tables, from the same published numbers (a hidden cell is drawn as hidden,
// never read) — one set of drawings for the dashboard and the reports.
import type { StatTable } from '../platform/secrecy/index.ts';
import { barChart, funnelChart, lineChart, profileComparison } from './charts.ts';
import type { Indicators } from './model.ts';
import { tableOf } from './publication-cells.ts';

/** Width of a drawing in SVG units; the dashboard draws narrower so that text stays readable on a phone. */
export interface IndicatorChartOptions {
  width?: number;
}

/**
 * The chart drawn above a table: the funnel, the months, take-up by sector against the reference, the questionnaire
 * before and after; null for a table drawn as a table only, or empty.
 */
export function chartFor(
  table: StatTable,
  indicators: Indicators,
  { width }: IndicatorChartOptions = {},
): string | null {
  if (table.rows.length === 0) return null;
  const threshold = indicators.threshold;
  const id = `graphique-${table.id}`;
  switch (table.id) {
    case 'funnel':
      return funnelChart(table, { threshold, width, id });
    case 'series':
      return lineChart(table, {
        threshold,
        width,
        id,
        title: 'Mois par mois : nouveaux foyers à chaque étape',
      });
    case 'sectors':
      return barChart(table, {
        threshold,
        width,
        id,
        title: 'Adhésion par secteur ouvert (%)',
        columns: ['takeUp'],
        reference: { value: indicators.takeUpReferencePercent, label: 'Référence' },
      });
    case 'questionnaire':
      return barChart(table, {
        threshold,
        width,
        id,
        title: 'Questionnaire : part des foyers, avant et six mois après (%)',
        columns: ['beforeShare', 'afterShare'],
        labels: { beforeShare: 'Avant', afterShare: 'Six mois après' },
        withTotal: false,
      });
    default:
      return null;
  }
}

/** The yes/no profile tables compared side by side, with the trait each one counts. */
export const profileLabels: Record<string, string> = {
  'profile-minimum-benefits': 'Perçoit un minimum social',
  'profile-single-parent': 'Famille monoparentale',
  'profile-lives-alone': 'Vit seul·e',
  'profile-first-time-user': 'Débutant en informatique',
};

/** The profiles side by side: the share of participants with each trait against all households of the same sectors. */
export function profilesTable(indicators: Indicators): StatTable {
  return profileComparison(
    Object.keys(profileLabels).flatMap((id) => tableOf(indicators, id) ?? []),
    profileLabels,
  );
}

/** The profiles' chart, when at least one share is published. */
export function profilesChart(indicators: Indicators, { width }: IndicatorChartOptions = {}): string | null {
  const profiles = profilesTable(indicators);
  const published = profiles.rows.some((r) => r.values.participants !== null || r.values.all !== null);
  return published
    ? barChart(profiles, {
        threshold: indicators.threshold,
        width,
        id: 'graphique-profils',
        columns: ['participants', 'all'],
        labels: { participants: 'Participants', all: 'Tous les foyers des mêmes secteurs' },
      })
    : null;
}
