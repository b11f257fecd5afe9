// The words people read for an advice case's topic, state and follow-up entries (pages, and the impact figures).
import type { AdviceActionKind, AdviceStatus, AdviceTopic } from './schema.ts';

export const topicLabels: Record<AdviceTopic, string> = {
  contract: 'Comprendre un contrat ou une facture',
  termination: 'Résiliation',
  disputed_bill: 'Facture contestée',
  doorstep_sale: 'Vente à domicile ou non sollicitée',
  change_operator: 'Changement d’opérateur',
  equipment_not_returned: 'Matériel non restitué',
  payment_difficulty: 'Difficulté de paiement',
  choice_of_offer: 'Choix d’une offre',
  other: 'Autre',
};

export const statusLabels: Record<AdviceStatus, string> = {
  open: 'Ouvert',
  waiting_operator: 'En attente de l’opérateur',
  resolved: 'Résolu',
  closed_no_result: 'Clos sans résultat',
};

export const entryKindLabels: Record<'note' | AdviceActionKind, string> = {
  note: 'Note',
  letter_sent: 'Courrier envoyé',
  formal_notice: 'Mise en demeure',
  ombudsman: 'Saisine du médiateur des communications électroniques',
  social_worker: 'Orientation vers un travailleur social',
  other: 'Autre',
};

/** A label for a key that may come from the database (an unknown one is shown as it is). */
export const labelOf = (labels: Record<string, string>, key: string) => labels[key] ?? key;
