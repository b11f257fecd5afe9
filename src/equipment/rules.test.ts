import { describe, expect, it } from 'vitest';
import { balanceCents, ineligibility, nextDeviceStatus, tierPrice, warrantyUntil } from './rules.ts';

describe('a computer’s lifecycle', () => {
  it.each<[Parameters<typeof nextDeviceStatus>[0], Parameters<typeof nextDeviceStatus>[1], string | null]>([
    ['received', 'refurbish', 'refurbishing'],
    ['received', 'ready', null],
    ['refurbishing', 'ready', 'ready'],
    ['ready', 'reserve', 'reserved'],
    ['reserved', 'release', 'ready'],
    ['reserved', 'hand_over', 'handed_over'],
    ['ready', 'hand_over', null],
    ['handed_over', 'return', 'returned'],
    ['handed_over', 'reserve', null],
    ['returned', 'refurbish', 'refurbishing'],
    ['returned', 'recycle', 'recycled'],
    ['recycled', 'refurbish', null],
    ['reserved', 'recycle', null],
  ])('%s, then %s → %s', (from, event, to) => {
    expect(nextDeviceStatus(from, event)).toBe(to);
  });
});

describe('who may buy a computer', () => {
  const strict = { requireOpenSector: true, requireAccessRequest: true, oneDevicePerYears: 3 };
  const facts: { inOpenSector: boolean; hasAccessRequest: boolean; lastHandedOverOn: string | null } = {
    inOpenSector: true,
    hasAccessRequest: true,
    lastHandedOverOn: null,
  };
  it.each<[Partial<typeof facts>, string | null]>([
    [{}, null],
    [{ inOpenSector: false }, 'not_in_open_sector'],
    [{ hasAccessRequest: false }, 'no_access_request'],
    [{ lastHandedOverOn: '2024-06-02' }, 'recent_device'],
    [{ lastHandedOverOn: '2024-06-01' }, null],
    [{ lastHandedOverOn: '2020-01-01' }, null],
  ])('%j → %s', (change, why) => {
    expect(ineligibility({ ...facts, ...change }, '2027-06-01', strict)).toBe(why);
  });
  it('by default (Brest), asking to be connected is not required', () => {
    expect(ineligibility({ ...facts, hasAccessRequest: false }, '2027-06-01')).toBeNull();
  });
  it('follows the programme’s setting', () => {
    expect(
      ineligibility({ ...facts, hasAccessRequest: false }, '2027-06-01', {
        requireOpenSector: true,
        requireAccessRequest: false,
        oneDevicePerYears: 3,
      }),
    ).toBeNull();
  });
});

describe('money', () => {
  it.each<[number, number[], number]>([
    [4000, [], 4000],
    [4000, [1000], 3000],
    [4000, [1000, 1000, 1000, 1000], 0],
    [7000, [7000], 0],
  ])('price %i, paid %j → %i due', (price, paid, due) => {
    expect(
      balanceCents(
        price,
        paid.map((amountCents) => ({ amountCents })),
      ),
    ).toBe(due);
  });
  it('a tier’s price is the one in force that day', () => {
    const tiers = [
      { tier: 'standard', amountCents: 3000, effectiveFrom: '2012-01-01' },
      { tier: 'standard', amountCents: 4000, effectiveFrom: '2020-01-01' },
      { tier: 'premium', amountCents: 7000, effectiveFrom: '2020-01-01' },
    ];
    expect(tierPrice(tiers, 'standard', '2019-12-31')).toBe(3000);
    expect(tierPrice(tiers, 'standard', '2020-01-01')).toBe(4000);
    expect(tierPrice(tiers, 'premium', '2019-06-01')).toBeNull();
  });
  it.each([
    ['2027-01-15', 6, '2027-07-15'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2027-11-30', 12, '2028-11-30'],
  ])('a warranty from %s for %i months ends on %s', (from, months, until) => {
    expect(warrantyUntil(from, months)).toBe(until);
  });
});
