// A household's own user accounts (residents who sign in to see their household), for residents' rights: what the
// export shows of them, and their erasure (GDPR art. 15–17; src/privacy gathers every module's part).
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/index.ts';
import { type ErasureCounts, type ErasureTarget, erasedPerson } from '../platform/personal-data.ts';

export interface HouseholdAccount {
  id: string;
  name: string;
  email: string;
  role: string;
  status: string;
  createdAt: string;
  /** The label under which the account acted (who did what, in every module and the audit trail). */
  label: string;
}

/** The user accounts linked to a household (a resident's sign-in), with the label they acted under. */
export async function householdAccounts(db: DbOrTx, householdId: number): Promise<HouseholdAccount[]> {
  const rows = await db.execute<Omit<HouseholdAccount, 'label'> & { organisation_name: string | null }>(sql`
    select u.id, u.name, u.email, u.role, u.status, u.created_at as "createdAt", o.name as organisation_name
      from "user" u left join organisation o on o.id = u.organisation_id
     where u.household_id = ${householdId} order by u.created_at, u.id`);
  return rows.map(({ organisation_name, ...u }) => ({
    ...u,
    createdAt: new Date(u.createdAt).toISOString(),
    // As actorFor (actor.ts) writes it.
    label: `${u.name} (${organisation_name ?? 'résident'})`,
  }));
}

/** What the partners module holds on a household: its members' user accounts (never their password). */
export async function householdAccountsPersonalData(db: DbOrTx, householdId: number) {
  const accounts = await householdAccounts(db, householdId);
  return {
    accounts: accounts.map(({ name, email, role, status, createdAt }) => ({
      name,
      email,
      role,
      status,
      createdAt,
    })),
  };
}

/**
 * The household's accounts can no longer sign in and name nobody: name « Personne effacée », an address that cannot
 * receive mail (unique, as the column must be), deactivated, unlinked from the household; their password, sessions,
 * API tokens and invitations are deleted. The row stays, so that the audit trail's `actor_user_id` still points at
 * something (its label there is rewritten by the erasure).
 */
export async function eraseHouseholdAccounts(tx: DbOrTx, target: ErasureTarget): Promise<ErasureCounts> {
  const ids = (
    await tx.execute<{ id: string }>(
      sql`select id from "user" where household_id = ${target.householdId} for update`,
    )
  ).map((r) => r.id);
  if (ids.length === 0) return { accountsErased: 0 };
  const list = sql`(${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )})`;
  await tx.execute(
    sql`delete from verification where identifier in (select email from "user" where id in ${list})`,
  );
  await tx.execute(sql`delete from session where user_id in ${list}`);
  await tx.execute(sql`delete from account where user_id in ${list}`);
  await tx.execute(sql`delete from api_token where user_id in ${list}`);
  await tx.execute(sql`delete from invitation where user_id in ${list}`);
  await tx.execute(sql`
    update "user" set name = ${erasedPerson}, email = 'efface-' || id || '@palier.invalid', image = null,
           status = 'deactivated', household_id = null, updated_at = ${target.now.toISOString()}::timestamptz
     where id in ${list}`);
  return { accountsErased: ids.length };
}
