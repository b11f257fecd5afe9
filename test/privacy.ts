// A household with something in every module — names, contact, free texts, money, a vote, a certificate, an advice
// case, a testimony — for the residents' rights tests (export and erasure), and the generic search for what names it.
import { sql } from 'drizzle-orm';
import {
  closeCharges,
  openService,
  recordActivationEvent,
  requestActivation,
  runCharges,
} from '../src/access/index.ts';
import { getHousehold, insertHouseholds, updateHouseholdContact } from '../src/households/index.ts';
import { actorFor, createUser, findActiveUser } from '../src/partners/index.ts';
import type { Db } from '../src/platform/db/index.ts';
import type { Actor } from '../src/platform/permissions/index.ts';
import { adoptSector } from './adopt.ts';
import { attendCycle, handOverComputer, workshopCycle } from './impact-records.ts';
import type { TestProgramme } from './programme.ts';

/** What names or describes the people of a household, to look for everywhere after its erasure. */
export interface PersonStrings {
  householdId: number;
  memberIds: number[];
  resident: Actor;
  /** Every string that must be gone (names, phone, e-mails, free texts). */
  identifying: string[];
  /** The certificate's holder name (kept when the person keeps their certificates). */
  holderName: string;
}

/** Sector N1 adopts its service (vote on 1 October 2025), opens on 1 January 2026; charges of January (closed) and February. */
export async function openN1(db: Db, p: TestProgramme): Promise<void> {
  await adoptSector(db, p, p.sectorIds.N1, {
    tariffFrom: '2026-01-01',
    opensAt: new Date('2025-10-01T08:00:00Z'),
  });
  const opened = await openService({
    db,
    actor: p.actors.landlord_officer,
    input: { sectorId: p.sectorIds.N1, description: 'Internet collectif', opensOn: '2026-01-01' },
  });
  if (!opened.ok) throw new Error(opened.reason);
}

export async function chargesOf(db: Db, p: TestProgramme): Promise<void> {
  const now = new Date('2026-07-02T08:00:00Z');
  for (const month of ['2026-01', '2026-02'])
    if (!(await runCharges({ db, actor: p.actors.landlord_officer, month, now })).ok) throw new Error(month);
  if (!(await closeCharges({ db, actor: p.actors.landlord_officer, month: '2026-01', now })).ok)
    throw new Error('close');
}

/**
 * A household of N1 (dwelling `dwelling`, living there since 2019) with a second member, a resident account, and rows
 * in every module. The first one opens N1's service through a vote it is on the roll of.
 */
