// Builds households for tests and inserts many at once for the demo and scale seeds (set-based, one statement each).
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';

export interface HouseholdSeed {
  key: string;
  dwellingReference: string;
  tenancyStart: string;
  tenancyEnd?: string | null;
  phone?: string | null;
  email?: string | null;
  channels: string[];
  language?: string;
  minimumBenefits?: string;
  singleParent?: string;
  livesAlone?: string;
  firstTimeUser?: string;
  members: {
    firstName: string;
    lastName: string;
    birthYear?: number | null;
    ageBand: string;
    reference?: boolean;
  }[];
  consents?: { purpose: string; givenOn: string; source: string }[];
}

/** Inserts households with members, tenancies and consents; references become F-<id> as in createHousehold. */
export async function insertHouseholds(
  db: DbOrTx,
  programmeId: number,
  seeds: HouseholdSeed[],
): Promise<void> {
  if (seeds.length === 0) return;
  const households = seeds.map((s) => ({
    key: `tmp-seed-${s.key}`,
    phone: s.phone ?? null,
    email: s.email ?? null,
    channels: s.channels,
    language: s.language ?? 'fr',
    minimum_benefits: s.minimumBenefits ?? 'not_given',
    single_parent: s.singleParent ?? 'not_given',
    lives_alone: s.livesAlone ?? 'not_given',
    first_time_user: s.firstTimeUser ?? 'not_given',
  }));
  await db.execute(sql`
    insert into household (programme_id, reference, phone, email, channels, language, minimum_benefits, single_parent, lives_alone, first_time_user)
    select ${programmeId}, h.key, h.phone, h.email, array(select jsonb_array_elements_text(h.channels)), h.language,
           h.minimum_benefits, h.single_parent, h.lives_alone, h.first_time_user
    from jsonb_to_recordset(${JSON.stringify(households)}::jsonb)
      as h(key text, phone text, email text, channels jsonb, language text, minimum_benefits text, single_parent text, lives_alone text, first_time_user text)`);
  const members = seeds.flatMap((s) =>
    s.members.map((m, i) => ({
      key: `tmp-seed-${s.key}`,
      first_name: m.firstName,
      last_name: m.lastName,
      birth_year: m.birthYear ?? null,
      age_band: m.ageBand,
      reference: (m.reference ?? i === 0) ? 'yes' : 'no',
    })),
  );
  await db.execute(sql`
    insert into household_member (programme_id, household_id, first_name, last_name, birth_year, age_band, is_reference_person)
    select ${programmeId}, h.id, m.first_name, m.last_name, m.birth_year, m.age_band, m.reference
    from jsonb_to_recordset(${JSON.stringify(members)}::jsonb)
      as m(key text, first_name text, last_name text, birth_year smallint, age_band text, reference text)
    join household h on h.programme_id = ${programmeId} and h.reference = m.key`);
  const tenancies = seeds.map((s) => ({
    key: `tmp-seed-${s.key}`,
    dwelling: s.dwellingReference,
    start_date: s.tenancyStart,
    end_date: s.tenancyEnd ?? null,
  }));
  await db.execute(sql`
    insert into tenancy (programme_id, household_id, dwelling_id, start_date, end_date)
    select ${programmeId}, h.id, d.id, t.start_date, t.end_date
    from jsonb_to_recordset(${JSON.stringify(tenancies)}::jsonb) as t(key text, dwelling text, start_date date, end_date date)
    join household h on h.programme_id = ${programmeId} and h.reference = t.key
    join dwelling d on d.programme_id = ${programmeId} and d.landlord_reference = t.dwelling`);
  const consents = seeds.flatMap((s) =>
    (s.consents ?? []).map((c) => ({
      key: `tmp-seed-${s.key}`,
      purpose: c.purpose,
      given_on: c.givenOn,
      source: c.source,
    })),
  );
  if (consents.length > 0) {
    await db.execute(sql`
      insert into consent (programme_id, household_id, purpose, given_on, source)
      select ${programmeId}, h.id, c.purpose, c.given_on, c.source
      from jsonb_to_recordset(${JSON.stringify(consents)}::jsonb) as c(key text, purpose text, given_on date, source text)
      join household h on h.programme_id = ${programmeId} and h.reference = c.key`);
  }
  await db.execute(sql`
    update household set reference = 'F-' || lpad(id::text, 6, '0')
    where programme_id = ${programmeId} and reference like 'tmp-seed-%'`);
}
