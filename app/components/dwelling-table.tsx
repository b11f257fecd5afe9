import type { DwellingRow } from '../../src/territory/index.ts';
import { useI18n } from '../lib/i18n.ts';

/** Rows link with plain anchors: pages have no client-side routing, and a long table renders faster so. */
export function DwellingTable({ dwellings, caption }: { dwellings: DwellingRow[]; caption: string }) {
  const { t } = useI18n();
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('territory.reference')}</th>
          <th scope="col">{t('territory.address')}</th>
          <th scope="col" className="num">
            {t('territory.floor')}
          </th>
          <th scope="col" className="num">
            {t('territory.rooms')}
          </th>
          <th scope="col">{t('territory.status')}</th>
          <th scope="col">{t('territory.sector')}</th>
        </tr>
      </thead>
      <tbody>
        {dwellings.map((d) => (
          <tr key={d.id}>
            <td>
              <a href={`/territoire/logements/${d.id}`}>{d.landlordReference}</a>
            </td>
            <td>
              {d.address}, {d.postcode} {d.city}
            </td>
            <td className="num">{d.floor ?? '—'}</td>
            <td className="num">{d.rooms ?? '—'}</td>
            <td>{t(`dwellingStatus.${d.status}`)}</td>
            <td>{d.sectorName}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
