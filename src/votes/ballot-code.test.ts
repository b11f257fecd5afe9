import { describe, expect, it } from 'vitest';
import {
  checkSymbol,
  codeAlphabet,
  codeLength,
  formatBallotCode,
  generateBallotCode,
  parseBallotCode,
  voteBucket,
} from './ballot-code.ts';

describe('ballot codes', () => {
  it('are 12 symbols of the Crockford alphabet, 40 random bits after the vote bucket, and check', () => {
    const codes = Array.from({ length: 2000 }, () => generateBallotCode(7));
    for (const code of codes) {
      expect(code).toHaveLength(codeLength);
      expect([...code].every((c) => codeAlphabet.includes(c))).toBe(true);
      expect(code.startsWith(voteBucket(7))).toBe(true);
      expect(parseBallotCode(code)).toEqual({ ok: true, code, bucket: voteBucket(7) });
    }
    expect(new Set(codes).size).toBe(codes.length);
    // Every symbol of the random part is used (a broken bit extraction would leave some out).
    const used = new Set(codes.flatMap((c) => [...c.slice(3, 11)]));
    expect(used.size).toBe(32);
  });

  it('vote buckets wrap around after 32,768 votes', () => {
    expect(voteBucket(1)).toBe('001');
    expect(voteBucket(32)).toBe('010');
    expect(voteBucket(32768 + 5)).toBe(voteBucket(5));
  });

  const valid = (() => {
    const payload = 'K7Q4M9X2B8R';
    return payload + checkSymbol(payload);
  })();

  it.each<[string, string, ReturnType<typeof parseBallotCode>['ok'], string?]>([
    ['as printed', formatBallotCode(valid), true],
    ['in lower case with spaces', formatBallotCode(valid).toLowerCase().replaceAll('-', ' '), true],
    ['with I, L for 1 and O for 0', valid.replaceAll('1', 'I').replaceAll('0', 'O'), true],
    ['empty', '  ', false, 'empty'],
    ['too short', valid.slice(0, 11), false, 'format'],
    ['with a U (not in the alphabet)', `U${valid.slice(1)}`, false, 'format'],
    [
      'with one symbol mistyped',
      `${valid.slice(0, 5)}${valid[5] === 'A' ? 'B' : 'A'}${valid.slice(6)}`,
      false,
      'check',
    ],
  ])('reads a code %s', (_, typed, ok, reason) => {
    const parsed = parseBallotCode(typed);
    expect(parsed.ok).toBe(ok);
    if (parsed.ok) expect(parsed.code).toBe(valid);
    else expect(parsed.reason).toBe(reason);
  });

  it('catches every single-symbol typo and most swaps of neighbours', () => {
    let swapsCaught = 0;
    let swaps = 0;
    for (let n = 0; n < 200; n++) {
      const code = generateBallotCode(n);
      for (let i = 0; i < code.length; i++) {
        for (const symbol of codeAlphabet) {
          if (symbol === code[i]) continue;
          const typo = code.slice(0, i) + symbol + code.slice(i + 1);
          expect(parseBallotCode(typo).ok).toBe(false);
        }
        if (i < code.length - 1 && code[i] !== code[i + 1]) {
          swaps++;
          const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
          if (!parseBallotCode(swapped).ok) swapsCaught++;
        }
      }
    }
    expect(swapsCaught / swaps).toBeGreaterThan(0.95);
  });
});
