import { Link, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { listVotes } from '../../src/votes/index.ts';
import { NextPage, Page } from '../components/page.tsx';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { optionalIntParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Consultations des locataires — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'vote.read');
  const url = new URL(request.url);
  const before = optionalIntParam(url.searchParams.get('before'));
  const sectorId = optionalIntParam(url.searchParams.get('secteur'));
  const page = await listVotes({ db: services(context).db, actor, beforeId: before, sectorId });
  return { ...page, canCreate: canAtAll(actor, 'vote.create') };
});

export default function Votes() {
  const { votes, nextBeforeId, canCreate } = useLoaderData<typeof loader>();
  const { t, date, number, percent } = useI18n();
  return (
    <Page
      title={t('votes.title')}
      actions={
        canCreate ? (
          <Link className="button" to="/consultations/nouvelle">
            {t('votes.new')}
          </Link>
        ) : null
      }
    >
      <p>{t('votes.intro')}</p>
      {votes.length === 0 ? (
        <p>{t('votes.none')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('votes.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('votes.reference')}</th>
              <th scope="col">{t('votes.sector')}</th>
              <th scope="col">{t('votes.procedure')}</th>
              <th scope="col">{t('votes.window')}</th>
              <th scope="col">{t('votes.phaseLabel')}</th>
              <th scope="col" className="num">
                {t('votes.turnout')}
              </th>
            </tr>
          </thead>
          <tbody>
            {votes.map((v) => (
              <tr key={v.id}>
                <td>
                  <Link to={`/consultations/${v.id}`}>{v.reference}</Link>
                </td>
                <td>
                  {v.sectorName} ({v.neighbourhoodName})
                </td>
                <td>{t(`votes.procedures.${v.procedure}`)}</td>
                <td>
                  {date(v.opensAt)} – {date(v.closesAt)}
                </td>
                <td>
                  {t(`votes.phase.${v.phase}`)}
                  {v.result ? ` · ${t(`votes.result.${v.result}`)}` : ''}
                </td>
                <td className="num">
                  {number(v.voted)} / {number(v.dwellingsConcerned)} ({percent(v.turnoutBp)})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NextPage cursor={nextBeforeId} param="before" />
    </Page>
  );
}
