import { describe, expect, it } from 'vitest';
import type { StatTable } from '../platform/secrecy/index.ts';
import { barChart, funnelChart, lineChart, profileComparison } from './charts.ts';

const threshold = 11;

/** The texts a chart draws, in order (entities decoded). */
const texts = (svg: string) =>
  [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&'),
  );
/** The value label of one cell (bars and the funnel tag them with their row and column). */
const labelOf = (svg: string, row: string, column: string) =>
  new RegExp(`<text[^>]*data-row="${row}" data-column="${column}"[^>]*>([^<]*)</text>`).exec(svg)?.[1];
const valueLabels = (svg: string) =>
  [...svg.matchAll(/<text[^>]*data-row="[^"]*"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
const titleOf = (svg: string) => /<title id="[^"]*">([^<]*)<\/title>/.exec(svg)?.[1];
const descOf = (svg: string) => /<desc id="[^"]*">([^<]*)<\/desc>/.exec(svg)?.[1];
const nbsp = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

/** Take-up by sector as a protected publication gives it: KER's 7 people hidden (its value left in, to be sure). */
const sectors: StatTable = {
  id: 'sectors',
  title: 'Par secteur ouvert',
  rowHeader: 'Secteur',
  columns: [
    { key: 'households', label: 'Foyers', measure: 'people' },
    { key: 'signedUp', label: 'Inscrits', measure: 'people' },
    {
      key: 'takeUp',
      label: 'Adhésion (%)',
      measure: 'percent',
      of: { numerator: 'signedUp', denominator: 'households' },
    },
  ],
  rows: [
    { key: '1', label: 'BEL — Bellevue', values: { households: 1250, signedUp: 180, takeUp: 14.4 } },
    {
      key: '2',
      label: 'KER — Kerourien',
      values: { households: 90, signedUp: 7, takeUp: 7.8 },
      secret: { signedUp: 'small', takeUp: 'secondary' },
    },
    { key: '3', label: 'PON — Pontanézen', values: { households: 400, signedUp: 36, takeUp: 9 } },
  ],
  total: {
    key: 'total',
    label: 'Ensemble',
    values: { households: 1740, signedUp: null, takeUp: null },
    secret: { signedUp: 'secondary', takeUp: 'secondary' },
  },
};

describe('a bar chart of take-up by sector', () => {
  const svg = barChart(sectors, {
    threshold,
    columns: ['takeUp'],
    reference: { value: 12, label: 'Référence' },
  });

  it('is an image with a title and a one-sentence French description', () => {
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="chart-sectors-title chart-sectors-desc"/);
    expect(svg).toContain('viewBox="0 0 640 ');
    expect(svg).toContain('width="100%"');
    expect(titleOf(svg)).toBe('Par secteur ouvert');
    const desc = nbsp(descOf(svg)!);
    expect(desc).toContain('le plus haut BEL — Bellevue (14,4 %)');
    expect(desc).toContain('le plus bas PON — Pontanézen (9 %)');
    expect(desc).toContain('référence 12 %');
    expect(desc).toContain('2 nombres cachés par le secret statistique');
    expect(desc.endsWith('.')).toBe(true);
  });

  it('writes published values in French and hidden ones as their mark, never their value', () => {
    expect(nbsp(labelOf(svg, '1', 'takeUp')!)).toBe('14,4 %');
    expect(labelOf(svg, '2', 'takeUp')).toBe('s');
    expect(labelOf(svg, 'total', 'takeUp')).toBe('s');
    expect(valueLabels(svg).join(' ')).not.toMatch(/7,8/);
    expect(descOf(svg)).not.toMatch(/7,8/);
  });

  it('draws the reference as a dashed line, named in the legend', () => {
    expect(svg).toContain('stroke-dasharray="5 3"');
    expect(texts(svg).map(nbsp)).toContain('Référence : 12 %');
  });

  it('draws a hidden cell as a hatched stub, explained in the legend', () => {
    expect(svg).toContain('<pattern id="chart-sectors-hidden"');
    expect(svg.match(/fill="url\(#chart-sectors-hidden\)"/g)!.length).toBeGreaterThanOrEqual(3);
    expect(texts(svg)).toContain('Nombre caché (secret statistique)');
  });

  it('keeps to what the PDF renderer draws: no class, no style, no foreignObject, Helvetica', () => {
    expect(svg).not.toMatch(/class=|style=|foreignObject|<script/);
    expect(svg).toContain('font-family="Helvetica"');
  });
});

