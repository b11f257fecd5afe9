import { Link, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { listRenewalsDue, listSteeringActions } from '../../src/coordination/index.ts';
import { getHousehold } from '../../src/households/index.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { listSectors } from '../../src/territory/index.ts';
import { HouseholdSummaryView } from '../components/household-view.tsx';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Accueil — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context);
  const { db } = services(context);
  if (actor.role === 'resident') {
    return {
      role: actor.role,
      sectors: [],
      household: await getHousehold({ db, actor, householdId: actor.householdId ?? -1 }),
      alerts: null,
    };
  }
  const sectors = canAtAll(actor, 'territory.read') ? await listSectors({ db, actor }) : [];
  // What the coordinator has to act on: agreements to renew, follow-up actions past their date.
  const alerts =
    actor.role === 'coordinator'
      ? {
          renewals: (await listRenewalsDue({ db, actor })).length,
          lateActions: (await listSteeringActions({ db, actor })).filter((a) => a.overdue).length,
        }
      : null;
  return { role: actor.role, sectors, household: null, alerts };
});

/** What each role comes to Palier for, as links on its home page. */
const tasks: Record<string, { to: string; label: string }[]> = {
  admin: [
    { to: '/partenaires', label: 'home.tasks.partners' },
    { to: '/admin/jetons', label: 'home.tasks.tokens' },
    { to: '/admin/journal', label: 'home.tasks.audit' },
  ],
  coordinator: [
    { to: '/deploiement', label: 'home.tasks.rollout' },
    { to: '/coordination', label: 'home.tasks.coordination' },
    { to: '/territoire', label: 'home.tasks.territory' },
    { to: '/partenaires', label: 'home.tasks.partners' },
    { to: '/foyers', label: 'home.tasks.households' },
    { to: '/admin/journal', label: 'home.tasks.audit' },
  ],
  landlord_officer: [
    { to: '/territoire', label: 'home.tasks.territory' },
    { to: '/territoire/import', label: 'home.tasks.import' },
    { to: '/foyers', label: 'home.tasks.households' },
  ],
  operator_agent: [{ to: '/territoire', label: 'home.tasks.operatorSectors' }],
  facilitator: [
    { to: '/foyers', label: 'home.tasks.households' },
    { to: '/territoire', label: 'home.tasks.territory' },
  ],
  recycling_agent: [{ to: '/territoire', label: 'home.tasks.territory' }],
  adviser: [{ to: '/foyers', label: 'home.tasks.households' }],
  tenant_rep: [{ to: '/territoire', label: 'home.tasks.tenantSectors' }],
};

export default function Home() {
  const { role, sectors, household, alerts } = useLoaderData<typeof loader>();
  const { t, number } = useI18n();
  if (household) {
    return (
      <div className="resident">
        <h1>{t('resident.title')}</h1>
        <p className="lead">{t('resident.intro')}</p>
        <p>
          <Link className="big-link" to={`/foyers/${household.id}/internet`}>
            {t('access.internet.residentLink')}
          </Link>
        </p>
        <p>
          <Link className="big-link" to="/mes-ateliers">
            Mes ateliers : m’inscrire, voir mes séances
          </Link>
        </p>
        <p>
          <Link className="big-link" to="/rendez-vous">
            Prendre rendez-vous avec une association de consommateurs
          </Link>
        </p>
        <p>
          <Link className="big-link" to="/mon-questionnaire">
            Mon questionnaire : donner mon avis sur Internet
          </Link>
        </p>
        <HouseholdSummaryView household={household} plain />
      </div>
    );
  }
  const dwellings = sectors.reduce((sum, s) => sum + s.dwellingCount, 0);
  return (
    <>
      <h1>{t(`home.title.${role}`)}</h1>
      <p className="lead">{t(`home.intro.${role}`)}</p>
      {alerts && (alerts.renewals > 0 || alerts.lateActions > 0) ? (
        <section aria-labelledby="alerts-title">
          <h2 id="alerts-title">À suivre</h2>
          <ul>
            {alerts.renewals > 0 ? (
              <li>
                <Link to="/coordination/conventions?renouveler=oui">
                  {alerts.renewals === 1
                    ? '1 convention à renouveler'
                    : `${number(alerts.renewals)} conventions à renouveler`}
                </Link>
              </li>
            ) : null}
            {alerts.lateActions > 0 ? (
              <li>
                <Link to="/coordination/comites">
                  {alerts.lateActions === 1
                    ? '1 action du comité de pilotage en retard'
                    : `${number(alerts.lateActions)} actions du comité de pilotage en retard`}
                </Link>
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}
      <ul className="tasks">
        {(tasks[role] ?? []).map((task) => (
          <li key={task.to}>
            <Link to={task.to}>{t(task.label)}</Link>
          </li>
        ))}
      </ul>
      {sectors.length ? (
        <section aria-labelledby="sectors-title">
          <h2 id="sectors-title">{t('home.sectors', { count: sectors.length })}</h2>
          <p>{t('home.dwellingsTotal', { count: dwellings, formatted: number(dwellings) })}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('territory.sector')}</th>
                <th scope="col">{t('territory.neighbourhood')}</th>
                <th scope="col" className="num">
                  {t('territory.buildings')}
                </th>
                <th scope="col" className="num">
                  {t('territory.dwellings')}
                </th>
              </tr>
            </thead>
            <tbody>
              {sectors.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/territoire/secteurs/${s.id}`}>{s.name}</Link>
                  </td>
                  <td>{s.neighbourhoodName}</td>
                  <td className="num">{number(s.buildingCount)}</td>
                  <td className="num">{number(s.dwellingCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}
