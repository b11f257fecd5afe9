import { Link, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { mayReadArchive, searchHouseholds } from '../../src/households/index.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { SearchForm } from '../components/form.tsx';
import { NextPage, Page } from '../components/page.tsx';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Foyers — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'household.read');
  const url = new URL(request.url);
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const after = Number(url.searchParams.get('after')) || undefined;
  // The archive (retention): the coordinator alone may list it, to answer a request or a dispute.
  const archived = url.searchParams.get('archives') === '1' && mayReadArchive(actor);
  return {
    q,
    archived,
    mayReadArchive: mayReadArchive(actor),
    page: await searchHouseholds({ db: services(context).db, actor, query: q, after, archived }),
    canCreate: canAtAll(actor, 'household.create'),
  };
});

export default function Households() {
  const { q, page, canCreate, archived, mayReadArchive } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <Page title={archived ? 'Foyers archivés' : t('household.listTitle')}>
      {mayReadArchive ? (
        <p>
          {archived ? (
            <Link to="/foyers">Revenir aux foyers en cours</Link>
          ) : (
            <Link to="/foyers?archives=1">Foyers archivés (durées de conservation)</Link>
          )}
        </p>
      ) : null}
      <SearchForm
        label={t('household.searchLabel')}
        hint={t('household.searchHint')}
        query={q}
        button={t('common.search')}
      />
      {canCreate ? <p className="hint">{t('household.createHint')}</p> : null}
      {page.items.length ? (
        <table>
          <caption className="visually-hidden">{t('household.listTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('household.reference')}</th>
              <th scope="col">{t('household.referencePerson')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((h) => (
              <tr key={h.id}>
                <td>
                  <Link to={`/foyers/${h.id}`}>{h.reference}</Link>
                </td>
                <td>
                  {h.firstName} {h.lastName}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p role="status">{t('household.noResult')}</p>
      )}
      <NextPage cursor={page.nextCursor} />
    </Page>
  );
}
