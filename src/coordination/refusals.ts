// Why a coordination action was refused, as codes for the API and plain French for people.
import type { z } from 'zod';
import { type DocumentRefusal, documentRefusalMessages } from '../platform/documents.ts';
import { formatCents } from '../platform/i18n/index.ts';

export type CoordinationRefusal =
  | 'invalid'
  | 'unknown_partner'
  | 'reference_taken'
  | 'terminated'
  | 'already_renewed'
  | 'overlaps_previous'
  | 'overlaps_next'
  | 'terminate_before_start'
  | 'terminate_after_end'
  | 'not_an_association'
  | 'subsidy_exists'
  | 'unknown_agreement'
  | 'committed_below_paid'
  | 'not_committed'
  | 'over_committed'
  | 'paid_before_commit'
  | 'paid_in_future'
  | 'committed_in_future'
  | 'unknown_owner'
  | DocumentRefusal;

export const coordinationRefusalMessages: Record<CoordinationRefusal, string> = {
  invalid: 'Certaines valeurs sont invalides : corrigez les champs signalés.',
  unknown_partner: 'Choisissez un partenaire du programme dans la liste.',
  reference_taken: 'Une convention du programme porte déjà cette référence. Choisissez-en une autre.',
  terminated: 'Cette convention est résiliée : elle ne change plus et ne peut pas être renouvelée.',
  already_renewed: 'Cette convention a déjà été renouvelée. Renouvelez plutôt la plus récente.',
  overlaps_previous:
    'Cette convention en renouvelle une autre : elle doit commencer après la fin de celle-ci.',
  overlaps_next: 'Cette convention a été renouvelée : elle doit finir avant le début de la suivante.',
  terminate_before_start: 'La date de fin ne peut pas précéder le début de la convention.',
  terminate_after_end: 'La date de fin ne peut pas dépasser la fin prévue de la convention.',
  not_an_association:
    'Les subventions vont aux associations et aux lieux partenaires (lieux de médiation, recyclerie, associations).',
  subsidy_exists: 'Cette association a déjà une subvention pour cet objet cette année. Modifiez-la plutôt.',
  unknown_agreement: 'Choisissez une convention de cette association.',
  committed_below_paid: 'Le montant voté ne peut pas être inférieur à ce qui a déjà été versé.',
  not_committed: 'Enregistrez d’abord le montant voté : on ne verse que ce qui a été voté.',
  over_committed: 'Ce versement dépasse ce qui reste à verser sur le montant voté.',
  paid_before_commit: 'Un versement ne peut pas précéder le vote de la subvention.',
  paid_in_future: 'Un versement s’enregistre une fois fait : la date ne peut pas être dans le futur.',
  committed_in_future: 'Le vote s’enregistre une fois tenu : sa date ne peut pas être dans le futur.',
  unknown_owner: 'Choisissez un partenaire du programme dans la liste.',
  ...documentRefusalMessages,
};
export const coordinationRefusalMessage = (reason: CoordinationRefusal) =>
  coordinationRefusalMessages[reason];

export type Issue = { path: string; message: string };
export type Refused<R extends CoordinationRefusal = CoordinationRefusal> = {
  ok: false;
  reason: R;
  message: string;
  field?: string;
  issues?: Issue[];
};

export function refuse<R extends CoordinationRefusal>(
  reason: R,
  extra: { field?: string; message?: string } = {},
): Refused<R> {
  return {
    ok: false,
    reason,
    message: extra.message ?? coordinationRefusalMessages[reason],
    ...(extra.field ? { field: extra.field } : {}),
  };
}

export const invalid = (error: z.ZodError): Refused<'invalid'> => {
  const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  return {
    ok: false,
    reason: 'invalid',
    message: coordinationRefusalMessages.invalid,
    field: issues[0]?.path,
    issues,
  };
};

const euros = (cents: number) => formatCents('fr', cents);

/** The refusal of a payment above what remains, with the amounts, so that the person sees what can still be paid. */
export function overCommittedMessage(figures: {
  amountCents: number;
  committedCents: number;
  paidCents: number;
}): string {
  const remaining = figures.committedCents - figures.paidCents;
  return (
    `Ce versement de ${euros(figures.amountCents)} dépasse ce qui reste à verser : ${euros(remaining)} ` +
    `(voté ${euros(figures.committedCents)}, déjà versé ${euros(figures.paidCents)}).`
  );
}
