// The coordination's pure rules: when an agreement is to be renewed, what remains to pay on a subsidy, when an action
// is late, and the budget's sums. No database here; dates are calendar days (ISO) of Paris.
import { addCalendarDays } from '../platform/dates.ts';
import type { ActionStatus } from './schema.ts';

// ---- Agreements ----------------------------------------------------------------------------------------------------

/**
 * Where an agreement stands on a day:
 * - `terminated`: ended by a decision (its end is the day it ended);
 * - `renewed`: another agreement renews it — no alert, whatever its dates;
 * - `expired`: its end has passed and nothing renews it;
 * - `renewal_due`: from `endsOn − noticeDays` to `endsOn` included, nothing renews it yet;
 * - `upcoming`: it has not started; `current`: it runs.
 */
export const renewalStates = [
  'current',
  'upcoming',
  'renewal_due',
  'expired',
  'renewed',
  'terminated',
] as const;
export type RenewalState = (typeof renewalStates)[number];

export interface RenewalFacts {
  status: 'active' | 'terminated';
  startsOn: string;
  endsOn: string;
  noticeDays: number;
  /** Another agreement renews this one. */
  renewed: boolean;
}

/** The first day the renewal alert shows. */
export const alertFrom = (endsOn: string, noticeDays: number) => addCalendarDays(endsOn, -noticeDays);

export function renewalState(agreement: RenewalFacts, today: string): RenewalState {
  if (agreement.status === 'terminated') return 'terminated';
  if (agreement.renewed) return 'renewed';
  if (today > agreement.endsOn) return 'expired';
  if (today >= alertFrom(agreement.endsOn, agreement.noticeDays)) return 'renewal_due';
  if (today < agreement.startsOn) return 'upcoming';
  return 'current';
}

/** The states that call for the coordinator: shown on top of the list, and by `listRenewalsDue`. */
export const needsRenewal = (state: RenewalState) => state === 'renewal_due' || state === 'expired';

/** A renewal continues the old agreement: it starts the day after the old one ends. */
export const renewalStartsOn = (previousEndsOn: string) => addCalendarDays(previousEndsOn, 1);

/** Whole days from one calendar day to another (negative when `to` is before `from`). */
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);

/** Alerts first (expired, then the nearest end), then the others by end, latest first. */
export function compareForCoordinator(
  a: { state: RenewalState; endsOn: string; reference: string },
  b: { state: RenewalState; endsOn: string; reference: string },
): number {
  const rank = (s: RenewalState) => (s === 'expired' ? 0 : s === 'renewal_due' ? 1 : 2);
  if (rank(a.state) !== rank(b.state)) return rank(a.state) - rank(b.state);
  if (rank(a.state) < 2) return a.endsOn.localeCompare(b.endsOn) || a.reference.localeCompare(b.reference);
  return b.endsOn.localeCompare(a.endsOn) || a.reference.localeCompare(b.reference);
}

// ---- Subsidies -----------------------------------------------------------------------------------------------------

export interface SubsidyAmounts {
  plannedCents: number;
  /** null while only planned. */
  committedCents: number | null;
  paidCents: number;
}

/** What is still to pay on what was voted (0 when nothing was voted). */
export const remainingToPay = (s: SubsidyAmounts) => (s.committedCents ?? 0) - s.paidCents;

export type PaymentCheck =
  | { ok: true; remainingAfterCents: number }
  | { ok: false; reason: 'not_committed' | 'over_committed'; remainingCents: number };

/** A payment is allowed once the subsidy is voted, up to what remains of the amount voted. */
export function checkPayment(s: SubsidyAmounts, amountCents: number): PaymentCheck {
  if (s.committedCents === null) return { ok: false, reason: 'not_committed', remainingCents: 0 };
  const remaining = remainingToPay(s);
  if (amountCents > remaining) return { ok: false, reason: 'over_committed', remainingCents: remaining };
  return { ok: true, remainingAfterCents: remaining - amountCents };
}

export const subsidyStages = ['planned', 'committed', 'partly_paid', 'paid'] as const;
export type SubsidyStage = (typeof subsidyStages)[number];

