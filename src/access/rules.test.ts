import { describe, expect, it } from 'vitest';
import { chargeFor, lateness, monthStart, nextStatus, type TariffPoint, tariffOn } from './rules.ts';

const tariffs: TariffPoint[] = [
  { id: 1, monthlyAmountCents: 100, effectiveFrom: '2012-01-01' },
  { id: 2, monthlyAmountCents: 110, effectiveFrom: '2015-01-01' },
  { id: 5, monthlyAmountCents: 124, effectiveFrom: '2023-01-01' },
];
const service = { opensOn: '2012-03-01', closesOn: '2026-07-01' };
const tenancies = [
  { householdId: 7, startDate: '2010-05-01', endDate: '2023-03-16' },
  { householdId: 8, startDate: '2023-04-01', endDate: null },
];

describe('a dwelling’s charge for a month', () => {
  // month, amount (null: no charge), household (null: vacant, the landlord's), why
  it.each<[string, number | null, number | null, string]>([
    ['2012-02', null, null, 'before the service opened'],
    ['2012-03', 100, 7, 'the month the service opens, on the 1st'],
    ['2014-12', 100, 7, 'the last month of a tariff'],
    ['2015-01', 110, 7, 'a tariff changing on the 1st applies to that month'],
    ['2023-03', 124, 7, 'a tenancy ending mid-month: the household of the 1st pays the month'],
    ['2023-04', 124, 8, 'the next tenancy starts on the 1st'],
    ['2026-06', 124, 8, 'the last month before the service closes'],
    ['2026-07', null, null, 'the service closed on the 1st'],
  ])('%s → %s cents, household %s (%s)', (month, amount, householdId) => {
    const charge = chargeFor(month, service, tariffs, tenancies);
    expect(charge?.amountCents ?? null).toBe(amount);
    expect(charge ? charge.householdId : null).toBe(householdId);
  });

  it('bills a vacant dwelling to the landlord', () => {
    expect(chargeFor('2023-03', service, tariffs, [])).toEqual({
      amountCents: 124,
      tariffId: 5,
      householdId: null,
    });
  });

  it('a gap between tenancies is vacant on the 1st', () => {
    const gap = [{ householdId: 7, startDate: '2010-05-01', endDate: '2023-03-01' }];
    expect(chargeFor('2023-03', service, tariffs, gap)?.householdId).toBeNull();
  });

  it.each([
    ['2027-3', null],
    ['2027-13', null],
    ['2027-03', '2027-03-01'],
  ])('reads the month %s', (month, start) => {
    expect(monthStart(month)).toBe(start);
  });

  it('finds the tariff in force', () => {
    expect(tariffOn(tariffs, '2011-12-31')).toBeNull();
    expect(tariffOn(tariffs, '2022-12-31')?.id).toBe(2);
  });
});

describe('an activation request’s steps', () => {
  it.each<[Parameters<typeof nextStatus>[0], Parameters<typeof nextStatus>[1], string | null]>([
    ['sent', 'scheduled', 'scheduled'],
    ['sent', 'activated', null],
    ['sent', 'failed', 'failed'],
    ['scheduled', 'scheduled', 'scheduled'],
    ['scheduled', 'activated', 'activated'],
    ['scheduled', 'failed', 'failed'],
    ['failed', 'resent', 'sent'],
    ['failed', 'scheduled', null],
    ['activated', 'scheduled', null],
    ['activated', 'failed', null],
    ['activated', 'cancelled', null],
    ['cancelled', 'resent', null],
  ])('%s then %s → %s', (from, event, to) => {
    expect(nextStatus(from, event)).toBe(to);
  });
});

describe('late requests', () => {
  const monday = new Date('2027-03-01T09:00:00Z');
  it.each<[Parameters<typeof lateness>[0]['status'], string, string | null]>([
    ['sent', '2027-03-15T09:00:00Z', null], // 10 working days
    ['sent', '2027-03-16T09:00:00Z', 'not_scheduled'], // 11 working days
    ['scheduled', '2027-03-16T09:00:00Z', null],
    ['scheduled', '2027-04-01T09:00:00Z', 'not_activated'], // 31 days
    ['activated', '2027-06-01T09:00:00Z', null],
    ['failed', '2027-06-01T09:00:00Z', null],
  ])('%s, seen on %s: %s', (status, now, late) => {
    expect(lateness({ status, sentAt: monday }, new Date(now))).toBe(late);
  });
});
