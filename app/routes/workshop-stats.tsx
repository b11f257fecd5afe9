// Workshop figures by facility over a period, for steering the programme: counts only, no names.
import { Form, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { addLocalMonths, localDate, parseLocalDateTime } from '../../src/platform/dates.ts';
import { CalendarDay } from '../../src/platform/validation.ts';
import { workshopStats } from '../../src/workshops/index.ts';
import { Page } from '../components/page.tsx';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Bilan des ateliers — Palier' }];

/** The ISO day after `day` (calendar arithmetic, no time zone involved). */
const dayAfter = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10);
};

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
  const now = new Date();
  const defaults = { from: localDate(addLocalMonths(now, -12)), to: localDate(now) };
  const typedFrom = CalendarDay.safeParse(url.searchParams.get('du') ?? defaults.from);
  const typedTo = CalendarDay.safeParse(url.searchParams.get('au') ?? defaults.to);
  const errors = {
    from: typedFrom.success ? null : 'Date de début attendue, par exemple 2026-01-01',
    to: typedTo.success
      ? typedFrom.success && typedTo.data < typedFrom.data
        ? 'La fin doit venir après le début'
        : null
      : 'Date de fin attendue, par exemple 2026-12-31',
  };
  const from = typedFrom.success && !errors.to ? typedFrom.data : defaults.from;
  const to = typedTo.success && !errors.to ? typedTo.data : defaults.to;
  const rows = await workshopStats({
    db: services(context).db,
    actor,
    from: parseLocalDateTime(`${from}T00:00`)!,
    to: parseLocalDateTime(`${dayAfter(to)}T00:00`)!,
  });
  const total = Object.fromEntries(
    columns.map(([key]) => [key, Math.round(rows.reduce((sum, r) => sum + r[key], 0) * 10) / 10]),
  ) as Record<(typeof columns)[number][0], number>;
  return {
    rows,
    total,
    period: { from, to },
    typed: { from: url.searchParams.get('du') ?? from, to: url.searchParams.get('au') ?? to },
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
      <Form method="get" className="filters">
        {(['from', 'to'] as const).map((key) => (
          <div className={`field${errors[key] ? ' has-error' : ''}`} key={key}>
            <label htmlFor={key === 'from' ? 'du' : 'au'}>{key === 'from' ? 'Du' : 'Au'}</label>
            {errors[key] ? (
              <p className="field-error" id={`${key}-error`} role="alert">
                {errors[key]}
              </p>
            ) : null}
            <input
              id={key === 'from' ? 'du' : 'au'}
              name={key === 'from' ? 'du' : 'au'}
              type="date"
              defaultValue={typed[key]}
              aria-invalid={errors[key] ? true : undefined}
              aria-describedby={errors[key] ? `${key}-error` : undefined}
            />
          </div>
        ))}
        <div className="field">
          <button type="submit">Voir le bilan</button>
        </div>
      </Form>
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
