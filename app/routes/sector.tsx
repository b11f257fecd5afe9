import { Link, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { canAtAll, NotFoundError } from '../../src/platform/permissions/index.ts';
import { listBuildings, listDwellings, listSectors } from '../../src/territory/index.ts';
import { DwellingTable } from '../components/dwelling-table.tsx';
import { NextPage, Page } from '../components/page.tsx';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = ({ loaderData }: { loaderData?: { sector: { name: string } } }) => [
  { title: `${loaderData?.sector.name ?? 'Secteur'} — Palier` },
];

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'territory.read');
  const { db } = services(context);
  const sectorId = intParam(params.id);
  const [sector] = await listSectors({ db, actor, sectorId });
  if (!sector) throw new NotFoundError('sector');
  const url = new URL(request.url);
  const after = url.searchParams.get('after') ?? undefined;
  return {
    sector,
    buildings: (await listBuildings({ db, actor, sectorId, limit: 500 })).items,
    canVotes: canAtAll(actor, 'vote.read'),
    canRollout: canAtAll(actor, 'rollout.read'),
    dwellings: canAtAll(actor, 'dwelling.read')
      ? await listDwellings({ db, actor, sectorId, after, limit: 100 })
      : null,
  };
});

export default function Sector() {
  const { sector, buildings, dwellings, canVotes, canRollout } = useLoaderData<typeof loader>();
  const { t, number, date } = useI18n();
  return (
    <Page
      title={t('territory.sectorTitle', { name: sector.name })}
      crumbs={[{ to: '/territoire', label: t('territory.title') }]}
    >
      <dl className="facts">
        <dt>{t('territory.neighbourhood')}</dt>
        <dd>{sector.neighbourhoodName}</dd>
        <dt>{t('territory.code')}</dt>
        <dd>{sector.code}</dd>
        <dt>{t('territory.buildings')}</dt>
        <dd>{number(sector.buildingCount)}</dd>
        <dt>{t('territory.dwellings')}</dt>
        <dd>{number(sector.dwellingCount)}</dd>
        <dt>{t('territory.rolloutStage')}</dt>
        <dd>
          {t(`rollout.${sector.rolloutStage}`)} (
          {t('territory.since', { date: date(sector.rolloutStageSince) })})
          {canVotes ? (
            <>
              {' · '}
              <Link to={`/consultations?secteur=${sector.id}`}>{t('territory.sectorVotes')}</Link>
            </>
          ) : null}
          {canRollout ? (
            <>
              {' · '}
              <Link to={`/territoire/secteurs/${sector.id}/deploiement`}>{t('rolloutPage.sectorLink')}</Link>
            </>
          ) : null}
        </dd>
      </dl>
      <h2>{t('territory.buildings')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('territory.address')}</th>
            <th scope="col">{t('territory.reference')}</th>
            <th scope="col" className="num">
              {t('territory.dwellings')}
            </th>
          </tr>
        </thead>
        <tbody>
          {buildings.map((b) => (
            <tr key={b.id}>
              <td>
                <Link to={`/territoire/batiments/${b.id}`}>{b.address}</Link>
              </td>
              <td>{b.reference}</td>
              <td className="num">{number(b.dwellingCount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {dwellings ? (
        <>
          <h2>{t('territory.dwellings')}</h2>
          <DwellingTable
            dwellings={dwellings.items}
            caption={t('territory.dwellingsOfSector', { name: sector.name })}
          />
          <NextPage cursor={dwellings.nextCursor} />
        </>
      ) : null}
    </Page>
  );
}
