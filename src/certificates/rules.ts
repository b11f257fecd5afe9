// Certificate rules: the verification code (Pix style) and what a level requires.
import { randomInt } from 'node:crypto';

/** Digits and capitals without I, L and O (read as 1 and 0): 33 symbols. */
export const codeAlphabet = '0123456789ABCDEFGHJKMNPQRSTUVWXYZ';
const codePattern = /^P-[0-9A-HJKMNP-Z]{8}$/;

/** A new verification code: "P-" + 8 symbols drawn uniformly by the system's CSPRNG (33⁸ ≈ 1.4 × 10¹² codes). */
export function newVerificationCode(): string {
  let code = 'P-';
  for (let i = 0; i < 8; i++) code += codeAlphabet[randomInt(codeAlphabet.length)];
  return code;
}

/**
 * A code as people type it: spaces and dashes anywhere, lower case, "o"/"i"/"l" for 0/1/1, with or without "P-".
 * Null when it cannot be a code (no lookup then).
 */
export function normaliseVerificationCode(input: string): string | null {
  const upper = input.trim().toUpperCase();
  // "P-…" or "P …" names the prefix; "P" glued to 8 symbols too.
  const body = /^P[\s\u00a0-]/.test(upper) ? upper.slice(2) : upper;
  const compact = body
    .replace(/[\s\u00a0._-]/g, '')
    .replace(/^P(?=[0-9A-Z]{8}$)/, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  const code = `P-${compact}`;
  return codePattern.test(code) ? code : null;
}

export const isVerificationCode = (value: string) => codePattern.test(value);

/** The required competencies of a level still missing from those validated, in the level's order. */
export function missingCompetencies(required: readonly string[], validated: Iterable<string>): string[] {
  const have = new Set(validated);
  return required.filter((code) => !have.has(code));
}

/** Issuing is allowed when nothing required is missing (a level requiring nothing is refused: a data error). */
export const levelReached = (required: readonly string[], validated: Iterable<string>) =>
  required.length > 0 && missingCompetencies(required, validated).length === 0;
