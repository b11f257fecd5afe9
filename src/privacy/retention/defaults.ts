// How long each kind of personal data is kept, by default: dated data, like the vote rules. A programme's coordinator
// may change a duration (retention_setting); a kind without a row takes the defaults in force on the day of the run.
// Every default cites its basis; docs/decisions/043-retention.md gives the reasoning.
//
// The CNIL's three stages: active use (« base active »), a limited-access intermediate archive kept only for a legal
// or probative need, then erasure or anonymisation. Palier marks the archive on the household (`archived_at`: hidden
// from lists, read by the coordinator alone); other kinds have their own step at each end (see `steps`).

export const retentionKinds = [
  'household',
  'workshop_attendance',
  'equipment_sale',
  'advice_case',
  'questionnaire',
  'testimony',
  'notification',
  'access_log',
] as const;
export type RetentionKind = (typeof retentionKinds)[number];

/**
 * Kinds whose last event keeps the household itself in active use, then in the archive: a household is archived
 * once every one of these has passed its active months, and erased once every one has passed its archive too.
 */
export const householdKinds = [
  'household',
  'workshop_attendance',
  'equipment_sale',
  'advice_case',
  'questionnaire',
] as const satisfies readonly RetentionKind[];
export type HouseholdKind = (typeof householdKinds)[number];

export interface RetentionDefault {
  activeMonths: number;
  archiveMonths: number;
}

export interface KindDescription {
  /** What the data is, in plain French. */
  label: string;
  /** When its clock starts. */
  startsFrom: string;
  /** What happens at the end of active use, and at the end of the archive. */
  steps: { active: string; archive: string | null };
  /** The basis of the default durations (French, shown on the page; the ADR gives the references in full). */
  basis: string;
}

/** For kinds with no intermediate archive, the archive months are always 0. */
export const hasArchive = (kind: RetentionKind) => kind !== 'testimony' && kind !== 'access_log';

const accompaniment =
  'CNIL, référentiel « durées de conservation » du secteur social et médico-social (délibération n° 2023-095 du 14 septembre 2023) : au plus 2 ans en base active après le dernier contact avec la personne accompagnée ; ensuite, archive intermédiaire seulement pour un besoin légal ou de preuve, dans la limite de la prescription — ici 3 ans, pour 5 ans en tout après le dernier contact (prescription de droit commun, code civil, art. 2224). Cadre de l’action sociale : délibération n° 2021-028.';

