// /questionnaires: the households to ask the « after » questionnaire — « before » answered six months ago or more,
// nothing since — the longest waiting first, with their phone to call and a link to the form. A facility sees the
// households of its sectors.
import { Link, type LoaderFunctionArgs, redirect, useLoaderData } from 'react-router';
import { questionnairesDue } from '../../src/impact/index.ts';
import { calendarDayText, localDate } from '../../src/platform/dates.ts';
import { Page } from '../components/page.tsx';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { optionalIntParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Questionnaires à faire — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'questionnaire.record');
  if (actor.role === 'resident') throw redirect('/mon-questionnaire');
  const today = localDate(new Date());
  const due = await questionnairesDue({ db: services(context).db, actor, today });
  const sectors = [
    ...new Map(
      due.filter((d) => d.sectorId !== null).map((d) => [d.sectorId!, d.sectorName ?? '']),
    ).entries(),
  ]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const sectorId = optionalIntParam(new URL(request.url).searchParams.get('secteur')) ?? null;
  return {
    today,
    total: due.length,
    sectors,
    sectorId,
    rows: sectorId === null ? due : due.filter((d) => d.sectorId === sectorId),
  };
});

export default function Questionnaires() {
  const { today, total, sectors, sectorId, rows } = useLoaderData<typeof loader>();
  const { number } = useI18n();
  return (
    <Page title="Questionnaires à faire">
      <p className="lead">
        Six mois après le questionnaire « avant », on pose les mêmes questions aux foyers : c’est ainsi que le
        bilan montre ce qui a changé. Appelez-les ou voyez-les à l’atelier, puis remplissez le questionnaire «
        après » avec eux.
      </p>
      <p>
        {total === 0
          ? `Aucun foyer à interroger au ${calendarDayText(today)} : un foyer apparaît ici six mois après son questionnaire « avant ».`
          : total === 1
            ? '1 foyer à interroger.'
            : `${number(total)} foyers à interroger.`}
      </p>
      {sectors.length > 1 ? (
        <form method="get" action="/questionnaires" className="filters" aria-label="Choisir le secteur">
          <div className="field">
            <label htmlFor="secteur">Secteur</label>
            <select id="secteur" name="secteur" defaultValue={sectorId ?? ''}>
              <option value="">Tous les secteurs</option>
              {sectors.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <button type="submit">Afficher</button>
          </div>
        </form>
      ) : null}
      {rows.length ? (
        <table>
          <caption className="visually-hidden">
            Foyers à interroger, ceux qui attendent depuis le plus longtemps en premier
          </caption>
          <thead>
            <tr>
              <th scope="col">Foyer</th>
              <th scope="col">Nom</th>
              <th scope="col">Téléphone</th>
              <th scope="col">Secteur</th>
              <th scope="col">« Avant » rempli le</th>
              <th scope="col">« Après » à faire depuis le</th>
              <th scope="col">Questionnaire</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.householdId}>
                <th scope="row">
                  <Link to={`/foyers/${r.householdId}`}>{r.reference}</Link>
                </th>
                <td>{r.name ?? '—'}</td>
                <td>{r.phone ?? '—'}</td>
                <td>{r.sectorName ?? '—'}</td>
                <td>{calendarDayText(r.beforeOn)}</td>
                <td>{calendarDayText(r.dueFrom)}</td>
                <td>
                  <Link to={`/foyers/${r.householdId}/questionnaire`}>
                    Remplir
                    <span className="visually-hidden"> le questionnaire « après » de {r.reference}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}
