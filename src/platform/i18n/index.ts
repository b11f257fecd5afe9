// Interface text comes from message catalogues (French complete, English second); formats follow the locale.
import i18next, { type TFunction } from 'i18next';
import en from './locales/en.json' with { type: 'json' };
import fr from './locales/fr.json' with { type: 'json' };

export const locales = ['fr', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'fr';
const intlLocale = (locale: Locale) => (locale === 'fr' ? 'fr-FR' : 'en-GB');

const instance = i18next.createInstance();
void instance.init({
  resources: { fr: { translation: fr }, en: { translation: en } },
  lng: defaultLocale,
  fallbackLng: defaultLocale,
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

const translators = new Map<Locale, TFunction>();

export function translator(locale: Locale): TFunction {
  let t = translators.get(locale);
  if (!t) {
    t = instance.getFixedT(locale);
    translators.set(locale, t);
  }
  return t;
}

export function pickLocale(cookieValue: string | undefined, acceptLanguage: string | null): Locale {
  if (cookieValue && (locales as readonly string[]).includes(cookieValue)) return cookieValue as Locale;
  const preferred = (acceptLanguage ?? '').split(',').map((part) => part.split(';')[0]!.trim().slice(0, 2));
  return (preferred.find((lang) => (locales as readonly string[]).includes(lang)) as Locale) ?? defaultLocale;
}

export function formatDate(locale: Locale, value: string | Date | null | undefined): string {
  if (!value) return '';
  const date =
    typeof value === 'string' && value.length === 10 ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(
    date,
  );
}

export function formatDateTime(locale: Locale, value: string | Date): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Europe/Paris',
  }).format(new Date(value));
}

export function formatNumber(locale: Locale, value: number): string {
  return new Intl.NumberFormat(intlLocale(locale)).format(value);
}

/** A share in basis points (2537) as people read it ("25,4 %"). */
export function formatPercentBp(locale: Locale, basisPoints: number): string {
  return `${new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 }).format(basisPoints / 100)} %`;
}

/** Money is integer cents everywhere; only display turns it into euros. */
export function formatCents(locale: Locale, cents: number): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency: 'EUR' }).format(
    cents / 100,
  );
}
