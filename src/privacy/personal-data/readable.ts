// The export in plain French, as blocks the PDF prints: a heading per module, a sub-heading per list, one block of
// « Libellé : valeur » lines per record. Dates in French, amounts in euros, codes in words.
import { formatDateTime, formatIsoDate, formatMoney } from '../../platform/pdf/index.ts';
import { type PersonalDataDocument, personalDataModules } from './gather-personal-data.ts';

/** French for every key the export uses (a test checks that none is missing). */
export const fieldLabels: Record<string, string> = {
  // lists
  household: 'Coordonnées et profil',
  members: 'Membres',
  tenancies: 'Logements occupés',
  consents: 'Consentements',
  accounts: 'Comptes',
  rolls: 'Consultations où le logement votait',
  activationRequests: 'Demandes de raccordement',
  events: 'Étapes',
  charges: 'Lignes de charges locatives',
  orders: 'Commandes',
  payments: 'Paiements',
  warrantyTickets: 'Garantie',
  waitingList: 'Liste d’attente',
  messages: 'Messages',
  registrations: 'Inscriptions',
  attendance: 'Présences',
  calendarFeeds: 'Agendas personnels (adresses secrètes)',
  validations: 'Compétences validées',
  certificates: 'Attestations',
  cases: 'Dossiers',
  entries: 'Suivi du dossier',
  documents: 'Documents remis',
  letters: 'Courriers',
  appointments: 'Rendez-vous',
  testimonies: 'Témoignages',
  questionnaires: 'Questionnaires',
  // fields
  id: 'Numéro interne',
  reference: 'Référence',
  phone: 'Téléphone',
  email: 'E-mail',
  channels: 'Moyens de contact',
  language: 'Langue',
  profile: 'Profil pour les statistiques',
  minimumBenefits: 'Perçoit un minimum social',
  singleParent: 'Famille monoparentale',
  livesAlone: 'Vit seul·e',
  firstTimeUser: 'Débutant en informatique',
  createdAt: 'Créé le',
  updatedAt: 'Modifié le',
  archivedAt: 'Archivé le',
  anonymisedAt: 'Effacé le',
  firstName: 'Prénom',
  lastName: 'Nom',
  birthYear: 'Année de naissance',
  ageBand: 'Tranche d’âge',
  isReferencePerson: 'Personne de référence',
  startDate: 'Du',
  endDate: 'Au',
  dwellingReference: 'Logement',
  address: 'Adresse',
  postcode: 'Code postal',
  city: 'Commune',
  floor: 'Étage',
  sector: 'Secteur',
  purpose: 'Pour quoi',
  givenOn: 'Donné le',
  source: 'Recueilli',
  withdrawnOn: 'Retiré le',
  name: 'Nom',
  role: 'Rôle',
  status: 'État',
  vote: 'Consultation',
  service: 'Service proposé',
  opensAt: 'Ouverture',
  closesAt: 'Clôture',
  result: 'Résultat',
  ballotRecorded: 'Un vote a été enregistré pour le logement',
  ballotChannel: 'Comment',
  ballotReceivedAt: 'Reçu le',
  sentAt: 'Envoyé le',
  operator: 'Opérateur',
  contactName: 'Contact donné à l’opérateur',
  contactPhone: 'Téléphone donné à l’opérateur',
  slots: 'Moments préférés',
  installHelp: 'Aide à l’installation demandée',
  installVisitAt: 'Visite d’aide prévue le',
  installOutcome: 'Résultat de la visite',
  installOutcomeNote: 'Note sur la visite',
  scheduledFor: 'Rendez-vous le',
  activatedOn: 'Activé le',
  equipmentRef: 'Matériel de l’opérateur',
  failureReason: 'Raison de l’échec',
  failureDetail: 'Précision sur l’échec',
  createdBy: 'Par',
  at: 'Le',
  kind: 'Type',
  toStatus: 'Nouvel état',
  details: 'Détails',
  recordedBy: 'Par',
  month: 'Mois',
  amountCents: 'Montant',
  reason: 'Motif',
  device: 'Ordinateur',
  deviceReference: 'Référence de l’ordinateur',
  priceCents: 'Prix',
  reservedAt: 'Réservé le',
  reservedBy: 'Par',
  handedOverAt: 'Remis le',
  handoverMode: 'Remise',
  warrantyUntil: 'Garanti jusqu’au',
  refundedCents: 'Remboursé',
  paidAt: 'Payé le',
  method: 'Moyen de paiement',
  receivedBy: 'Reçu par',
  openedAt: 'Ouvert le',
  fault: 'Panne',
  diagnosis: 'Diagnostic',
  outcome: 'Issue',
  closedAt: 'Fermé le',
  tier: 'Gamme',
  offeredAt: 'Proposé le',
  channel: 'Canal',
  topic: 'Sujet',
  recipientName: 'Destinataire',
  recipient: 'Adresse',
  subject: 'Objet',
  body: 'Texte',
  member: 'Personne',
  course: 'Atelier',
  facility: 'Lieu',
  session: 'Séance',
  reminderChannel: 'Rappel par',
  registeredAt: 'Inscrit le',
  cancelledAt: 'Annulé le',
  completedAt: 'Parcours terminé le',
  present: 'Présent',
  competency: 'Compétence',
  validatedOn: 'Validée le',
  observation: 'Observation',
  note: 'Note',
  validatedBy: 'Par',
  withdrawnAt: 'Retirée le',
  withdrawReason: 'Motif du retrait',
  code: 'Code de vérification',
  holderName: 'Au nom de',
  level: 'Niveau',
  framework: 'Référentiel',
  issuer: 'Délivrée par',
  issuedOn: 'Délivrée le',
  revokedAt: 'Révoquée le',
  revokeReason: 'Motif de la révocation',
  association: 'Association',
  summary: 'Question posée',
  recoveredCents: 'Somme récupérée',
  openedOn: 'Ouvert le',
  closedOn: 'Fermé le',
  on: 'Le',
  author: 'Par',
  mediaType: 'Type de fichier',
  size: 'Taille (octets)',
  uploadedAt: 'Remis le',
  generatedAt: 'Rédigé le',
  startsAt: 'Le',
  bookedAt: 'Pris le',
  quote: 'Paroles',
  attribution: 'Signé',
  context: 'Où',
  consentOn: 'Accord donné le',
  consentForm: 'Accord',
  recordedAt: 'Noté le',
  moment: 'Moment',
  version: 'Version',
  answeredOn: 'Répondu le',
  answers: 'Réponses',
  action: 'Action',
  by: 'Par',
};

