// Why a workshop action was refused, as codes for the API and plain French for people.
export type WorkshopRefusal =
  | 'not_a_facility_partner'
  | 'room_exists'
  | 'room_too_small'
  | 'room_elsewhere'
  | 'course_closed'
  | 'session_cancelled'
  | 'session_started'
  | 'registration_closed'
  | 'not_a_drop_in'
  | 'cycle_needs_no_session'
  | 'already_registered'
  | 'not_a_member'
  | 'no_phone'
  | 'no_email'
  | 'no_address'
  | 'not_live'
  | 'not_registered'
  | 'too_early'
  | 'capacity_below_taken'
  | 'seats_per_session';

export const workshopRefusalMessages: Record<WorkshopRefusal, string> = {
  not_a_facility_partner: 'Ce partenaire n’est pas un lieu de médiation numérique du programme.',
  room_exists: 'Une salle porte déjà ce nom dans ce lieu.',
  room_too_small: 'La salle n’a pas assez de places pour ce nombre d’inscrits.',
  room_elsewhere: 'Cette salle n’est pas dans ce lieu.',
  course_closed: 'Cet atelier est annulé : on ne peut plus s’y inscrire.',
  session_cancelled: 'Cette séance est annulée.',
  session_started: 'Cette séance a déjà commencé.',
  registration_closed: 'Les inscriptions sont closes : la dernière séance a commencé.',
  not_a_drop_in:
    'On s’inscrit à une séance seulement pour un atelier libre ; pour un cycle, on s’inscrit au cycle.',
  cycle_needs_no_session: 'Pour un cycle, l’inscription vaut pour toutes les séances.',
  already_registered: 'Cette personne est déjà inscrite (ou sur la liste d’attente).',
  not_a_member: 'Cette personne ne fait pas partie de ce foyer.',
  no_phone: 'Aucun numéro de téléphone n’est connu pour ce foyer : ajoutez-le ou choisissez un autre moyen.',
  no_email: 'Aucune adresse e-mail n’est connue pour ce foyer : ajoutez-la ou choisissez un autre moyen.',
  no_address: 'Aucune adresse postale n’est connue pour ce foyer (pas de logement en cours).',
  not_live: 'Cette inscription est déjà annulée.',
  not_registered: 'Cette personne n’est pas inscrite à cette séance.',
  too_early: 'L’appel se fait le jour de la séance.',
  capacity_below_taken: 'Il y a déjà plus d’inscrits que ce nombre de places.',
  seats_per_session:
    'Dans un atelier libre, chaque séance a ses places : changez-les en modifiant la séance.',
};

export type Refused<R extends WorkshopRefusal = WorkshopRefusal> = { ok: false; reason: R; field?: string };
export const workshopRefusalMessage = (reason: WorkshopRefusal) => workshopRefusalMessages[reason];
