// The indicator tables, built from the queries' rows: pure functions, one per table, French labels. Each declares
// what its columns measure (people are subject to statistical secrecy), which add up to the total row, and which
// cells are the same number as another table's (links), so that secrecy can be applied to them together.
import { monthText } from '../platform/dates.ts';
import { translator } from '../platform/i18n/index.ts';
import type { CellRef, StatColumn, StatRow, StatTable } from '../platform/secrecy/index.ts';
import type { SectorMonthCharges } from './charge-summary.ts';
import {
  type FunnelStep,
  funnelSteps,
  type MonthFlows,
  type PeriodVote,
  type ProfileAttribute,
  profileAttributes,
  type SectorActivation,
} from './queries.ts';
import type { IndicatorChange } from './questionnaires.ts';

const t = translator('fr');

const people = (key: string, label: string, extra: Partial<StatColumn> = {}): StatColumn => ({
  key,
  label,
  measure: 'people',
  ...extra,
});
const count = (key: string, label: string): StatColumn => ({ key, label, measure: 'count' });
const cents = (key: string, label: string, extra: Partial<StatColumn> = {}): StatColumn => ({
  key,
  label,
  measure: 'cents',
  ...extra,
});
const percent = (key: string, label: string, numerator: string, denominator: string): StatColumn => ({
  key,
  label,
  measure: 'percent',
  of: { numerator, denominator },
});
const ratio = (numerator: number, denominator: number) =>
  denominator > 0 ? Math.round((1000 * numerator) / denominator) / 10 : null;

/** Sums every additive column of the rows (people, counts, money, hours); derived columns come from `derive`. */
function totalRow(
  columns: StatColumn[],
  rows: StatRow[],
  derive: (values: Record<string, number | null>) => Record<string, number | null> = () => ({}),
  label = 'Ensemble',
): StatRow {
  const values: Record<string, number | null> = {};
  for (const c of columns) {
    const additive = c.additive ?? ['people', 'count', 'cents', 'hours', 'days'].includes(c.measure);
    values[c.key] = additive ? rows.reduce((n, r) => n + (r.values[c.key] ?? 0), 0) : null;
  }
  return { key: 'total', label, values: { ...values, ...derive(values) } };
}

export const stageLabel = (stage: string) => t(`rollout.${stage}`);

export interface SectorLine {
  id: number;
  code: string;
  name: string;
  stage: string;
  dwellings: number;
  buildings: number;
  open: boolean;
}

/** Sectors, dwellings and buildings by roll-out stage on the period's last day (no people: never hidden). */
export function coverageTable(sectors: SectorLine[], stages: readonly string[]): StatTable {
  const columns = [
    count('sectors', 'Secteurs'),
    count('dwellings', 'Logements'),
    count('buildings', 'Bâtiments'),
  ];
  const rows = stages
    .map((stage) => {
      const of = sectors.filter((s) => s.stage === stage);
      return {
        key: stage,
        label: stageLabel(stage),
        values: {
          sectors: of.length,
          dwellings: of.reduce((n, s) => n + s.dwellings, 0),
          buildings: of.reduce((n, s) => n + s.buildings, 0),
        },
      };
    })
    .filter((r) => r.values.sectors > 0);
  return {
    id: 'coverage',
    title: 'Couverture : secteurs par étape du déploiement',
    rowHeader: 'Étape',
    columns,
    rows,
    total: totalRow(columns, rows),
    note: 'Étape de chaque secteur au dernier jour de la période.',
  };
}

export function votesTable(votes: PeriodVote[], dayText: (day: string) => string): StatTable {
  const columns = [
    count('dwellings', 'Logements consultés'),
    people('cast', 'Votes exprimés'),
    percent('turnout', 'Participation (%)', 'cast', 'dwellings'),
    people('yes', 'Pour'),
    people('no', 'Contre'),
  ];
  const rows = votes.map((v) => ({
    key: String(v.id),
    label: `${v.sector_code}, clos le ${dayText(v.closes_on)}${v.result === 'adopted' ? ' — adopté' : v.result === 'rejected' ? ' — rejeté' : ''}`,
    values: {
      dwellings: v.dwellings,
      cast: v.cast,
      turnout: ratio(v.cast, v.dwellings),
      yes: v.yes,
      no: v.no,
    },
  }));
  return {
    id: 'votes',
    title: 'Consultations des locataires closes dans la période',
    rowHeader: 'Consultation',
    columns,
    rows,
    total:
      rows.length > 1
        ? totalRow(columns, rows, (v) => ({ turnout: ratio(v.cast ?? 0, v.dwellings ?? 0) }))
        : undefined,
  };
}

