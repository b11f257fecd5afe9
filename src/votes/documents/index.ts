// The vote's printed documents: the letters to tenants and the procès-verbal, as PDF bytes.
export type { LetterOptions } from './letters.ts';
export { qrPayload, renderLetters } from './letters.ts';
export { renderReport } from './report.ts';
export type * from './types.ts';
