// Erasure of the household record itself (GDPR art. 17), in the erasure's transaction (src/privacy/erasure): names,
// contact details and birth years go; the row, its tenancies and consents stay, naming nobody, for the counts.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import type { ErasureCounts, ErasureTarget } from '../platform/personal-data.ts';

/**
 * - household: phone and e-mail removed, contact preferences back to the defaults, the reference replaced by the
 *   internal one (`F-` and the id: a reference typed from elsewhere could be the landlord's tenant number), marked
 *   `anonymised_at`. The statistics profile stays (the indicators count it; it now describes nobody nameable).
 * - members: « Personne effacée », no birth year; the age band stays (the indicators' profile of the reference person).
 * - tenancies and consents stay: dwelling and dates place the household in its sector's counts; a consent row says
 *   only what was agreed, when and how.
 */
export async function eraseHouseholdPersonalData(tx: DbOrTx, target: ErasureTarget): Promise<ErasureCounts> {
  const id = target.householdId;
  const members = await tx.execute(sql`
    update household_member set first_name = 'Personne', last_name = 'effacée', birth_year = null
     where household_id = ${id}`);
  await tx.execute(sql`
    update household set reference = 'F-' || lpad(id::text, 6, '0'), phone = null, email = null,
           channels = '{letter}', language = 'fr', anonymised_at = ${target.now.toISOString()}::timestamptz,
           updated_at = ${target.now.toISOString()}::timestamptz
     where id = ${id}`);
  const [kept] = await tx.execute<{ tenancies: number; consents: number }>(sql`
    select (select count(*)::int from tenancy where household_id = ${id}) as tenancies,
           (select count(*)::int from consent where household_id = ${id}) as consents`);
  return {
    membersAnonymised: members.count,
    tenanciesKept: kept!.tenancies,
    consentsKept: kept!.consents,
  };
}
