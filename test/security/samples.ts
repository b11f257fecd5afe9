// Sample rows of the demo programme for the attack tests: one real id per kind of thing an address or a body names,
// chosen so that the roles with a scoped permission (the operator, the Kerourien social centre, the tenants'
// association, the CLCV, the demo resident) can reach it where their role allows. Read straight from the database
// (the API tests seed the demo into their own database; the browser tests read the built server's).
import { sql } from 'drizzle-orm';
import { actorFor, createApiToken, findActiveUser } from '../../src/partners/index.ts';
import type { Db } from '../../src/platform/db/index.ts';
import { type Role, roles } from '../../src/platform/permissions/index.ts';

/** The demo accounts, one per role (the same as e2e/browser.ts). */
export const demoAccounts: Record<Role, string> = {
  admin: 'admin@demo.palier.fr',
  coordinator: 'coordination@demo.palier.fr',
  landlord_officer: 'bailleur@demo.palier.fr',
  operator_agent: 'operateur@demo.palier.fr',
  facilitator: 'animation@demo.palier.fr',
  recycling_agent: 'recyclerie@demo.palier.fr',
  adviser: 'conseil@demo.palier.fr',
  tenant_rep: 'locataires@demo.palier.fr',
  resident: 'resident@demo.palier.fr',
};

export interface Samples {
  programmeId: number;
  programmeSlug: string;
  /** The demo resident's household (Kerourien), one of its members, its dwelling and building. */
  household: number;
  member: number;
  /** A consent the resident's household gave. */
  consent: number;
  dwelling: number;
  building: number;
  neighbourhood: number;
  /** Keredern Nord: served by the operator, the Kerourien social centre and the tenants' association. */
  sector: number;
  sectorCode: string;
  /** A sector only identified (the calendar may pin it). */
  identifiedSector: number;
  /** A sector ready for its vote, with none running. */
  voteSector: number;
  /** A Kerourien dwelling nobody lives in (a new household can move in). */
  vacantDwelling: number;
  /** A household of Kerourien other than the resident's (for writes that would change the resident's data). */
  otherHousehold: number;
  otherMember: number;
  /** A third household of Kerourien, for the erasure (nothing else uses it). */
  erasableHousehold: number;
  /** The open vote (Keredern Nord), a dwelling of it with a live code and no ballot, that code, its paper batch. */
  vote: number;
  voteDwelling: number;
  ballotCode: string;
  paperBatch: number;
  operatorOrganisation: number;
  /** The open charges month (YYYY-MM), a closed one, and a line of the closed one. */
  openMonth: string;
  closedMonth: string;
  chargeLine: number;
  service: number;
  activation: number;
  /** A request of Kerourien whose household asked for help with the installation. */
  installActivation: number;
  /** Devices by what can happen to them next. */
  receivedDevice: number;
  readyDevice: number;
  reservedOrder: number;
  /** Another reservation (the first one gets cancelled): payments and the handover. */
  reservedOrder2: number;
  handedOverOrder: number;
  /** A computer handed over and still under warranty. */
  warrantyOrder: number;
  payment: number;
  openTicket: number;
  waitingTier: string;
  /** The Kerourien social centre (the demo facilitator's), a room, a cycle course, a coming session of it, a
   * registration to that course, and the drop-in course. */
  facilityOrganisation: number;
  facility: number;
  room: number;
  course: number;
  session: number;
  registration: number;
  dropInCourse: number;
  competency: number;
  certificateLevel: number;
  validation: number;
  certificate: number;
  certificateCode: string;
  /** The CLCV (the demo adviser's association): a case, a letter template, free slots, an appointment. */
  adviceOrganisation: number;
  adviceCase: number;
  letterTemplate: number;
  freeSlots: number[];
  appointment: number;
  /** The tenants' association's offer sheet (Keredern Sud). */
  offerSheet: number;
  offerSheetSector: string;
  agreement: number;
  subsidy: number;
  steeringMeeting: number;
  steeringAction: number;
  consultationMeeting: number;
  testimony: number;
  /** Made by `createMissingSamples` (the demo has none): an advice document and letter, an agreement document,
   * a steering meeting's minutes, a consultation meeting with minutes, an impact report. */
  adviceDocument?: number;
  adviceLetter?: number;
  agreementDocument?: number;
  report?: number;
}

