import { type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { getBuilding, listDwellings } from '../../src/territory/index.ts';
import { DwellingTable } from '../components/dwelling-table.tsx';
import { NextPage, Page } from '../components/page.tsx';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = ({ loaderData }: { loaderData?: { building: { address: string } } }) => [
  { title: `${loaderData?.building.address ?? 'Bâtiment'} — Palier` },
];

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'territory.read');
  const { db } = services(context);
  const building = await getBuilding({ db, actor, buildingId: intParam(params.id) });
  const after = new URL(request.url).searchParams.get('after') ?? undefined;
  return {
    building,
    dwellings: canAtAll(actor, 'dwelling.read')
      ? await listDwellings({ db, actor, buildingId: building.id, after, limit: 200 })
      : null,
  };
});

export default function Building() {
  const { building, dwellings } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <Page
      title={building.address}
      crumbs={[
        { to: '/territoire', label: t('territory.title') },
        { to: `/territoire/secteurs/${building.sectorId}`, label: building.sectorName },
      ]}
    >
      <dl className="facts">
        <dt>{t('territory.address')}</dt>
        <dd>
          {building.address}, {building.postcode} {building.city}
        </dd>
        <dt>{t('territory.inseeCode')}</dt>
        <dd>{building.inseeCode}</dd>
        <dt>{t('territory.reference')}</dt>
        <dd>{building.reference}</dd>
        <dt>{t('territory.neighbourhood')}</dt>
        <dd>{building.neighbourhoodName}</dd>
        {building.latitude !== null ? (
          <>
            <dt>{t('territory.coordinates')}</dt>
            <dd>
              {building.latitude}, {building.longitude}
            </dd>
          </>
        ) : null}
      </dl>
      {dwellings ? (
        <>
          <DwellingTable dwellings={dwellings.items} caption={t('territory.dwellingsOfBuilding')} />
          <NextPage cursor={dwellings.nextCursor} />
        </>
      ) : null}
    </Page>
  );
}
