import { Link, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { listDwellingTenancies } from '../../src/households/index.ts';
import { can } from '../../src/platform/permissions/index.ts';
import { getDwelling } from '../../src/territory/index.ts';
import { Page } from '../components/page.tsx';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = ({ loaderData }: { loaderData?: { dwelling: { landlordReference: string } } }) => [
  { title: `Logement ${loaderData?.dwelling.landlordReference ?? ''} — Palier` },
];

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'dwelling.read');
  const { db } = services(context);
  const dwelling = await getDwelling({ db, actor, dwellingId: intParam(params.id) });
  const tenancies = await listDwellingTenancies({ db, actor, dwellingId: dwelling.id });
  return {
    dwelling,
    tenancies,
    canCreateHousehold: can(actor, 'household.create', {
      programmeId: actor.programmeId,
      sectorIds: [dwelling.sectorId],
    }),
  };
});

export default function Dwelling() {
  const { dwelling, tenancies, canCreateHousehold } = useLoaderData<typeof loader>();
  const { t, date } = useI18n();
  const occupied = tenancies?.some((x) => x.endDate === null);
  return (
    <Page
      title={t('territory.dwellingTitle', { ref: dwelling.landlordReference })}
      crumbs={[
        { to: '/territoire', label: t('territory.title') },
        { to: `/territoire/secteurs/${dwelling.sectorId}`, label: dwelling.sectorName },
        { to: `/territoire/batiments/${dwelling.buildingId}`, label: dwelling.address },
      ]}
    >
      <dl className="facts">
        <dt>{t('territory.address')}</dt>
        <dd>
          {dwelling.address}, {dwelling.postcode} {dwelling.city}
        </dd>
        <dt>{t('territory.floor')}</dt>
        <dd>{dwelling.floor ?? '—'}</dd>
        <dt>{t('territory.rooms')}</dt>
        <dd>{dwelling.rooms ?? '—'}</dd>
        <dt>{t('territory.status')}</dt>
        <dd>{t(`dwellingStatus.${dwelling.status}`)}</dd>
      </dl>
      {tenancies ? (
        <section aria-labelledby="tenancies-title">
          <h2 id="tenancies-title">{t('household.tenancies')}</h2>
          {tenancies.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('household.title')}</th>
                  <th scope="col">{t('household.from')}</th>
                  <th scope="col">{t('household.to')}</th>
                </tr>
              </thead>
              <tbody>
                {tenancies.map((x) => (
                  <tr key={`${x.id}-${x.firstName}`}>
                    <td>
                      <Link to={`/foyers/${x.householdId}`}>
                        {x.householdReference} — {x.firstName} {x.lastName}
                      </Link>
                    </td>
                    <td>{date(x.startDate)}</td>
                    <td>{x.endDate ? date(x.endDate) : t('household.current')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t('territory.noTenancy')}</p>
          )}
        </section>
      ) : null}
      {canCreateHousehold && !occupied ? (
        <p>
          <Link to={`/foyers/nouveau?logement=${dwelling.id}`}>{t('household.register')}</Link>
        </p>
      ) : null}
    </Page>
  );
}
