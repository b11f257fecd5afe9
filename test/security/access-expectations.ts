// Who may reach what, written down by hand from the product's rules (PRODUCT.md, the matrix's comments) — NOT read
// from the permission code under test. The authorisation tests (api-access.test.ts, e2e/route-matrix.e2e.ts) send
// every request as every role, anonymously, and as another programme's user, and compare with this file; a route or
// an operation without an entry here, or an entry for one that no longer exists, fails them.
//
// The sample rows (samples.ts) decide some answers: the demo resident's household (Kerourien), the Keredern Nord
// sector (served by the operator, the Kerourien social centre and the tenants' association), the CLCV's advice case,
// the social centre's facility, agreement and subsidy, the open vote. A row the role cannot see is `hidden` (404):
// its permission reaches other rows but not this one, or the row belongs to a household or an association the
// database's row security keeps from the role before any role check runs (the tenants' association and households,
// everyone but the CLCV and its cases). A role refused for what it is gets 403.
import type { Role } from '../../src/platform/permissions/index.ts';

const admin = 'admin';
const coordinator = 'coordinator';
const landlord = 'landlord_officer';
const operator = 'operator_agent';
const facilitator = 'facilitator';
const recycling = 'recycling_agent';
const adviser = 'adviser';
const tenants = 'tenant_rep';
const resident = 'resident';

/** Everyone with a staff account. */
const staff = [admin, coordinator, landlord, operator, facilitator, recycling, adviser, tenants] as const;
const everyone = [...staff, resident] as const;
const notAdviser = everyone.filter((r) => r !== adviser);
const notCoordinator = everyone.filter((r) => r !== coordinator);

export interface ApiExpectation {
  /**
   * Roles that get through the role check: a 2xx, or — for a write — a refusal by the business rules that can only
   * come after it (409, 422). Every other role gets 403, unless listed in `hidden`.
   */
  ok: readonly Role[];
  /** Roles whose permission reaches some rows, not the sample's: 404. */
  hidden?: readonly Role[];
  /** Needs no token: every caller, anonymous included, gets this status (the sample is real, or made up). */
  public?: number;
  /**
   * A user of another programme: `denied` (403, 404, or 409/422 for a row it cannot name — never a 2xx), the
   * default; `isolated` (its own programme's rows: a 2xx allowed, never one of this programme's names in it).
   */
  other?: 'denied' | 'isolated';
}

const list = (ok: readonly Role[], more: Omit<ApiExpectation, 'ok'> = {}): ApiExpectation => ({
  ok,
  other: 'isolated',
  ...more,
});

