// What the page « Données personnelles » shows of the export: counts per module in plain French, never the content
// (an advice case is its association's business: the coordinator hands the person their copy without reading it).
import { plural } from '../../platform/personal-data.ts';
import { type PersonalDataDocument, personalDataModules } from './gather-personal-data.ts';

export interface ModuleSummary {
  key: string;
  title: string;
  /** « 2 membres », « 24 lignes de charges »; empty when the module holds nothing on the household. */
  lines: string[];
}

const count = (value: unknown) => (Array.isArray(value) ? value.length : 0);

export function summarisePersonalData(document: PersonalDataDocument): ModuleSummary[] {
  const m = document.modules;
  const h = m.household;
  const lines: Record<string, string[]> = {
    household: [
      h.household?.phone || h.household?.email ? 'coordonnées (téléphone, e-mail)' : '',
      count(h.members) ? plural(count(h.members), 'membre', 'membres') : '',
      count(h.tenancies) ? plural(count(h.tenancies), 'logement occupé', 'logements occupés') : '',
      count(h.consents) ? plural(count(h.consents), 'consentement', 'consentements') : '',
    ],
    accounts: [count(m.accounts.accounts) ? plural(count(m.accounts.accounts), 'compte', 'comptes') : ''],
    votes: [count(m.votes.rolls) ? plural(count(m.votes.rolls), 'consultation', 'consultations') : ''],
    access: [
      count(m.access.activationRequests)
        ? plural(count(m.access.activationRequests), 'demande de raccordement', 'demandes de raccordement')
        : '',
      count(m.access.charges) ? plural(count(m.access.charges), 'ligne de charges', 'lignes de charges') : '',
    ],
    equipment: [
      count(m.equipment.orders) ? plural(count(m.equipment.orders), 'commande', 'commandes') : '',
      count(m.equipment.waitingList)
        ? plural(
            count(m.equipment.waitingList),
            'inscription en liste d’attente',
            'inscriptions en liste d’attente',
          )
        : '',
    ],
    notifications: [
      count(m.notifications.messages) ? plural(count(m.notifications.messages), 'message', 'messages') : '',
    ],
    workshops: [
      count(m.workshops.registrations)
        ? plural(count(m.workshops.registrations), 'inscription', 'inscriptions')
        : '',
    ],
    certificates: [
      count(m.certificates.validations)
        ? plural(count(m.certificates.validations), 'compétence validée', 'compétences validées')
        : '',
      count(m.certificates.certificates)
        ? plural(count(m.certificates.certificates), 'attestation', 'attestations')
        : '',
    ],
    advice: [
      count(m.advice.cases) ? plural(count(m.advice.cases), 'dossier', 'dossiers') : '',
      count(m.advice.appointments) ? plural(count(m.advice.appointments), 'rendez-vous', 'rendez-vous') : '',
    ],
    impact: [
      count(m.impact.testimonies) ? plural(count(m.impact.testimonies), 'témoignage', 'témoignages') : '',
      count(m.impact.questionnaires)
        ? plural(count(m.impact.questionnaires), 'questionnaire', 'questionnaires')
        : '',
    ],
    history: [
      count(m.history.events)
        ? plural(count(m.history.events), 'consultation ou modification', 'consultations ou modifications')
        : '',
    ],
  };
  return personalDataModules.map(({ key, title }) => ({
    key,
    title,
    lines: (lines[key] ?? []).filter(Boolean),
  }));
}
