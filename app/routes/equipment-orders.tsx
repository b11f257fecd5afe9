import { Link, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { listOrders } from '../../src/equipment/index.ts';
import { Page } from '../components/page.tsx';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Commandes d’ordinateurs — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'equipment.reserve');
  return { orders: await listOrders({ db: services(context).db, actor }) };
});

export default function EquipmentOrders() {
  const { orders } = useLoaderData<typeof loader>();
  const { t, dateTime, cents } = useI18n();
  return (
    <Page title={t('equipment.orders.title')} crumbs={[{ to: '/equipement', label: t('equipment.title') }]}>
      {orders.length === 0 ? (
        <p>{t('equipment.orders.none')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('equipment.orders.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('equipment.orders.order')}</th>
              <th scope="col">{t('equipment.orders.household')}</th>
              <th scope="col">{t('equipment.device')}</th>
              <th scope="col">{t('equipment.status')}</th>
              <th scope="col" className="num">
                {t('equipment.orders.balance')}
              </th>
              <th scope="col">{t('equipment.orders.reservedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link to={`/equipement/commandes/${o.id}`}>{o.reference}</Link>
                </td>
                <td>
                  {o.householdName ?? ''} ({o.householdReference})
                </td>
                <td>{o.deviceReference}</td>
                <td>{t(`equipment.orders.statuses.${o.status}`)}</td>
                <td className="num">{cents(o.balanceCents)}</td>
                <td>{dateTime(o.reservedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
