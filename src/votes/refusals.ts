// Why a vote action was refused, as codes for the API and plain French for people.

export type VoteRefusal =
  | 'window_too_long'
  | 'opens_in_past'
  | 'opens_later'
  | 'already_adopted'
  | 'no_rule'
  | 'not_operator'
  | 'unknown_building'
  | 'no_dwellings'
  | 'vote_running'
  | 'not_open'
  | 'not_closed'
  | 'already_certified'
  | 'batches_pending'
  | 'already_voted'
  | 'unknown_code'
  | 'revoked_code'
  | 'unknown_dwelling'
  | 'same_person'
  | 'batch_state'
  | 'received_outside_window'
  | 'lines_invalid';

export const refusalMessages: Record<VoteRefusal, string> = {
  window_too_long: 'La consultation dure au plus {{months}} mois : avancez la date de clôture.',
  opens_in_past: 'L’ouverture ne peut pas être dans le passé.',
  opens_later:
    'Une consultation s’ouvre le jour où elle est créée : la liste des logements consultés est figée à l’ouverture. Créez-la le jour de l’ouverture.',
  already_adopted: 'Les locataires de ce secteur ont déjà adopté le service : l’accord s’applique.',
  no_rule: 'Aucune règle de cette procédure n’est en vigueur à cette date.',
  not_operator: 'Choisissez un opérateur partenaire du programme.',
  unknown_building: 'Un des bâtiments choisis n’appartient pas à ce secteur.',
  no_dwellings: 'Aucun logement de ce secteur n’a de bail à la date d’ouverture : rien à consulter.',
  vote_running: 'Une consultation est déjà en cours pour ce secteur.',
  not_open: 'La consultation n’est pas ouverte.',
  not_closed: 'La consultation n’est pas encore close.',
  already_certified: 'Le résultat est déjà certifié.',
  batches_pending: 'Des lots de bulletins papier ne sont pas encore comptés : terminez leur double saisie.',
  already_voted: 'Ce logement a déjà voté : un logement n’a qu’une voix.',
  unknown_code: 'Ce code de vote n’existe pas pour cette consultation.',
  revoked_code: 'Ce code a été remplacé par un nouveau code : il ne vaut plus.',
  unknown_dwelling: 'Ce logement ne fait pas partie des logements consultés.',
  same_person: 'La deuxième saisie doit être faite par une autre personne.',
  batch_state: 'Ce lot n’attend pas cette étape.',
  received_outside_window:
    'La date de réception doit être après l’ouverture de la consultation, et pas dans le futur.',
  lines_invalid: 'Certaines lignes sont à corriger : rien n’a été enregistré.',
};

export function refusalMessage(reason: VoteRefusal, params: Record<string, string | number> = {}): string {
  return refusalMessages[reason].replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(params[key] ?? ''));
}

export type Refused<R extends VoteRefusal = VoteRefusal> = {
  ok: false;
  reason: R;
  field?: string;
  params?: Record<string, string | number>;
};