describe('a bar chart of counts', () => {
  it('never shows a hidden count of 7, neither as a label nor in the description', () => {
    const svg = barChart(sectors, { threshold, columns: ['signedUp'], id: 'inscrits' });
    expect(labelOf(svg, '2', 'signedUp')).toBe('&lt; 11');
    expect(valueLabels(svg)).not.toContain('7');
    expect(texts(svg)).not.toContain('7');
    expect(descOf(svg)).not.toMatch(/\b7\b/);
    expect(labelOf(svg, '1', 'signedUp')).toBe('180');
    // The bars' scale comes from the published numbers only.
    expect(svg).toContain('id="inscrits-title"');
  });

  it('writes thousands the French way (a no-break space the PDF fonts have)', () => {
    const svg = barChart(sectors, { threshold, columns: ['households'] });
    expect(labelOf(svg, '1', 'households')).toBe('1\u00a0250');
    expect(labelOf(svg, 'total', 'households')).toBe('1\u00a0740');
  });

  it('tells two columns apart by a pattern as well as a colour', () => {
    const svg = barChart(sectors, { threshold, columns: ['households', 'signedUp'], withTotal: false });
    expect(svg).toContain('<pattern id="chart-sectors-series-1"');
    expect(svg).toContain('fill="url(#chart-sectors-series-1)"');
    expect(labelOf(svg, 'total', 'households')).toBeUndefined();
  });
});

const funnel: StatTable = {
  id: 'funnel',
  title: 'Parcours des foyers',
  rowHeader: 'Étape',
  columns: [{ key: 'households', label: 'Foyers', measure: 'people', additive: false }],
  rows: [
    { key: 'residents', label: 'Foyers des secteurs ouverts', values: { households: 1000 } },
    { key: 'informed', label: 'Informés', values: { households: 900 } },
    { key: 'signedUp', label: 'Inscrits', values: { households: 120 } },
    { key: 'connected', label: 'Raccordés', values: { households: 100 } },
    {
      key: 'certified',
      label: 'Ont obtenu un certificat',
      values: { households: 7 },
      secret: { households: 'small' },
    },
  ],
};

describe('the funnel chart', () => {
  const svg = funnelChart(funnel, { threshold });

  it('gives each step its number, its share of the households and those lost since the step before', () => {
    expect(nbsp(labelOf(svg, 'signedUp', 'households')!)).toBe(
      'Inscrits : 120 (12 % des foyers, 780 de moins)',
    );
    expect(nbsp(labelOf(svg, 'connected', 'households')!)).toBe(
      'Raccordés : 100 (10 % des foyers, 20 de moins)',
    );
    expect(nbsp(labelOf(svg, 'residents', 'households')!)).toBe('Foyers des secteurs ouverts : 1 000');
  });

  it('shows a hidden step as « < 11 » with a hatched stub, and never its value nor what it would give', () => {
    expect(labelOf(svg, 'certified', 'households')).toBe('Ont obtenu un certificat : &lt; 11');
    expect(svg).toContain('fill="url(#chart-funnel-hidden)"');
    expect(texts(svg).join(' ')).not.toMatch(/\b93\b|\b7\b|0,7/);
  });

  it('sums itself up in French', () => {
    expect(nbsp(descOf(svg)!)).toBe(
      'Parcours des foyers en 5 étapes, de foyers des secteurs ouverts (1 000) à ont obtenu un certificat (&lt; 11) ; 12 % des foyers sont inscrits.',
    );
  });
});

