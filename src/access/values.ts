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

/** Yes (`true`, `on`, `yes`), no (`false`, `no`), or not answered. */
const yesNo = (v: unknown) =>
  v === true || v === 'on' || v === 'true' || v === 'yes'
    ? true
    : v === false || v === 'false' || v === 'no'
      ? false
      : undefined;

/**
 * A request to be connected. `consent`: whether the household agrees that the contact person's name and phone go to
 * the operator for the appointment; without it the operator gets the dwelling only and proposes the appointment by
 * letter or through the landlord (and the name and phone are not asked for).
 */
export const SignUp = z
  .object({
    contactName: z.preprocess(
      blankToUndefined,
      SingleLine(2, 120, 'Indiquez le nom de la personne à contacter').optional(),
    ),
    contactPhone: z.preprocess(blankToUndefined, PhoneNumber.optional()),
    slots: z
      .preprocess(
        (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
        z.array(z.enum(appointmentSlots)),
      )
      .pipe(z.array(z.enum(appointmentSlots)).min(1, 'Choisissez au moins un moment pour le rendez-vous')),
    installHelp: z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean()),
    consent: z.preprocess(
      yesNo,
      z.boolean(
        'Il faut votre accord pour donner votre nom et votre téléphone à l’opérateur, ou choisir le rendez-vous par courrier',
      ),
    ),
  })
  .superRefine((value, ctx) => {
    if (!value.consent) return;
    if (!value.contactName)
      ctx.addIssue({
        code: 'custom',
        path: ['contactName'],
        message: 'Indiquez le nom de la personne à contacter',
      });
    if (!value.contactPhone)
      ctx.addIssue({
        code: 'custom',
        path: ['contactPhone'],
        message: 'Indiquez le téléphone pour le rendez-vous, par exemple 06 12 34 56 78',
      });
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
