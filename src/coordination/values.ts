// What people type into the coordination records, as zod schemas shared by the use cases, the pages, the API and the
// CLI. Money is in cents inside; forms type euros (« 20 000 », « 1 234,56 »).
import { z } from 'zod';
import { blankToUndefined, CalendarDay, euros, MultiLine, SingleLine } from '../platform/validation.ts';
import { actionStatuses } from './schema.ts';

const maxId = 2_147_483_647;

const idNumber = (message: string) =>
  z.coerce.number(message).int(message).positive(message).max(maxId, message);

/** A row identifier chosen in a list; `message` says what to choose. */
export const ChosenId = (message: string) => z.preprocess(blankToUndefined, idNumber(message));

/** An identifier that may be left unchosen (an empty field, or absent). */
export const OptionalId = (message: string) => z.preprocess(blankToUndefined, idNumber(message).optional());

/** The largest sum the programme records at once: 10 million euros (a PostgreSQL integer of cents holds 21 million). */
export const maxCents = 1_000_000_000;

/** An amount in cents, from the API or a use case. */
export const Cents = z
  .number('Montant en centimes attendu')
  .int('Montant en centimes attendu (un nombre entier)')
  .min(0, 'Le montant ne peut pas être négatif')
  .max(maxCents, 'Montant trop grand (10 millions d’euros au plus)');

/** A sum in euros as people type it (« 20 000 », « 1 234,56 € »), in exact cents, at most 10 million euros. */
export const EuroSum = euros({ maxCents, example: '20 000 ou 1 234,56' });

const NoticeDays = z.coerce
  .number('Nombre de jours attendu, par exemple 90')
  .int('Nombre de jours entier attendu')
  .min(0, 'Le préavis ne peut pas être négatif')
  .max(365, '365 jours au plus');

const endsAfterStart = <T extends { startsOn: string; endsOn: string }>(v: T) => v.endsOn >= v.startsOn;
const endsAfterStartIssue = { path: ['endsOn'], message: 'La fin doit être le jour du début ou après' };

const agreementFields = {
  reference: SingleLine(1, 40, 'Écrivez la référence de la convention, par exemple CONV-2024-03'),
  object: MultiLine(3, 2000, 'Écrivez l’objet de la convention (3 caractères au moins)'),
  startsOn: CalendarDay,
  endsOn: CalendarDay,
  amountCents: Cents.default(0),
  noticeDays: NoticeDays.default(90),
};

/** A new partnership agreement: the partner, a reference unique in the programme, its object, dates and amount. */
export const AgreementInput = z
  .object({ organisationId: ChosenId('Choisissez le partenaire'), ...agreementFields })
  .refine(endsAfterStart, endsAfterStartIssue);
export type AgreementInputValue = z.input<typeof AgreementInput>;

/** A correction of an agreement (its partner stays: an agreement with another partner is another agreement). */
export const AgreementChange = z.object(agreementFields).refine(endsAfterStart, endsAfterStartIssue);
export type AgreementChangeValue = z.input<typeof AgreementChange>;

/**
 * A renewal: a new agreement that starts the day after the old one ends (the start is not chosen); what is not given
 * is copied from the old one.
 */
export const RenewalInput = z.object({
  reference: agreementFields.reference,
  endsOn: CalendarDay,
  object: agreementFields.object.optional(),
  amountCents: Cents.optional(),
  noticeDays: NoticeDays.optional(),
});
export type RenewalInputValue = z.input<typeof RenewalInput>;

/** Ending an agreement before (or on) its end, and why. */
export const TerminationInput = z.object({
  on: CalendarDay,
  reason: MultiLine(3, 1000, 'Écrivez pourquoi la convention prend fin (3 caractères au moins)'),
});
export type TerminationInputValue = z.input<typeof TerminationInput>;

const Year = z.coerce
  .number('Année attendue, par exemple 2024')
  .int('Année attendue, par exemple 2024')
  .min(2000, 'Année entre 2000 et 2100')
  .max(2100, 'Année entre 2000 et 2100');

/** A subsidy planned for an association, a year and a purpose. */
export const SubsidyPlanInput = z.object({
  organisationId: ChosenId('Choisissez l’association'),
  year: Year,
  purpose: SingleLine(3, 120, 'Écrivez l’objet de la subvention, par exemple « Ateliers multimédia »'),
  plannedCents: Cents,
  agreementId: OptionalId('Choisissez une convention de la liste'),
});
export type SubsidyPlanInputValue = z.input<typeof SubsidyPlanInput>;

