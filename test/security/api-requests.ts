// One well-formed request per /api/v1 operation, on the demo's sample rows (samples.ts): what the authorisation
// matrix sends as each role, and what the fuzzer starts from before it breaks things. Well-formed means it passes the
// schema, so that a role without the right is refused for its role (403), not for its input (422).
import { toLocalInput } from '../../src/platform/dates.ts';
import { type Samples, tinyPdf } from './samples.ts';

export interface ApiRequest {
  /** The path under /api/v1 with its parameters filled in. */
  path: string;
  query?: Record<string, string>;
  json?: unknown;
  csv?: string;
  form?: Record<string, string | Blob>;
  headers?: Record<string, string>;
}

/** Tomorrow, in a month, and so on, as calendar days: requests stay valid whatever day the tests run. */
export const day = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const today = () => day(0);
/** The first day of a month to come (tariffs and services start on the 1st). */
const firstOfMonth = (monthsAhead: number) => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + monthsAhead, 1)).toISOString().slice(0, 10);
};

const offer = {
  operator: 'Opérateur test',
  offer: 'Fibre 300 Mb/s',
  monthlyCents: 1999,
  speed: '300 Mb/s',
  commitmentMonths: 12,
  fees: 'Aucun',
  termination: 'Préavis de 10 jours',
};

const facilityBody = {
  name: 'Espace numérique de test',
  address: '1 rue de Test',
  postcode: '29200',
  commune: 'Brest',
  computers: 4,
};

const devicesCsv = [
  'type;ensemble;marque;modele;processeur;memoire_go;stockage_go;systeme;grade;numero_serie;donateur;recu_le;tarif',
  `portable;non;Dell;Latitude 5490;Intel i5;8;256;Linux Mint;A;SN-ATTACK-1;Entreprise;${day(-10)};standard`,
].join('\n');

