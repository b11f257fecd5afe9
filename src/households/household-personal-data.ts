// What the households module holds on one household, for its export (GDPR art. 15, 20): the record itself, its
// members, where it lived and what it consented to. The caller (src/privacy) checked the permission and logs the read.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';

export interface HouseholdPersonalData {
  household: {
    id: number;
    reference: string;
    phone: string | null;
    email: string | null;
    channels: string[];
    language: string;
    profile: { minimumBenefits: string; singleParent: string; livesAlone: string; firstTimeUser: string };
    createdAt: string;
    updatedAt: string;
    archivedAt: string | null;
    anonymisedAt: string | null;
  } | null;
  members: {
    id: number;
    firstName: string;
    lastName: string;
    birthYear: number | null;
    ageBand: string;
    isReferencePerson: boolean;
  }[];
  tenancies: {
    startDate: string;
    endDate: string | null;
    dwellingReference: string;
    address: string;
    postcode: string;
    city: string;
    floor: number | null;
    sector: string;
  }[];
  consents: { purpose: string; givenOn: string; source: string; withdrawnOn: string | null }[];
}

export async function householdPersonalData(db: DbOrTx, householdId: number): Promise<HouseholdPersonalData> {
  const [row] = await db.execute<{ [K in keyof HouseholdPersonalData]: HouseholdPersonalData[K] }>(sql`
    select
      (select json_build_object('id', h.id, 'reference', h.reference, 'phone', h.phone, 'email', h.email,
         'channels', h.channels, 'language', h.language,
         'profile', json_build_object('minimumBenefits', h.minimum_benefits, 'singleParent', h.single_parent,
                                      'livesAlone', h.lives_alone, 'firstTimeUser', h.first_time_user),
         'createdAt', h.created_at, 'updatedAt', h.updated_at, 'archivedAt', h.archived_at,
         'anonymisedAt', h.anonymised_at)
       from household h where h.id = ${householdId}) as household,
      (select coalesce(json_agg(json_build_object('id', m.id, 'firstName', m.first_name, 'lastName', m.last_name,
         'birthYear', m.birth_year, 'ageBand', m.age_band, 'isReferencePerson', m.is_reference_person = 'yes')
         order by m.is_reference_person desc, m.id), '[]')
       from household_member m where m.household_id = ${householdId}) as members,
      (select coalesce(json_agg(json_build_object('startDate', t.start_date, 'endDate', t.end_date,
         'dwellingReference', d.landlord_reference, 'address', b.address, 'postcode', b.postcode, 'city', b.city,
         'floor', d.floor, 'sector', s.name) order by t.start_date), '[]')
       from tenancy t join dwelling d on d.id = t.dwelling_id join building b on b.id = d.building_id
       join sector s on s.id = d.sector_id where t.household_id = ${householdId}) as tenancies,
      (select coalesce(json_agg(json_build_object('purpose', c.purpose, 'givenOn', c.given_on, 'source', c.source,
         'withdrawnOn', c.withdrawn_on) order by c.given_on, c.id), '[]')
       from consent c where c.household_id = ${householdId}) as consents`);
  return row!;
}
