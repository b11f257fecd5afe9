// What every module shares for residents' rights (GDPR art. 15–17, 20): the shape of its part of a household's data
// export, and what its erasure receives and returns. The privacy module gathers the parts (src/privacy).

/** A module's part of a household's export: named lists (or one record) of plain JSON values, stable keys. */
export type PersonalDataPart = Record<string, unknown>;

/**
 * The household being erased, for every module's erasure (one transaction, run by src/privacy/erasure). Modules
 * replace what names or describes the people and keep what the statistics, the money and the legal records need.
 */
export interface ErasureTarget {
  programmeId: number;
  householdId: number;
  /**
   * The labels under which the household's own user accounts acted (« Aïcha Benali (résident) »): where a module
   * stored one as who did something (`created_by`…), it is replaced by `erasedResidentLabel`.
   */
  residentLabels: string[];
  /** Who signs what the erasure writes (a revocation, a cancellation): the actor's label. */
  actorLabel: string;
  now: Date;
  /** Programme time's today (YYYY-MM-DD). */
  today: string;
  /** The person wants their certificates kept (valid, with their name); otherwise revoked « à la demande ». */
  keepCertificates: boolean;
}

/** What one module did, as counts by kind of row (e.g. `{ requestsAnonymised: 2, chargeLinesKept: 24 }`). */
export type ErasureCounts = Record<string, number>;

/** Something still in progress that stops an erasure until it is finished or cancelled through its own page. */
export interface WorkInProgress {
  /** A stable code (`activation_request`, `device_order`…). */
  kind: string;
  count: number;
  /** Plain French for the staff member (« 1 demande de raccordement en cours »). */
  label: string;
}

/**
 * The work in progress a module found, from its counts: kinds counted zero are left out, the others labelled with
 * their French singular or plural (« 1 demande de raccordement en cours »).
 */
export function workInProgress(
  counts: readonly { kind: string; count: number; one: string; many: string }[],
): WorkInProgress[] {
  return counts
    .filter(({ count }) => count > 0)
    .map(({ kind, count, one, many }) => ({ kind, count, label: plural(count, one, many) }));
}

/** What replaces a person's name (members, recipients, certificate holders…). */
export const erasedPerson = 'Personne effacée';
/** What replaces a free text about the person (notes, summaries, letters…) where a text is required. */
export const erasedText = 'Texte effacé';
/** What replaces a resident's own label as the author of a record. */
export const erasedResidentLabel = 'Personne effacée (résident)';

/** « 1 demande », « 2 demandes »: French plural for counts in labels. */
export const plural = (count: number, one: string, many: string) => `${count} ${count > 1 ? many : one}`;