export const funnelLabels: Record<FunnelStep, string> = {
  informed: 'Informés',
  signedUp: 'Inscrits',
  connected: 'Raccordés',
  equipped: 'Équipés d’un ordinateur',
  attended: 'Venus à un atelier',
  completed: 'Ont suivi un cycle complet',
  certified: 'Ont obtenu un certificat',
};

export type SectorHouseholdCounts = { households: number } & Record<FunnelStep, number> &
  Record<string, number>;

/** The funnel: from the households living in the open sectors to certificates, each step among the previous one. */
export function funnelTable(total: SectorHouseholdCounts, dwellingsCovered: number): StatTable {
  const columns = [people('households', 'Foyers', { additive: false })];
  const steps: { key: string; label: string; n: number }[] = [
    { key: 'residents', label: 'Foyers des secteurs ouverts', n: total.households },
    ...funnelSteps.map((step) => ({ key: step, label: funnelLabels[step], n: total[step] })),
  ];
  const rows = steps.map((s) => ({ key: s.key, label: s.label, values: { households: s.n } }));
  return {
    id: 'funnel',
    title: 'Parcours des foyers',
    rowHeader: 'Étape',
    columns,
    rows,
    note: `${dwellingsCovered.toLocaleString('fr-FR')} logements couverts. Chaque étape compte les foyers qui ont aussi franchi les précédentes, au dernier jour de la période.`,
  };
}

/** Per open sector: households, the funnel's steps and take-up against the reference. */
export function sectorsTable(
  sectors: SectorLine[],
  bySector: Map<number, SectorHouseholdCounts>,
  referencePercent: number,
): StatTable {
  const columns = [
    count('dwellings', 'Logements'),
    people('households', 'Foyers'),
    ...funnelSteps.map((step) => people(step, funnelLabels[step])),
    percent('takeUp', `Adhésion (%, référence ${referencePercent} %)`, 'signedUp', 'households'),
  ];
  const rows = sectors
    .filter((s) => s.open)
    .map((s) => {
      const c = bySector.get(s.id);
      const values: Record<string, number | null> = {
        dwellings: s.dwellings,
        households: c?.households ?? 0,
      };
      for (const step of funnelSteps) values[step] = c?.[step] ?? 0;
      values.takeUp = ratio(values.signedUp ?? 0, values.households ?? 0);
      return { key: String(s.id), label: `${s.code} — ${s.name}`, values };
    });
  return {
    id: 'sectors',
    title: 'Par secteur ouvert',
    rowHeader: 'Secteur',
    columns,
    rows,
    total: totalRow(columns, rows, (v) => ({ takeUp: ratio(v.signedUp ?? 0, v.households ?? 0) })),
  };
}

const profileTitles: Record<ProfileAttribute, string> = {
  minimumBenefits: 'Profil : perçoit un minimum social',
  singleParent: 'Profil : famille monoparentale',
  livesAlone: 'Profil : vit seul·e',
  firstTimeUser: 'Profil : débutant en informatique',
  ageBand: 'Profil : âge de la personne de référence',
};
export const profileTableId = (attribute: ProfileAttribute) =>
  `profile-${attribute.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace('age-band', 'age')}`;
const valueLabel = (attribute: ProfileAttribute, value: string) =>
  attribute === 'ageBand' ? t(`ageBands.${value}`) : t(`answers.${value}`);

/**
 * A profile of participants (households signed up) against all households of the same sectors, per sector: each
 * answer's count and share. Answers partition each group (everyone is « oui », « non » or « non renseigné »).
 */