/** planned → committed (voted) → partly paid → paid (everything voted is paid; a vote of 0 € is paid at once). */
export function subsidyStage(s: SubsidyAmounts): SubsidyStage {
  if (s.committedCents === null) return 'planned';
  if (s.paidCents >= s.committedCents) return 'paid';
  return s.paidCents > 0 ? 'partly_paid' : 'committed';
}

export interface BudgetLine {
  year: number;
  organisationId: number;
  organisationName: string;
  purpose: string;
  plannedCents: number;
  committedCents: number | null;
  paidCents: number;
}

export interface BudgetFigures {
  plannedCents: number;
  committedCents: number;
  paidCents: number;
  /** Voted but not yet paid. */
  remainingCents: number;
  subsidies: number;
}

const zero = (): BudgetFigures => ({
  plannedCents: 0,
  committedCents: 0,
  paidCents: 0,
  remainingCents: 0,
  subsidies: 0,
});
const add = (sum: BudgetFigures, line: BudgetLine) => {
  sum.plannedCents += line.plannedCents;
  sum.committedCents += line.committedCents ?? 0;
  sum.paidCents += line.paidCents;
  sum.remainingCents += remainingToPay(line);
  sum.subsidies += 1;
};

function groupBy<K>(lines: BudgetLine[], keyOf: (l: BudgetLine) => K): Map<K, BudgetFigures> {
  const groups = new Map<K, BudgetFigures>();
  for (const line of lines) {
    const key = keyOf(line);
    const sum = groups.get(key) ?? zero();
    groups.set(key, sum);
    add(sum, line);
  }
  return groups;
}

export interface Budget {
  year: number;
  totals: BudgetFigures;
  byAssociation: (BudgetFigures & { organisationId: number; organisationName: string })[];
  byPurpose: (BudgetFigures & { purpose: string })[];
  /** Every year with a subsidy, oldest first, and the year asked even when empty. */
  years: (BudgetFigures & { year: number })[];
}

/** Planned vs committed vs paid for a year — in total, per association, per purpose — and the same over the years. */
export function budgetOf(lines: BudgetLine[], year: number): Budget {
  const ofYear = lines.filter((l) => l.year === year);
  const names = new Map(ofYear.map((l) => [l.organisationId, l.organisationName]));
  const years = groupBy(lines, (l) => l.year);
  if (!years.has(year)) years.set(year, zero());
  return {
    year,
    totals: groupBy(ofYear, () => 0).get(0) ?? zero(),
    byAssociation: [...groupBy(ofYear, (l) => l.organisationId)]
      .map(([organisationId, sum]) => ({
        organisationId,
        organisationName: names.get(organisationId)!,
        ...sum,
      }))
      .sort((a, b) => a.organisationName.localeCompare(b.organisationName, 'fr')),
    byPurpose: [...groupBy(ofYear, (l) => l.purpose)]
      .map(([purpose, sum]) => ({ purpose, ...sum }))
      .sort((a, b) => a.purpose.localeCompare(b.purpose, 'fr')),
    years: [...years].map(([y, sum]) => ({ year: y, ...sum })).sort((a, b) => a.year - b.year),
  };
}

/** Per year and purpose, oldest year first: what the command line prints. */
export function budgetByYearAndPurpose(
  lines: BudgetLine[],
): (BudgetFigures & { year: number; purpose: string })[] {
  return [...groupBy(lines, (l) => `${l.year}\u0000${l.purpose}`)]
    .map(([key, sum]) => {
      const [year, purpose] = key.split('\u0000') as [string, string];
      return { year: Number(year), purpose, ...sum };
    })
    .sort((a, b) => a.year - b.year || a.purpose.localeCompare(b.purpose, 'fr'));
}

// ---- Steering committee --------------------------------------------------------------------------------------------

/** An open action whose due day has passed. */
export const actionOverdue = (action: { status: ActionStatus; dueOn: string }, today: string) =>
  action.status === 'open' && action.dueOn < today;
