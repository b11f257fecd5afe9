// Double entry of paper slips: what two people typed, line up by dwelling.
import type { Choice } from './documents/types.ts';

export interface Difference {
  dwellingId: number;
  first: Choice | null;
  second: Choice | null;
}

/** Dwellings both entries agree on, and every dwelling where they differ (a choice, or one entry missing it). */
export function compareEntries(
  first: ReadonlyMap<number, Choice>,
  second: ReadonlyMap<number, Choice>,
): { agreed: Map<number, Choice>; differences: Difference[] } {
  const agreed = new Map<number, Choice>();
  const differences: Difference[] = [];
  for (const dwellingId of new Set([...first.keys(), ...second.keys()])) {
    const a = first.get(dwellingId) ?? null;
    const b = second.get(dwellingId) ?? null;
    if (a !== null && a === b) agreed.set(dwellingId, a);
    else differences.push({ dwellingId, first: a, second: b });
  }
  differences.sort((x, y) => x.dwellingId - y.dwellingId);
  return { agreed, differences };
}
