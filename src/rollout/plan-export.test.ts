import { parseICS, type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../platform/csv/index.ts';
import { defaultRolloutSettings, type Plan, type PlanLine } from './model.ts';
import { planCsv, planIcal } from './plan-export.ts';

const line = (over: Partial<PlanLine>): PlanLine => ({
  sectorId: 1,
  code: 'N1',
  name: 'Kerourien Nord',
  neighbourhood: 'Kerourien',
  stage: 'identified',
  status: 'planned',
  milestones: [],
  reasons: [],
  readiness: null,
  ...over,
});

const plan: Plan = {
  today: '2027-01-15',
  settings: defaultRolloutSettings,
  lines: [
    line({
      sectorId: 8,
      code: 'N8',
      name: 'Pontanézen',
      neighbourhood: 'Pontanézen',
      stage: 'vote_open',
      status: 'in_progress',
      milestones: [
        { milestone: 'adopted', on: '2027-03-01' },
        { milestone: 'works', on: '2027-03-01' },
        { milestone: 'service_open', on: '2027-06-01' },
        { milestone: 'evaluated', on: '2028-06-01' },
      ],
      reasons: ['En cours : étape « consultation en cours » depuis le 1er janvier 2027'],
    }),
    line({
      sectorId: 1,
      milestones: [
        { milestone: 'consultation', on: '2027-02-01' },
        { milestone: 'partners_consulted', on: '2027-04-01' },
        { milestone: 'support_ready', on: '2027-05-01' },
        { milestone: 'vote_open', on: '2027-05-01' },
        { milestone: 'adopted', on: '2027-07-01' },
        { milestone: 'works', on: '2027-07-01' },
        { milestone: 'service_open', on: '2027-10-01' },
        { milestone: 'evaluated', on: '2028-10-01' },
      ],
      reasons: [
        'Prêt : 1 lieu d’ateliers à moins de 1 km, 100 places d’ateliers pour 96 nécessaires, partenaires d’accord',
        'Quartier prioritaire : à servir en premier',
      ],
    }),
    line({
      sectorId: 4,
      code: 'N4',
      // A name that a spreadsheet would read as a formula, with a quote and a semicolon.
      name: '=HYPERLINK("x";"Bellevue")',
      neighbourhood: 'Bellevue',
      stage: 'vote_rejected',
      status: 'unscheduled',
      reasons: [
        'Vote rejeté le 11 novembre 2026 : une nouvelle consultation attend la décision de la coordination',
      ],
    }),
    line({
      sectorId: 6,
      code: 'N6',
      name: 'Recouvrance',
      neighbourhood: 'Recouvrance',
      stage: 'evaluated',
      status: 'done',
      reasons: ['Évalué le 5 mai 2025'],
    }),
  ],
};

describe('the plan as a French spreadsheet', () => {
  const text = planCsv(plan);

  it('is UTF-8 with a BOM, `;` and CRLF, one line per sector after the header', () => {
    expect(text.startsWith('\uFEFFcode;secteur;quartier;')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(plan.lines.length + 2);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('reads back with its columns, French labels and dates, in the plan’s order', () => {
    const { headers, records } = parseCsv(text);
    expect(headers).toEqual([
      'code',
      'secteur',
      'quartier',
      'étape actuelle',
      'statut',
      'début consultation',
      'ouverture du vote',
      'ouverture du service',
      'raisons',
    ]);
    expect(records.map((r) => r.values)).toEqual([
      {
        code: 'N8',
        secteur: 'Pontanézen',
        quartier: 'Pontanézen',
        'étape actuelle': 'consultation en cours',
        statut: 'en cours',
        'début consultation': '',
        'ouverture du vote': '',
        'ouverture du service': '01/06/2027',
        raisons: 'En cours : étape « consultation en cours » depuis le 1er janvier 2027',
      },
      {
        code: 'N1',
        secteur: 'Kerourien Nord',
        quartier: 'Kerourien',
        'étape actuelle': 'identifié',
        statut: 'proposé',
        'début consultation': '01/02/2027',
        'ouverture du vote': '01/05/2027',
        'ouverture du service': '01/10/2027',
        raisons:
          'Prêt : 1 lieu d’ateliers à moins de 1 km, 100 places d’ateliers pour 96 nécessaires, partenaires d’accord ; Quartier prioritaire : à servir en premier',
      },
      {
        code: 'N4',
        secteur: '\'=HYPERLINK("x";"Bellevue")',
        quartier: 'Bellevue',
        'étape actuelle': 'consultation rejetée',
        statut: 'non planifié',
        'début consultation': '',
        'ouverture du vote': '',
        'ouverture du service': '',
        raisons:
          'Vote rejeté le 11 novembre 2026 : une nouvelle consultation attend la décision de la coordination',
      },
      {
        code: 'N6',
        secteur: 'Recouvrance',
        quartier: 'Recouvrance',
        'étape actuelle': 'évalué',
        statut: 'service ouvert',
        'début consultation': '',
        'ouverture du vote': '',
        'ouverture du service': '',
        raisons: 'Évalué le 5 mai 2025',
      },
    ]);
  });
});

describe('the plan’s milestones as an iCalendar', () => {
  const text = planIcal(plan, {
    baseUrl: 'https://palier.example.org/',
    programmeName: 'Brest, métropole',
    generatedAt: new Date('2027-01-15T08:00:00Z'),
  });
  /** The content lines, unfolded. */
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  const events = text.split('BEGIN:VEVENT').slice(1);
  const parsed = parseICS(text);

  it('has one all-day event per milestone, with UIDs stable across re-plans', () => {
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(events).toHaveLength(12);
    expect(lines.filter((l) => l.startsWith('UID:'))).toEqual([
      'UID:rollout-8-adopted@palier',
      'UID:rollout-8-works@palier',
      'UID:rollout-8-service_open@palier',
      'UID:rollout-8-evaluated@palier',
      'UID:rollout-1-consultation@palier',
      'UID:rollout-1-partners_consulted@palier',
      'UID:rollout-1-support_ready@palier',
      'UID:rollout-1-vote_open@palier',
      'UID:rollout-1-adopted@palier',
      'UID:rollout-1-works@palier',
      'UID:rollout-1-service_open@palier',
      'UID:rollout-1-evaluated@palier',
    ]);
  });

  it('writes each milestone on its day, named, linked to the sector’s page', () => {
    const vote = events.find((e) => e.includes('UID:rollout-1-vote_open@palier'))!.replace(/\r\n[ \t]/g, '');
    expect(vote).toContain('\r\nDTSTART;VALUE=DATE:20270501\r\n');
    expect(vote).toContain('\r\nDTEND;VALUE=DATE:20270502\r\n');
    expect(vote).toContain('\r\nDTSTAMP:20270115T080000Z\r\n');
    expect(vote).toContain('\r\nSUMMARY:Secteur N1 : ouverture du vote\r\n');
    expect(vote).toContain(
      '\r\nURL;VALUE=URI:https://palier.example.org/territoire/secteurs/1/deploiement\r\n',
    );
    expect(vote).toContain('\r\nTRANSP:TRANSPARENT\r\n');
    expect(lines).toContain('X-WR-CALNAME:Brest\\, métropole : calendrier du déploiement');

    const event = parsed['rollout-1-vote_open@palier'] as VEvent;
    expect(event.type).toBe('VEVENT');
    expect(event.datetype).toBe('date');
    expect(event.summary).toBe('Secteur N1 : ouverture du vote');
    expect(event.description).toBe(
      'Kerourien Nord (Kerourien) — proposé\nPrêt : 1 lieu d’ateliers à moins de 1 km, 100 places d’ateliers pour 96 nécessaires, partenaires d’accord\nQuartier prioritaire : à servir en premier',
    );
    expect((parsed['rollout-8-service_open@palier'] as VEvent).summary).toBe(
      'Secteur N8 : ouverture du service',
    );
  });

  it('has no event for a sector without milestones', () => {
    expect(text).not.toContain('rollout-4-');
    expect(text).not.toContain('rollout-6-');
  });
});
