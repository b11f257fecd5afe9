import { describe, expect, it } from 'vitest';
import type { StatRow, StatTable } from '../platform/secrecy/index.ts';
import { headlineFigures } from './headline-figures.ts';
import type { Indicators } from './model.ts';

const nbsp = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

const table = (
  id: string,
  column: StatTable['columns'][number],
  rows: StatRow[],
  total?: StatRow,
): StatTable => ({
  id,
  title: id,
  rowHeader: '',
  columns: [column],
  rows,
  ...(total ? { total } : {}),
});
const row = (key: string, values: StatRow['values'], secret?: StatRow['secret']): StatRow => ({
  key,
  label: key,
  values,
  ...(secret ? { secret } : {}),
});

const indicators = (tables: StatTable[]): Indicators => ({
  filter: { programmeId: 1, from: '2026-01-01', to: '2026-06-30' },
  areaLabel: 'Programme',
  protected: true,
  threshold: 11,
  takeUpReferencePercent: 12,
  publication: { tables },
  generatedAt: '2026-07-01T00:00:00Z',
});

const full = indicators([
  table(
    'sectors',
    { key: 'takeUp', label: 'Adhésion', measure: 'percent', additive: false },
    [],
    row('total', { takeUp: 14.5 }),
  ),
  table('funnel', { key: 'households', label: 'Foyers', measure: 'people' }, [
    row('signedUp', { households: 1234 }),
    row('connected', { households: null }, { households: 'small' }),
    row('equipped', { households: null }, { households: 'secondary' }),
  ]),
  table('series', { key: 'hours', label: 'Heures', measure: 'hours' }, [], row('total', { hours: 42.5 })),
  table(
    'certificates',
    { key: 'issued', label: 'Délivrés', measure: 'count' },
    [],
    row('total', { issued: null }),
  ),
  table(
    'advice',
    { key: 'recovered', label: 'Récupéré', measure: 'cents' },
    [],
    row('total', { recovered: 560_049 }),
  ),
]);

describe('the key figures, each from one published cell', () => {
  const figures = headlineFigures(full);
  it.each([
    [
      'take-up against the reference',
      0,
      'sectors',
      '14,5 %',
      'des foyers des secteurs ouverts ont adhéré (référence : 12 %)',
    ],
    ['a count', 1, 'funnel', '1 234', 'foyers inscrits'],
    ['a small count stays hidden', 2, 'funnel', '< 11', 'foyers raccordés'],
    ['a cell hidden so as not to be recomputed', 3, 'funnel', 's', 'foyers équipés d’un ordinateur'],
    ['hours', 4, 'series', '42,5', 'heures d’atelier dans la période'],
    ['nothing to show', 5, 'certificates', '—', 'certificats délivrés dans la période'],
    ['money in whole euros', 6, 'advice', '5 600 €', 'récupérés par le conseil juridique'],
  ])('%s', (_, index, tableId, value, label) => {
    const figure = figures[index]!;
    expect(figure.tableId).toBe(tableId);
    expect(nbsp(figure.value)).toBe(value);
    expect(figure.label).toBe(label);
  });

  it('reads « — » for a table the publication does not have', () => {
    expect(headlineFigures(indicators([])).map((f) => f.value)).toEqual(Array(7).fill('—'));
  });
});
