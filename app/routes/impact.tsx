// /impact: the programme's figures for a period and an area — headline numbers, the household funnel, take-up by
// sector, month by month, profiles, and every other indicator table, each chart with its table and its downloads.
// The coordinator sees the raw figures by default (and may look at them as published); everyone else sees them under
// statistical secrecy, for the sectors they serve when they serve some.
import { Form, Link, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import {
  barChart,
  funnelChart,
  type Indicators,
  lineChart,
  profileComparison,
} from '../../src/impact/index.ts';
import { calendarDayText } from '../../src/platform/dates.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { cellText, type StatTable, secrecyLegend } from '../../src/platform/secrecy/index.ts';
import { ImpactChart } from '../components/impact-chart.tsx';
import { Page, Section } from '../components/page.tsx';
import { StatTableView } from '../components/stat-table.tsx';
import { guard } from '../lib/guard.server.ts';
import { requireActor, services } from '../lib/services.server.ts';
import { indicatorsOf, readImpactQuery } from './impact-filter.server.ts';

export const meta = () => [{ title: 'Impact du programme — Palier' }];

const yesNoProfiles = [
  'profile-minimum-benefits',
  'profile-single-parent',
  'profile-lives-alone',
  'profile-first-time-user',
];
const profileLabels: Record<string, string> = {
  'profile-minimum-benefits': 'Perçoit un minimum social',
  'profile-single-parent': 'Famille monoparentale',
  'profile-lives-alone': 'Vit seul·e',
  'profile-first-time-user': 'Débutant en informatique',
};

/** The charts, drawn once on the server from the published (or, at the coordinator's desk, raw) tables. */
function chartsOf(indicators: Indicators) {
  const tables = new Map(indicators.publication.tables.map((t) => [t.id, t]));
  const { threshold } = indicators;
  // Drawn narrow: the text stays readable on a phone (scaled down) and on a wide screen (scaled up to 34rem).
  const width = 420;
  const profiles = profileComparison(
    yesNoProfiles.map((id) => tables.get(id)).filter((t): t is StatTable => t !== undefined),
    profileLabels,
  );
  const funnel = tables.get('funnel');
  const sectors = tables.get('sectors');
  const series = tables.get('series');
  return {
    profiles,
    funnel: funnel ? funnelChart(funnel, { threshold, width, id: 'graphique-parcours' }) : null,
    takeUp: sectors
      ? barChart(sectors, {
          threshold,
          width,
          id: 'graphique-adhesion',
          title: 'Adhésion par secteur ouvert (%)',
          columns: ['takeUp'],
          reference: { value: indicators.takeUpReferencePercent, label: 'Référence' },
        })
      : null,
    series: series
      ? lineChart(series, {
          threshold,
          width,
          id: 'graphique-mois',
          title: 'Mois par mois : nouveaux foyers à chaque étape',
        })
      : null,
    profileChart: profiles.rows.length
      ? barChart(profiles, {
          threshold,
          width,
          id: 'graphique-profils',
          columns: ['participants', 'all'],
          labels: { participants: 'Participants', all: 'Tous les foyers des mêmes secteurs' },
        })
      : null,
  };
}

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'impact.read');
  const { db } = services(context);
  const url = new URL(request.url);
  const query = await readImpactQuery(db, actor, url);
  const mayRaw = canAtAll(actor, 'impact.manage');
  const indicators = await indicatorsOf(db, actor, query, mayRaw && url.searchParams.get('publie') !== '1');
  return {
    indicators,
    charts: chartsOf(indicators),
    query: {
      typed: query.typed,
      errors: query.errors,
      zone: query.zone,
      areas: query.areas,
      search: query.search.toString(),
    },
    mayRaw,
    canRollout: canAtAll(actor, 'rollout.read'),
  };
});

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function Filters({ query, published }: { query: Data['query']; published: boolean }) {
  const { typed, errors, zone, areas } = query;
  const dateField = (key: 'from' | 'to') => {
    const id = key === 'from' ? 'du' : 'au';
    return (
      <div className={`field${errors[key] ? ' has-error' : ''}`} key={key}>
        <label htmlFor={id}>{key === 'from' ? 'Du' : 'Au'}</label>
        {errors[key] ? (
          <p className="field-error" id={`${id}-error`} role="alert">
            {errors[key]}
          </p>
        ) : null}
        <input
          id={id}
          name={id}
          type="date"
          defaultValue={typed[key]}
          aria-invalid={errors[key] ? true : undefined}
          aria-describedby={errors[key] ? `${id}-error` : undefined}
        />
      </div>
    );
  };
  return (
    <Form method="get" className="filters" aria-label="Période et zone">
      {dateField('from')}
      {dateField('to')}
      <div className={`field${errors.zone ? ' has-error' : ''}`} style={{ maxWidth: '22rem' }}>
        <label htmlFor="zone">Zone</label>
        {errors.zone ? (
          <p className="field-error" id="zone-error" role="alert">
            {errors.zone}
          </p>
        ) : null}
        <select
          id="zone"
          name="zone"
          defaultValue={zone}
          aria-invalid={errors.zone ? true : undefined}
          aria-describedby={errors.zone ? 'zone-error' : undefined}
        >
          <option value="">{areas.scoped ? 'Tous vos secteurs' : 'Tout le programme'}</option>
          {areas.neighbourhoods.map((n) => (
            <optgroup key={n.id} label={`Quartier ${n.name}`}>
              <option value={`quartier-${n.id}`}>
                Quartier {n.name}
                {areas.scoped ? ' (vos secteurs)' : ''}, tous ses secteurs
              </option>
              {n.sectors.map((s) => (
                <option key={s.id} value={`secteur-${s.id}`}>
                  Secteur {s.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      {published ? <input type="hidden" name="publie" value="1" /> : null}
      <div className="field">
        <button type="submit">Afficher</button>
      </div>
    </Form>
  );
}

/** A headline number taken from a table's cell: hidden stays hidden. */
function headline(
  tables: Map<string, StatTable>,
  threshold: number,
  tableId: string,
  rowKey: string,
  columnKey: string,
): string {
  const table = tables.get(tableId);
  const row = rowKey === 'total' ? table?.total : table?.rows.find((r) => r.key === rowKey);
  const column = table?.columns.find((c) => c.key === columnKey);
  return row && column ? cellText(row, column, threshold, { wholeEuros: true }) : '—';
}

export default function ImpactDashboard() {
  const { indicators, charts, query, mayRaw, canRollout } = useLoaderData<typeof loader>();
  const { threshold, publication } = indicators;
  const tables = new Map(publication.tables.map((t) => [t.id, t]));
  const raw = !indicators.protected;
  const search = query.search;
  const exportSuffix = raw ? '&brut=1' : '';
  const downloads = (id: string) => ({
    csv: `/impact/export.csv?table=${id}&${search}${exportSuffix}`,
    xlsx: `/impact/export.xlsx?${search}${exportSuffix}`,
  });
  const table = (id: string, options: { wholeEuros?: boolean } = {}) => {
    const t = tables.get(id);
    return t ? (
      <StatTableView
        table={t}
        threshold={threshold}
        downloads={downloads(id)}
        wholeEuros={options.wholeEuros}
      />
    ) : null;
  };
  const period = `du ${calendarDayText(indicators.filter.from)} au ${calendarDayText(indicators.filter.to)}`;
  const cards: { value: string; label: string; to: string }[] = [
    {
      value: headline(tables, threshold, 'sectors', 'total', 'takeUp'),
      label: `des foyers des secteurs ouverts ont adhéré (référence : ${indicators.takeUpReferencePercent} %)`,
      to: '#adhesion',
    },
    {
      value: headline(tables, threshold, 'funnel', 'signedUp', 'households'),
      label: 'foyers inscrits',
      to: '#parcours',
    },
    {
      value: headline(tables, threshold, 'funnel', 'connected', 'households'),
      label: 'foyers raccordés',
      to: '#parcours',
    },
    {
      value: headline(tables, threshold, 'funnel', 'equipped', 'households'),
      label: 'foyers équipés d’un ordinateur',
      to: '#parcours',
    },
    {
      value: headline(tables, threshold, 'series', 'total', 'hours'),
      label: 'heures d’atelier dans la période',
      to: '#mois',
    },
    {
      value: headline(tables, threshold, 'certificates', 'total', 'issued'),
      label: 'certificats délivrés dans la période',
      to: '#certificats',
    },
    {
      value: headline(tables, threshold, 'advice', 'total', 'recovered'),
      label: 'récupérés par le conseil juridique',
      to: '#conseil',
    },
  ];

  return (
    <Page title="Impact du programme">
      <p className="lead">
        {indicators.areaLabel}, {period}. Ces chiffres sont calculés à partir de ce qui est enregistré dans
        Palier ; les foyers sont comptés au dernier jour de la période.
      </p>
      {raw ? (
        <div className="form-error" data-banner="raw">
          <p>
            <strong>Chiffres bruts : ne pas diffuser.</strong> Vous voyez les nombres exacts, sans secret
            statistique : ils restent au bureau de la coordination.
          </p>
          <p>
            <Link to={`?${search}&publie=1`}>Voir comme publié</Link>
          </p>
        </div>
      ) : mayRaw ? (
        <div className="notice">
          <p>Vous voyez les chiffres comme ils sont publiés, sous secret statistique.</p>
          <p>
            <Link to={`?${search}`}>Revenir aux chiffres bruts</Link>
          </p>
        </div>
      ) : (
        <p>
          Chiffres publiés sous secret statistique : aucun nombre de moins de {threshold} personnes n’est
          montré.
          {query.areas.scoped ? ' Vous voyez les secteurs que suit votre organisation.' : ''}
        </p>
      )}
      <Filters query={query} published={mayRaw && !raw} />
      <ul className="tasks">
        <li>
          <Link to="/bilans">Bilans</Link>
        </li>
        {canRollout ? (
          <li>
            <Link to="/deploiement/carte">Carte du déploiement</Link>
          </li>
        ) : null}
        <li>
          <a href={downloads('funnel').xlsx} download>
            Tous les tableaux (XLSX)
          </a>
        </li>
        {mayRaw ? (
          <li>
            <Link to="/impact/reglages">Réglages des chiffres</Link>
          </li>
        ) : null}
      </ul>

      <Section id="chiffres-cles" title="Chiffres clés">
        <ul className="cards">
          {cards.map((c) => (
            <li key={c.label}>
              <span className="big-figure">{c.value}</span>
              <span>{c.label}</span>
              <a href={c.to}>
                Voir le détail<span className="visually-hidden"> : {c.label}</span>
              </a>
            </li>
          ))}
        </ul>
        {raw ? null : <p className="hint">{secrecyLegend(threshold)}</p>}
      </Section>

      <nav aria-label="Sur cette page">
        <ul className="links">
          {[
            ['parcours', 'Parcours des foyers'],
            ['adhesion', 'Adhésion par secteur'],
            ['mois', 'Mois par mois'],
            ['profils', 'Profils des participants'],
            ['couverture', 'Couverture et consultations'],
            ['raccordements', 'Raccordements'],
            ['equipement', 'Ordinateurs'],
            ['ateliers', 'Ateliers'],
            ['certificats', 'Certificats'],
            ['conseil', 'Conseil juridique'],
            ['argent', 'Charges et subventions'],
            ['questionnaire', 'Questionnaire avant / après'],
          ].map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>

      <Section id="parcours" title="Parcours des foyers">
        {charts.funnel ? <ImpactChart svg={charts.funnel} /> : null}
        {table('funnel')}
      </Section>
      <Section id="adhesion" title="Adhésion par secteur">
        {charts.takeUp ? <ImpactChart svg={charts.takeUp} /> : null}
        {table('sectors')}
      </Section>
      <Section id="mois" title="Mois par mois">
        {charts.series ? <ImpactChart svg={charts.series} /> : null}
        {table('series')}
      </Section>
      <Section id="profils" title="Profils des participants">
        {charts.profileChart ? <ImpactChart svg={charts.profileChart} /> : null}
        <StatTableView table={charts.profiles} threshold={threshold} />
        {table('profile-minimum-benefits')}
        {table('profile-single-parent')}
        {table('profile-lives-alone')}
        {table('profile-first-time-user')}
        {table('profile-age')}
      </Section>
      <Section id="couverture" title="Couverture et consultations">
        {table('coverage')}
        {table('votes')}
      </Section>
      <Section id="raccordements" title="Raccordements : délais et échecs">
        {table('activation')}
        {table('failures')}
      </Section>
      <Section id="equipement" title="Ordinateurs">
        {table('equipment')}
      </Section>
      <Section id="ateliers" title="Ateliers">
        {table('workshops')}
      </Section>
      <Section id="certificats" title="Certificats">
        {table('certificates')}
      </Section>
      <Section id="conseil" title="Conseil juridique">
        {table('advice', { wholeEuros: true })}
      </Section>
      <Section id="argent" title="Charges et subventions">
        {table('charges')}
        {table('subsidies', { wholeEuros: true })}
      </Section>
      <Section id="questionnaire" title="Questionnaire avant / après">
        {table('questionnaire')}
      </Section>
    </Page>
  );
}
