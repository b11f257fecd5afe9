// Workshop rules as data and pure functions: recurrence skipping public holidays, seats, reminders, completion.
import { addCalendarDays, frenchPublicHoliday, localDayTime } from '../platform/dates.ts';
import type { ReminderChannel } from './schema.ts';

export { frenchPublicHoliday };

// ---------------------------------------------------------------------------------------------------------------
// Recurrence: a cycle is N sessions at the same local time every `everyWeeks` weeks; a session that would fall on a
// public holiday is skipped and the cycle goes one week further, so it still has N sessions.

export interface Recurrence {
  /** The first day, as an ISO date in programme time. */
  firstDay: string;
  /** Local start and end time, "14:00" and "16:00". */
  startTime: string;
  endTime: string;
  everyWeeks: number;
  count: number;
  skipHolidays: boolean;
}

export interface PlannedSession {
  day: string;
  startsAt: Date;
  endsAt: Date;
}

export interface SkippedDay {
  day: string;
  holiday: string;
}

/** A local day and time in programme time, as an instant. */
export const localInstant = (day: string, time: string) => localDayTime(day, time);

/** The sessions of a recurrence and the holidays it stepped over. Pure: same input, same dates. */
export function planSessions(rule: Recurrence): { sessions: PlannedSession[]; skipped: SkippedDay[] } {
  const sessions: PlannedSession[] = [];
  const skipped: SkippedDay[] = [];
  let day = rule.firstDay;
  // A cycle never needs more than twice its length to step over holidays; the bound only guards a bad rule.
  for (let guard = 0; sessions.length < rule.count && guard < rule.count * 4 + 10; guard++) {
    const holiday = rule.skipHolidays ? frenchPublicHoliday(day) : null;
    if (holiday) skipped.push({ day, holiday });
    else
      sessions.push({
        day,
        startsAt: localInstant(day, rule.startTime),
        endsAt: localInstant(day, rule.endTime),
      });
    day = addCalendarDays(day, 7 * rule.everyWeeks);
  }
  return { sessions, skipped };
}

// ---------------------------------------------------------------------------------------------------------------
// Seats: a place while seats remain, the waiting list beyond.

export const placeFor = (seatsTaken: number, capacity: number): 'registered' | 'waiting' =>
  seatsTaken < capacity ? 'registered' : 'waiting';

// ---------------------------------------------------------------------------------------------------------------
// Completion of a cycle, a dated rule: attended every session held (not cancelled) but `allowedAbsences`.

export interface CompletionRule {
  id: string;
  effectiveFrom: string;
  allowedAbsences: number;
}

export const completionRules: readonly CompletionRule[] = [
  { id: 'cycle-completion-2011', effectiveFrom: '2011-01-01', allowedAbsences: 1 },
];

export function completionRuleOn(
  day: string,
  rules: readonly CompletionRule[] = completionRules,
): CompletionRule {
  const rule = [...rules].reverse().find((r) => r.effectiveFrom <= day);
  if (!rule) throw new Error(`no completion rule on ${day}`);
  return rule;
}

/** Sessions a participant must attend to complete a cycle of `heldSessions` (cancelled ones do not count). */
export const sessionsRequired = (heldSessions: number, rule: CompletionRule) =>
  Math.max(1, heldSessions - rule.allowedAbsences);

export const cycleCompleted = (attended: number, heldSessions: number, rule: CompletionRule) =>
  heldSessions > 0 && attended >= sessionsRequired(heldSessions, rule);

// ---------------------------------------------------------------------------------------------------------------
// Reminders: which offsets before a session each chosen channel gets, and how an urgent message travels.

/**
 * E-mail and SMS get every reminder (2 days and 2 hours before by default); a phone call only the earliest one
 * (nobody phones people twice for one session); a letter none — letter people get a convocation with all the
 * dates when their place is confirmed.
 */
export function reminderOffsetsFor(channel: ReminderChannel, offsetsMinutes: readonly number[]): number[] {
  const sorted = [...offsetsMinutes].sort((a, b) => b - a);
  switch (channel) {
    case 'email':
    case 'sms':
      return sorted;
    case 'call':
      return sorted.slice(0, 1);
    case 'letter':
      return [];
  }
}

/**
 * The one reminder due now for a session, if any: the offset whose window [start − offset, start − next smaller
 * offset) contains `now`. Someone registered the day before gets the 2-day reminder at once, then the 2-hour one;
 * never both at the same moment.
 */
export function reminderDue(startsAt: Date, now: Date, offsetsMinutes: readonly number[]): number | null {
  const sorted = [...offsetsMinutes].sort((a, b) => b - a);
  const minutesLeft = (startsAt.getTime() - now.getTime()) / 60_000;
  if (minutesLeft <= 0) return null;
  for (let i = 0; i < sorted.length; i++) {
    const next = sorted[i + 1] ?? 0;
    if (minutesLeft <= sorted[i]! && minutesLeft > next) return sorted[i]!;
  }
  return null;
}

/**
 * The channel an urgent message (a place freed, a session cancelled) travels by: a letter would arrive too late
 * within 4 days, so letter people with a phone are called instead.
 */
export function urgentChannel(
  chosen: ReminderChannel,
  minutesAhead: number,
  hasPhone: boolean,
): ReminderChannel {
  if (chosen === 'letter' && hasPhone && minutesAhead < 4 * 24 * 60) return 'call';
  return chosen;
}

/** The reminder channel a household would choose, from its contact preferences in their order (SMS by default). */
const fromContact: Record<string, ReminderChannel> = {
  sms: 'sms',
  phone: 'call',
  letter: 'letter',
  email: 'email',
};
export const preferredReminderChannel = (contactChannels: readonly string[]): ReminderChannel =>
  contactChannels.map((c) => fromContact[c]).find(Boolean) ?? 'sms';