export async function householdEverywhere(
  db: Db,
  p: TestProgramme,
  { dwelling, tag }: { dwelling: string; tag: string },
): Promise<PersonStrings> {
  const first = `Zéphyrine${tag}`;
  const last = `Quintavalle${tag}`;
  const phone = tag === 'A' ? '+33611223344' : '+33622334455';
  const email = `zephyrine.${tag.toLowerCase()}@exemple.fr`;
  const pid = p.programmeId;
  await insertHouseholds(db, pid, [
    {
      key: dwelling,
      dwellingReference: dwelling,
      tenancyStart: '2019-02-01',
      phone,
      email,
      channels: ['sms', 'letter'],
      minimumBenefits: 'yes',
      singleParent: 'yes',
      members: [
        { firstName: first, lastName: last, birthYear: 1984, ageBand: '30_44' },
        { firstName: `Ondine${tag}`, lastName: last, birthYear: 2010, ageBand: 'under_18' },
      ],
      consents: [{ purpose: 'contact', givenOn: '2019-02-01', source: 'paper_form' }],
    },
  ]);
  const [row] = await db.execute<{ id: number }>(sql`
    select t.household_id as id from tenancy t join dwelling d on d.id = t.dwelling_id
     where d.programme_id = ${pid} and d.landlord_reference = ${dwelling}`);
  const householdId = row!.id;
  const memberIds = (
    await db.execute<{ id: number }>(
      sql`select id from household_member where household_id = ${householdId} order by id`,
    )
  ).map((m) => m.id);
  const [self, child] = memberIds as [number, number];
  // The first such household is on the roll of N1's vote, which opens the service.
  const [open] = await db.execute(sql`select 1 from sector_service where sector_id = ${p.sectorIds.N1}`);
  if (!open) await openN1(db, p);

  // The resident's own account, acting for the household.
  const account = await createUser({
    db,
    actor: p.system,
    password: 'correct horse battery staple',
    input: {
      name: `${first} ${last}`,
      email: `compte.${email}`,
      role: 'resident',
      organisationId: null,
      householdId,
    },
  });
  if (!account.ok) throw new Error(account.reason);
  const resident = actorFor((await findActiveUser(db, account.userId))!, { ip: '127.0.0.1', channel: 'web' });

  // Staff read and change the record (audit events, a timeline).
  await getHousehold({ db, actor: p.actors.facilitator, householdId });
  await updateHouseholdContact({
    db,
    actor: p.actors.facilitator,
    householdId,
    contact: { phone: phone as never, email, channels: ['sms', 'letter'], language: 'fr' },
  });

  // Access: the resident asks to be connected, the operator reports a failure in words.
  const asked = await requestActivation({
    db,
    actor: resident,
    householdId,
    input: {
      contactName: `${first} ${last}`,
      contactPhone: phone,
      slots: ['weekday_morning'],
      installHelp: true,
    },
    now: new Date('2026-02-10T09:00:00+01:00'),
  });
  if (!asked.ok) throw new Error(asked.reason);
  const failed = await recordActivationEvent({
    db,
    actor: p.actors.operator_agent,
    requestId: asked.requestId,
    input: { kind: 'failed', reason: 'nobody_home', detail: `Interphone ${tag} en panne chez ${last}` },
    now: new Date('2026-02-20T10:00:00+01:00'),
  });
  if (!failed.ok) throw new Error(failed.reason);
  await db.execute(sql`
    update activation_request set install_outcome = 'declined', install_outcome_note = ${`Visite ${tag}: ${first} préfère attendre`}
     where id = ${asked.requestId}`);

  // Equipment: a computer handed over in March, paid, with a warranty ticket.
  await handOverComputer(db, p, {
    tag: `eq-${tag}`,
    householdId,
    at: '2026-03-03T10:00:00+01:00',
    receivedOn: '2026-01-01',
  });
  await db.execute(sql`
    insert into device_payment (order_id, amount_cents, method, received_by)
    select id, 4000, 'cash', 'Recyclerie' from device_order where household_id = ${householdId}`);
  await db.execute(sql`
    insert into device_warranty_ticket (order_id, fault, diagnosis, outcome, closed_at, opened_by)
    select id, ${`Écran fêlé ${tag} par le petit Timéo${tag} ${last}`}, ${`Dalle ${tag} changée pour ${first}`}, 'repaired',
           '2026-04-01T10:00:00+02:00', 'Recyclerie'
      from device_order where household_id = ${householdId}`);

  // Notifications: a reminder sent, and one still pending.
  await db.execute(sql`
    insert into notification (programme_id, household_id, member_id, channel, recipient_name, recipient, subject, body,
                              topic, dedupe_key, status, sent_at)
    values (${pid}, ${householdId}, ${self}, 'sms', ${`${first} ${last}`}, ${phone}, 'Rappel',
            ${`Bonjour ${first}, atelier demain.`}, 'workshop.reminder', ${`test:${tag}:1`}, 'sent', now()),
           (${pid}, ${householdId}, ${self}, 'letter', ${`${first} ${last}`}, ${`12 rue de Kérourien ${tag}`},
            'Convocation', ${`Madame ${last}, venez.`}, 'workshop.convocation', ${`test:${tag}:2`}, 'pending', null)`);

  // Workshops: a two-session cycle in April, both attended; a secret calendar address.
  const cycle = await workshopCycle(db, pid, {
    updatedOn: '2026-01-01',
    sessions: [
      ['2026-04-07T14:00:00+02:00', '2026-04-07T16:00:00+02:00'],
      ['2026-04-14T14:00:00+02:00', '2026-04-14T17:00:00+02:00'],
    ],
  }).catch(async () => {
    // A second household of the same test reuses the facility.
    const [facility] = await db.execute<{ id: number }>(
      sql`select id from facility where programme_id = ${pid}`,
    );
    const [course] = await db.execute<{ id: number }>(
      sql`select id from course where facility_id = ${facility!.id} order by id limit 1`,
    );
    const sessions = await db.execute<{ id: number }>(
      sql`select id from workshop_session where course_id = ${course!.id} order by starts_at`,
    );
    return { courseId: course!.id, sessionIds: sessions.map((s) => s.id) };
  });
  await attendCycle(db, pid, cycle, {
    householdId,
    memberId: self,
    present: [true, true],
    createdAt: '2026-03-20T10:00:00+01:00',
    completedAt: '2026-04-14T17:00:00+02:00',
  });
  await db.execute(sql`
    insert into participant_calendar (member_id, programme_id, token) values (${self}, ${pid}, ${`secret-${tag}`})`);

  // Certificates: a competency observed, a certificate issued in May.
  const [competency] = await db.execute<{ id: number }>(sql`select id from competency order by id limit 1`);
  const [level] = await db.execute<{ id: number }>(sql`select id from certificate_level order by id limit 1`);
  const holderName = `${first} ${last}`;
  await db.execute(sql`
    insert into validation (programme_id, household_id, member_id, competency_id, validated_on, observation, note,
                            validated_by)
    values (${pid}, ${householdId}, ${self}, ${competency!.id}, '2026-04-14', ${`${first} envoie un courriel seule ${tag}`},
            ${`Note ${tag}: lunettes oubliées`}, 'Animatrice')`);
  await db.execute(sql`
    insert into certificate (programme_id, household_id, member_id, level_id, code, holder_name, level_title,
                             framework_label, competencies, issuer_name, programme_name, issued_on, issued_by)
    values (${pid}, ${householdId}, ${self}, ${level!.id}, ${tag === 'A' ? 'P-ABCD2345' : 'P-BCDE3456'}, ${holderName},
            'Visa Internet', 'PIM', '[]'::jsonb, 'Centre social', 'Programme', '2026-05-02', 'Animatrice')`);

  // Advice: a resolved case with a note, a document and a letter; an appointment attended.
  const adviser = p.actors.adviser.organisationId!;
  const [advice] = await db.execute<{ id: number }>(sql`
    insert into advice_case (programme_id, organisation_id, reference, household_id, member_id, topic, operator_name,
                             summary, status, outcome, recovered_cents, opened_on, closed_on, opened_by)
    values (${pid}, ${adviser}, ${`CONS-2026-${tag}`}, ${householdId}, ${self}, 'doorstep_sale', 'Box & Co',
            ${`Mme ${last} démarchée ${tag} à domicile`}, 'resolved', ${`Contrat de ${first} annulé`}, 8900, '2026-03-01',
            '2026-04-01', 'Conseillère')
    returning id`);
  await db.execute(sql`
    insert into advice_entry (case_id, kind, "on", body, author)
    values (${advice!.id}, 'note', '2026-03-02', ${`Appel de ${first}, très inquiète ${tag}`}, 'Conseillère')`);
  await db.execute(sql`
    insert into advice_document (case_id, organisation_id, name, media_type, size, sha256, content, uploaded_by)
    values (${advice!.id}, ${adviser}, ${`contrat-${last}.pdf`}, 'application/pdf', 4, 'x', '\\x25504446'::bytea,
            'Conseillère')`);
  await db.execute(sql`
    insert into advice_letter (case_id, subject, body, recipient, generated_by)
    values (${advice!.id}, ${`Résiliation pour ${last}`}, ${`Je soussignée ${tag} ${first} ${last}…`}, 'Box & Co, Paris',
            'Conseillère')`);
  const [slot] = await db.execute<{ id: number }>(sql`
    insert into office_slot (programme_id, organisation_id, facility_id, starts_at, ends_at, created_by)
    values (${pid}, ${adviser}, (select min(id) from facility where programme_id = ${pid}), '2026-03-01T10:00:00+01:00', '2026-03-01T10:30:00+01:00', 'Conseillère')
    returning id`);
  await db.execute(sql`
    insert into appointment (programme_id, slot_id, organisation_id, household_id, member_id, topic, reminder_channel,
                             status, case_id, booked_by)
    values (${pid}, ${slot!.id}, ${adviser}, ${householdId}, ${self}, 'doorstep_sale', 'sms', 'attended',
            ${advice!.id}, ${resident.label})`);

  // Impact: a testimony with the first name, questionnaires before and after.
  await db.execute(sql`
    insert into testimony (programme_id, household_id, sector_id, quote, attribution, first_name, context, consent_on,
                           consent_form, recorded_by)
    values (${pid}, ${householdId}, ${p.sectorIds.N1}, ${`Parole unique ${tag} : les ateliers m’ont changé la vie`},
            'first_name', ${first}, ${`Atelier ${tag} de la rue ${last}`}, '2026-04-14', 'oral', 'Animatrice')`);
  await db.execute(sql`
    insert into questionnaire_response (programme_id, household_id, member_id, version, moment, answered_on, answers,
                                        recorded_by)
    values (${pid}, ${householdId}, ${child}, '2011-1', 'before', '2026-02-10', '{"confidence": "not_at_all"}'::jsonb, ${resident.label}),
           (${pid}, ${householdId}, ${child}, '2011-1', 'after', '2026-06-10', '{"confidence": "fully"}'::jsonb, ${resident.label})`);

  return {
    householdId,
    memberIds,
    resident,
    holderName,
    identifying: [
      first,
      last,
      `Ondine${tag}`,
      phone,
      email,
      `Interphone ${tag}`,
      `Visite ${tag}`,
      `Écran fêlé ${tag}`,
      `Timéo${tag}`,
      `Dalle ${tag} changée`,
      `Note ${tag}`,
      `envoie un courriel seule ${tag}`,
      `démarchée ${tag}`,
      `très inquiète ${tag}`,
      `Je soussignée ${tag}`,
      `secret-${tag}`,
      `Parole unique ${tag}`,
      `Atelier ${tag} de la rue`,
      `12 rue de Kérourien ${tag}`,
    ],
  };
}

/** Every `table.column` of text, character, array or JSON type in which `needle` appears (case ignored). */
export async function whereFound(db: Db, needle: string): Promise<string[]> {
  const columns = await db.execute<{ table_name: string; column_name: string }>(sql`
    select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
       and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb')
            or (c.data_type = 'ARRAY' and c.udt_name in ('_text', '_varchar')))`);
  const found: string[] = [];
  for (const { table_name, column_name } of columns) {
    const [hit] = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from ${sql.identifier(table_name)}
       where ${sql.identifier(column_name)}::text ilike ${`%${needle}%`}`);
    if (hit!.n > 0) found.push(`${table_name}.${column_name}`);
  }
  return found;
}
