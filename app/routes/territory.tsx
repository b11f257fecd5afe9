import { Link, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { listNeighbourhoods, listSectors, searchDwellings } from '../../src/territory/index.ts';
import { DwellingTable } from '../components/dwelling-table.tsx';
import { SearchForm } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Territoire — Palier' }];

const searchLimit = 50;

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'territory.read');
  const { db } = services(context);
  const q = (new URL(request.url).searchParams.get('q') ?? '').trim().slice(0, 200);
  const canSearch = canAtAll(actor, 'dwelling.read');
  const searching = q !== '' && canSearch;
  return {
    q,
    canSearch,
    canWrite: canAtAll(actor, 'territory.write'),
    results: searching ? await searchDwellings({ db, actor, query: q, limit: searchLimit }) : null,
    // A search page shows only its results: the territory's lists can be long at national scale.
    neighbourhoods: searching ? [] : await listNeighbourhoods({ db, actor }),
    sectors: searching ? [] : await listSectors({ db, actor }),
  };
});

export default function Territory() {
  const { q, canSearch, canWrite, results, neighbourhoods, sectors } = useLoaderData<typeof loader>();
  const { t, number } = useI18n();
  return (
    <Page
      title={t('territory.title')}
      actions={
        canWrite ? (
          <p className="page-actions">
            <Link to="/territoire/gerer">{t('territory.manage')}</Link> ·{' '}
            <Link to="/territoire/import">{t('territory.import')}</Link>
          </p>
        ) : null
      }
    >
      {canSearch ? (
        <SearchForm
          label={t('territory.searchLabel')}
          hint={t('territory.searchHint')}
          query={q}
          button={t('common.search')}
        />
      ) : null}
      {results ? (
        results.length ? (
          <DwellingTable
            dwellings={results}
            caption={t(results.length >= searchLimit ? 'territory.resultsCapped' : 'territory.results', {
              count: results.length,
              q,
            })}
          />
        ) : (
          <p role="status">{t('territory.noResult', { q })}</p>
        )
      ) : null}
      {neighbourhoods.map((n) => (
        <section key={n.id} aria-labelledby={`n-${n.id}`}>
          <h2 id={`n-${n.id}`}>
            {n.name} <span className="muted">{n.qpvCode ? t('territory.qpv', { code: n.qpvCode }) : ''}</span>
          </h2>
          <ul className="cards">
            {sectors
              .filter((s) => s.neighbourhoodId === n.id)
              .map((s) => (
                <li key={s.id}>
                  <Link to={`/territoire/secteurs/${s.id}`}>{s.name}</Link>
                  <span>
                    {t('territory.counts', {
                      buildings: number(s.buildingCount),
                      dwellings: number(s.dwellingCount),
                    })}
                  </span>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </Page>
  );
}
