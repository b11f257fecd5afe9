// The report's opening summary is written from the published figures only: a number hidden by statistical secrecy
// reads « moins de 11 » or is left out, never shown.
import { describe, expect, it } from 'vitest';
import type { StatRow, StatTable } from '../../platform/secrecy/index.ts';
import type { Indicators } from '../model.ts';
import { headlineSentences, periodText, reportChapters } from './report-content.ts';

const row = (key: string, values: Record<string, number | null>, secret?: StatRow['secret']): StatRow => ({
  key,
  label: key,
  values,
  ...(secret ? { secret } : {}),
});
const table = (id: string, rows: StatRow[], total?: StatRow, title = id): StatTable => ({
  id,
  title,
  rowHeader: 'Ligne',
  columns: [],
  rows,
  ...(total ? { total } : {}),
});

function indicators(tables: StatTable[]): Indicators {
  return {
    filter: { programmeId: 1, from: '2026-01-01', to: '2026-12-31' },
    areaLabel: 'Programme',
    protected: true,
    threshold: 11,
    takeUpReferencePercent: 12,
    publication: { tables },
    generatedAt: '2026-11-26T10:00:00.000Z',
  };
}

const sectors = (total: StatRow) => table('sectors', [row('1', {})], total);
const series = (total: StatRow) => table('series', [row('2026-01', {})], total);

describe('the summary written from the figures', () => {
  it('says how many signed up in the period and the take-up against the reference, in French numbers', () => {
    const sentences = headlineSentences(
      indicators([
        sectors(row('total', { households: 3900, signedUp: 480, takeUp: 12.3 })),
        series(row('total', { signedUp: 120, sessions: 96, hours: 192.5 })),
      ]),
    );
    expect(sentences).toEqual([
      'Du 1er janvier 2026 au 31 décembre 2026, 120 foyers se sont inscrits au service.',
      'Au 31 décembre 2026, 480 foyers étaient inscrits, soit 12,3 % des 3\u202f900 foyers des secteurs ouverts (référence : 12 %).',
      '96 séances d’atelier ont été tenues, soit 192,5 heures d’accompagnement.',
    ]);
  });

  it.each([
    [
      'a small count reads « moins de 11 »',
      { signedUp: 'small' as const },
      'moins de 11 foyers se sont inscrits',
    ],
    ['a count hidden against recomputation is left out', { signedUp: 'secondary' as const }, null],
  ])('%s', (_, secret, expected) => {
    const sentences = headlineSentences(
      indicators([
        sectors(
          row(
            'total',
            { households: 50, signedUp: null, takeUp: null },
            { signedUp: 'secondary', takeUp: 'secondary' },
          ),
        ),
        series(row('total', { signedUp: null }, secret)),
      ]),
    );
    const text = sentences.join(' ');
    if (expected) expect(text).toContain(expected);
    else expect(text).not.toMatch(/se sont inscrits|étaient inscrits/);
    expect(text).not.toMatch(/\bnull\b|undefined|NaN/);
  });

  it('compares the participants’ profile with every household of the same sectors, and follows the funnel', () => {
    const profile = (id: string, p: number | null, a: number | null) =>
      table(
        id,
        [],
        row('total', { p_share: p, a_share: a }, p === null ? { p_share: 'secondary' } : undefined),
      );
    const text = headlineSentences(
      indicators([
        sectors(
          row(
            'total',
            { households: null, signedUp: null },
            { households: 'secondary', signedUp: 'secondary' },
          ),
        ),
        profile('profile-minimum-benefits', 61.5, 40),
        profile('profile-single-parent', null, 20),
        profile('profile-lives-alone', 35, 30),
        profile('profile-first-time-user', 70, null),
        table('funnel', [
          row('connected', { households: 400 }),
          row('equipped', { households: null }, { households: 'small' }),
          row('attended', { households: null }, { households: 'secondary' }),
          row('certified', { households: 42 }),
        ]),
        table('questionnaire', [row('confident', { respondents: 60, beforeShare: 20, afterShare: 55.5 })]),
      ]),
    ).join(' ');
    expect(text).toContain(
      'Parmi les foyers inscrits, 61,5 % perçoivent un minimum social (40 % de tous les foyers des mêmes secteurs), 35 % vivent seules (30 % de tous les foyers des mêmes secteurs) et 70 % débutaient en informatique.',
    );
    expect(text).not.toContain('monoparentales');
    expect(text).toContain(
      'Dans le parcours des foyers : 400 raccordés, moins de 11 équipés d’un ordinateur et 42 titulaires d’un certificat de compétences.',
    );
    expect(text).toContain('« confident » est passé de 20 % à 55,5 %');
  });

  it('says when the service was not open yet, and then follows no funnel', () => {
    const closed = indicators([
      table('sectors', [], row('total', {})),
      table('funnel', [row('connected', { households: 0 })]),
    ]);
    expect(headlineSentences(closed)).toEqual([
      'Au 31 décembre 2026, le service n’était encore ouvert dans aucun secteur du programme.',
    ]);
    expect(headlineSentences({ ...closed, filter: { ...closed.filter, sectorId: 4 } })).toEqual([
      'Au 31 décembre 2026, le service n’était pas encore ouvert dans ce secteur.',
    ]);
  });
});

describe('the chapters of indicators', () => {
  it('groups the tables in reading order and keeps a table it does not know at the end', () => {
    const chapters = reportChapters(
      indicators([
        table('coverage', []),
        table('funnel', []),
        table('profile-age', []),
        table('questionnaire', []),
        table('something-new', []),
      ]),
    );
    expect(chapters.map((c) => [c.id, c.tables.map((t) => t.table.id)])).toEqual([
      ['parcours', ['funnel']],
      ['profils', ['profile-age']],
      ['secteurs', ['coverage']],
      ['questionnaire', ['questionnaire']],
      ['autres', ['something-new']],
    ]);
  });

  it('writes a period in French', () => {
    expect(periodText('2026-03-01', '2026-11-25')).toBe('du 1er mars 2026 au 25 novembre 2026');
  });
});
