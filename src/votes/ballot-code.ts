// Ballot codes: typed by people on old keyboards and phones, unguessable, checked before any database lookup.
//
// A code is 12 Crockford base32 symbols, printed in three groups of four ("K7Q4-M9X2-B8RZ"):
//   - 3 symbols name the vote's bucket (its id modulo 32,768), so that guesses can be limited per vote;
//   - 8 symbols are 40 random bits from the operating system's CSPRNG;
//   - 1 check symbol (Luhn mod 32) catches every single mistyped symbol and most swapped neighbours.
// Crockford's alphabet has no I, L, O or U; typed I and L read as 1, O as 0, lower case as upper case.
import { randomBytes } from 'node:crypto';

export const codeAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const base = codeAlphabet.length;
const bucketLength = 3;
const randomLength = 8;
export const codeLength = bucketLength + randomLength + 1;
export const bucketCount = base ** bucketLength;

const symbolValue = new Map([...codeAlphabet].map((symbol, value) => [symbol, value]));

/** Luhn mod N over the alphabet: the symbol that makes the whole code check. */
export function checkSymbol(payload: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = payload.length - 1; i >= 0; i--) {
    let addend = factor * symbolValue.get(payload[i]!)!;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / base) + (addend % base);
    sum += addend;
  }
  return codeAlphabet[(base - (sum % base)) % base]!;
}

function encode(value: number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = codeAlphabet[value % base] + out;
    value = Math.floor(value / base);
  }
  return out;
}

/** The bucket symbols of a vote: the same for all its codes. */
export const voteBucket = (voteId: number) => encode(voteId % bucketCount, bucketLength);

/** A new code for a vote, normalised (no separators). */
export function generateBallotCode(voteId: number): string {
  const bytes = randomBytes(5); // 40 bits
  let random = '';
  let bits = 0;
  let buffer = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      random += codeAlphabet[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  const payload = voteBucket(voteId) + random;
  return payload + checkSymbol(payload);
}

/** "K7Q4M9X2B8RZ" → "K7Q4-M9X2-B8RZ", as printed on letters and shown on screen. */
export function formatBallotCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

export type ParsedCode =
  | { ok: true; code: string; bucket: string }
  | { ok: false; reason: 'empty' | 'format' | 'check' };

/** Reads what a person typed: spaces, dashes, case and look-alike letters are forgiven; a typo is caught here. */
export function parseBallotCode(typed: string): ParsedCode {
  const cleaned = typed
    .toUpperCase()
    .replace(/[\s\-–—_.]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (cleaned === '') return { ok: false, reason: 'empty' };
  if (cleaned.length !== codeLength || [...cleaned].some((c) => !symbolValue.has(c)))
    return { ok: false, reason: 'format' };
  const payload = cleaned.slice(0, -1);
  if (checkSymbol(payload) !== cleaned.at(-1)) return { ok: false, reason: 'check' };
  return { ok: true, code: cleaned, bucket: cleaned.slice(0, bucketLength) };
}
