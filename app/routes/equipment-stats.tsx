import { type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { stockAndFlow } from '../../src/equipment/index.ts';
import { Page } from '../components/page.tsx';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Stock et flux des ordinateurs — Palier' }];

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'equipment.stats');
  return stockAndFlow({ db: services(context).db, actor });
});

export default function EquipmentStats() {
  const s = useLoaderData<typeof loader>();
  const { t, date, number } = useI18n();
  return (
    <Page title={t('equipment.stats.title')}>
      <table>
        <caption>{t('equipment.stats.byStatus')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('equipment.status')}</th>
            <th scope="col">{t('equipment.tier')}</th>
            <th scope="col" className="num">
              {t('equipment.stats.count')}
            </th>
          </tr>
        </thead>
        <tbody>
          {s.byStatus.map((r) => (
            <tr key={`${r.status}-${r.tier}`}>
              <td>{t(`equipment.statuses.${r.status}`)}</td>
              <td>{r.tier}</td>
              <td className="num">{number(r.n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>{t('equipment.stats.waiting')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('equipment.tier')}</th>
            <th scope="col">{t('equipment.kind')}</th>
            <th scope="col" className="num">
              {t('equipment.stats.count')}
            </th>
            <th scope="col">{t('equipment.stats.oldest')}</th>
          </tr>
        </thead>
        <tbody>
          {s.waiting.map((r) => (
            <tr key={`${r.tier}-${r.kind}`}>
              <td>{r.tier}</td>
              <td>{t(`equipment.kinds.${r.kind}`)}</td>
              <td className="num">{number(r.n)}</td>
              <td>{date(r.oldest)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>{t('equipment.stats.perMonth')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('access.charges.month')}</th>
            <th scope="col" className="num">
              {t('equipment.stats.handedOver')}
            </th>
          </tr>
        </thead>
        <tbody>
          {s.perMonth.map((r) => (
            <tr key={r.month}>
              <td>{r.month}</td>
              <td className="num">{number(r.n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {t('equipment.stats.delay', {
          days: s.averageDaysToHandOver === null ? '—' : number(s.averageDaysToHandOver),
        })}
      </p>
    </Page>
  );
}