/** Every /api/v1 operation of the OpenAPI document, "METHOD /path". */
export const apiExpectations: Record<string, ApiExpectation> = {
  // Territory: everyone on staff reads it (the operator and the tenants' association: their sectors).
  'GET /neighbourhoods': list(staff),
  'GET /sectors': list(staff),
  'GET /sectors/{id}': { ok: staff },
  'GET /buildings': list(staff),
  'GET /buildings/{id}': {
    ok: [admin, coordinator, landlord, operator, facilitator, recycling, adviser],
    hidden: [tenants],
  },
  'GET /dwellings': list([admin, coordinator, landlord, operator, facilitator]),
  'GET /dwellings/{id}': { ok: [admin, coordinator, landlord, operator, facilitator] },
  'POST /dwellings/import': { ok: [admin, coordinator, landlord], other: 'isolated' },
  // Households: the landlord creates them; those who meet residents read them; the resident reads their own.
  'GET /households': list([admin, coordinator, landlord, facilitator, adviser, resident]),
  'POST /households': { ok: [landlord] },
  'GET /households/{id}': {
    ok: [admin, coordinator, landlord, facilitator, adviser, resident],
    hidden: [tenants],
  },
  'PUT /households/{id}/contact': { ok: [landlord, facilitator, resident], hidden: [tenants] },
  'PUT /households/{id}/profile': { ok: [facilitator, resident], hidden: [tenants] },
  'POST /households/{id}/consents': { ok: [landlord, facilitator, resident], hidden: [tenants] },
  'GET /households/{id}/consents': {
    ok: [admin, coordinator, landlord, facilitator, adviser, resident],
    hidden: [tenants],
  },
  'POST /households/{id}/consents/{consentId}/withdraw': {
    ok: [landlord, facilitator, resident],
    hidden: [tenants],
  },
  // Partners
  'GET /me': list(everyone),
  'GET /organisations': list([admin, coordinator]),
  'GET /users': list([admin, coordinator]),
  // Tenant votes: counts for those who follow a vote; codes, ballots and certification for the landlord's officers.
  'GET /tenant-votes': list([admin, coordinator, landlord, operator, facilitator, tenants]),
  'POST /tenant-votes': { ok: [coordinator, landlord] },
  'GET /tenant-votes/{id}': { ok: [admin, coordinator, landlord, operator, facilitator, tenants] },
  'GET /tenant-votes/{id}/letters.pdf': { ok: [landlord] },
  // The sample vote is open: its draft procès-verbal shows choices, for the vote officers only.
  'GET /tenant-votes/{id}/report.pdf': { ok: [landlord] },
  'POST /tenant-votes/{id}/ballots': { ok: [landlord] },
  'POST /tenant-votes/{id}/dwellings/{dwellingId}/reissue-code': { ok: [landlord] },
  'POST /tenant-votes/{id}/paper-batches': { ok: [landlord] },
  'GET /tenant-votes/paper-batches/{id}': { ok: [landlord] },
  'POST /tenant-votes/paper-batches/{id}/entries': { ok: [landlord] },
  'POST /tenant-votes/paper-batches/{id}/settlement': { ok: [landlord] },
  'POST /tenant-votes/{id}/certify': { ok: [landlord] },
  'GET /public/ballots/{code}': { ok: [], public: 200 },
  // A made-up code with a wrong check character: « a typing error », whoever asks.
  'POST /public/ballots': { ok: [], public: 409 },
  // Access: the collective service, the charges file (landlord; the coordinator checks it), activation requests.
  'GET /services': list([admin, coordinator, landlord, operator, facilitator, tenants]),
  'POST /services': { ok: [coordinator, landlord] },
  'POST /services/{id}/tariffs': { ok: [coordinator, landlord] },
  'POST /services/{id}/close': { ok: [coordinator, landlord] },
  'GET /charges': list([coordinator, landlord]),
  'POST /charges/{month}/run': { ok: [landlord], other: 'isolated' },
  'GET /charges/{month}': { ok: [coordinator, landlord] },
  // Months are the programme's own: another programme's landlord runs and closes its own month of that name.
  'POST /charges/{month}/close': { ok: [landlord], other: 'isolated' },
  'GET /charges/{month}/lines': { ok: [coordinator, landlord], other: 'isolated' },
  'GET /charges/{month}/lines.csv': { ok: [coordinator, landlord] },
  'POST /charges/{month}/adjustments': { ok: [landlord] },
  'GET /activation-requests': list([coordinator, landlord, operator, facilitator, resident]),
  'GET /activation-requests.csv': list([coordinator, landlord, operator, facilitator, resident]),
  'POST /activation-requests/events.csv': { ok: [operator] },
  'GET /activation-requests/{id}': { ok: [coordinator, landlord, operator, facilitator], hidden: [resident] },
  'POST /households/{id}/activation-requests': { ok: [landlord, facilitator, resident], hidden: [tenants] },
  'POST /activation-requests/{id}/events': { ok: [operator], hidden: [tenants, resident] },
  'POST /activation-requests/{id}/install-visit': { ok: [facilitator], hidden: [tenants, resident] },
  'POST /activation-requests/{id}/install-outcome': { ok: [facilitator], hidden: [tenants, resident] },
  // Equipment: the recycling centre's stock and sales; facilities reserve for households of their sectors.
  'GET /devices': list([facilitator, recycling]),
  'POST /devices': { ok: [recycling], other: 'isolated' },
  'POST /devices/import': { ok: [recycling], other: 'isolated' },
  'GET /devices/{id}': { ok: [facilitator, recycling] },
  'POST /devices/{id}/erasure': { ok: [recycling] },
  'POST /devices/{id}/status': { ok: [recycling] },
  'GET /price-tiers': list([facilitator, recycling]),
  'POST /price-tiers': { ok: [recycling], other: 'isolated' },
  'GET /device-orders': list([facilitator, recycling]),
  'POST /device-orders': { ok: [facilitator, recycling], hidden: [tenants, resident] },
  'GET /device-orders/{id}': { ok: [recycling], hidden: [facilitator] },
  'POST /device-orders/{id}/cancel': { ok: [recycling], hidden: [facilitator] },
  'POST /device-orders/{id}/payments': { ok: [recycling] },
  'GET /device-orders/{id}/payments/{paymentId}/receipt.pdf': { ok: [recycling], hidden: [facilitator] },
  'POST /device-orders/{id}/handover': { ok: [recycling] },
  'GET /device-orders/{id}/handover.pdf': { ok: [recycling], hidden: [facilitator] },
  'POST /device-orders/{id}/tickets': { ok: [recycling] },
  'POST /device-tickets/{id}/close': { ok: [recycling] },
  'GET /device-waiting-list': list([facilitator, recycling]),
  'POST /device-waiting-list': { ok: [facilitator, recycling], hidden: [tenants, resident] },
  'GET /equipment/stats': list([coordinator, recycling]),
  // Facilities and workshops: facilities are public places (names, addresses, hours, their workshops' calendar) for
  // anyone signed in; the programme of courses for staff who send people to them; the roll call and the
  // registrations for the facility that runs the course; residents register their own household. Importing the
  // national standard's file is the programme's (a facility creates and edits its own places one by one).
  'GET /facilities': list(everyone),
  'POST /facilities': { ok: [admin, coordinator, facilitator] },
  'GET /facilities/export.csv': list(everyone),
  'POST /facilities/import': { ok: [admin, coordinator] },
  'GET /facilities/{id}': { ok: everyone },
  'PUT /facilities/{id}': { ok: [admin, coordinator, facilitator] },
  'POST /facilities/{id}/rooms': { ok: [admin, coordinator, facilitator] },
  'GET /facilities/{id}/calendar.ics': { ok: everyone },
  'GET /courses': list([admin, coordinator, facilitator, adviser, tenants]),
  'POST /courses': { ok: [facilitator] },
  'GET /courses/{id}': { ok: [admin, coordinator, facilitator, adviser, tenants] },
  'POST /courses/{id}/sessions': { ok: [facilitator] },
  'PUT /courses/{id}/capacity': { ok: [facilitator] },
  'GET /sessions': list([admin, coordinator, facilitator, adviser, tenants]),
  'GET /sessions/{id}/attendance': { ok: [facilitator] },
  'PUT /sessions/{id}/attendance/{registrationId}': { ok: [facilitator] },
  'POST /sessions/{id}/reschedule': { ok: [facilitator] },
  'POST /sessions/{id}/cancel': { ok: [facilitator] },
  'GET /sessions/{id}/attendance-sheet.pdf': { ok: [facilitator] },
  'POST /registrations': { ok: [facilitator, resident], hidden: [tenants] },
  // A household's registrations are part of its record: whoever reads the household reads them.
  'GET /registrations': {
    ok: [admin, coordinator, landlord, facilitator, adviser, resident],
    hidden: [tenants],
  },
  'DELETE /registrations/{id}': { ok: [facilitator], hidden: [tenants, resident] },
  // Competencies and certificates
  'GET /competency-frameworks': list(everyone),
  'POST /validations': { ok: [facilitator], hidden: [tenants] },
  'POST /validations/{id}/withdraw': { ok: [facilitator], hidden: [tenants] },
  'GET /members/{memberId}/progress': { ok: [admin, coordinator, facilitator, resident] },
  'GET /courses/{id}/competencies': { ok: [facilitator] },
  'GET /certificates': list([admin, coordinator, facilitator, resident]),
  'POST /certificates': { ok: [facilitator], hidden: [tenants] },
  'GET /certificates/{id}': { ok: [admin, coordinator, facilitator, resident], hidden: [tenants] },
  'POST /certificates/{id}/revoke': { ok: [coordinator] },
  'GET /certificates/{id}/certificate.pdf': {
    ok: [admin, coordinator, facilitator, resident],
    hidden: [tenants],
  },
  'GET /certificates/{id}/credential': { ok: [admin, coordinator, facilitator, resident], hidden: [tenants] },
  // Which facilities may issue: no one's personal data, for whoever reads certificates.
  'GET /certificate-settings': list([admin, coordinator, facilitator, resident]),
  'PUT /certificate-settings': { ok: [coordinator], other: 'isolated' },
  'PUT /certificate-issuers/{organisationId}': { ok: [coordinator] },
  'GET /public/certificates/{code}': { ok: [], public: 200 },
  'GET /public/certificates/{code}/status': { ok: [], public: 200 },
  // Advice: the association's own cases only — to anyone else (the city and the landlord included) a case does not
  // exist; they get anonymous counts.
  'GET /advice-cases': list([adviser]),
  'POST /advice-cases': { ok: [adviser] },
  'GET /advice-cases/{id}': { ok: [adviser], hidden: notAdviser },
  'POST /advice-cases/{id}/entries': { ok: [adviser], hidden: notAdviser },
  'POST /advice-cases/{id}/status': { ok: [adviser], hidden: notAdviser },
  'POST /advice-cases/{id}/documents': { ok: [adviser], hidden: notAdviser },
  'GET /advice-cases/{id}/documents': { ok: [adviser], hidden: notAdviser },
  'GET /advice-cases/{id}/documents/{documentId}': { ok: [adviser], hidden: notAdviser },
  'GET /advice-letter-templates': list([adviser]),
  'POST /advice-letter-templates': { ok: [adviser], other: 'isolated' },
  'GET /advice-cases/{id}/letters': { ok: [adviser], hidden: notAdviser },
  'POST /advice-cases/{id}/letters': { ok: [adviser], hidden: notAdviser },
  'GET /advice-cases/{id}/letters/{letterId}/pdf': { ok: [adviser], hidden: notAdviser },
  'GET /advice-stats': list([coordinator, landlord]),
  // Office hours: when and where the associations receive, free or not (never who booked), for anyone signed in;
  // the association manages its slots; residents book for their household.
  'GET /office-slots': list(everyone),
  'POST /office-slots': { ok: [adviser] },
  'POST /office-slots/{id}/cancel': { ok: [adviser] },
  'GET /appointments': list([adviser, resident]),
  'POST /appointments': { ok: [adviser, resident], hidden: [tenants] },
  'POST /appointments/{id}/cancel': { ok: [adviser], hidden: [tenants, resident] },
  // Offer sheets: written by the coordinator, associations and the tenants' association of the sector.
  'GET /offer-sheets': list([coordinator, adviser, tenants]),
  'POST /offer-sheets': { ok: [coordinator, adviser, tenants] },
  'GET /offer-sheets/{id}': { ok: [coordinator, adviser, tenants] },
  'PUT /offer-sheets/{id}': { ok: [coordinator, adviser, tenants] },
  'POST /offer-sheets/{id}/propose': { ok: [coordinator, adviser, tenants] },
  'POST /offer-sheets/{id}/publish': { ok: [coordinator] },
  'POST /offer-sheets/{id}/votes': { ok: [coordinator] },
  'GET /public/offer-sheets/{sectorCode}': { ok: [], public: 200 },
  // Coordination: the coordinator keeps the records; each partner reads its own agreements and subsidies.
  'GET /agreements': list(staff),
  'POST /agreements': { ok: [coordinator] },
  'GET /agreements/{id}': {
    ok: [admin, coordinator, facilitator],
    hidden: [landlord, operator, recycling, adviser, tenants],
  },
  'PUT /agreements/{id}': { ok: [coordinator] },
  'POST /agreements/{id}/renewal': { ok: [coordinator] },
  'POST /agreements/{id}/termination': { ok: [coordinator] },
  'POST /agreements/{id}/documents': { ok: [coordinator] },
  'GET /agreements/{id}/documents/{documentId}': { ok: [admin, coordinator, facilitator] },
  'GET /subsidies': list([coordinator, facilitator, recycling, adviser, tenants]),
  'POST /subsidies': { ok: [coordinator] },
  // The budget of what the role may read: the programme's for the coordinator, its own for an association.
  'GET /subsidies/budget': list([coordinator, facilitator, recycling, adviser, tenants]),
  'GET /subsidies/{id}': { ok: [coordinator, facilitator], hidden: [recycling, adviser, tenants] },
  'PUT /subsidies/{id}/commitment': { ok: [coordinator] },
  'POST /subsidies/{id}/payments': { ok: [coordinator] },
  'GET /steering-meetings': list(staff),
  'POST /steering-meetings': { ok: [coordinator], other: 'isolated' },
  'GET /steering-meetings/{id}': { ok: staff },
  'POST /steering-meetings/{id}/decisions': { ok: [coordinator] },
  'POST /steering-meetings/{id}/actions': { ok: [coordinator] },
  'POST /steering-meetings/{id}/minutes': { ok: [coordinator] },
  'GET /steering-meetings/{id}/minutes': { ok: staff },
  'GET /steering-actions': list(staff),
  'POST /steering-actions/{id}/status': { ok: [coordinator, facilitator] },
  // Roll-out: the coordinator plans; partners read the sectors they serve (the landlord, all; the CLCV serves no
  // sector, so a sector's roll-out is refused to it).
  'GET /roll-out/plan': list([admin, coordinator, landlord, operator, facilitator, adviser, tenants]),
  'GET /sectors/{id}/stages': { ok: [admin, coordinator, landlord, operator, facilitator, tenants] },
  'POST /sectors/{id}/stages': { ok: [coordinator] },
  'POST /sectors/{id}/checklist/{itemKey}': { ok: [coordinator] },
  'GET /sectors/{id}/positions': { ok: [admin, coordinator, landlord, operator, facilitator, tenants] },
  'POST /sectors/{id}/positions': { ok: [coordinator] },
  'POST /sectors/{id}/meetings': { ok: [coordinator] },
  'GET /consultation-meetings/{id}/minutes': {
    ok: [admin, coordinator, landlord, operator, facilitator, tenants],
  },
  'PUT /sectors/{id}/pin': { ok: [coordinator] },
  'DELETE /sectors/{id}/pin': { ok: [coordinator] },
  'GET /roll-out/settings': list([admin, coordinator, landlord, operator, facilitator, adviser, tenants]),
  'PUT /roll-out/settings': { ok: [coordinator], other: 'isolated' },
  // Impact: figures under secrecy for staff; reports written by the coordinator, read by staff once published (the
  // sample is a draft); testimonies by those who meet residents; the questionnaire's questions for anyone.
  'GET /indicators': list(staff),
  'GET /open-data': { ok: [], public: 200 },
  'GET /open-data/schema': { ok: [], public: 200 },
  'GET /reports': list(staff),
  'POST /reports': { ok: [coordinator], other: 'isolated' },
  'GET /reports/{id}': { ok: [coordinator], hidden: notCoordinator },
  'PATCH /reports/{id}': { ok: [coordinator] },
  'POST /reports/{id}/publication': { ok: [coordinator] },
  'GET /reports/{id}/pdf': { ok: [coordinator], hidden: notCoordinator },
  'GET /testimonies': list([coordinator, facilitator, adviser]),
  'POST /testimonies': { ok: [coordinator, facilitator, adviser] },
  'POST /testimonies/{id}/withdrawal': {
    ok: [coordinator, facilitator],
    hidden: [admin, landlord, operator, recycling, adviser, tenants, resident],
  },
  'GET /questionnaire': list(everyone),
  'POST /households/{id}/questionnaire-responses': {
    ok: [coordinator, facilitator, resident],
    hidden: [tenants],
  },
  'GET /questionnaires/due': list([coordinator, facilitator, resident]),
  // Residents' rights: the coordinator, for the city that runs the programme, produces and erases a person's data.
  'GET /households/{id}/personal-data': { ok: [coordinator] },
  'POST /households/{id}/erasure': { ok: [coordinator] },
  // The register of erasures names nobody; the administrator, who watches retention, reads it too.
  'GET /erasures': list([admin, coordinator]),
  // Retention: the coordinator sets the durations and applies them; the administrator reads them and counts what a
  // run would change (a dry run).
  'GET /retention/settings': list([admin, coordinator]),
  'PUT /retention/settings': { ok: [coordinator], other: 'isolated' },
  'POST /retention/runs': { ok: [admin, coordinator], other: 'isolated' },
  'GET /retention/runs': list([admin, coordinator]),
};

