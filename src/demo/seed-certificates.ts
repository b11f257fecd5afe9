// The demo's Visa Internet: Kerourien's social centre authorised to issue; about 40 residents of Kerourien and
// Keredern certified over the years (one certificate revoked); validations in progress in the cycles running now.
import type { fakerFR } from '@faker-js/faker';
import { sql } from 'drizzle-orm';
import {
  issueCertificate,
  listFrameworks,
  pim2026,
  revokeCertificate,
  setIssuer,
  validateCompetency,
} from '../certificates/index.ts';
import { localDate } from '../platform/dates.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { intArray } from '../platform/sql/index.ts';
import { demoActor } from './actor.ts';

const day = 86_400_000;

export async function seedDemoCertificates(
  db: Db,
  faker: typeof fakerFR,
  { programmeId, facilityId }: { programmeId: number; facilityId: number },
): Promise<void> {
  const coordinator: Actor = demoActor({
    programmeId,
    role: 'coordinator',
    label: 'Claire Le Gall (Ville de Brest)',
  });
  const sectorIds = (
    await db.execute<{ sector_id: number }>(
      sql`select sector_id from sector_partner where organisation_id = ${facilityId}`,
    )
  ).map((r) => r.sector_id);
  const staff: Actor = demoActor({
    programmeId,
    role: 'facilitator',
    label: 'Maëlle Tanguy (Centre social de Kerourien)',
    organisationId: facilityId,
    sectorIds,
  });
  await setIssuer({ db, actor: coordinator, organisationId: facilityId, authorised: true });
  const frameworks = await listFrameworks({ db });
  const pim = frameworks.find((f) => f.code === pim2026.code && f.version === pim2026.version)!;
  const ids = new Map(pim.competencies.map((c) => [c.code, c.id] as const));
  const levels = new Map(pim.levels.map((l) => [l.code, l] as const));

  // People of the centre's sectors not in a workshop now (the running cycles get their own validations below).
  const people = await db.execute<{ member_id: number }>(sql`
    select m.id as member_id
      from household_member m
      join tenancy t on t.household_id = m.household_id and t.end_date is null
      join dwelling d on d.id = t.dwelling_id
     where m.programme_id = ${programmeId} and d.sector_id = any(${intArray(sectorIds)})
       and not exists (select 1 from registration r where r.member_id = m.id)
     order by m.id limit 400`);
  const chosen = faker.helpers.arrayElements([...people], 42);
  const now = Date.now();
  const codes: { id: number; code: string }[] = [];
  for (const [i, person] of chosen.entries()) {
    const level = levels.get(i % 4 === 0 ? 'visa-decouverte' : 'visa-internet')!;
    // Spread over the years since the first workshops (2013), most recent ones more numerous.
    const issuedAt = new Date(now - Math.round((faker.number.float() ** 1.6 * 13 * 365 + 10) * day));
    for (const [k, code] of level.required.entries()) {
      const on = new Date(issuedAt.getTime() - (level.required.length - k) * 7 * day);
      await validateCompetency({
        db,
        actor: staff,
        memberId: person.member_id,
        input: {
          competencyId: ids.get(code)!,
          validatedOn: localDate(on),
          observation: 'Vu en atelier',
        },
        now: issuedAt,
      });
    }
    const issued = await issueCertificate({
      db,
      actor: staff,
      memberId: person.member_id,
      levelId: level.id,
      now: issuedAt,
    });
    if (issued.ok) codes.push({ id: issued.certificateId, code: issued.code });
  }
  const mistaken = codes[codes.length - 1];
  if (mistaken)
    await revokeCertificate({
      db,
      actor: coordinator,
      certificateId: mistaken.id,
      reason: 'Délivré à la mauvaise personne (homonyme) ; un nouveau certificat a été délivré.',
    });

  // Validations in progress in the cycles running now, from the competencies each course works on.
  const running = await db.execute<{
    member_id: number;
    competencies: string[];
    organisation_id: number;
    session_id: number;
    starts_at: string;
  }>(sql`
    select r.member_id, c.competencies, f.organisation_id,
           (select ws.id from workshop_session ws where ws.course_id = c.id and ws.starts_at < now() order by ws.starts_at desc limit 1) as session_id,
           (select ws.starts_at from workshop_session ws where ws.course_id = c.id and ws.starts_at < now() order by ws.starts_at desc limit 1) as starts_at
      from registration r join course c on c.id = r.course_id join facility f on f.id = c.facility_id
     where r.programme_id = ${programmeId} and r.status = 'registered' and c.kind = 'cycle'
       and exists (select 1 from workshop_session ws where ws.course_id = c.id and ws.starts_at > now())
       and f.organisation_id = ${facilityId}`);
  for (const r of running) {
    if (!r.session_id) continue;
    for (const code of faker.helpers.arrayElements(r.competencies, { min: 0, max: 3 })) {
      const competencyId = ids.get(code);
      if (!competencyId) continue;
      await validateCompetency({
        db,
        actor: staff,
        memberId: r.member_id,
        input: {
          competencyId,
          validatedOn: localDate(new Date(r.starts_at)),
          sessionId: r.session_id,
        },
      });
    }
  }

  // Those who completed a cycle at the centre got their Visa Découverte at its end, the competencies seen in it.
  const completed = await db.execute<{ member_id: number; completed_at: Date }>(sql`
    select r.member_id, r.completed_at
      from registration r join course c on c.id = r.course_id join facility f on f.id = c.facility_id
     where r.programme_id = ${programmeId} and r.completed_at is not null and f.organisation_id = ${facilityId}
       and not exists (select 1 from certificate x where x.member_id = r.member_id and x.revoked_at is null)
     order by r.member_id`);
  const discovery = levels.get('visa-decouverte')!;
  for (const person of completed) {
    const at = new Date(person.completed_at);
    for (const code of discovery.required)
      await validateCompetency({
        db,
        actor: staff,
        memberId: person.member_id,
        input: {
          competencyId: ids.get(code)!,
          validatedOn: localDate(at),
          observation: 'Vu pendant le cycle',
        },
        now: at,
      });
    await issueCertificate({ db, actor: staff, memberId: person.member_id, levelId: discovery.id, now: at });
  }
}
