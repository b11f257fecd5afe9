import { describe, expect, it } from 'vitest';
import { EuroAmount, euros } from './validation.ts';

describe('euros typed as people do', () => {
  const big = euros({ maxCents: 1_000_000_000, example: '20 000' });
  it.each<[string, number | string]>([
    ['1,10', 110],
    ['1.1', 110],
    ['10', 1000],
    ['0,05', 5],
    ['9999,99', 999_999],
    ['1,10 €', 110],
    ['10000', 'Montant trop grand (9 999,99 € au plus)'],
    ['1,234', 'Montant en euros attendu, par exemple 1,10'],
    ['-1', 'Montant en euros attendu, par exemple 1,10'],
    ['', 'Montant en euros attendu, par exemple 1,10'],
    ['un euro', 'Montant en euros attendu, par exemple 1,10'],
  ])('a price « %s » → %s', (typed, expected) => {
    const parsed = EuroAmount.safeParse(typed);
    if (typeof expected === 'number') expect(parsed).toEqual({ success: true, data: expected });
    else
      expect(parsed.success ? parsed.data : parsed.error.issues[0]!.message.replace(/\u202f/g, ' ')).toBe(
        expected,
      );
  });
  it.each<[string, number | string]>([
    ['20 000', 2_000_000],
    ['20\u00a0000,50', 2_000_050],
    ['1 234,56 €', 123_456],
    ['10 000 000', 1_000_000_000],
    ['10 000 000,01', 'Montant trop grand (10 000 000 € au plus)'],
  ])('a sum « %s » → %s', (typed, expected) => {
    const parsed = big.safeParse(typed);
    if (typeof expected === 'number') expect(parsed).toEqual({ success: true, data: expected });
    else
      expect(parsed.success ? parsed.data : parsed.error.issues[0]!.message.replace(/\u202f/g, ' ')).toBe(
        expected,
      );
  });
});
