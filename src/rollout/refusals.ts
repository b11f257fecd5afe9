// Why a roll-out action was refused, as codes for the API and plain French for people.
export type RolloutRefusal =
  | 'by_event'
  | 'not_next'
  | 'same_stage'
  | 'checklist_incomplete'
  | 'comment_required'
  | 'future_date'
  | 'before_current_stage'
  | 'unknown_item'
  | 'not_a_partner'
  | 'unknown_meeting'
  | 'not_pinnable'
  | 'pin_in_past';

export const rolloutRefusalMessages: Record<RolloutRefusal, string> = {
  by_event:
    'Cette étape vient d’un événement : l’ouverture ou le résultat d’un vote des locataires, ou l’ouverture du service.',
  not_next: 'Le secteur ne peut pas passer à cette étape depuis son étape actuelle.',
  same_stage: 'Le secteur est déjà à cette étape.',
  checklist_incomplete: 'Il manque des éléments pour passer à cette étape.',
  comment_required: 'Expliquez en quelques mots pourquoi le secteur revient en arrière.',
  future_date: 'La date de la décision ne peut pas être dans le futur.',
  before_current_stage:
    'La date de la décision ne peut pas être avant le jour où le secteur est arrivé à son étape actuelle.',
  unknown_item: 'Cet élément ne fait pas partie de la liste de l’étape.',
  not_a_partner: 'Choisissez un partenaire du programme.',
  unknown_meeting: 'Cette réunion n’existe pas pour ce secteur.',
  not_pinnable: 'Seul un secteur identifié ou dont le vote a été rejeté peut être placé dans le calendrier.',
  pin_in_past: 'Choisissez un mois à venir (ou le mois en cours).',
};

export type Refused<R extends RolloutRefusal = RolloutRefusal> = {
  ok: false;
  reason: R;
  field?: string;
  /** What is missing, for `checklist_incomplete`. */
  missing?: string[];
};
export const rolloutRefusalMessage = (reason: RolloutRefusal) => rolloutRefusalMessages[reason];