/** The amount voted (committed) and the day of the vote. */
export const SubsidyCommitInput = z.object({ committedCents: Cents, committedOn: CalendarDay });
export type SubsidyCommitInputValue = z.input<typeof SubsidyCommitInput>;

/** One payment of a subsidy. */
export const SubsidyPaymentInput = z.object({
  paidOn: CalendarDay,
  amountCents: Cents.refine((v) => v > 0, 'Le versement doit être supérieur à 0 €'),
  reference: z.preprocess(
    blankToUndefined,
    SingleLine(1, 80, 'Écrivez la référence du mandat ou du virement').optional(),
  ),
});
export type SubsidyPaymentInputValue = z.input<typeof SubsidyPaymentInput>;

export const maxDecisions = 30;
export const maxActions = 30;

/** A follow-up action decided by the committee. */
export const SteeringActionInput = z.object({
  description: MultiLine(3, 1000, 'Décrivez l’action (3 caractères au moins)'),
  ownerOrganisationId: OptionalId('Choisissez un partenaire de la liste'),
  ownerName: SingleLine(2, 120, 'Écrivez qui s’en charge : une personne, un service'),
  dueOn: CalendarDay,
});
export type SteeringActionInputValue = z.input<typeof SteeringActionInput>;

export const DecisionText = MultiLine(3, 2000, 'Écrivez la décision (3 caractères au moins)');

/** A meeting of the steering committee, with its decisions and follow-up actions. */
export const SteeringMeetingInput = z.object({
  heldOn: CalendarDay,
  place: SingleLine(2, 160, 'Écrivez le lieu de la réunion'),
  attendees: MultiLine(2, 4000, 'Écrivez qui était présent'),
  decisions: z.array(DecisionText).max(maxDecisions, `${maxDecisions} décisions au plus`).default([]),
  actions: z.array(SteeringActionInput).max(maxActions, `${maxActions} actions au plus`).default([]),
});
export type SteeringMeetingInputValue = z.input<typeof SteeringMeetingInput>;

/** Where a follow-up action stands; dropping one says why. */
export const ActionStatusInput = z
  .object({
    status: z.enum(actionStatuses, 'Choisissez : à faire, fait ou abandonné'),
    note: z.preprocess(blankToUndefined, MultiLine(1, 1000, 'Écrivez une note').optional()),
  })
  .refine((v) => v.status !== 'dropped' || v.note, {
    path: ['note'],
    message: 'Dites pourquoi l’action est abandonnée',
  });
export type ActionStatusInputValue = z.input<typeof ActionStatusInput>;

// ---- Forms: the same values typed in euros ------------------------------------------------------------------------

const EuroField = (required: string) =>
  z.preprocess((v) => (v == null ? '' : v), z.string().trim().min(1, required).pipe(EuroSum));
/** An amount that may be left empty (undefined then). */
const OptionalEuroField = z.preprocess(
  (v) => (v == null || String(v).trim() === '' ? undefined : String(v)),
  EuroSum.optional(),
);

/** The agreement form: the amount in euros (empty: 0 €). */
export const AgreementForm = z
  .object({
    organisationId: ChosenId('Choisissez le partenaire'),
    ...agreementFields,
    amountCents: OptionalEuroField.transform((v) => v ?? 0),
    noticeDays: z.preprocess(blankToUndefined, NoticeDays.default(90)),
  })
  .refine(endsAfterStart, endsAfterStartIssue);

export const AgreementChangeForm = z
  .object({
    ...agreementFields,
    amountCents: OptionalEuroField.transform((v) => v ?? 0),
    noticeDays: z.preprocess(blankToUndefined, NoticeDays.default(90)),
  })
  .refine(endsAfterStart, endsAfterStartIssue);

export const RenewalForm = z.object({
  reference: agreementFields.reference,
  endsOn: CalendarDay,
  object: z.preprocess(blankToUndefined, agreementFields.object.optional()),
  amountCents: OptionalEuroField,
  noticeDays: z.preprocess(blankToUndefined, NoticeDays.optional()),
});

export const SubsidyPlanForm = SubsidyPlanInput.extend({
  plannedCents: EuroField('Écrivez le montant prévu, par exemple 5 000'),
});
export const SubsidyCommitForm = SubsidyCommitInput.extend({
  committedCents: EuroField('Écrivez le montant voté, par exemple 5 000'),
});
export const SubsidyPaymentForm = SubsidyPaymentInput.extend({
  amountCents: EuroField('Écrivez le montant versé, par exemple 2 500').refine(
    (v) => v > 0,
    'Le versement doit être supérieur à 0 €',
  ),
});
