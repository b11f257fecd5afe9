// /impact: the programme's figures for a period and an area — headline numbers, the household funnel, take-up by
// sector, month by month, profiles, and every other indicator table, each chart with its table and its downloads.
// The coordinator sees the raw figures by default (and may look at them as published); everyone else sees them under
// statistical secrecy, for the sectors they serve when they serve some.
import { Form, Link, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import {
  chartFor,
  headlineFigures,
  type Indicators,
  profilesChart,
  profilesTable,
} from '../../src/impact/index.ts';
import { calendarDayText } from '../../src/platform/dates.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { secrecyLegend } from '../../src/platform/secrecy/index.ts';
import { ImpactChart } from '../components/impact-chart.tsx';
import { Page, Section } from '../components/page.tsx';
import { StatTableView } from '../components/stat-table.tsx';
import { guard } from '../lib/guard.server.ts';
import { requireActor, services } from '../lib/services.server.ts';
import { indicatorsOf, readImpactQuery } from './impact-filter.server.ts';

export const meta = () => [{ title: 'Impact du programme — Palier' }];

/** Drawn narrow: the text stays readable on a phone (scaled down) and on a wide screen (scaled up to 34rem). */
const chartWidth = 420;

/** The charts, drawn once on the server from the published (or, at the coordinator's desk, raw) tables. */
function chartsOf(indicators: Indicators) {
  const charts: Record<string, string> = {};
  for (const table of indicators.publication.tables) {
    const svg = chartFor(table, indicators, { width: chartWidth });
    if (svg) charts[table.id] = svg;
  }
  return {
    byTable: charts,
    profiles: profilesTable(indicators),
    profileChart: profilesChart(indicators, { width: chartWidth }),
  };
}

/** Where each key figure's detail is on the page. */
const sectionOfTable: Record<string, string> = {
  sectors: 'adhesion',
  funnel: 'parcours',
  series: 'mois',
  certificates: 'certificats',
  advice: 'conseil',
};

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
    if (!t) return null;
    const chart = charts.byTable[id];
    return (
      <>
        {chart ? <ImpactChart svg={chart} /> : null}
        <StatTableView
          table={t}
          threshold={threshold}
          downloads={downloads(id)}
          wholeEuros={options.wholeEuros}
        />
      </>
    );
  };
  const period = `du ${calendarDayText(indicators.filter.from)} au ${calendarDayText(indicators.filter.to)}`;
  const cards = headlineFigures(indicators).map((f) => ({
    ...f,
    to: `#${sectionOfTable[f.tableId] ?? 'chiffres-cles'}`,
  }));

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
        {table('funnel')}
      </Section>
      <Section id="adhesion" title="Adhésion par secteur">
        {table('sectors')}
      </Section>
      <Section id="mois" title="Mois par mois">
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
