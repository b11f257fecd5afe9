// Workshop figures by facility over a period, for steering the programme: counts only, no names.
import { type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { addCalendarDays, parseLocalDateTime } from '../../src/platform/dates.ts';
import { workshopStats } from '../../src/workshops/index.ts';
import { Page } from '../components/page.tsx';
import { PeriodFilter } from '../components/period-filter.tsx';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { readPeriod } from '../lib/period.server.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Bilan des ateliers — Palier' }];

const columns = [
  ['sessionsHeld', 'Séances tenues'],
  ['hoursHeld', 'Heures'],
  ['sessionsPlanned', 'Séances prévues'],
  ['participants', 'Personnes venues'],
  ['presences', 'Présences'],
  ['absences', 'Absences'],
  ['cyclesCompleted', 'Cycles terminés'],
  ['waiting', 'En attente'],
] as const;

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'workshop.stats');
  const url = new URL(request.url);
  const { from, to, typed, errors } = readPeriod(url);
  const rows = await workshopStats({
    db: services(context).db,
    actor,
    from: parseLocalDateTime(`${from}T00:00`)!,
    to: parseLocalDateTime(`${addCalendarDays(to, 1)}T00:00`)!,
  });
  const total = Object.fromEntries(
    columns.map(([key]) => [key, Math.round(rows.reduce((sum, r) => sum + r[key], 0) * 10) / 10]),
  ) as Record<(typeof columns)[number][0], number>;
  return {
    rows,
    total,
    period: { from, to },
    typed,
    errors,
  };
});

export default function WorkshopStats() {
  const { rows, total, period, typed, errors } = useLoaderData<typeof loader>();
  const { number, date } = useI18n();
  return (
    <Page title="Bilan des ateliers" crumbs={[{ to: '/ateliers', label: 'Ateliers' }]}>
      <p className="lead">
        Ce qui s’est passé dans chaque lieu sur la période : des nombres seulement, aucun nom.
      </p>
      <PeriodFilter typed={typed} errors={errors} />
      <table>
        <caption>
          Ateliers du {date(period.from)} au {date(period.to)}, par lieu
        </caption>
        <thead>
          <tr>
            <th scope="col">Lieu</th>
            {columns.map(([key, label]) => (
              <th scope="col" className="num" key={key}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.facilityId}>
              <th scope="row">{r.facilityName}</th>
              {columns.map(([key]) => (
                <td className="num" key={key}>
                  {number(r[key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            {columns.map(([key]) => (
              <td className="num" key={key}>
                <strong>{number(total[key])}</strong>
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
      {rows.length === 0 ? <p>Aucun lieu pour le moment.</p> : null}
      <p className="hint">
        Séances tenues et heures : séances passées, non annulées. Séances prévues : celles qui restent à venir
        sur la période. Personnes venues : personnes différentes présentes au moins une fois dans le lieu (au
        total, une personne venue dans deux lieux compte deux fois). En attente : inscriptions sur liste
        d’attente aujourd’hui.
      </p>
    </Page>
  );
}
