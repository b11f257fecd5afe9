// Why a certificate action was refused, as codes for the API and plain French for people.
export type CertificateRefusal =
  | 'already_validated'
  | 'reference_framework'
  | 'future_date'
  | 'session_elsewhere'
  | 'session_not_held'
  | 'already_withdrawn'
  | 'level_not_reached'
  | 'already_certified'
  | 'not_an_issuer'
  | 'already_revoked'
  | 'not_a_facility_partner';

export const certificateRefusalMessages: Record<CertificateRefusal, string> = {
  already_validated: 'Cette compétence est déjà validée pour cette personne.',
  reference_framework:
    'Ce référentiel sert de repère (Pix) : on ne valide que les compétences du Visa Internet.',
  future_date: 'La date de validation ne peut pas être dans le futur.',
  session_elsewhere: 'Cette séance n’est pas une séance de votre lieu.',
  session_not_held: 'Cette séance n’a pas encore eu lieu, ou elle a été annulée.',
  already_withdrawn: 'Cette validation est déjà retirée.',
  level_not_reached: 'Toutes les compétences demandées pour ce niveau ne sont pas encore validées.',
  already_certified: 'Cette personne a déjà ce certificat.',
  not_an_issuer: 'Votre lieu n’est pas autorisé par la coordination à délivrer des certificats.',
  already_revoked: 'Ce certificat est déjà révoqué.',
  not_a_facility_partner: 'Seul un lieu de médiation numérique du programme peut délivrer des certificats.',
};

export type Refused<R extends CertificateRefusal = CertificateRefusal> = {
  ok: false;
  reason: R;
  field?: string;
};
export const certificateRefusalMessage = (reason: CertificateRefusal) => certificateRefusalMessages[reason];
