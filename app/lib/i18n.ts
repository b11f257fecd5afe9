import { useRouteLoaderData } from 'react-router';
import {
  formatCents,
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercentBp,
  type Locale,
  translator,
} from '../../src/platform/i18n/index.ts';

/** Text and formats in the reader's language (from the root loader). */
export function useI18n() {
  const data = useRouteLoaderData('root') as { locale: Locale } | undefined;
  const locale = data?.locale ?? 'fr';
  const t = translator(locale);
  return {
    locale,
    t,
    date: (v: string | Date | null | undefined) => formatDate(locale, v),
    dateTime: (v: string | Date) => formatDateTime(locale, v),
    number: (v: number) => formatNumber(locale, v),
    cents: (v: number) => formatCents(locale, v),
    percent: (basisPoints: number) => formatPercentBp(locale, basisPoints),
  };
}
