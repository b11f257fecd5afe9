// /bilans: the programme's reports — every one for the coordinator (drafts included, and « Nouveau bilan »), the
// published ones for the other staff who read the figures.
import { Link, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { listReports, periodText } from '../../src/impact/index.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import { Page } from '../components/page.tsx';
import { guard } from '../lib/guard.server.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Bilans — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'impact.read');
  const reports = await listReports({ db: services(context).db, actor });
  return {
    reports: reports.map((r) => ({
      id: r.id,
      title: r.title,
      period: periodText(r.periodFrom, r.periodTo),
      area: r.areaLabel,
      status: r.status,
    })),
    canManage: canAtAll(actor, 'impact.manage'),
  };
});

export default function Reports() {
  const { reports, canManage } = useLoaderData<typeof loader>();
  return (
    <Page
      title="Bilans"
      crumbs={[{ to: '/impact', label: 'Impact' }]}
      actions={
        canManage ? (
          <p>
            <Link to="/bilans/nouveau" className="button">
              Nouveau bilan
            </Link>
          </p>
        ) : null
      }
    >
      <p className="lead">
        Les bilans du programme, pour une période et un secteur, un quartier ou tout le programme. Un bilan
        publié peut être lu par tous, en ligne ou en PDF : ses chiffres respectent le secret statistique.
        {canManage ? ' Un projet n’est visible que par la coordination.' : ''}
      </p>
      {reports.length === 0 ? (
        <p>{canManage ? 'Aucun bilan pour l’instant.' : 'Aucun bilan publié pour l’instant.'}</p>
      ) : (
        <table>
          <caption className="visually-hidden">Bilans du programme, période la plus récente d’abord</caption>
          <thead>
            <tr>
              <th scope="col">Bilan</th>
              <th scope="col">Période</th>
              <th scope="col">Territoire</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link to={`/bilans/${r.id}`}>{r.title}</Link>
                </th>
                <td>{r.period}</td>
                <td>{r.area}</td>
                <td>{r.status === 'published' ? 'Publié' : 'Projet'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