/** Codes the records use, in words. */
const valueLabels: Record<string, string> = {
  yes: 'oui',
  no: 'non',
  not_given: 'non renseigné',
  phone: 'téléphone',
  sms: 'SMS',
  letter: 'courrier',
  call: 'appel',
  contact: 'être contacté par le programme',
  operator_sharing: 'transmettre ses coordonnées à l’opérateur',
  statistics: 'profil pour les statistiques',
  testimony: 'témoignage publié',
  paper_form: 'formulaire papier',
  in_person: 'en personne',
  online: 'en ligne',
  paper: 'papier',
  resident: 'résident',
  active: 'actif',
  deactivated: 'désactivé',
  invited: 'invité',
  adopted: 'adopté',
  rejected: 'rejeté',
  sent: 'envoyé',
  scheduled: 'rendez-vous fixé',
  activated: 'activé',
  failed: 'échec',
  cancelled: 'annulé',
  resent: 'renvoyé',
  charge: 'charge du mois',
  adjustment: 'correction',
  reserved: 'réservé',
  handed_over: 'remis',
  returned: 'rendu',
  waiting: 'en attente',
  offered: 'proposé',
  served: 'servi',
  centre: 'à la recyclerie',
  delivery: 'livré',
  cash: 'espèces',
  cheque: 'chèque',
  card: 'carte bancaire',
  repaired: 'réparé',
  exchanged: 'échangé',
  refunded: 'remboursé',
  desktop: 'ordinateur fixe',
  laptop: 'portable',
  pending: 'à envoyer',
  sending: 'en cours d’envoi',
  done: 'fait',
  registered: 'inscrit',
  open: 'en cours',
  waiting_operator: 'en attente de l’opérateur',
  resolved: 'résolu',
  closed_no_result: 'clos sans résultat',
  booked: 'réservé',
  attended: 'venu',
  missed: 'absent',
  first_name: 'de son prénom',
  anonymous: 'anonyme',
  signed: 'écrit et signé',
  oral: 'oral',
  before: 'à l’inscription',
  after: 'six mois après',
  under_18: 'moins de 18 ans',
  '18_29': '18 à 29 ans',
  '30_44': '30 à 44 ans',
  '45_59': '45 à 59 ans',
  '60_74': '60 à 74 ans',
  '75_plus': '75 ans et plus',
  fr: 'français',
  en: 'anglais',
  ar: 'arabe',
  br: 'breton',
  tr: 'turc',
  pt: 'portugais',
  ro: 'roumain',
  ru: 'russe',
  uk: 'ukrainien',
  wo: 'wolof',
  weekday_morning: 'en semaine le matin',
  weekday_afternoon: 'en semaine l’après-midi',
  weekday_evening: 'en semaine le soir',
  saturday_morning: 'le samedi matin',
  nobody_home: 'personne au rendez-vous',
  wiring_fault: 'câblage en panne',
  building_not_equipped: 'immeuble pas encore équipé',
  equipment_missing: 'matériel manquant',
  household_declined: 'le foyer a renoncé',
  other: 'autre',
  connected: 'connecté',
  not_home: 'personne à la maison',
  needs_operator: 'l’opérateur doit intervenir',
  declined: 'refusé',
  contract: 'comprendre un contrat ou une facture',
  termination: 'résiliation',
  disputed_bill: 'facture contestée',
  doorstep_sale: 'vente à domicile ou non sollicitée',
  change_operator: 'changement d’opérateur',
  equipment_not_returned: 'matériel non restitué',
  payment_difficulty: 'difficulté de paiement',
  choice_of_offer: 'choix d’une offre',
  note: 'note',
  letter_sent: 'courrier envoyé',
  formal_notice: 'mise en demeure',
  ombudsman: 'médiateur',
  social_worker: 'travailleur social',
  web: 'site',
  api: 'API',
  cli: 'ligne de commande',
};

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** One value in words: dates in French, amounts in euros, yes/no, codes in words, lists joined. */
export function readableValue(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'number') return key.endsWith('Cents') ? formatMoney(value) : String(value);
  if (Array.isArray(value)) return value.length ? value.map((v) => readableValue(key, v)).join(', ') : '—';
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${fieldLabels[k] ?? k} : ${readableValue(k, v)}`)
      .join(' ; ');
  const text = String(value);
  if (key === 'month' && /^\d{4}-\d{2}$/.test(text)) return formatIsoDate(`${text}-01`).replace(/^1er\s/, '');
  if (isoDay.test(text)) return formatIsoDate(text);
  if (isoInstant.test(text)) return formatDateTime(new Date(text), { weekday: false });
  return valueLabels[text] ?? text;
}

export interface ReadableRecord {
  lines: { label: string; value: string }[];
  /** Lists inside the record (a request's steps, an order's payments). */
  lists: ReadableList[];
}
export interface ReadableList {
  title: string;
  records: ReadableRecord[];
}
export interface ReadableModule {
  key: string;
  title: string;
  lists: ReadableList[];
}

function record(value: Record<string, unknown>): ReadableRecord {
  const lines: ReadableRecord['lines'] = [];
  const lists: ReadableList[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object'))
      lists.push(list(key, v as Record<string, unknown>[]));
    else lines.push({ label: fieldLabels[key] ?? key, value: readableValue(key, v) });
  }
  return { lines, lists };
}

function list(key: string, value: unknown): ReadableList {
  const title = fieldLabels[key] ?? key;
  if (Array.isArray(value))
    return {
      title,
      records: value.map((v) =>
        v !== null && typeof v === 'object'
          ? record(v as Record<string, unknown>)
          : { lines: [{ label: title, value: readableValue(key, v) }], lists: [] },
      ),
    };
  if (value !== null && typeof value === 'object')
    return { title, records: [record(value as Record<string, unknown>)] };
  return { title, records: [{ lines: [{ label: title, value: readableValue(key, value) }], lists: [] }] };
}

/** The whole export as readable blocks, module by module in the document's order. */
export function readableDocument(document: PersonalDataDocument): ReadableModule[] {
  return personalDataModules.map(({ key, title }) => {
    const part = document.modules[key] as Record<string, unknown>;
    return { key, title, lists: Object.entries(part).map(([k, v]) => list(k, v)) };
  });
}