export function profileTable(
  attribute: ProfileAttribute,
  sectors: SectorLine[],
  bySector: Map<number, SectorHouseholdCounts>,
): StatTable {
  const values = profileAttributes[attribute].values as readonly string[];
  const headline = values[0]!;
  const columns: StatColumn[] = [
    people('participants', 'Participants'),
    ...values.map((v) => people(`p_${v}`, `Participants : ${valueLabel(attribute, v)}`)),
    percent(
      'p_share',
      `Participants : ${valueLabel(attribute, headline)} (%)`,
      `p_${headline}`,
      'participants',
    ),
    people('all', 'Tous les foyers'),
    ...values.map((v) => people(`a_${v}`, `Tous : ${valueLabel(attribute, v)}`)),
    percent('a_share', `Tous : ${valueLabel(attribute, headline)} (%)`, `a_${headline}`, 'all'),
  ];
  const rowOf = (key: string, label: string, c: SectorHouseholdCounts | undefined): StatRow => {
    const row: Record<string, number | null> = { participants: c?.signedUp ?? 0, all: c?.households ?? 0 };
    for (const v of values) {
      row[`p_${v}`] = c?.[`participants_${attribute}_${v}`] ?? 0;
      row[`a_${v}`] = c?.[`all_${attribute}_${v}`] ?? 0;
    }
    row.p_share = ratio(row[`p_${headline}`] ?? 0, row.participants ?? 0);
    row.a_share = ratio(row[`a_${headline}`] ?? 0, row.all ?? 0);
    return { key, label, values: row };
  };
  const rows = sectors
    .filter((s) => s.open)
    .map((s) => rowOf(String(s.id), `${s.code} — ${s.name}`, bySector.get(s.id)));
  const total = totalRow(columns, rows, (v) => ({
    p_share: ratio(v[`p_${headline}`] ?? 0, v.participants ?? 0),
    a_share: ratio(v[`a_${headline}`] ?? 0, v.all ?? 0),
  }));
  return {
    id: profileTableId(attribute),
    title: profileTitles[attribute],
    rowHeader: 'Secteur',
    columns,
    rows,
    total,
    partitions: [
      { total: 'participants', parts: values.map((v) => `p_${v}`), exhaustive: true },
      { total: 'all', parts: values.map((v) => `a_${v}`), exhaustive: true },
    ],
    note: 'Participants : foyers inscrits au service. Tous : foyers qui habitent les mêmes secteurs.',
  };
}

/** The same numbers in several tables: secrecy must hide them in all or none. */
export function indicatorLinks(sectors: StatTable, profiles: StatTable[]): [CellRef, CellRef][] {
  const links: [CellRef, CellRef][] = [
    [
      { table: 'funnel', row: 'residents', column: 'households' },
      { table: 'sectors', row: 'total', column: 'households' },
    ],
    ...funnelSteps.map((step): [CellRef, CellRef] => [
      { table: 'funnel', row: step, column: 'households' },
      { table: 'sectors', row: 'total', column: step },
    ]),
  ];
  for (const profile of profiles) {
    for (const row of [...sectors.rows.map((r) => r.key), 'total']) {
      links.push([
        { table: profile.id, row, column: 'participants' },
        { table: 'sectors', row, column: 'signedUp' },
      ]);
      links.push([
        { table: profile.id, row, column: 'all' },
        { table: 'sectors', row, column: 'households' },
      ]);
    }
  }
  return links;
}

/** Month by month: first sign-ups, connections, computers, first workshops, certificates, sessions, charges. */
export function seriesTable(months: MonthFlows[], charges: SectorMonthCharges[]): StatTable {
  const billed = new Map<string, number>();
  for (const c of charges) billed.set(c.month.slice(0, 7), (billed.get(c.month.slice(0, 7)) ?? 0) + c.cents);
  const columns: StatColumn[] = [
    people('signedUp', 'Nouveaux inscrits'),
    people('connected', 'Nouveaux raccordés'),
    people('equipped', 'Foyers équipés'),
    people('newParticipants', 'Premiers ateliers'),
    people('certificates', 'Certificats'),
    count('sessions', 'Séances tenues'),
    { key: 'hours', label: 'Heures d’atelier', measure: 'hours' },
    cents('chargesCents', 'Charges facturées'),
  ];
  const rows = months.map((m) => ({
    key: m.month,
    label: monthText(`${m.month}-01`),
    values: {
      signedUp: m.signedUp,
      connected: m.connected,
      equipped: m.equipped,
      newParticipants: m.newParticipants,
      certificates: m.certificates,
      sessions: m.sessions,
      hours: m.hours,
      chargesCents: billed.get(m.month) ?? 0,
    },
  }));
  const total = totalRow(columns, rows, undefined, 'Période');
  total.values.hours = Math.round((total.values.hours ?? 0) * 10) / 10;
  return { id: 'series', title: 'Mois par mois', rowHeader: 'Mois', columns, rows, total };
}

