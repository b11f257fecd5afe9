// Tenant vote values with real rules, as zod schemas shared by pages, API and CLI.
import { z } from 'zod';
import { IsoDate, PhoneNumber } from '../households/index.ts';
import { LocalDateTime, localDate } from '../platform/dates.ts';
import { blankToUndefined, EuroAmount } from '../platform/validation.ts';

export { EuroAmount };

export const procedures = ['approval', 'opposition'] as const;
export const choices = ['yes', 'no', 'blank', 'invalid'] as const;
export const channels = ['online', 'paper', 'in_person'] as const;

const toIds = (v: unknown) =>
  v === undefined || v === '' ? undefined : (Array.isArray(v) ? v : [v]).filter((x) => x !== '');

/** What a landlord or coordinator decides when opening a vote (the API sends cents, pages send euros). */
export const NewVote = z
  .object({
    sectorId: z.coerce.number().int().positive('Choisissez un secteur').max(2_147_483_647, 'Secteur inconnu'),
    buildingIds: z.preprocess(
      toIds,
      z.array(z.coerce.number().int().positive().max(2_147_483_647, 'Bâtiment inconnu')).max(500).optional(),
    ),
    procedure: z.enum(procedures, 'Choisissez la procédure'),
    opensAt: LocalDateTime,
    closesAt: LocalDateTime,
    operatorId: z.coerce
      .number()
      .int()
      .positive("Choisissez l'opérateur")
      .max(2_147_483_647, 'Opérateur inconnu'),
    serviceName: z.string().trim().min(2, 'Le nom du service est obligatoire').max(120),
    monthlyAmountCents: z.coerce
      .number('Montant attendu')
      .int('Montant en centimes entiers')
      .positive('Le montant doit être positif')
      .max(10_000, 'Le montant mensuel ne peut dépasser 100 €'),
    tariffFrom: IsoDate,
    meetingAt: z.preprocess(blankToUndefined, LocalDateTime.optional()),
    meetingPlace: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
    helpPhone: PhoneNumber,
  })
  .superRefine((v, ctx) => {
    if (v.closesAt.getTime() <= v.opensAt.getTime())
      ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'La clôture doit suivre l’ouverture' });
    if (v.tariffFrom <= localDate(v.closesAt))
      ctx.addIssue({
        code: 'custom',
        path: ['tariffFrom'],
        message: 'Le tarif s’applique au plus tôt le lendemain de la clôture',
      });
    if (v.meetingPlace && !v.meetingAt)
      ctx.addIssue({ code: 'custom', path: ['meetingAt'], message: 'Indiquez la date de la réunion' });
  });
export type NewVoteInput = z.infer<typeof NewVote>;

export const Choice = z.enum(choices, 'Choisissez une réponse');

/** A ballot entered by staff: by code, or by dwelling when the resident has lost the letter. */
export const StaffBallot = z
  .object({
    code: z.preprocess(blankToUndefined, z.string().max(40).optional()),
    dwellingReference: z.preprocess(blankToUndefined, z.string().trim().max(40).optional()),
    choice: Choice,
  })
  .refine((v) => Boolean(v.code) !== Boolean(v.dwellingReference), {
    path: ['code'],
    message: 'Indiquez soit le code de vote, soit la référence du logement',
  });

export const NewPaperBatch = z.object({
  label: z.string().trim().min(1, 'Donnez un nom au lot, par exemple « Urne hall B, semaine 2 »').max(100),
  receivedAt: LocalDateTime,
});

export const PaperEntry = z.object({
  lines: z.string().max(200_000).min(1, 'Saisissez au moins un bulletin'),
});