const one = async <T>(db: Db, query: ReturnType<typeof sql>, what: string): Promise<T> => {
  const rows = (await db.execute(query)) as unknown as Record<string, unknown>[];
  if (!rows[0]) throw new Error(`no sample for ${what} in the demo data`);
  const values = Object.values(rows[0]);
  return (values.length === 1 ? values[0] : rows[0]) as T;
};

export async function pickSamples(db: Db, slug = 'brest'): Promise<Samples> {
  const programmeId = await one<number>(db, sql`select id from programme where slug = ${slug}`, 'programme');
  const p = programmeId;
  const household = await one<number>(
    db,
    sql`select household_id from "user" where email = ${demoAccounts.resident}`,
    'resident',
  );
  const home = await one<{ dwelling: number; building: number; sector: number; neighbourhood: number }>(
    db,
    sql`select d.id as dwelling, d.building_id as building, d.sector_id as sector, s.neighbourhood_id as neighbourhood
        from tenancy t join dwelling d on d.id = t.dwelling_id join sector s on s.id = d.sector_id
        where t.household_id = ${household} and t.end_date is null`,
    'home',
  );
  const sector = await one<number>(
    db,
    sql`select id from sector where programme_id = ${p} and code = 'KRD-N'`,
    'sector',
  );
  const vote = await one<number>(
    db,
    sql`select id from tenant_vote where programme_id = ${p} and status = 'open' order by id limit 1`,
    'vote',
  );
  const code = await one<{ dwelling: number; code: string }>(
    db,
    sql`select c.dwelling_id as dwelling, c.code from ballot_code c
        where c.vote_id = ${vote} and c.revoked_at is null
          and not exists (select 1 from ballot b where b.vote_id = c.vote_id and b.dwelling_id = c.dwelling_id)
        order by c.id limit 1`,
    'ballot code',
  );
  const closedMonth = await one<string>(
    db,
    sql`select to_char(month, 'YYYY-MM') from charge_month where programme_id = ${p} and status = 'closed' order by month desc limit 1`,
    'closed month',
  );
  const facilityOrganisation = await one<number>(
    db,
    sql`select organisation_id from "user" where email = ${demoAccounts.facilitator}`,
    'facility organisation',
  );
  const facility = await one<number>(
    db,
    sql`select id from facility where organisation_id = ${facilityOrganisation} order by id limit 1`,
    'facility',
  );
  const course = await one<number>(
    db,
    sql`select c.id from course c where c.facility_id = ${facility} and c.kind = 'cycle'
          and exists (select 1 from workshop_session s where s.course_id = c.id and s.starts_at > now() and s.status = 'scheduled')
          and exists (select 1 from registration r where r.course_id = c.id and r.status = 'registered')
        order by c.id limit 1`,
    'course',
  );
  const adviceOrganisation = await one<number>(
    db,
    sql`select organisation_id from "user" where email = ${demoAccounts.adviser}`,
    'advice organisation',
  );
  const certificate = await one<{ id: number; code: string }>(
    db,
    sql`select id, code from certificate where household_id = ${household} and revoked_at is null order by id limit 1`,
    'certificate',
  );
  const offerSheet = await one<{ id: number; code: string }>(
    db,
    sql`select o.id, s.code from offer_sheet o join sector s on s.id = o.sector_id
        where o.programme_id = ${p} and o.author_organisation_id =
          (select organisation_id from "user" where email = ${demoAccounts.tenant_rep}) order by o.id limit 1`,
    'offer sheet',
  );
  const otherHousehold = await one<{ household: number; member: number }>(
    db,
    sql`select h.id as household, m.id as member from household h join tenancy t on t.household_id = h.id
        join dwelling d on d.id = t.dwelling_id join household_member m on m.household_id = h.id
        where h.programme_id = ${p} and d.sector_id = ${home.sector} and h.id <> ${household} and t.end_date is null
          and not exists (select 1 from device_order o where o.household_id = h.id)
          and not exists (select 1 from device_waiting_entry w where w.household_id = h.id)
        order by h.id limit 1`,
    'other household',
  );
  return {
    programmeId,
    programmeSlug: slug,
    household,
    member: await one(
      db,
      sql`select id from household_member where household_id = ${household} order by id limit 1`,
      'member',
    ),
    consent: await one(
      db,
      sql`select id from consent where household_id = ${household} and withdrawn_on is null order by id limit 1`,
      'consent',
    ),
    dwelling: home.dwelling,
    building: home.building,
    neighbourhood: home.neighbourhood,
    sector,
    sectorCode: 'KRD-N',
    voteSector: await one(
      db,
      sql`select s.id from sector s where s.programme_id = ${p} and s.id <> ${sector}
          and (select e.stage from sector_stage_event e where e.sector_id = s.id order by e.id desc limit 1) = 'support_ready'
          and not exists (select 1 from tenant_vote v where v.sector_id = s.id and v.status = 'open')
          order by s.id limit 1`,
      'sector ready for a vote',
    ),
    identifiedSector: await one(
      db,
      sql`select s.id from sector s where s.programme_id = ${p}
          and not exists (select 1 from sector_stage_event e where e.sector_id = s.id and e.stage <> 'identified')
          order by s.id limit 1`,
      'identified sector',
    ),
    vacantDwelling: await one(
      db,
      sql`select d.id from dwelling d where d.sector_id = ${home.sector}
          and not exists (select 1 from tenancy t where t.dwelling_id = d.id) order by d.id limit 1`,
      'vacant dwelling',
    ),
    otherHousehold: otherHousehold.household,
    otherMember: otherHousehold.member,
    erasableHousehold: await one(
      db,
      sql`select h.id from household h join tenancy t on t.household_id = h.id and t.end_date is null
          join dwelling d on d.id = t.dwelling_id
          where h.programme_id = ${p} and d.sector_id = ${home.sector} and h.id not in (${household}, ${otherHousehold.household})
          order by h.id desc limit 1`,
      'erasable household',
    ),
    vote,
    voteDwelling: code.dwelling,
    ballotCode: code.code,
    paperBatch: await one(
      db,
      sql`select id from paper_batch where vote_id = ${vote} order by id limit 1`,
      'paper batch',
    ),
    operatorOrganisation: await one(
      db,
      sql`select organisation_id from "user" where email = ${demoAccounts.operator_agent}`,
      'operator',
    ),
    openMonth: await one(
      db,
      // The newest open month; once a journey has closed it (the browser suite shares one database), the next one.
      sql`select coalesce(
            (select to_char(month, 'YYYY-MM') from charge_month
              where programme_id = ${p} and status = 'open' order by month desc limit 1),
            (select to_char(max(month) + interval '1 month', 'YYYY-MM') from charge_month where programme_id = ${p}),
            to_char(now(), 'YYYY-MM'))`,
      'open month',
    ),
    closedMonth,
    chargeLine: await one(
      db,
      sql`select id from charge_line where programme_id = ${p} and to_char(month, 'YYYY-MM') = ${closedMonth}
          and adjusts_line_id is null order by id limit 1`,
      'charge line',
    ),
    service: await one(
      db,
      sql`select id from sector_service where programme_id = ${p} and closes_on is null order by id limit 1`,
      'service',
    ),
    activation: await one(
      db,
      sql`select id from activation_request where programme_id = ${p} and sector_id = ${home.sector}
          and status = 'scheduled' order by id limit 1`,
      'activation request',
    ),
    installActivation: await one(
      db,
      sql`select id from activation_request where programme_id = ${p} and sector_id = ${home.sector}
          and install_help and status in ('sent', 'scheduled') order by id limit 1`,
      'activation request with help',
    ),
    receivedDevice: await one(
      db,
      sql`select id from device where programme_id = ${p} and status = 'received' order by id limit 1`,
      'received device',
    ),
    readyDevice: await one(
      db,
      sql`select id from device where programme_id = ${p} and status = 'ready' order by id limit 1`,
      'ready device',
    ),
    reservedOrder: await one(
      db,
      sql`select o.id from device_order o join tenancy t on t.household_id = o.household_id and t.end_date is null
          join dwelling d on d.id = t.dwelling_id
          where o.programme_id = ${p} and o.status = 'reserved' and d.sector_id = ${home.sector} order by o.id limit 1`,
      'reserved order',
    ),
    reservedOrder2: await one(
      db,
      sql`select o.id from device_order o join tenancy t on t.household_id = o.household_id and t.end_date is null
          join dwelling d on d.id = t.dwelling_id join sector_partner sp on sp.sector_id = d.sector_id
          where o.programme_id = ${p} and o.status = 'reserved' and d.sector_id <> ${home.sector}
            and sp.organisation_id = ${facilityOrganisation} order by o.id limit 1`,
      'second reserved order',
    ),
    warrantyOrder: await one(
      db,
      sql`select o.id from device_order o join tenancy t on t.household_id = o.household_id and t.end_date is null
          join dwelling d on d.id = t.dwelling_id
          where o.programme_id = ${p} and o.status = 'handed_over' and o.warranty_until >= current_date + 7
            and d.sector_id = ${home.sector} order by o.id limit 1`,
      'order under warranty',
    ),
    ...(await one<{ handedOverOrder: number; payment: number }>(
      db,
      sql`select o.id as "handedOverOrder", pm.id as payment from device_order o
          join device_payment pm on pm.order_id = o.id
          join tenancy t on t.household_id = o.household_id and t.end_date is null
          join dwelling d on d.id = t.dwelling_id
          where o.programme_id = ${p} and o.status = 'handed_over' and d.sector_id = ${home.sector}
          order by o.id, pm.id limit 1`,
      'handed over order',
    )),
    openTicket: await one(
      db,
      sql`select t.id from device_warranty_ticket t join device_order o on o.id = t.order_id
          where o.programme_id = ${p} and t.closed_at is null order by t.id limit 1`,
      'open ticket',
    ),
    waitingTier: await one(
      db,
      sql`select tier from price_tier where programme_id = ${p} order by id limit 1`,
      'tier',
    ),
    facilityOrganisation,
    facility,
    room: await one(db, sql`select id from room where facility_id = ${facility} order by id limit 1`, 'room'),
    course,
    session: await one(
      db,
      sql`select id from workshop_session where course_id = ${course} and starts_at > now() and status = 'scheduled'
          order by starts_at limit 1`,
      'session',
    ),
    registration: await one(
      db,
      sql`select id from registration where course_id = ${course} and status = 'registered' order by id limit 1`,
      'registration',
    ),
    dropInCourse: await one(
      db,
      sql`select id from course where facility_id = ${facility} and kind = 'drop_in' order by id limit 1`,
      'drop-in course',
    ),
    competency: await one(db, sql`select id from competency order by id limit 1`, 'competency'),
    certificateLevel: await one(db, sql`select id from certificate_level order by id limit 1`, 'level'),
    validation: await one(
      db,
      sql`select id from validation where household_id = ${household} and withdrawn_at is null order by id limit 1`,
      'validation',
    ),
    certificate: certificate.id,
    certificateCode: certificate.code,
    adviceOrganisation,
    adviceCase: await one(
      db,
      sql`select id from advice_case where organisation_id = ${adviceOrganisation} and status in ('open', 'waiting_operator')
          order by id limit 1`,
      'advice case',
    ),
    letterTemplate: await one(
      db,
      sql`select id from letter_template where organisation_id = ${adviceOrganisation} order by id limit 1`,
      'letter template',
    ),
    freeSlots: (
      (await db.execute(
        sql`select s.id from office_slot s where s.organisation_id = ${adviceOrganisation} and s.status = 'open'
            and s.starts_at > now() + interval '2 days'
            and not exists (select 1 from appointment a where a.slot_id = s.id) order by s.starts_at limit 3`,
      )) as unknown as { id: number }[]
    ).map((r) => r.id),
    appointment: await one(
      db,
      sql`select id from appointment where organisation_id = ${adviceOrganisation} and status = 'booked' order by id limit 1`,
      'appointment',
    ),
    offerSheet: offerSheet.id,
    offerSheetSector: offerSheet.code,
    agreement: await one(
      db,
      sql`select id from agreement where organisation_id = ${facilityOrganisation} order by id limit 1`,
      'agreement',
    ),
    subsidy: await one(
      db,
      sql`select id from subsidy where organisation_id = ${facilityOrganisation} order by year desc, id limit 1`,
      'subsidy',
    ),
    steeringMeeting: await one(
      db,
      sql`select id from steering_meeting where programme_id = ${p} order by held_on desc limit 1`,
      'steering meeting',
    ),
    steeringAction: await one(
      db,
      sql`select id from steering_action where owner_organisation_id = ${facilityOrganisation} order by id limit 1`,
      'steering action',
    ),
    consultationMeeting: await one(
      db,
      sql`select id from consultation_meeting where sector_id = ${sector} order by id limit 1`,
      'consultation meeting',
    ),
    testimony: await one(
      db,
      sql`select id from testimony where organisation_id = ${facilityOrganisation} and withdrawn_on is null order by id limit 1`,
      'testimony',
    ),
  };
}

