// Validation messages default to French for every zod schema (pages, API and CLI share them).
import { z } from 'zod';
import { fr } from 'zod/locales';

z.config(fr());

export { z };

/** An empty form field is an absent value. */
export const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** One line of text people type: trimmed, bounded, without control characters (a pasted NUL, a tab). */
export const SingleLine = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .min(min, message)
    .max(max, `${max} caractères au plus`)
    .regex(/^[^\p{Cc}]*$/u, 'Caractères non autorisés');

/** Several lines of text people type: line breaks and tabs allowed, no other control character. */
export const MultiLine = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .min(min, message)
    .max(max, `${max.toLocaleString('fr-FR')} caractères au plus`)
    .regex(/^(?:[^\p{Cc}]|[\t\n\r])*$/u, 'Caractères non autorisés');

/** A whole number typed in a form, between bounds, with the setting's name in each French message. */
export const WholeNumber = (min: number, max: number, what: string) =>
  z.coerce
    .number(`${what} : nombre entier attendu`)
    .int(`${what} : nombre entier attendu`)
    .min(min, `${what} : ${min} au moins`)
    .max(max, `${what} : ${max} au plus`);

/**
 * A calendar day of this era, as an ISO date: PostgreSQL refuses year 0, and nothing Palier records happened before
 * 1900 or will after 2199 (so a typing slip of a digit is caught rather than stored).
 */
export const CalendarDay = z.iso
  .date('Date attendue au format AAAA-MM-JJ')
  .refine((v) => v >= '1900-01-01' && v <= '2199-12-31', 'Date hors des limites');

/** An ISO instant with its offset (« 2027-01-04T08:00:00Z ») of the same era as `CalendarDay`. */
export const IsoInstant = (message = 'Date et heure ISO attendues, par exemple 2027-01-04T08:00:00Z') =>
  z.iso.datetime({ offset: true, message }).refine((v) => {
    const year = new Date(v).getUTCFullYear();
    return year >= 1900 && year <= 2199;
  }, 'Date hors des limites');

/**
 * Euros as people type them — « 1,10 », « 1.10 », « 20 000 », « 1 234,56 € » — to cents, exactly (no floating
 * point; spaces and the no-break spaces a spreadsheet copies group thousands), at most `maxCents`; the example is
 * the one the message gives.
 */
export const euros = ({ maxCents, example }: { maxCents: number; example: string }) =>
  z.string(`Montant en euros attendu, par exemple ${example}`).transform((raw, ctx) => {
    const compact = raw.replace(/[\s\u00a0\u202f]/g, '').replace(/€$/, '');
    const match = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(compact);
    const cents = match ? Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0')) : Number.NaN;
    if (!match || cents > maxCents) {
      const most = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: maxCents % 100 ? 2 : 0 });
      ctx.addIssue({
        code: 'custom',
        message: match
          ? `Montant trop grand (${most.format(maxCents / 100)} € au plus)`
          : `Montant en euros attendu, par exemple ${example}`,
      });
      return z.NEVER;
    }
    return cents;
  });

/** A price or a small amount: « 1,10 » → 110 cents, at most 9 999,99 €. */
export const EuroAmount = euros({ maxCents: 999_999, example: '1,10' });

/** A form checkbox ("on"), or a boolean from the API ("true", "oui" in a CSV). */
export const Checkbox = z.preprocess(
  (v) => v === true || v === 'on' || v === 'true' || v === 'oui',
  z.boolean(),
);
