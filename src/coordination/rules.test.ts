import { describe, expect, it } from 'vitest';
import {
  actionOverdue,
  alertFrom,
  type BudgetLine,
  budgetByYearAndPurpose,
  budgetOf,
  checkPayment,
  compareForCoordinator,
  daysBetween,
  type RenewalFacts,
  type RenewalState,
  remainingToPay,
  renewalStartsOn,
  renewalState,
  subsidyStage,
} from './rules.ts';
import { EuroSum } from './values.ts';

// An agreement of 2024 with the default notice of 90 days: the alert starts on 2 October 2024.
const agreement2024: RenewalFacts = {
  status: 'active',
  startsOn: '2024-01-01',
  endsOn: '2024-12-31',
  noticeDays: 90,
  renewed: false,
};

describe('when an agreement is to be renewed', () => {
  it('the alert starts notice days before the end', () => {
    expect(alertFrom('2024-12-31', 90)).toBe('2024-10-02');
    expect(alertFrom('2025-03-01', 1)).toBe('2025-02-28');
    expect(alertFrom('2024-03-01', 1)).toBe('2024-02-29');
    expect(alertFrom('2024-12-31', 0)).toBe('2024-12-31');
  });

  it.each<[string, Partial<RenewalFacts>, string, RenewalState]>([
    ['before it starts', {}, '2023-12-31', 'upcoming'],
    ['on its first day', {}, '2024-01-01', 'current'],
    ['the day before the alert', {}, '2024-10-01', 'current'],
    ['the first day of the alert', {}, '2024-10-02', 'renewal_due'],
    ['on its last day', {}, '2024-12-31', 'renewal_due'],
    ['the day after its end', {}, '2025-01-01', 'expired'],
    ['years after its end', {}, '2031-06-01', 'expired'],
    ['renewed, in the alert window', { renewed: true }, '2024-11-15', 'renewed'],
    ['renewed, after its end', { renewed: true }, '2025-02-01', 'renewed'],
    ['terminated, in the alert window', { status: 'terminated' }, '2024-11-15', 'terminated'],
    ['terminated and renewed', { status: 'terminated', renewed: true }, '2025-02-01', 'terminated'],
    ['no notice: the day before its end', { noticeDays: 0 }, '2024-12-30', 'current'],
    ['no notice: its last day', { noticeDays: 0 }, '2024-12-31', 'renewal_due'],
    [
      'notice as long as the agreement: due from its first day',
      { noticeDays: 365 },
      '2024-01-01',
      'renewal_due',
    ],
  ])('%s (%o on %s) → %s', (_, change, today, state) => {
    expect(renewalState({ ...agreement2024, ...change }, today)).toBe(state);
  });

  it('a renewal starts the day after the old end, across months, years and leap days', () => {
    expect(renewalStartsOn('2024-12-31')).toBe('2025-01-01');
    expect(renewalStartsOn('2024-02-28')).toBe('2024-02-29');
    expect(renewalStartsOn('2023-02-28')).toBe('2023-03-01');
    // Paris changes to summer time on 31 March 2024: still one calendar day.
    expect(renewalStartsOn('2024-03-30')).toBe('2024-03-31');
  });

  it.each([
    ['2024-12-01', '2024-12-31', 30],
    ['2024-12-31', '2024-12-31', 0],
    ['2025-01-05', '2024-12-31', -5],
    ['2024-03-30', '2024-04-01', 2],
  ])('from %s to %s: %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });

  it('the coordinator sees the expired first, then those due by nearest end, then the others latest first', () => {
    const rows = [
      { reference: 'C', state: 'current' as const, endsOn: '2026-01-01' },
      { reference: 'D', state: 'renewal_due' as const, endsOn: '2025-03-01' },
      { reference: 'E', state: 'expired' as const, endsOn: '2024-06-30' },
      { reference: 'F', state: 'terminated' as const, endsOn: '2027-01-01' },
      { reference: 'G', state: 'renewal_due' as const, endsOn: '2025-02-01' },
    ];
    expect(rows.sort(compareForCoordinator).map((r) => r.reference)).toEqual(['E', 'G', 'D', 'F', 'C']);
  });
});

describe('what remains to pay on a subsidy', () => {
  it.each([
    ['planned only', { plannedCents: 500_000, committedCents: null, paidCents: 0 }, 0, 'planned'],
    [
      'voted, nothing paid',
      { plannedCents: 500_000, committedCents: 400_000, paidCents: 0 },
      400_000,
      'committed',
    ],
    [
      'partly paid',
      { plannedCents: 500_000, committedCents: 400_000, paidCents: 150_000 },
      250_000,
      'partly_paid',
    ],
    ['paid in full', { plannedCents: 500_000, committedCents: 400_000, paidCents: 400_000 }, 0, 'paid'],
    ['voted 0 €', { plannedCents: 500_000, committedCents: 0, paidCents: 0 }, 0, 'paid'],
  ])('%s: %i cents remain, %s', (_, amounts, remaining, stage) => {
    expect(remainingToPay(amounts)).toBe(remaining);
    expect(subsidyStage(amounts)).toBe(stage);
  });

  it.each([
    ['not voted', { committedCents: null, paidCents: 0 }, 1, { ok: false, reason: 'not_committed' }],
    [
      'exactly what remains',
      { committedCents: 400_000, paidCents: 150_000 },
      250_000,
      { ok: true, remainingAfterCents: 0 },
    ],
    [
      'one cent less',
      { committedCents: 400_000, paidCents: 150_000 },
      249_999,
      { ok: true, remainingAfterCents: 1 },
    ],
    [
      'one cent more',
      { committedCents: 400_000, paidCents: 150_000 },
      250_001,
      { ok: false, reason: 'over_committed', remainingCents: 250_000 },
    ],
    [
      'anything once paid',
      { committedCents: 400_000, paidCents: 400_000 },
      1,
      { ok: false, reason: 'over_committed', remainingCents: 0 },
    ],
  ])('a payment when %s (%i cents)', (_, amounts, amount, expected) => {
    expect(checkPayment({ plannedCents: 0, ...amounts }, amount)).toMatchObject(expected);
  });

  it.each([
    ['20 000', 2_000_000],
    ['20\u202f000,50', 2_000_050],
    ['1 234,56 €', 123_456],
    ['1234.5', 123_450],
    ['0', 0],
    ['10000000', 1_000_000_000],
  ])('« %s » typed in euros is %i cents', (typed, cents) => {
    expect(EuroSum.parse(typed)).toBe(cents);
  });

  it.each(['', 'vingt euros', '-5', '12,345', '1.234,56', '10000000,01', '1e3'])(
    '« %s » is refused',
    (typed) => {
      expect(EuroSum.safeParse(typed).success).toBe(false);
    },
  );
});

describe('the budget', () => {
  const line = (over: Partial<BudgetLine>): BudgetLine => ({
    year: 2024,
    organisationId: 1,
    organisationName: 'CLCV Brest',
    purpose: 'Permanences conseil',
    plannedCents: 0,
    committedCents: null,
    paidCents: 0,
    ...over,
  });
  const lines = [
    line({ plannedCents: 300_000, committedCents: 300_000, paidCents: 150_000 }),
    line({
      purpose: 'Ateliers multimédia',
      plannedCents: 200_000,
      committedCents: 180_000,
      paidCents: 180_000,
    }),
    line({
      organisationId: 2,
      organisationName: 'Centre social de Kerourien',
      purpose: 'Ateliers multimédia',
      plannedCents: 800_000,
    }),
    line({ year: 2023, plannedCents: 250_000, committedCents: 250_000, paidCents: 250_000 }),
  ];

  it('sums a year in total, per association and per purpose; planned-only subsidies count as planned', () => {
    const budget = budgetOf(lines, 2024);
    expect(budget.totals).toEqual({
      plannedCents: 1_300_000,
      committedCents: 480_000,
      paidCents: 330_000,
      remainingCents: 150_000,
      subsidies: 3,
    });
    expect(budget.byAssociation.map((a) => [a.organisationName, a.plannedCents, a.committedCents])).toEqual([
      ['Centre social de Kerourien', 800_000, 0],
      ['CLCV Brest', 500_000, 480_000],
    ]);
    expect(budget.byPurpose.map((p) => [p.purpose, p.plannedCents, p.paidCents])).toEqual([
      ['Ateliers multimédia', 1_000_000, 180_000],
      ['Permanences conseil', 300_000, 150_000],
    ]);
    expect(budget.years.map((y) => [y.year, y.plannedCents, y.paidCents])).toEqual([
      [2023, 250_000, 250_000],
      [2024, 1_300_000, 330_000],
    ]);
  });

  it('a year without subsidies has zeros, and still appears among the years', () => {
    const budget = budgetOf(lines, 2026);
    expect(budget.totals.plannedCents).toBe(0);
    expect(budget.byAssociation).toEqual([]);
    expect(budget.years.map((y) => y.year)).toEqual([2023, 2024, 2026]);
  });

  it('per year and purpose, oldest year first', () => {
    expect(budgetByYearAndPurpose(lines).map((r) => [r.year, r.purpose, r.plannedCents])).toEqual([
      [2023, 'Permanences conseil', 250_000],
      [2024, 'Ateliers multimédia', 1_000_000],
      [2024, 'Permanences conseil', 300_000],
    ]);
  });
});

describe('follow-up actions', () => {
  it.each([
    ['open, due yesterday', 'open', '2025-03-09', true],
    ['open, due today', 'open', '2025-03-10', false],
    ['open, due tomorrow', 'open', '2025-03-11', false],
    ['done, due long ago', 'done', '2024-01-01', false],
    ['dropped, due long ago', 'dropped', '2024-01-01', false],
  ] as const)('%s: late %s', (_, status, dueOn, late) => {
    expect(actionOverdue({ status, dueOn }, '2025-03-10')).toBe(late);
  });
});