/** An API token for each demo account (made by the programme's administrator, as the page does). */
export async function demoTokens(db: Db, programmeId: number): Promise<Record<Role, string>> {
  const users = (await db.execute(
    sql`select id, email from "user" where programme_id = ${programmeId}`,
  )) as unknown as { id: string; email: string }[];
  const idOf = (role: Role) => {
    const found = users.find((u) => u.email === demoAccounts[role]);
    if (!found) throw new Error(`no demo account for ${role}`);
    return found.id;
  };
  const admin = await findActiveUser(db, idOf('admin'));
  const actor = actorFor(admin!, { ip: null, channel: 'cli' });
  const tokens = {} as Record<Role, string>;
  for (const role of roles) {
    const created = await createApiToken({ db, actor, userId: idOf(role), name: `attack tests ${role}` });
    if (!created.ok) throw new Error(`token for ${role}`);
    tokens[role] = created.token;
  }
  return tokens;
}

export type Caller = (token: string | null, path: string, init?: RequestInit) => Response | Promise<Response>;

/** A one-page PDF small enough for any upload limit. */
export const tinyPdf = () =>
  new Blob([new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')], {
    type: 'application/pdf',
  });

const form = (fields: Record<string, string | Blob>) => {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v instanceof Blob) body.append(k, v, 'piece.pdf');
    else body.append(k, v);
  }
  return body;
};

