// The retention rules as pure functions, table-tested: when a household leaves active use and when its archive ends,
// from the last event of each kind of its data and the durations in force.
import { addCalendarMonths } from '../../platform/dates.ts';
import { type HouseholdKind, householdKinds, type RetentionDefault, type RetentionKind } from './defaults.ts';

export type Durations = Record<RetentionKind, RetentionDefault>;

/**
 * A calendar day plus whole months, as PostgreSQL adds an interval to a date: the same day of the month, or the
 * month's last day when it has fewer (31 January + 1 month = 28 or 29 February).
 */
export const addMonths = addCalendarMonths;

/** What a household's data says, for the rule: its last event of each kind (ISO days; absent: no such data). */
export interface HouseholdFacts {
  lastEvents: Partial<Record<HouseholdKind, string | null>>;
  /** It lives in one of the programme's dwellings today: its record is in active use, whatever its dates. */
  livesInProgramme: boolean;
  archived: boolean;
}

export type HouseholdStep = 'keep' | 'archive' | 'restore' | 'erase';

export interface HouseholdDecision {
  step: HouseholdStep;
  /** The first day it is no longer in active use, and the first day its archive has ended (null: lives here). */
  archiveOn: string | null;
  eraseOn: string | null;
}

/**
 * A household is archived on the first day every kind of its data has passed its active months, and erased on the
 * first day every kind has passed its archive months too — counted from that kind's last event. One living in the
 * programme's housing stays in active use; one archived whose time is no longer up (it moved back in, or the
 * durations were lengthened) comes back.
 */
export function householdStep(facts: HouseholdFacts, durations: Durations, today: string): HouseholdDecision {
  if (facts.livesInProgramme)
    return { step: facts.archived ? 'restore' : 'keep', archiveOn: null, eraseOn: null };
  let archiveOn: string | null = null;
  let eraseOn: string | null = null;
  for (const kind of householdKinds) {
    const last = facts.lastEvents[kind];
    if (!last) continue;
    const { activeMonths, archiveMonths } = durations[kind];
    const active = addMonths(last, activeMonths);
    const archive = addMonths(last, activeMonths + archiveMonths);
    if (!archiveOn || active > archiveOn) archiveOn = active;
    if (!eraseOn || archive > eraseOn) eraseOn = archive;
  }
  // No dated event at all (a record that never had a tenancy): nothing says its time is up.
  if (!archiveOn || !eraseOn) return { step: facts.archived ? 'restore' : 'keep', archiveOn, eraseOn };
  if (today >= eraseOn) return { step: 'erase', archiveOn, eraseOn };
  if (today >= archiveOn) return { step: facts.archived ? 'keep' : 'archive', archiveOn, eraseOn };
  return { step: facts.archived ? 'restore' : 'keep', archiveOn, eraseOn };
}

/** Whether an event of a kind is past its end (`through` the active months, or the active and archive months). */
export function isPast(last: string, months: number, today: string): boolean {
  return today >= addMonths(last, months);
}