/** By operation ("METHOD /path" as the OpenAPI document names it). */
export const apiRequests: Record<string, (s: Samples) => ApiRequest> = {
  // Territory
  'GET /neighbourhoods': () => ({ path: '/neighbourhoods' }),
  'GET /sectors': () => ({ path: '/sectors' }),
  'GET /sectors/{id}': (s) => ({ path: `/sectors/${s.sector}` }),
  'GET /buildings': (s) => ({ path: '/buildings', query: { sector: String(s.sector) } }),
  'GET /buildings/{id}': (s) => ({ path: `/buildings/${s.building}` }),
  'GET /dwellings': (s) => ({ path: '/dwellings', query: { sector: String(s.sector), limit: '5' } }),
  'GET /dwellings/{id}': (s) => ({ path: `/dwellings/${s.dwelling}` }),
  'POST /dwellings/import': () => ({
    path: '/dwellings/import',
    csv: 'reference_logement;adresse;code_postal;code_insee;reference_batiment;secteur\nL-ATTACK-1;1 rue Neuve;29200;29019;B-ATTACK;KER',
  }),
  // Households
  'GET /households': () => ({ path: '/households', query: { limit: '5' } }),
  'POST /households': (s) => ({
    path: '/households',
    json: {
      dwellingId: s.vacantDwelling,
      tenancyStart: day(-30),
      member: { firstName: 'Anaïs', lastName: 'Gomes' },
      contact: { channels: ['letter'] },
    },
  }),
  'GET /households/{id}': (s) => ({ path: `/households/${s.household}` }),
  'PUT /households/{id}/contact': (s) => ({
    path: `/households/${s.household}/contact`,
    json: { phone: '06 12 34 56 78', channels: ['sms', 'letter'], language: 'fr' },
  }),
  'PUT /households/{id}/profile': (s) => ({
    path: `/households/${s.household}/profile`,
    json: { minimumBenefits: 'yes', singleParent: 'not_given' },
  }),
  'POST /households/{id}/consents': (s) => ({
    path: `/households/${s.household}/consents`,
    json: { purpose: 'statistics', givenOn: today(), source: 'in_person' },
  }),
  'GET /households/{id}/consents': (s) => ({ path: `/households/${s.household}/consents` }),
  'POST /households/{id}/consents/{consentId}/withdraw': (s) => ({
    path: `/households/${s.household}/consents/${s.consent}/withdraw`,
    json: { withdrawnOn: today() },
  }),
  // Partners
  'GET /me': () => ({ path: '/me' }),
  'GET /organisations': () => ({ path: '/organisations' }),
  'GET /users': () => ({ path: '/users' }),
  // Votes
  'GET /tenant-votes': () => ({ path: '/tenant-votes' }),
  'POST /tenant-votes': (s) => ({
    path: '/tenant-votes',
    json: {
      sectorId: s.voteSector,
      procedure: 'approval',
      // A vote opens the day it is created, not in the past: in a few minutes, programme time.
      opensAt: toLocalInput(new Date(Date.now() + 5 * 60_000)),
      closesAt: `${day(30)}T18:00`,
      operatorId: s.operatorOrganisation,
      serviceName: 'Internet collectif',
      monthlyAmountCents: 500,
      tariffFrom: firstOfMonth(3),
      helpPhone: '02 98 00 00 00',
    },
  }),
  'GET /tenant-votes/{id}': (s) => ({ path: `/tenant-votes/${s.vote}` }),
  'GET /tenant-votes/{id}/letters.pdf': (s) => ({
    path: `/tenant-votes/${s.vote}/letters.pdf`,
    query: { dwelling: String(s.voteDwelling) },
  }),
  'GET /tenant-votes/{id}/report.pdf': (s) => ({ path: `/tenant-votes/${s.vote}/report.pdf` }),
  'POST /tenant-votes/{id}/ballots': (s) => ({
    path: `/tenant-votes/${s.vote}/ballots`,
    json: { code: s.ballotCode, choice: 'yes' },
  }),
  'POST /tenant-votes/{id}/dwellings/{dwellingId}/reissue-code': (s) => ({
    path: `/tenant-votes/${s.vote}/dwellings/${s.voteDwelling}/reissue-code`,
  }),
  'POST /tenant-votes/{id}/paper-batches': (s) => ({
    path: `/tenant-votes/${s.vote}/paper-batches`,
    json: { label: 'Urne de test', receivedAt: `${today()}T10:00` },
  }),
  'GET /tenant-votes/paper-batches/{id}': (s) => ({ path: `/tenant-votes/paper-batches/${s.paperBatch}` }),
  'POST /tenant-votes/paper-batches/{id}/entries': (s) => ({
    path: `/tenant-votes/paper-batches/${s.paperBatch}/entries`,
    json: { lines: 'L-000001 oui' },
  }),
  'POST /tenant-votes/paper-batches/{id}/settlement': (s) => ({
    path: `/tenant-votes/paper-batches/${s.paperBatch}/settlement`,
    json: { decisions: [{ dwellingId: s.voteDwelling, choice: 'none' }] },
  }),
  'POST /tenant-votes/{id}/certify': (s) => ({ path: `/tenant-votes/${s.vote}/certify` }),
  'GET /public/ballots/{code}': (s) => ({ path: `/public/ballots/${s.ballotCode}` }),
  'POST /public/ballots': () => ({ path: '/public/ballots', json: { code: 'ZZZZZZZZZZZZ', choice: 'yes' } }),
  // Access: service, charges, activation
  'GET /services': () => ({ path: '/services' }),
  'POST /services': (s) => ({
    path: '/services',
    json: { sectorId: s.sector, description: 'Internet collectif de test', opensOn: firstOfMonth(2) },
  }),
  'POST /services/{id}/tariffs': (s) => ({
    path: `/services/${s.service}/tariffs`,
    json: { monthlyAmountCents: 550, effectiveFrom: firstOfMonth(14) },
  }),
  'POST /services/{id}/close': (s) => ({
    path: `/services/${s.service}/close`,
    json: { closesOn: day(3000) },
  }),
  'GET /charges': () => ({ path: '/charges' }),
  'POST /charges/{month}/run': (s) => ({ path: `/charges/${s.openMonth}/run` }),
  'GET /charges/{month}': (s) => ({ path: `/charges/${s.closedMonth}` }),
  'POST /charges/{month}/close': (s) => ({ path: `/charges/${s.openMonth}/close` }),
  'GET /charges/{month}/lines': (s) => ({ path: `/charges/${s.closedMonth}/lines`, query: { limit: '5' } }),
  'GET /charges/{month}/lines.csv': (s) => ({ path: `/charges/${s.closedMonth}/lines.csv` }),
  'POST /charges/{month}/adjustments': (s) => ({
    // A closed month never changes: its lines are corrected in the open month.
    path: `/charges/${s.openMonth}/adjustments`,
    json: { lineId: s.chargeLine, amountCents: -100, reason: 'Correction de test' },
  }),
  'GET /activation-requests': () => ({ path: '/activation-requests', query: { limit: '5' } }),
  'GET /activation-requests.csv': () => ({ path: '/activation-requests.csv' }),
  'POST /activation-requests/events.csv': (s) => ({
    path: '/activation-requests/events.csv',
    csv: `id;evenement;date;materiel;raison;detail\n${s.activation};planifie;${day(20)} 10:00;;;`,
  }),
  'GET /activation-requests/{id}': (s) => ({ path: `/activation-requests/${s.activation}` }),
  'POST /households/{id}/activation-requests': (s) => ({
    path: `/households/${s.household}/activation-requests`,
    json: {
      contactName: 'Aïcha Benali',
      contactPhone: '06 12 34 56 78',
      slots: ['weekday_morning'],
      installHelp: false,
      consent: true,
    },
  }),
  'POST /activation-requests/{id}/events': (s) => ({
    path: `/activation-requests/${s.activation}/events`,
    json: { kind: 'scheduled', scheduledFor: `${day(21)}T10:00` },
  }),
  'POST /activation-requests/{id}/install-visit': (s) => ({
    path: `/activation-requests/${s.installActivation}/install-visit`,
    json: { at: `${day(22)}T14:00` },
  }),
  'POST /activation-requests/{id}/install-outcome': (s) => ({
    path: `/activation-requests/${s.installActivation}/install-outcome`,
    json: { outcome: 'not_home', note: 'Personne' },
  }),
  // Equipment
  'GET /devices': () => ({ path: '/devices' }),
  'POST /devices': () => ({
    path: '/devices',
    json: {
      kind: 'laptop',
      make: 'Lenovo',
      model: 'ThinkPad T480',
      cpu: 'Intel i5',
      ramGb: 8,
      storageGb: 256,
      os: 'Linux Mint',
      grade: 'A',
      serial: 'SN-ATTACK-2',
      receivedOn: day(-5),
      tier: 'standard',
    },
  }),
  'POST /devices/import': () => ({ path: '/devices/import', csv: devicesCsv }),
  'GET /devices/{id}': (s) => ({ path: `/devices/${s.readyDevice}` }),
  'POST /devices/{id}/erasure': (s) => ({
    path: `/devices/${s.receivedDevice}/erasure`,
    json: { method: 'Blancco', on: today(), by: 'Atelier', result: 'passed' },
  }),
  'POST /devices/{id}/status': (s) => ({
    path: `/devices/${s.receivedDevice}/status`,
    json: { event: 'refurbish' },
  }),
  'GET /price-tiers': () => ({ path: '/price-tiers' }),
  'POST /price-tiers': () => ({
    path: '/price-tiers',
    json: { tier: 'standard', label: 'Portable standard', amountCents: 5000, effectiveFrom: day(500) },
  }),
  'GET /device-orders': () => ({ path: '/device-orders' }),
  'POST /device-orders': (s) => ({
    path: '/device-orders',
    json: { deviceId: s.readyDevice, householdId: s.otherHousehold },
  }),
  'GET /device-orders/{id}': (s) => ({ path: `/device-orders/${s.reservedOrder}` }),
  'POST /device-orders/{id}/cancel': (s) => ({ path: `/device-orders/${s.reservedOrder}/cancel` }),
  'POST /device-orders/{id}/payments': (s) => ({
    path: `/device-orders/${s.reservedOrder2}/payments`,
    json: { amountCents: 1000, method: 'cash' },
  }),
  'GET /device-orders/{id}/payments/{paymentId}/receipt.pdf': (s) => ({
    path: `/device-orders/${s.handedOverOrder}/payments/${s.payment}/receipt.pdf`,
  }),
  'POST /device-orders/{id}/handover': (s) => ({
    path: `/device-orders/${s.reservedOrder2}/handover`,
    json: { mode: 'centre' },
  }),
  'GET /device-orders/{id}/handover.pdf': (s) => ({
    path: `/device-orders/${s.handedOverOrder}/handover.pdf`,
  }),
  'POST /device-orders/{id}/tickets': (s) => ({
    path: `/device-orders/${s.warrantyOrder}/tickets`,
    json: { fault: 'Ne démarre plus' },
  }),
  'POST /device-tickets/{id}/close': (s) => ({
    path: `/device-tickets/${s.openTicket}/close`,
    json: { diagnosis: 'Pièce remplacée', outcome: 'repaired' },
  }),
  'GET /device-waiting-list': () => ({ path: '/device-waiting-list' }),
  'POST /device-waiting-list': (s) => ({
    path: '/device-waiting-list',
    json: { householdId: s.otherHousehold, tier: s.waitingTier, kind: 'laptop' },
  }),
  'GET /equipment/stats': () => ({ path: '/equipment/stats' }),
  // Facilities and workshops
  'GET /facilities': () => ({ path: '/facilities' }),
  'POST /facilities': (s) => ({
    path: '/facilities',
    json: { ...facilityBody, organisationId: s.facilityOrganisation },
  }),
  'GET /facilities/export.csv': () => ({ path: '/facilities/export.csv' }),
  'POST /facilities/import': (s) => ({
    path: '/facilities/import',
    query: { organisationId: String(s.facilityOrganisation) },
    csv: 'id,pivot,nom,commune,code_postal,adresse,date_maj\natt-1,00000000000000,Lieu de test,Brest,29200,1 rue de Test,2026-01-01\n',
  }),
  'GET /facilities/{id}': (s) => ({ path: `/facilities/${s.facility}` }),
  // A partner's system sends the whole record back, its organisation included (PUT replaces: without it, the
  // coordinator's call would unlink the facility from its partner).
  'PUT /facilities/{id}': (s) => ({
    path: `/facilities/${s.facility}`,
    json: { ...facilityBody, name: 'Centre social de Kerourien', organisationId: s.facilityOrganisation },
  }),
  'POST /facilities/{id}/rooms': (s) => ({
    path: `/facilities/${s.facility}/rooms`,
    json: { name: `Salle ${Math.random().toString(36).slice(2, 8)}`, seats: 8, computers: 4 },
  }),
  'GET /facilities/{id}/calendar.ics': (s) => ({ path: `/facilities/${s.facility}/calendar.ics` }),
  'GET /courses': () => ({ path: '/courses' }),
  'POST /courses': (s) => ({
    path: '/courses',
    json: {
      facilityId: s.facility,
      title: 'Atelier de test',
      level: 'beginner',
      audience: 'Tout public',
      description: 'Un atelier pour les tests.',
      capacity: 8,
      startTime: '14:00',
      endTime: '16:00',
      kind: 'drop_in',
      firstDay: day(40),
    },
  }),
  'GET /courses/{id}': (s) => ({ path: `/courses/${s.course}` }),
  'POST /courses/{id}/sessions': (s) => ({
    path: `/courses/${s.dropInCourse}/sessions`,
    json: { day: day(45), startTime: '10:00', endTime: '12:00' },
  }),
  'PUT /courses/{id}/capacity': (s) => ({ path: `/courses/${s.course}/capacity`, json: { capacity: 12 } }),
  'GET /sessions': () => ({ path: '/sessions', query: { from: day(-30), to: day(60) } }),
  'GET /sessions/{id}/attendance': (s) => ({ path: `/sessions/${s.session}/attendance` }),
  'PUT /sessions/{id}/attendance/{registrationId}': (s) => ({
    path: `/sessions/${s.session}/attendance/${s.registration}`,
    json: { present: true },
  }),
  'POST /sessions/{id}/reschedule': (s) => ({
    path: `/sessions/${s.session}/reschedule`,
    json: { day: day(50), startTime: '14:00', endTime: '16:00' },
  }),
  'POST /sessions/{id}/cancel': (s) => ({
    path: `/sessions/${s.session}/cancel`,
    json: { reason: 'Animateur malade' },
  }),
  'GET /sessions/{id}/attendance-sheet.pdf': (s) => ({ path: `/sessions/${s.session}/attendance-sheet.pdf` }),
  'POST /registrations': (s) => ({
    path: '/registrations',
    json: { householdId: s.household, memberId: s.member, courseId: s.course, reminderChannel: 'letter' },
  }),
  'GET /registrations': (s) => ({ path: '/registrations', query: { householdId: String(s.household) } }),
  'DELETE /registrations/{id}': (s) => ({ path: `/registrations/${s.registration}` }),
  // Competencies and certificates
  'GET /competency-frameworks': () => ({ path: '/competency-frameworks' }),
  'POST /validations': (s) => ({
    path: '/validations',
    json: { memberId: s.member, competencyId: s.competency, validatedOn: today() },
  }),
  'POST /validations/{id}/withdraw': (s) => ({
    path: `/validations/${s.validation}/withdraw`,
    json: { reason: 'Erreur de saisie' },
  }),
  'GET /members/{memberId}/progress': (s) => ({ path: `/members/${s.member}/progress` }),
  'GET /courses/{id}/competencies': (s) => ({ path: `/courses/${s.course}/competencies` }),
  'GET /certificates': () => ({ path: '/certificates' }),
  'POST /certificates': (s) => ({
    path: '/certificates',
    json: { memberId: s.member, levelId: s.certificateLevel },
  }),
  'GET /certificates/{id}': (s) => ({ path: `/certificates/${s.certificate}` }),
  'POST /certificates/{id}/revoke': (s) => ({
    path: `/certificates/${s.certificate}/revoke`,
    json: { reason: 'À la demande de la personne' },
  }),
  'GET /certificates/{id}/certificate.pdf': (s) => ({
    path: `/certificates/${s.certificate}/certificate.pdf`,
  }),
  'GET /certificates/{id}/credential': (s) => ({ path: `/certificates/${s.certificate}/credential` }),
  'GET /certificate-settings': () => ({ path: '/certificate-settings' }),
  'PUT /certificate-settings': () => ({ path: '/certificate-settings', json: { autoIssue: false } }),
  'PUT /certificate-issuers/{organisationId}': (s) => ({
    path: `/certificate-issuers/${s.facilityOrganisation}`,
    json: { authorised: true },
  }),
  'GET /public/certificates/{code}': (s) => ({ path: `/public/certificates/${s.certificateCode}` }),
  'GET /public/certificates/{code}/status': (s) => ({
    path: `/public/certificates/${s.certificateCode}/status`,
  }),
  // Advice
  'GET /advice-cases': () => ({ path: '/advice-cases' }),
  'POST /advice-cases': (s) => ({
    path: '/advice-cases',
    json: {
      householdId: s.household,
      memberId: s.member,
      topic: 'disputed_bill',
      operatorName: 'Opérateur test',
      summary: 'Facture contestée',
      openedOn: today(),
    },
  }),
  'GET /advice-cases/{id}': (s) => ({ path: `/advice-cases/${s.adviceCase}` }),
  'POST /advice-cases/{id}/entries': (s) => ({
    path: `/advice-cases/${s.adviceCase}/entries`,
    json: { kind: 'note', on: today(), body: 'Appel à l’opérateur' },
  }),
  'POST /advice-cases/{id}/status': (s) => ({
    path: `/advice-cases/${s.adviceCase}/status`,
    json: { status: 'waiting_operator' },
  }),
  'POST /advice-cases/{id}/documents': (s) => ({
    path: `/advice-cases/${s.adviceCase}/documents`,
    form: { file: tinyPdf() },
  }),
  'GET /advice-cases/{id}/documents': (s) => ({ path: `/advice-cases/${s.adviceCase}/documents` }),
  'GET /advice-cases/{id}/documents/{documentId}': (s) => ({
    path: `/advice-cases/${s.adviceCase}/documents/${s.adviceDocument}`,
  }),
  'GET /advice-letter-templates': () => ({ path: '/advice-letter-templates' }),
  'POST /advice-letter-templates': () => ({
    path: '/advice-letter-templates',
    json: {
      name: `Modèle ${Math.random().toString(36).slice(2, 8)}`,
      subject: 'Réclamation',
      body: 'Madame, Monsieur, je conteste la facture.',
    },
  }),
  'GET /advice-cases/{id}/letters': (s) => ({ path: `/advice-cases/${s.adviceCase}/letters` }),
  'POST /advice-cases/{id}/letters': (s) => ({
    path: `/advice-cases/${s.adviceCase}/letters`,
    json: { templateId: s.letterTemplate },
  }),
  'GET /advice-cases/{id}/letters/{letterId}/pdf': (s) => ({
    path: `/advice-cases/${s.adviceCase}/letters/${s.adviceLetter}/pdf`,
  }),
  'GET /advice-stats': () => ({ path: '/advice-stats', query: { from: day(-365), to: today() } }),
  // Office hours
  'GET /office-slots': () => ({ path: '/office-slots' }),
  'POST /office-slots': (s) => ({
    path: '/office-slots',
    json: {
      facilityId: s.facility,
      firstDay: day(90),
      startTime: '09:00',
      endTime: '10:00',
      slotMinutes: 30,
      weeks: 1,
    },
  }),
  'POST /office-slots/{id}/cancel': (s) => ({ path: `/office-slots/${s.freeSlots[1]}/cancel` }),
  'GET /appointments': () => ({ path: '/appointments' }),
  'POST /appointments': (s) => ({
    path: '/appointments',
    json: { householdId: s.household, memberId: s.member, slotId: s.freeSlots[0], reminderChannel: 'letter' },
  }),
  'POST /appointments/{id}/cancel': (s) => ({ path: `/appointments/${s.appointment}/cancel` }),
  // Offer sheets
  'GET /offer-sheets': () => ({ path: '/offer-sheets' }),
  'POST /offer-sheets': (s) => ({ path: '/offer-sheets', json: { fromSheetId: s.offerSheet } }),
  'GET /offer-sheets/{id}': (s) => ({ path: `/offer-sheets/${s.offerSheet}` }),
  'PUT /offer-sheets/{id}': (s) => ({
    path: `/offer-sheets/${s.offerSheet}`,
    json: { title: 'Offres Internet', offers: [offer], validOn: today() },
  }),
  'POST /offer-sheets/{id}/propose': (s) => ({ path: `/offer-sheets/${s.offerSheet}/propose` }),
  'POST /offer-sheets/{id}/publish': (s) => ({ path: `/offer-sheets/${s.offerSheet}/publish` }),
  'POST /offer-sheets/{id}/votes': (s) => ({
    path: `/offer-sheets/${s.offerSheet}/votes`,
    json: { voteId: s.vote },
  }),
  'GET /public/offer-sheets/{sectorCode}': (s) => ({ path: `/public/offer-sheets/${s.offerSheetSector}` }),
  // Coordination
  'GET /agreements': () => ({ path: '/agreements' }),
  'POST /agreements': (s) => ({
    path: '/agreements',
    json: {
      organisationId: s.facilityOrganisation,
      reference: `CONV-T-${Math.random().toString(36).slice(2, 8)}`,
      object: 'Convention de test',
      startsOn: day(10),
      endsOn: day(400),
    },
  }),
  'GET /agreements/{id}': (s) => ({ path: `/agreements/${s.agreement}` }),
  'PUT /agreements/{id}': (s) => ({
    path: `/agreements/${s.agreement}`,
    json: {
      reference: 'CONV-CSK-2025',
      object: 'Ateliers numériques',
      startsOn: '2025-01-01',
      endsOn: '2027-12-31',
      amountCents: 100000,
      noticeDays: 90,
    },
  }),
  'POST /agreements/{id}/renewal': (s) => ({
    path: `/agreements/${s.agreement}/renewal`,
    json: { reference: `CONV-R-${Math.random().toString(36).slice(2, 8)}`, endsOn: day(1500) },
  }),
  'POST /agreements/{id}/termination': (s) => ({
    path: `/agreements/${s.agreement}/termination`,
    json: { on: day(1400), reason: 'Fin du programme' },
  }),
  'POST /agreements/{id}/documents': (s) => ({
    path: `/agreements/${s.agreement}/documents`,
    form: { file: tinyPdf() },
  }),
  'GET /agreements/{id}/documents/{documentId}': (s) => ({
    path: `/agreements/${s.agreement}/documents/${s.agreementDocument}`,
  }),
  'GET /subsidies': () => ({ path: '/subsidies' }),
  'POST /subsidies': (s) => ({
    path: '/subsidies',
    json: {
      organisationId: s.facilityOrganisation,
      year: 2099,
      purpose: 'Ateliers de test',
      plannedCents: 100000,
    },
  }),
  'GET /subsidies/budget': () => ({ path: '/subsidies/budget' }),
  'GET /subsidies/{id}': (s) => ({ path: `/subsidies/${s.subsidy}` }),
  'PUT /subsidies/{id}/commitment': (s) => ({
    path: `/subsidies/${s.subsidy}/commitment`,
    json: { committedCents: 1000, committedOn: today() },
  }),
  'POST /subsidies/{id}/payments': (s) => ({
    path: `/subsidies/${s.subsidy}/payments`,
    json: { paidOn: today(), amountCents: 100 },
  }),
  'GET /steering-meetings': () => ({ path: '/steering-meetings' }),
  'POST /steering-meetings': () => ({
    path: '/steering-meetings',
    json: { heldOn: day(-1), place: 'Mairie', attendees: 'Ville, bailleur' },
  }),
  'GET /steering-meetings/{id}': (s) => ({ path: `/steering-meetings/${s.steeringMeeting}` }),
  'POST /steering-meetings/{id}/decisions': (s) => ({
    path: `/steering-meetings/${s.steeringMeeting}/decisions`,
    json: { text: 'Décision de test' },
  }),
  'POST /steering-meetings/{id}/actions': (s) => ({
    path: `/steering-meetings/${s.steeringMeeting}/actions`,
    json: { description: 'Action de test', ownerName: 'Ville', dueOn: day(30) },
  }),
  'POST /steering-meetings/{id}/minutes': (s) => ({
    path: `/steering-meetings/${s.steeringMeeting}/minutes`,
    form: { file: tinyPdf() },
  }),
  'GET /steering-meetings/{id}/minutes': (s) => ({ path: `/steering-meetings/${s.steeringMeeting}/minutes` }),
  'GET /steering-actions': () => ({ path: '/steering-actions' }),
  'POST /steering-actions/{id}/status': (s) => ({
    path: `/steering-actions/${s.steeringAction}/status`,
    json: { status: 'done', note: 'Fait' },
  }),
  // Roll-out
  'GET /roll-out/plan': () => ({ path: '/roll-out/plan' }),
  'GET /sectors/{id}/stages': (s) => ({ path: `/sectors/${s.sector}/stages` }),
  'POST /sectors/{id}/stages': (s) => ({
    path: `/sectors/${s.sector}/stages`,
    json: { stage: 'partners_consulted', comment: 'Test' },
  }),
  'POST /sectors/{id}/checklist/{itemKey}': (s) => ({
    path: `/sectors/${s.sector}/checklist/tenants_informed`,
    json: { done: true },
  }),
  'GET /sectors/{id}/positions': (s) => ({ path: `/sectors/${s.sector}/positions` }),
  'POST /sectors/{id}/positions': (s) => ({
    path: `/sectors/${s.sector}/positions`,
    json: { organisationId: s.facilityOrganisation, opinion: 'favourable' },
  }),
  'POST /sectors/{id}/meetings': (s) => ({
    path: `/sectors/${s.sector}/meetings`,
    form: { heldOn: day(-2), place: 'Salle de quartier', attendees: 'Ville, bailleur, locataires' },
  }),
  'GET /consultation-meetings/{id}/minutes': (s) => ({
    path: `/consultation-meetings/${s.consultationMeeting}/minutes`,
  }),
  'PUT /sectors/{id}/pin': (s) => ({
    path: `/sectors/${s.identifiedSector}/pin`,
    json: { month: day(120).slice(0, 7) },
  }),
  'DELETE /sectors/{id}/pin': (s) => ({ path: `/sectors/${s.identifiedSector}/pin` }),
  'GET /roll-out/settings': () => ({ path: '/roll-out/settings' }),
  'PUT /roll-out/settings': () => ({
    path: '/roll-out/settings',
    json: {
      walkingDistanceM: 800,
      demandRatePercent: 30,
      beginnerSeats: 8,
      capacityHorizonMonths: 6,
      maxConcurrent: 3,
      consultationMonths: 2,
      preparationMonths: 2,
      voteMonths: 2,
      worksMonths: 3,
      evaluationMonths: 6,
      requiredConsultees: ['city', 'landlord'],
    },
  }),
  // Impact
  'GET /indicators': () => ({ path: '/indicators', query: { from: '2026-01-01', to: '2026-06-30' } }),
  'GET /open-data': (s) => ({ path: '/open-data', query: { programme: s.programmeSlug } }),
  'GET /open-data/schema': () => ({ path: '/open-data/schema' }),
  'GET /reports': () => ({ path: '/reports' }),
  'POST /reports': () => ({
    path: '/reports',
    json: { title: 'Bilan de test', periodFrom: '2026-01-01', periodTo: '2026-03-31' },
  }),
  'GET /reports/{id}': (s) => ({ path: `/reports/${s.report}` }),
  'PATCH /reports/{id}': (s) => ({ path: `/reports/${s.report}`, json: { summary: 'Résumé de test' } }),
  'POST /reports/{id}/publication': (s) => ({ path: `/reports/${s.report}/publication` }),
  'GET /reports/{id}/pdf': (s) => ({ path: `/reports/${s.report}/pdf` }),
  'GET /testimonies': () => ({ path: '/testimonies' }),
  'POST /testimonies': (s) => ({
    path: '/testimonies',
    json: {
      quote: 'Maintenant j’écris à ma fille.',
      attribution: 'anonymous',
      context: 'Atelier débutants',
      sectorId: s.sector,
      consentOn: today(),
      consentForm: 'oral',
    },
  }),
  'POST /testimonies/{id}/withdrawal': (s) => ({ path: `/testimonies/${s.testimony}/withdrawal` }),
  'GET /questionnaire': () => ({ path: '/questionnaire' }),
  'POST /households/{id}/questionnaire-responses': (s) => ({
    path: `/households/${s.household}/questionnaire-responses`,
    json: { moment: 'before', answers: {} },
  }),
  'GET /questionnaires/due': () => ({ path: '/questionnaires/due' }),
  // Residents' rights
  'GET /households/{id}/personal-data': (s) => ({ path: `/households/${s.household}/personal-data` }),
  'POST /households/{id}/erasure': (s) => ({
    path: `/households/${s.erasableHousehold}/erasure`,
    json: { cause: 'request', requestedOn: today() },
  }),
  'GET /erasures': () => ({ path: '/erasures' }),
  // Retention
  'GET /retention/settings': () => ({ path: '/retention/settings' }),
  'PUT /retention/settings': () => ({
    path: '/retention/settings',
    json: { settings: [{ kind: 'notification', activeMonths: 24 }] },
  }),
  'POST /retention/runs': () => ({ path: '/retention/runs', json: { dryRun: true } }),
  'GET /retention/runs': () => ({ path: '/retention/runs' }),
};

/** "METHOD /path" → the method and the request, ready for fetch. */
export function requestInit(
  key: string,
  request: ApiRequest,
  token: string | null,
): { url: string; init: RequestInit } {
  const method = key.split(' ')[0]!;
  const query = request.query ? `?${new URLSearchParams(request.query)}` : '';
  const headers: Record<string, string> = {
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...request.headers,
  };
  let body: BodyInit | undefined;
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  } else if (request.csv !== undefined) {
    headers['content-type'] = 'text/csv';
    body = request.csv;
  } else if (request.form) {
    const form = new FormData();
    for (const [k, v] of Object.entries(request.form)) {
      if (v instanceof Blob) form.append(k, v, 'piece.pdf');
      else form.append(k, v);
    }
    body = form;
  }
  return { url: `/api/v1${request.path}${query}`, init: { method, headers, body } };
}