/**
 * What the demo lacks, made through the API by the people who would make it: a document and a letter on the CLCV's
 * case, a document on the social centre's agreement, minutes for the steering meeting and for a consultation meeting,
 * an impact report. Returns the ids in the samples.
 */
export async function createMissingSamples(
  call: Caller,
  tokens: Record<Role, string>,
  s: Samples,
): Promise<Samples> {
  const created = async (role: Role, path: string, init: RequestInit) => {
    const response = await call(tokens[role], path, init);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const jsonPost = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const document = await created('adviser', `/api/v1/advice-cases/${s.adviceCase}/documents`, {
    method: 'POST',
    body: form({ file: tinyPdf() }),
  });
  const letter = await created(
    'adviser',
    `/api/v1/advice-cases/${s.adviceCase}/letters`,
    jsonPost({ templateId: s.letterTemplate }),
  );
  const agreementDocument = await created('coordinator', `/api/v1/agreements/${s.agreement}/documents`, {
    method: 'POST',
    body: form({ file: tinyPdf() }),
  });
  await created('coordinator', `/api/v1/steering-meetings/${s.steeringMeeting}/minutes`, {
    method: 'POST',
    body: form({ file: tinyPdf() }),
  });
  const meeting = await created('coordinator', `/api/v1/sectors/${s.sector}/meetings`, {
    method: 'POST',
    body: form({
      heldOn: '2026-01-15',
      place: 'Salle de quartier',
      attendees: 'Ville, bailleur',
      minutes: tinyPdf(),
    }),
  });
  const report = await created(
    'coordinator',
    '/api/v1/reports',
    jsonPost({ title: 'Bilan de test', periodFrom: '2026-01-01', periodTo: '2026-06-30' }),
  );
  return {
    ...s,
    adviceDocument: idOf(document),
    adviceLetter: idOf(letter),
    agreementDocument: idOf(agreementDocument),
    consultationMeeting: idOf(meeting),
    report: idOf(report),
  };
}

const idOf = (body: Record<string, unknown>): number => {
  const id = Object.entries(body).find(
    ([k, v]) => (k === 'id' || k.endsWith('Id')) && typeof v === 'number',
  )?.[1];
  if (typeof id !== 'number') throw new Error(`no id in ${JSON.stringify(body).slice(0, 200)}`);
  return id;
};