// ---- Pages ----

export interface PageExpectation {
  /** Roles that get the page (200). Every other signed-in role gets 403, unless listed below. */
  ok: readonly Role[];
  /** Roles for whom the sample row does not exist (404). */
  hidden?: readonly Role[];
  /** Roles sent elsewhere (a 3xx that is not to /login). */
  redirect?: readonly Role[];
  /** Without a session: `login` (sent to /login, the default), or the status of a public page. */
  anonymous?: 'login' | number;
  /**
   * The other programme's coordinator: `denied` (403 or 404, the default for a page about a row), `isolated` (its
   * own programme's page, or a refusal for its role — never one of this programme's names; the default without
   * parameters), or a status.
   */
  other?: 'denied' | 'isolated' | number;
}

const page = (ok: readonly Role[], more: Omit<PageExpectation, 'ok'> = {}): PageExpectation => ({
  ok,
  ...more,
});
/** A page for anyone, signed in or not: everyone gets `status` (a 404 for a made-up secret or token). */
const publicPage = (status = 200): PageExpectation => ({
  ok: status === 200 ? everyone : [],
  hidden: status === 404 ? everyone : [],
  anonymous: status,
  other: status,
});
const rollout = [admin, coordinator, landlord, operator, facilitator, adviser, tenants] as const;
const workshopReaders = [admin, coordinator, facilitator, adviser, tenants] as const;