export function activationTable(
  sectors: SectorLine[],
  delays: { bySector: SectorActivation[]; total?: Omit<SectorActivation, 'sector_id'> },
): StatTable {
  const columns: StatColumn[] = [
    people('activated', 'Raccordements'),
    { key: 'median', label: 'Délai médian (jours)', measure: 'median', of: { basis: 'activated' } },
    { key: 'p90', label: 'Délai pour 9 sur 10 (jours)', measure: 'median', of: { basis: 'activated' } },
    people('failed', 'Échecs'),
  ];
  const by = new Map(delays.bySector.map((d) => [d.sector_id, d]));
  const rows = sectors
    .filter((s) => by.has(s.id))
    .map((s) => {
      const d = by.get(s.id)!;
      return {
        key: String(s.id),
        label: `${s.code} — ${s.name}`,
        values: { activated: d.activated, median: d.median_days, p90: d.p90_days, failed: d.failed },
      };
    });
  const total = totalRow(columns, rows, () => ({
    median: delays.total?.median_days ?? null,
    p90: delays.total?.p90_days ?? null,
  }));
  return {
    id: 'activation',
    title: 'Raccordements : délais entre la demande et l’activation',
    rowHeader: 'Secteur',
    columns,
    rows,
    total,
  };
}

export function failuresTable(failures: { reason: string; failed: number }[]): StatTable {
  const columns = [people('failed', 'Échecs')];
  const rows = failures.map((f) => ({
    key: f.reason,
    label: t(`access.failure.${f.reason}`),
    values: { failed: f.failed },
  }));
  return {
    id: 'failures',
    title: 'Raccordements échoués, par raison',
    rowHeader: 'Raison',
    columns,
    rows,
    total: totalRow(columns, rows),
  };
}

const tierLabels: Record<string, string> = { standard: 'Ordinateur à 40 €', premium: 'Ordinateur à 70 €' };

export function equipmentTable(
  tiers: {
    tier: string;
    handed_over: number;
    served: number;
    median_wait_days: number | null;
    waiting: number;
  }[],
): StatTable {
  const columns: StatColumn[] = [
    people('handedOver', 'Remis dans la période'),
    people('served', 'Servis depuis la liste d’attente'),
    { key: 'wait', label: 'Attente médiane (jours)', measure: 'median', of: { basis: 'served' } },
    people('waiting', 'En attente à la fin'),
  ];
  const rows = tiers.map((r) => ({
    key: r.tier,
    label: tierLabels[r.tier] ?? r.tier,
    values: { handedOver: r.handed_over, served: r.served, wait: r.median_wait_days, waiting: r.waiting },
  }));
  return {
    id: 'equipment',
    title: 'Ordinateurs reconditionnés',
    rowHeader: 'Gamme',
    columns,
    rows,
    total: totalRow(columns, rows),
  };
}

export function workshopsTable(
  facilities: {
    facility: string | null;
    sessions: number;
    hours: number;
    participants: number;
    cycle_participants: number;
    completed: number;
  }[],
): StatTable {
  const columns: StatColumn[] = [
    count('sessions', 'Séances'),
    { key: 'hours', label: 'Heures', measure: 'hours' },
    people('participants', 'Personnes venues', { additive: false }),
    people('cycleParticipants', 'Inscrits à un cycle terminé', { additive: false }),
    people('completed', 'Cycle suivi en entier', { additive: false }),
    percent('completion', 'Taux d’achèvement (%)', 'completed', 'cycleParticipants'),
  ];
  const toValues = (f: (typeof facilities)[number]) => ({
    sessions: f.sessions,
    hours: f.hours,
    participants: f.participants,
    cycleParticipants: f.cycle_participants,
    completed: f.completed,
    completion: ratio(f.completed, f.cycle_participants),
  });
  const all = facilities.find((f) => f.facility === null);
  const rows = facilities
    .filter((f) => f.facility !== null)
    .map((f) => ({ key: f.facility!, label: f.facility!, values: toValues(f) }));
  return {
    id: 'workshops',
    title: 'Ateliers par lieu',
    rowHeader: 'Lieu',
    columns,
    rows,
    total: all
      ? {
          key: 'total',
          label: 'Ensemble (une personne venue en deux lieux compte une fois)',
          values: toValues(all),
        }
      : undefined,
  };
}

export function certificatesTable(levels: { level: string; issued: number }[]): StatTable {
  const columns = [people('issued', 'Certificats délivrés')];
  const rows = levels.map((l) => ({ key: l.level, label: l.level, values: { issued: l.issued } }));
  return {
    id: 'certificates',
    title: 'Certificats de compétences',
    rowHeader: 'Niveau',
    columns,
    rows,
    total: totalRow(columns, rows),
  };
}

