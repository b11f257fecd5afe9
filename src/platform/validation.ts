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

/** A calendar day of this era, as an ISO date (PostgreSQL refuses year 0). */
export const CalendarDay = z.iso
  .date('Date attendue au format AAAA-MM-JJ')
  .refine((v) => v >= '1900-01-01' && v <= '2199-12-31', 'Date hors des limites');

/** "1,10", "1.10" or "10" euros → cents, exactly (no floating point). */
export const EuroAmount = z
  .string()
  .trim()
  .transform((raw, ctx) => {
    const match = /^(\d{1,4})(?:[.,](\d{1,2}))?\s*€?$/.exec(raw);
    if (!match) {
      ctx.addIssue({ code: 'custom', message: 'Montant en euros attendu, par exemple 1,10' });
      return z.NEVER;
    }
    return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  });

/** A form checkbox ("on"), or a boolean from the API ("true", "oui" in a CSV). */
export const Checkbox = z.preprocess(
  (v) => v === true || v === 'on' || v === 'true' || v === 'oui',
  z.boolean(),
);