/** Every route of app/routes.ts, by its path pattern ('' is the home page). Unsafe methods are out of scope. */
export const pageExpectations: Record<string, PageExpectation> = {
  '': page(everyone),
  login: { ok: [], redirect: everyone, anonymous: 200, other: 'isolated' },
  logout: { ok: [], redirect: everyone, anonymous: 302, other: 'isolated' },
  // The language is chosen by a form; a plain visit goes back home.
  langue: { ok: [], redirect: everyone, anonymous: 302, other: 'isolated' },
  // A made-up invitation: a page that says so, for anyone.
  'invitation/:secret': publicPage(),
  // Territory
  territoire: page(staff),
  'territoire/gerer': page([admin, coordinator, landlord]),
  'territoire/import': page([admin, coordinator, landlord]),
  'territoire/secteurs/:id': page(staff),
  'territoire/batiments/:id': page(
    [admin, coordinator, landlord, operator, facilitator, recycling, adviser],
    {
      hidden: [tenants],
    },
  ),
  'territoire/logements/:id': page([admin, coordinator, landlord, operator, facilitator]),
  // The CLCV serves no sector: no map of the roll-out for it.
  'deploiement/carte': page(rollout.filter((r) => r !== adviser)),
  // Households and residents' rights. The pages check the role before they look for the row: the tenants'
  // association, which reads no household, gets 403 (where the API's row security answers 404).
  foyers: page([admin, coordinator, landlord, facilitator, adviser, resident]),
  'foyers/nouveau': page([landlord]),
  'foyers/:id': page([admin, coordinator, landlord, facilitator, adviser, resident]),
  'foyers/:id/donnees': page([coordinator]),
  'foyers/:id/donnees.json': page([coordinator]),
  'foyers/:id/donnees.pdf': page([coordinator]),
  // Consents are recorded and withdrawn by who writes the household: the landlord, the social centre, the resident.
  'foyers/:id/consentements': page([landlord, facilitator, resident]),
  confidentialite: page([admin, coordinator]),
  // The register of erasures names nobody: the administrator, who watches retention, reads it too.
  'confidentialite/effacements': page([admin, coordinator]),
  // Tenant votes (the sample is open: its draft procès-verbal is for the vote officers only)
  consultations: page([admin, coordinator, landlord, operator, facilitator, tenants]),
  'consultations/nouvelle': page([coordinator, landlord]),
  'consultations/:id': page([admin, coordinator, landlord, operator, facilitator, tenants]),
  'consultations/:id/logements': page([landlord]),
  'consultations/:id/lots/:batchId': page([landlord]),
  'consultations/:id/lettres.pdf': page([landlord]),
  'consultations/:id/proces-verbal.pdf': page([landlord]),
  vote: publicPage(),
  // Access
  'foyers/:id/internet': page([landlord, facilitator, resident]),
  raccordements: page([coordinator, landlord, operator, facilitator, resident]),
  'raccordements/:id': page([coordinator, landlord, operator, facilitator], { hidden: [resident] }),
  charges: page([coordinator, landlord]),
  'charges/:month': page([coordinator, landlord]),
  // Months are the programme's own: another programme's file of that month is its own (empty) file.
  'charges/:month/lignes.csv': page([coordinator, landlord], { other: 'isolated' }),
  services: page([admin, coordinator, landlord, operator, facilitator, tenants]),
  // Equipment (the sample order was reserved by the recycling centre, not by the social centre)
  equipement: page([facilitator, recycling]),
  'equipement/commandes': page([facilitator, recycling]),
  'equipement/commandes/:id': page([recycling], { hidden: [facilitator] }),
  'equipement/commandes/:id/recus/:paymentId': page([recycling], { hidden: [facilitator] }),
  'equipement/commandes/:id/remise.pdf': page([recycling], { hidden: [facilitator] }),
  'equipement/attente': page([facilitator, recycling]),
  'equipement/bilan': page([coordinator, recycling]),
  'equipement/:id': page([facilitator, recycling]),
  // Facilities and workshops
  lieux: page(workshopReaders),
  // Importing the national standard's file is the programme's (a facility edits its own places one by one).
  'lieux/import': page([admin, coordinator]),
  'lieux/export.csv': page(workshopReaders),
  'lieux/:id': page(workshopReaders),
  'lieux/:id/ateliers.ics': publicPage(),
  // The programme of courses for staff who send people to them (a facility manages its own there); a resident
  // is sent to their own workshops.
  ateliers: page(workshopReaders, { redirect: [resident] }),
  'ateliers/bilan': page([coordinator]),
  'ateliers/seances/:id': page([facilitator]),
  'ateliers/seances/:id/emargement': page([facilitator]),
  'ateliers/:id/competences': page([facilitator]),
  'ateliers/:id': page(workshopReaders, { redirect: [resident] }),
  // A resident's own pages: staff are sent to theirs.
  'mes-ateliers': page([resident], { redirect: staff }),
  'rendez-vous': page([resident], { redirect: staff }),
  'calendrier/:token': publicPage(404),
  messages: page([admin, facilitator, adviser]),
  // The letters to print: a PDF, or back to the outbox when there is none (the CLCV has none in the demo).
  'messages/courriers.pdf': page([facilitator], { redirect: [adviser] }),
  // Competencies and certificates: the framework is for everyone; a resident sees their certificates on their
  // workshops page.
  competences: page(everyone),
  'competences/personnes/:memberId': page([admin, coordinator, facilitator], { redirect: [resident] }),
  certificats: page([admin, coordinator, facilitator], { redirect: [resident] }),
  'certificats/:id': page([admin, coordinator, facilitator, resident]),
  'certificats/:id/certificat': page([admin, coordinator, facilitator, resident]),
  'certificats/:id/badge': page([admin, coordinator, facilitator, resident]),
  verify: publicPage(),
  'verify/:code': publicPage(),
  '.well-known/did.json': publicPage(),
  '.well-known/jwks.json': publicPage(),
  // Advice: the association's own cases (the pages refuse other roles before looking for the case)
  conseil: page([adviser]),
  'conseil/modeles': page([adviser]),
  'conseil/bilan': page([coordinator, landlord]),
  'conseil/permanences': page([adviser]),
  'conseil/:id': page([adviser]),
  'conseil/:id/documents/:documentId': page([adviser]),
  'conseil/:id/courriers/:letterId': page([adviser]),
  fiches: page([coordinator, adviser, tenants]),
  'fiches/:id': page([coordinator, adviser, tenants]),
  'fiches-offres/:sectorCode': publicPage(),
  partenaires: page([admin, coordinator]),
  'partenaires/:id': page([admin, coordinator]),
  // Roll-out
  deploiement: page(rollout),
  'deploiement/reglages': page([coordinator]),
  'deploiement/calendrier.csv': page(rollout),
  'deploiement/calendrier.ics': page(rollout),
  'deploiement/reunions/:id/compte-rendu': page([
    admin,
    coordinator,
    landlord,
    operator,
    facilitator,
    tenants,
  ]),
  'territoire/secteurs/:id/deploiement': page([admin, coordinator, landlord, operator, facilitator, tenants]),
  // Impact (the sample report is a draft: the coordinator's only; a published report is public, so a draft is
  // « not found » even before signing in)
  impact: page(staff),
  'impact/reglages': page([coordinator]),
  'impact/export.csv': page(staff),
  'impact/export.xlsx': page(staff),
  bilans: page(staff),
  'bilans/nouveau': page([coordinator]),
  'bilans/:id': page([coordinator], { hidden: notCoordinator, anonymous: 404 }),
  'bilans/:id/modifier': page([coordinator]),
  'bilans/:id/bilan.pdf': page([coordinator], { hidden: notCoordinator, anonymous: 404 }),
  temoignages: page([coordinator, facilitator, adviser]),
  // The questionnaire: staff record it with a household; a resident answers on their own page.
  questionnaires: page([coordinator, facilitator], { redirect: [resident] }),
  'foyers/:id/questionnaire': page([coordinator, facilitator], { redirect: [resident] }),
  'mon-questionnaire': page([resident], { redirect: staff }),
  'donnees-ouvertes': publicPage(),
  'donnees-ouvertes/impact.csv': publicPage(),
  'donnees-ouvertes/schema.json': publicPage(),
  // Coordination
  coordination: page(staff),
  'coordination/conventions': page(staff),
  'coordination/conventions/renouvellements.csv': page(staff),
  'coordination/conventions/:id': page([admin, coordinator, facilitator], {
    hidden: [landlord, operator, recycling, adviser, tenants],
  }),
  'coordination/conventions/:id/documents/:documentId': page([admin, coordinator, facilitator]),
  'coordination/subventions': page([coordinator, facilitator, recycling, adviser, tenants]),
  'coordination/subventions/:id': page([coordinator, facilitator], { hidden: [recycling, adviser, tenants] }),
  'coordination/comites': page(staff),
  'coordination/comites/:id': page(staff),
  'coordination/comites/:id/compte-rendu': page(staff),
  // Administration
  'admin/jetons': page([admin]),
  'admin/journal': page([admin, coordinator]),
  'api/docs': publicPage(),
};
