// Paper slips typed at a desk, one per line: "<ballot code or dwelling reference> <choice>".
import type { Choice } from './documents/types.ts';

const words: Record<string, Choice> = {
  oui: 'yes',
  o: 'yes',
  yes: 'yes',
  non: 'no',
  n: 'no',
  no: 'no',
  blanc: 'blank',
  b: 'blank',
  blank: 'blank',
  nul: 'invalid',
  null: 'invalid',
  invalid: 'invalid',
};

export interface SlipLine {
  lineNo: number;
  /** A ballot code or a dwelling reference, as typed. */
  key: string;
  choice: Choice;
}

export interface LineError {
  lineNo: number;
  message: string;
}

export function parseSlipLines(text: string): { lines: SlipLine[]; errors: LineError[] } {
  const lines: SlipLine[] = [];
  const errors: LineError[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const lineNo = index + 1;
    // Control characters (a NUL pasted from elsewhere) are never part of a code or a reference.
    const trimmed = raw.replace(/\p{Cc}/gu, ' ').trim();
    if (trimmed === '') continue;
    // The answer is the last word; everything before it is the key, with its own spacing ("BRE 12 A oui").
    const match = /^(.*?)[\s;,]+([^\s;,]+)$/u.exec(trimmed);
    const word = (match?.[2] ?? trimmed).toLowerCase();
    const key = (match?.[1] ?? '').replace(/\s+/g, ' ').trim();
    if (!match || key === '') {
      errors.push({ lineNo, message: `Ligne ${lineNo} : écrivez le code (ou le logement) puis la réponse` });
      continue;
    }
    const choice = words[word.normalize('NFD').replace(/\p{M}/gu, '')];
    if (!choice) {
      errors.push({
        lineNo,
        message: `Ligne ${lineNo} : réponse « ${match[2]} » inconnue (oui, non, blanc ou nul)`,
      });
      continue;
    }
    lines.push({ lineNo, key, choice });
  }
  if (lines.length === 0 && errors.length === 0)
    errors.push({ lineNo: 0, message: 'Saisissez au moins un bulletin' });
  return { lines, errors };
}
