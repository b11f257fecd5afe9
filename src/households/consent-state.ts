// Where a household stands on each purpose it was asked about, and what other modules ask of it. A purpose is
// *withdrawn* when the household gave it at least once and no longer does: that, not the absence of a record, is
// what stops what depends on it (a household registered before consents were recorded keeps its contact choices).
import { type SQL, sql } from 'drizzle-orm';
import type { consentPurposes } from './values.ts';

export type ConsentPurpose = (typeof consentPurposes)[number];
export type ConsentState = 'given' | 'withdrawn' | 'not_asked';

/** The state of one purpose from the household's consent rows (any order). */
export function consentState(
  rows: readonly { purpose: string; withdrawnOn: string | null }[],
  purpose: ConsentPurpose,
): ConsentState {
  const mine = rows.filter((r) => r.purpose === purpose);
  if (mine.length === 0) return 'not_asked';
  return mine.some((r) => r.withdrawnOn === null) ? 'given' : 'withdrawn';
}

/**
 * SQL: true when the household has withdrawn this purpose and not given it again. `householdId` is a qualified
 * column (`r.household_id`) or a parameter: an unqualified `household_id` would name the consent row's own.
 */
export function consentWithdrawn(purpose: ConsentPurpose, householdId: SQL): SQL {
  return sql`(exists (select 1 from consent wc where wc.household_id = ${householdId} and wc.purpose = ${purpose}
                        and wc.withdrawn_on is not null)
          and not exists (select 1 from consent gc where gc.household_id = ${householdId}
                            and gc.purpose = ${purpose} and gc.withdrawn_on is null))`;
}

/** SQL: the ids of a programme's households that have withdrawn this purpose (one grouped pass, for set queries). */
export function householdsWithdrawn(programmeId: number | SQL, purpose: ConsentPurpose): SQL {
  return sql`(select household_id from consent where programme_id = ${programmeId} and purpose = ${purpose}
               group by household_id having bool_and(withdrawn_on is not null))`;
}
