// Anonymous counts of advice cases over a period (by topic, operator, state, month), for the coordinator and the
// landlord: a number under 11 is never shown (statistical secrecy), and no case, person or association either.
import { Link, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { adviceStats, labelOf, secrecyThreshold, statusLabels, topicLabels } from '../../src/advice/index.ts';
import { addCalendarDays, monthText } from '../../src/platform/dates.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { Page } from '../components/page.tsx';
import { PeriodFilter } from '../components/period-filter.tsx';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { readPeriod } from '../lib/period.server.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Bilan du conseil — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'advice.stats');
  const url = new URL(request.url);
  const { from, to, typed, errors } = readPeriod(url);
  const { period, ...stats } = await adviceStats({
    db: services(context).db,
    actor,
    from,
    to: addCalendarDays(to, 1),
  });
  return {
    stats,
    // Counts are for whole months: the period shown is the one counted.
    period: { from: period.from, to: addCalendarDays(period.to, -1) },
    typed,
    errors,
    canReadCases: canAtAll(actor, 'advice.read'),
  };
});

type Counts = { cells: { key: string; count: number | null }[]; total: number | null };

function CountTable({
  id,
  caption,
  heading,
  column,
  counts,
  label,
}: {
  id: string;
  caption: string;
  heading: string;
  column: string;
  counts: Counts;
  label: (key: string) => string;
}) {
  const { number } = useI18n();
  const shown = (n: number | null) => (n === null ? `< ${secrecyThreshold}` : number(n));
  return (
    <section aria-labelledby={`${id}-title`} id={id}>
      <h2 id={`${id}-title`}>{heading}</h2>
      {counts.cells.length === 0 ? (
        <p>
          {counts.total === null
            ? `Moins de ${secrecyThreshold} dossiers : le détail n’est pas montré.`
            : 'Aucun dossier sur la période.'}
        </p>
      ) : (
        <table>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{column}</th>
              <th scope="col" className="num">
                Dossiers
              </th>
            </tr>
          </thead>
          <tbody>
            {counts.cells.map((c) => (
              <tr key={c.key}>
                <th scope="row">{label(c.key)}</th>
                <td className="num">{shown(c.count)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td className="num">
                <strong>{shown(counts.total)}</strong>
              </td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}

export default function AdviceStats() {
  const { stats, period, typed, errors, canReadCases } = useLoaderData<typeof loader>();
  const { date, number } = useI18n();
  const total = stats.byTopic.total;
  const between = `du ${date(period.from)} au ${date(period.to)}`;
  return (
    <Page title="Bilan du conseil" crumbs={canReadCases ? [{ to: '/conseil', label: 'Conseil' }] : []}>
      <p className="lead">
        Les dossiers ouverts par les associations de consommateurs sur la période : des nombres seulement.
        Aucun nom, aucun dossier, aucune association n’est montré. Les nombres sont donnés par mois entiers.
      </p>
      <PeriodFilter typed={typed} errors={errors} />

      <p className="big-figure">
        {total === null
          ? `Moins de ${secrecyThreshold} dossiers ouverts ${between}.`
          : total === 0
            ? `Aucun dossier ouvert ${between}.`
            : `${number(total)} dossier${total > 1 ? 's' : ''} ouvert${total > 1 ? 's' : ''} ${between}.`}
      </p>
      <p id="secret">
        <strong>
          « &lt; {secrecyThreshold} » veut dire : moins de {secrecyThreshold} dossiers.
        </strong>{' '}
        C’est le secret statistique : un nombre de 1 à {secrecyThreshold - 1} n’est jamais montré, pour qu’on
        ne puisse pas reconnaître les personnes. Quand un seul nombre d’un tableau est caché, un autre l’est
        aussi, pour qu’on ne puisse pas le retrouver à partir du total.
      </p>

      <CountTable
        id="sujets"
        heading="Par sujet"
        column="Sujet"
        caption={`Dossiers par sujet, ${between}`}
        counts={stats.byTopic}
        label={(key) => labelOf(topicLabels, key)}
      />
      <CountTable
        id="operateurs"
        heading="Par opérateur"
        column="Opérateur"
        caption={`Dossiers par opérateur, ${between}`}
        counts={stats.byOperator}
        label={(key) => key}
      />
      <CountTable
        id="resultats"
        heading="Par résultat"
        column="Résultat"
        caption={`Dossiers par résultat (état du dossier), ${between}`}
        counts={stats.byOutcome}
        label={(key) => labelOf(statusLabels, key)}
      />
      <CountTable
        id="mois"
        heading="Par mois d’ouverture"
        column="Mois"
        caption={`Dossiers par mois d’ouverture, ${between}`}
        counts={stats.byMonth}
        label={monthText}
      />
      {canReadCases ? (
        <p>
          <Link to="/conseil">Les dossiers de votre association</Link>
        </p>
      ) : null}
    </Page>
  );
}
