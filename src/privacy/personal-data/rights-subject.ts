// The household a rights request is about: found in the actor's programme or not at all (another programme's
// household does not exist for them), with the programme's name for the documents.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import { type Actor, NotFoundError } from '../../platform/permissions/index.ts';

export type RightsSubject = {
  id: number;
  programmeId: number;
  programmeName: string;
  reference: string;
  anonymisedAt: string | null;
  archivedAt: string | null;
  /** The reference person's name as it is now (« Personne effacée » once erased). */
  name: string | null;
};

export async function rightsSubject(
  db: DbOrTx,
  actor: Pick<Actor, 'programmeId'>,
  householdId: number,
  { lock = false }: { lock?: boolean } = {},
): Promise<RightsSubject> {
  const [row] = await db.execute<RightsSubject>(sql`
    select h.id, h.programme_id as "programmeId", p.name as "programmeName", h.reference,
           h.anonymised_at as "anonymisedAt", h.archived_at as "archivedAt",
           (select m.first_name || ' ' || m.last_name from household_member m
             where m.household_id = h.id order by m.is_reference_person desc, m.id limit 1) as name
      from household h join programme p on p.id = h.programme_id
     where h.id = ${householdId} and h.programme_id = ${actor.programmeId}
     ${lock ? sql`for update of h` : sql``}`);
  if (!row) throw new NotFoundError('household');
  return {
    ...row,
    anonymisedAt: row.anonymisedAt ? new Date(row.anonymisedAt).toISOString() : null,
    archivedAt: row.archivedAt ? new Date(row.archivedAt).toISOString() : null,
  };
}

/** A household by its reference (« F-000123 », case ignored) in a programme, for the command line; null if none. */
export async function householdIdByReference(
  db: DbOrTx,
  programmeId: number,
  reference: string,
): Promise<number | null> {
  const [row] = await db.execute<{ id: number }>(sql`
    select id from household where programme_id = ${programmeId} and reference = ${reference.trim().toUpperCase()}`);
  return row?.id ?? null;
}