const series: StatTable = {
  id: 'series',
  title: 'Mois par mois',
  rowHeader: 'Mois',
  columns: [
    { key: 'signedUp', label: 'Nouveaux inscrits', measure: 'people' },
    { key: 'connected', label: 'Nouveaux raccordés', measure: 'people' },
    { key: 'sessions', label: 'Séances tenues', measure: 'count' },
    { key: 'chargesCents', label: 'Charges facturées', measure: 'cents' },
  ],
  rows: [
    {
      key: '2026-01',
      label: 'janvier 2026',
      values: { signedUp: 30, connected: 12, sessions: 4, chargesCents: 100 },
    },
    {
      key: '2026-02',
      label: 'février 2026',
      values: { signedUp: 25, connected: 7, sessions: 5, chargesCents: 100 },
      secret: { connected: 'small' },
    },
    {
      key: '2026-03',
      label: 'mars 2026',
      values: { signedUp: 1234, connected: 40, sessions: 6, chargesCents: 100 },
    },
  ],
  total: {
    key: 'total',
    label: 'Période',
    values: { signedUp: 1289, connected: null, sessions: 15, chargesCents: 300 },
    secret: { connected: 'secondary' },
  },
};

describe('the month-by-month line chart', () => {
  const svg = lineChart(series, { threshold });

  it('draws the columns that count people, each with its own colour, dash and marker', () => {
    expect(texts(svg)).toEqual(expect.arrayContaining(['Nouveaux inscrits', 'Nouveaux raccordés']));
    expect(texts(svg)).not.toContain('Séances tenues');
    expect(svg.match(/<path d="M[^"]*" fill="none"/g)!.length).toBe(2);
    expect(svg).toContain('stroke-dasharray="7 4"');
  });

  it('labels months in French and numbers the French way', () => {
    expect(texts(svg)).toEqual(expect.arrayContaining(['janv.', 'févr.', 'mars', '2026']));
    expect(texts(svg).some((t) => /^1\u00a0\d00$/.test(t))).toBe(true);
  });

  it('breaks the line at a hidden month and marks it « < 11 », without drawing its point', () => {
    const connected = svg.match(/<path d="(M[^"]*)" fill="none" stroke="#D55E00"/)![1]!;
    expect(connected.match(/M/g)!.length).toBe(2);
    expect(texts(svg)).toContain('< 11');
    expect(svg).toContain('fill="url(#chart-series-hidden)"');
  });

  it('sums up the period in one French sentence, hidden totals as their mark', () => {
    expect(nbsp(descOf(svg)!)).toBe(
      'Courbes par mois de janvier 2026 à mars 2026 (nouveaux inscrits, nouveaux raccordés) ; sur la période : nouveaux inscrits 1 289, nouveaux raccordés s.',
    );
  });

  it('says so when there is nothing to draw', () => {
    const empty = lineChart({ ...series, rows: [], total: undefined }, { threshold, id: 'vide' });
    expect(descOf(empty)).toBe('Mois par mois : aucune donnée sur la période.');
    expect(empty).toContain('id="vide-title"');
  });

  it('draws money in euros when asked for that column', () => {
    const money = lineChart(series, { threshold, columns: ['chargesCents'] });
    expect(texts(money).some((t) => t.endsWith('€'))).toBe(true);
  });
});

describe('the profiles compared', () => {
  const profile = (
    id: string,
    title: string,
    p: number | null,
    a: number,
    secret?: 'small' | 'secondary',
  ): StatTable => ({
    id,
    title,
    rowHeader: 'Secteur',
    columns: [
      { key: 'p_share', label: 'Participants (%)', measure: 'percent' },
      { key: 'a_share', label: 'Tous (%)', measure: 'percent' },
    ],
    rows: [],
    total: {
      key: 'total',
      label: 'Ensemble',
      values: { p_share: p, a_share: a },
      ...(secret ? { secret: { p_share: secret } } : {}),
    },
  });

  it('puts each profile’s share among participants beside its share among all households, hidden shares hidden', () => {
    const table = profileComparison([
      profile('profile-minimum-benefits', 'Profil : perçoit un minimum social', 62.5, 41),
      profile('profile-single-parent', 'Profil : famille monoparentale', 3.3, 12, 'secondary'),
    ]);
    expect(
      table.rows.map((r) => [r.label, r.values.participants, r.values.all, r.secret?.participants]),
    ).toEqual([
      ['perçoit un minimum social', 62.5, 41, undefined],
      ['famille monoparentale', null, 12, 'secondary'],
    ]);
    const svg = barChart(table, { threshold, columns: ['participants', 'all'] });
    expect(labelOf(svg, 'profile-single-parent', 'participants')).toBe('s');
    expect(svg).not.toContain('3,3');
    expect(nbsp(labelOf(svg, 'profile-minimum-benefits', 'participants')!)).toBe('62,5 %');
  });
});
