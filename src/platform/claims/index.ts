// The second wall: who is asking, carried with each request and handed to PostgreSQL's row-level security.
//
// A web or API request runs inside `withClaims`; once the actor is known, `setClaims` records what they may reach.
// Every statement of that request then runs in a transaction that first switches to the application role
// (`palier_app`, which is subject to the policies) and sets the claims with `set_config(…, true)` — local to the
// transaction, so a pooled connection never carries them to the next request. A query that forgets its `where`
// still returns only the rows the policies allow. Work outside a request (migrations, the CLI, the outbox worker,
// the retention run) runs as the owner, as do the few reads that are public or aggregated by design (`asSystem`).
import { AsyncLocalStorage } from 'node:async_hooks';

/** How far an actor reaches over households, the key of most personal data (see the policies in drizzle/0025). */
export type HouseholdReach = 'programme' | 'sectors' | 'household' | 'none';

export interface Claims {
  programmeId: number | null;
  role: string;
  organisationId: number | null;
  sectorIds: readonly number[];
  householdId: number | null;
  reach: HouseholdReach;
  /** The actions the role may take at all (policies ask, e.g., for `audit.read`). */
  actions: readonly string[];
}

/** Before anyone has signed in: no programme, so no row of personal data. */
export const anonymousClaims: Claims = {
  programmeId: null,
  role: 'anonymous',
  organisationId: null,
  sectorIds: [],
  householdId: null,
  reach: 'none',
  actions: [],
};

/** The role the policies apply to; created by migration 0025. */
export const applicationRole = 'palier_app';

type Holder = { claims: Claims | 'system' };
const storage = new AsyncLocalStorage<Holder>();

/** Runs a request's work under claims (anonymous until `setClaims` says who it is). */
export function withClaims<T>(claims: Claims, work: () => T): T {
  return storage.run({ claims }, work);
}

/** The request's actor is known: its statements from now on carry these claims. No-op outside a request. */
export function setClaims(claims: Claims): void {
  const holder = storage.getStore();
  if (holder && holder.claims !== 'system') holder.claims = claims;
}

/**
 * Runs work as the owner, past the row policies: only for reads that are public or aggregated by design (figures
 * under statistical secrecy, a certificate's public verification) — the application checks the permission first.
 * Drizzle's queries are lazy: pass an async function that awaits them, so they run inside this scope.
 */
export function asSystem<T>(work: () => T): T {
  return storage.run({ claims: 'system' }, work);
}

/** The claims of the current request, or null when the statement should run as the owner. */
export function currentClaims(): Claims | null {
  const claims = storage.getStore()?.claims;
  return !claims || claims === 'system' ? null : claims;
}

/** One statement switches to the application role and sets every claim for the current transaction. */
export const claimsStatement = `select set_config('role', '${applicationRole}', true),
  set_config('palier.programme_id', $1, true), set_config('palier.role', $2, true),
  set_config('palier.organisation_id', $3, true), set_config('palier.sector_ids', $4, true),
  set_config('palier.household_id', $5, true), set_config('palier.reach', $6, true),
  set_config('palier.actions', $7, true)`;

export function claimsParameters(claims: Claims): string[] {
  return [
    claims.programmeId == null ? '' : String(claims.programmeId),
    claims.role,
    claims.organisationId == null ? '' : String(claims.organisationId),
    `{${claims.sectorIds.join(',')}}`,
    claims.householdId == null ? '' : String(claims.householdId),
    claims.reach,
    claims.actions.join(','),
  ];
}