export const kindDescriptions: Record<RetentionKind, KindDescription> = {
  household: {
    label: 'Dossier du foyer (identité, contacts, profil, consentements, demandes de raccordement)',
    startsFrom:
      'Quand le foyer n’habite plus aucun logement du programme : depuis la fin de son bail ou son dernier contact, le plus tard des deux.',
    steps: {
      active: 'Le foyer passe aux archives : caché des listes et recherches, lu par la coordination seule.',
      archive:
        'Le foyer est effacé : nom, contacts et profil remplacés dans tous les modules ; les chiffres, l’argent et les votes restent.',
    },
    basis: accompaniment,
  },
  workshop_attendance: {
    label: 'Inscriptions et présences aux ateliers, certificats',
    startsFrom: 'Depuis la dernière séance, inscription ou certificat du foyer.',
    steps: {
      active: 'Garde le foyer en usage actif jusque-là.',
      archive: 'Garde le foyer aux archives jusque-là ; ensuite il est effacé avec son dossier.',
    },
    basis: accompaniment,
  },
  equipment_sale: {
    label: 'Ventes d’ordinateurs et paiements',
    startsFrom: 'Depuis la remise de l’ordinateur ou la fin de sa garantie, le plus tard des deux.',
    steps: {
      active: 'Garde le foyer en usage actif le temps du service après-vente.',
      archive:
        'Garde le foyer aux archives pour la preuve d’un paiement ; ensuite il est effacé. La vente et ses paiements restent, sans identité, comme pièces comptables (10 ans, code de commerce, art. L123-22).',
    },
    basis: `${accompaniment} Pièces comptables : 10 ans (code de commerce, art. L123-22), qui n’ont pas besoin du nom de l’acheteur.`,
  },
  advice_case: {
    label: 'Dossiers de conseil des associations de consommateurs',
    startsFrom: 'Depuis la clôture du dossier (un dossier ouvert garde le foyer en usage actif).',
    steps: {
      active:
        'Les pièces déposées (factures, contrats) sont supprimées ; le dossier clos reste à l’association.',
      archive:
        'Les notes, courriers et le résumé sont effacés ; il reste le thème, l’issue et les dates, pour les chiffres.',
    },
    basis: accompaniment,
  },
  questionnaire: {
    label: 'Questionnaires avant / après',
    startsFrom: 'Depuis la dernière réponse du foyer.',
    steps: {
      active: 'Garde le foyer en usage actif jusque-là.',
      archive: 'Garde le foyer aux archives jusque-là ; ensuite les réponses sont effacées avec le foyer.',
    },
    basis: accompaniment,
  },
  testimony: {
    label: 'Témoignages publiés',
    startsFrom: 'Depuis le jour où la personne a donné son accord.',
    steps: {
      active:
        'Le témoignage est retiré : ses mots et le prénom sont effacés, il n’apparaît plus nulle part (bilans compris).',
      archive: null,
    },
    basis:
      'Donné pour les bilans du programme, un accord ne vaut pas sans limite (RGPD, art. 5.1.e, limitation de la conservation) : 3 ans couvrent le cycle des conventions et des bilans. Pas d’archive : rien n’oblige à garder les mots.',
  },
  notification: {
    label: 'Messages envoyés (SMS, e-mails, appels, courriers)',
    startsFrom: 'Depuis l’écriture du message, une fois envoyé, traité ou annulé.',
    steps: {
      active:
        'Destinataire, adresse et texte sont effacés ; il reste le type de message, le canal et l’état, pour suivre les envois.',
      archive: 'La ligne est supprimée.',
    },
    basis:
      'Aucune obligation légale ; minimisation (RGPD, art. 5.1.c et e). 3 mois suffisent pour répondre à « je n’ai pas reçu le rappel » ; la trace sans contenu suit la durée des journaux (1 an).',
  },
  access_log: {
    label: 'Journal des consultations (qui a lu quel dossier)',
    startsFrom: 'Depuis la consultation.',
    steps: { active: 'La trace est supprimée.', archive: null },
    basis:
      'CNIL, recommandation relative à la journalisation (délibération n° 2021-122 du 14 octobre 2021) : de 6 mois à 1 an. Les autres événements du journal (un vote, un consentement, un effacement) sont la preuve d’un acte : ils suivent le dossier qu’ils concernent.',
  },
};

/** Defaults in force from a day: the newest version whose day has come applies. */
export interface RetentionDefaults {
  version: string;
  from: string;
  durations: Record<RetentionKind, RetentionDefault>;
}

export const retentionDefaultVersions: readonly RetentionDefaults[] = [
  {
    version: '2026-11',
    from: '2026-11-26',
    durations: {
      household: { activeMonths: 24, archiveMonths: 36 },
      workshop_attendance: { activeMonths: 24, archiveMonths: 36 },
      equipment_sale: { activeMonths: 24, archiveMonths: 36 },
      advice_case: { activeMonths: 24, archiveMonths: 36 },
      questionnaire: { activeMonths: 24, archiveMonths: 36 },
      testimony: { activeMonths: 36, archiveMonths: 0 },
      notification: { activeMonths: 3, archiveMonths: 9 },
      access_log: { activeMonths: 12, archiveMonths: 0 },
    },
  },
];

/** The defaults in force on a day (the first version for days before it: a run never lacks a duration). */
export function retentionDefaultsOn(day: string): RetentionDefaults {
  const inForce = retentionDefaultVersions.filter((v) => v.from <= day);
  return inForce[inForce.length - 1] ?? retentionDefaultVersions[0]!;
}

/** Audit events that record a consultation (a read), as opposed to an act: the `access_log` kind. */
export const isAccessLogAction = (action: string) => action.endsWith('.read') || action.endsWith('_read');
