import {
  type ActionFunctionArgs,
  data,
  Form,
  Link,
  type LoaderFunctionArgs,
  useActionData,
  useLoaderData,
} from 'react-router';
import { getVote, listVoteDwellings, refusalMessage, reissueCode } from '../../src/votes/index.ts';
import { FormErrors, Notice, SearchForm } from '../components/form.tsx';
import { NextPage, Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Logements consultés — Palier' }];

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'vote.conduct');
  const { db } = services(context);
  const voteId = intParam(params.id);
  const url = new URL(request.url);
  const query = url.searchParams.get('q') ?? '';
  const [detail, page] = await Promise.all([
    getVote({ db, actor, voteId }),
    listVoteDwellings({ db, actor, voteId, query, after: url.searchParams.get('after') ?? undefined }),
  ]);
  return { vote: detail.vote, phase: detail.phase, sectorName: detail.sectorName, query, ...page };
});

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'vote.conduct');
  const form = await readForm(request);
  const dwellingId = intParam(String(form.get('dwellingId') ?? ''));
  const result = await reissueCode({
    db: services(context).db,
    actor,
    voteId: intParam(params.id),
    dwellingId,
  });
  if (!result.ok) return data({ error: refusalMessage(result.reason), reissued: null }, { status: 409 });
  return { error: null, reissued: { dwellingId, code: result.code } };
});

export default function VoteDwellings() {
  const { vote, phase, sectorName, query, rows, nextAfter } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  const canReissue = phase === 'open' || phase === 'upcoming';
  return (
    <Page
      title={t('votes.dwellingsTitle', { reference: vote.reference })}
      crumbs={[
        { to: '/consultations', label: t('votes.title') },
        { to: `/consultations/${vote.id}`, label: `${vote.reference} · ${sectorName}` },
      ]}
    >
      <p>{t('votes.dwellingsIntro')}</p>
      {actionData?.reissued ? (
        <Notice>
          {t('votes.reissued', { code: actionData.reissued.code })}{' '}
          <a href={`/consultations/${vote.id}/lettres.pdf?logement=${actionData.reissued.dwellingId}`}>
            {t('votes.printLetter')}
          </a>
        </Notice>
      ) : null}
      <FormErrors errors={actionData?.error ? [actionData.error] : undefined} />
      <SearchForm
        label={t('votes.searchDwelling')}
        hint={t('votes.searchDwellingHint')}
        query={query}
        button={t('common.search')}
      />
      <table>
        <caption className="visually-hidden">
          {t('votes.dwellingsTitle', { reference: vote.reference })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('votes.dwellingReference')}</th>
            <th scope="col">{t('votes.building')}</th>
            <th scope="col">{t('votes.household')}</th>
            <th scope="col">{t('votes.codeState')}</th>
            <th scope="col">{t('votes.ballotLabel')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.dwellingId}>
              <td>
                <Link to={`/territoire/logements/${r.dwellingId}`}>{r.reference}</Link>
              </td>
              <td>
                {r.address}
                {r.floor !== null ? `, ${t('votes.floor', { floor: r.floor })}` : ''}
              </td>
              <td>{r.householdName ?? '—'}</td>
              <td>
                {r.codesIssued > 1
                  ? t('votes.codesIssued', { count: r.codesIssued })
                  : t('votes.codeOriginal')}
              </td>
              <td>
                {r.choice && r.channel && r.receivedAt
                  ? `${t(`votes.choice.${r.choice}`)} · ${t(`votes.channel.${r.channel}`)} · ${dateTime(r.receivedAt)}`
                  : t('votes.notVoted')}
              </td>
              <td>
                {canReissue ? (
                  <Form method="post">
                    <input type="hidden" name="dwellingId" value={r.dwellingId} />
                    <button
                      type="submit"
                      className="link-button"
                      aria-label={t('votes.reissueFor', { reference: r.reference })}
                    >
                      {t('votes.reissue')}
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p>{t('votes.noDwelling')}</p> : null}
      <NextPage cursor={nextAfter} />
    </Page>
  );
}