export function adviceTable(
  topics: { topic: string; opened: number; resolved: number; recovered_cents: number }[],
  topicLabel: (topic: string) => string,
): StatTable {
  const columns = [
    people('opened', 'Dossiers ouverts'),
    people('resolved', 'Résolus'),
    cents('recovered', 'Sommes récupérées', { of: { basis: 'opened' } }),
  ];
  const rows = topics.map((r) => ({
    key: r.topic,
    label: topicLabel(r.topic),
    values: { opened: r.opened, resolved: r.resolved, recovered: r.recovered_cents },
  }));
  return {
    id: 'advice',
    title: 'Conseil juridique, par sujet',
    rowHeader: 'Sujet',
    columns,
    rows,
    total: totalRow(columns, rows),
  };
}

export function chargesTable(sectors: SectorLine[], charges: SectorMonthCharges[]): StatTable {
  const columns = [count('lines', 'Mois-logements facturés'), cents('cents', 'Charges facturées')];
  const by = new Map<number, { lines: number; cents: number }>();
  for (const c of charges) {
    const sum = by.get(c.sector_id) ?? { lines: 0, cents: 0 };
    by.set(c.sector_id, { lines: sum.lines + c.lines, cents: sum.cents + c.cents });
  }
  const rows = sectors
    .filter((s) => by.has(s.id))
    .map((s) => ({ key: String(s.id), label: `${s.code} — ${s.name}`, values: { ...by.get(s.id)! } }));
  return {
    id: 'charges',
    title: 'Charges d’accès à Internet facturées, par secteur',
    rowHeader: 'Secteur',
    columns,
    rows,
    total: totalRow(columns, rows),
    note: 'Un mois-logement : la charge d’un logement pour un mois (les régularisations comptent aussi).',
  };
}

export function subsidiesTable(
  rows: { organisation: string; planned: number; committed: number; paid: number }[],
): StatTable {
  const columns = [cents('planned', 'Prévu'), cents('committed', 'Voté'), cents('paid', 'Versé')];
  const lines = rows.map((r) => ({
    key: r.organisation,
    label: r.organisation,
    values: { planned: r.planned, committed: r.committed, paid: r.paid },
  }));
  return {
    id: 'subsidies',
    title: 'Subventions aux associations (années de la période)',
    rowHeader: 'Association',
    columns,
    rows: lines,
    total: totalRow(columns, lines),
  };
}

export function questionnaireTable(changes: IndicatorChange[]): StatTable {
  const columns: StatColumn[] = [
    people('respondents', 'Foyers ayant répondu deux fois'),
    people('before', 'Avant'),
    percent('beforeShare', 'Avant (%)', 'before', 'respondents'),
    people('after', 'Six mois après'),
    percent('afterShare', 'Six mois après (%)', 'after', 'respondents'),
    { key: 'change', label: 'Évolution (points)', measure: 'score', of: { basis: 'respondents' } },
  ];
  const rows = changes.map((c) => {
    const before = ratio(c.before, c.respondents);
    const after = ratio(c.after, c.respondents);
    return {
      key: c.indicator.key,
      label: c.indicator.label,
      values: {
        respondents: c.respondents,
        before: c.before,
        beforeShare: before,
        after: c.after,
        afterShare: after,
        change: before === null || after === null ? null : Math.round((after - before) * 10) / 10,
      },
    };
  });
  return {
    id: 'questionnaire',
    title: 'Questionnaire avant / après : ce qui a changé',
    rowHeader: 'Indicateur',
    columns: columns.map((c) => ({ ...c, additive: false })),
    rows,
    note: 'Foyers qui ont répondu à l’inscription puis six mois après (réponse dans la période).',
  };
}

/**
 * The funnel as people read it, from the published numbers only: each step's share of the households of the open
 * sectors and the households lost since the step before (null when a number it needs is hidden).
 */
export function funnelShares(funnel: StatTable) {
  const base = funnel.rows[0]?.values.households ?? null;
  return funnel.rows.map((row, i) => {
    const n = row.values.households ?? null;
    const previous = i === 0 ? null : (funnel.rows[i - 1]!.values.households ?? null);
    return {
      key: row.key,
      label: row.label,
      households: n,
      secret: row.secret?.households,
      share: n === null || base === null ? null : ratio(n, base),
      dropped: i === 0 || n === null || previous === null ? null : previous - n,
    };
  });
}
