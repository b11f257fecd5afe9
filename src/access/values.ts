// Access values with real rules, as zod schemas shared by pages, API and CLI.
import { z } from 'zod';
import { PhoneNumber } from '../households/index.ts';
import { LocalDateTime } from '../platform/dates.ts';
import { blankToUndefined, CalendarDay, SingleLine } from '../platform/validation.ts';
import { appointmentSlots, failureReasons, monthStart } from './rules.ts';

/** A month as "YYYY-MM". */
export const Month = z
  .string()
  .trim()
  .refine((v) => monthStart(v) !== null, 'Mois attendu au format AAAA-MM, par exemple 2027-03');

const FirstOfMonth = CalendarDay.refine((v) => v.endsWith('-01'), 'Un tarif commence le 1er d’un mois');
const Cents = z.coerce
  .number('Montant attendu')
  .int('Montant en centimes entiers')
  .positive('Le montant doit être positif')
  .max(100_000, 'Montant trop élevé');

export const NewService = z.object({
  sectorId: z.coerce.number().int().positive('Choisissez un secteur').max(2_147_483_647),
  description: SingleLine(2, 200, 'Décrivez le service'),
  opensOn: FirstOfMonth,
});

export const NewTariff = z.object({
  monthlyAmountCents: Cents,
  effectiveFrom: FirstOfMonth,
});

export const SignUp = z.object({
  contactName: SingleLine(2, 120, 'Indiquez le nom de la personne à contacter'),
  contactPhone: PhoneNumber,
  slots: z
    .preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(appointmentSlots)))
    .pipe(z.array(z.enum(appointmentSlots)).min(1, 'Choisissez au moins un moment pour le rendez-vous')),
  installHelp: z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean()),
  consent: z.preprocess(
    (v) => v === true || v === 'on' || v === 'true',
    z.literal(true, 'Il faut votre accord pour donner votre nom et votre téléphone à l’opérateur'),
  ),
});

export const ActivationEventInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('scheduled'), scheduledFor: LocalDateTime }),
  z.object({
    kind: z.literal('activated'),
    activatedOn: CalendarDay,
    equipmentRef: SingleLine(1, 80, 'Indiquez la référence du matériel'),
  }),
  z.object({
    kind: z.literal('failed'),
    reason: z.enum(failureReasons, 'Choisissez la raison'),
    detail: z.preprocess(blankToUndefined, SingleLine(0, 500, '').optional()),
  }),
  z.object({ kind: z.literal('resent') }),
  z.object({ kind: z.literal('cancelled') }),
]);
export type ActivationEventInput = z.infer<typeof ActivationEventInput>;

export const Adjustment = z.object({
  lineId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  amountCents: z.coerce
    .number('Montant attendu')
    .int('Montant en centimes entiers')
    .refine((v) => v !== 0, 'Un ajustement n’est jamais nul')
    .refine((v) => Math.abs(v) <= 100_000, 'Montant trop élevé'),
  reason: SingleLine(3, 300, 'Expliquez l’ajustement'),
});
