// Equipment values with real rules, as zod schemas shared by pages, API and CLI.
import { z } from 'zod';
import { blankToUndefined, CalendarDay, Checkbox, SingleLine } from '../platform/validation.ts';

export const deviceKinds = ['desktop', 'laptop'] as const;
export const grades = ['A', 'B', 'C'] as const;
export const paymentMethods = ['cash', 'cheque', 'card'] as const;

export const NewDevice = z.object({
  kind: z.enum(deviceKinds, 'Choisissez : ordinateur de bureau ou portable'),
  bundle: Checkbox,
  make: SingleLine(1, 60, 'Indiquez la marque'),
  model: SingleLine(1, 80, 'Indiquez le modèle'),
  cpu: SingleLine(1, 80, 'Indiquez le processeur'),
  ramGb: z.coerce.number('Mémoire en Go').int('Mémoire en Go entiers').min(1, 'Au moins 1 Go').max(256),
  storageGb: z.coerce
    .number('Stockage en Go')
    .int('Stockage en Go entiers')
    .min(8, 'Au moins 8 Go')
    .max(16_000),
  os: SingleLine(1, 80, 'Indiquez le système installé'),
  grade: z.enum(grades, 'Grade A, B ou C'),
  serial: SingleLine(2, 80, 'Indiquez le numéro de série'),
  donor: z.preprocess(blankToUndefined, SingleLine(0, 120, '').optional()),
  receivedOn: CalendarDay,
  tier: SingleLine(1, 40, 'Choisissez le tarif'),
});
export type NewDeviceInput = z.infer<typeof NewDevice>;

export const Erasure = z.object({
  method: SingleLine(2, 120, 'Indiquez la méthode d’effacement (par exemple « ATA Secure Erase »)'),
  on: CalendarDay,
  by: SingleLine(2, 120, 'Indiquez qui a effacé les données'),
  result: z.enum(['passed', 'failed'], 'Résultat : réussi ou échoué'),
});

export const PaymentInput = z.object({
  amountCents: z.coerce
    .number('Montant attendu')
    .int('Montant en centimes entiers')
    .positive('Le montant doit être positif')
    .max(100_000),
  method: z.enum(paymentMethods, 'Choisissez : espèces, chèque ou carte'),
});

export const WaitingInput = z.object({
  householdId: z.coerce.number().int().positive().max(2_147_483_647),
  tier: SingleLine(1, 40, 'Choisissez le tarif'),
  kind: z.enum(deviceKinds, 'Choisissez : ordinateur de bureau ou portable'),
});

export const TicketInput = z.object({ fault: SingleLine(3, 500, 'Décrivez la panne') });
export const TicketClose = z.object({
  diagnosis: SingleLine(3, 500, 'Indiquez le diagnostic'),
  outcome: z.enum(['repaired', 'exchanged', 'refunded'], 'Choisissez : réparé, échangé ou remboursé'),
});
