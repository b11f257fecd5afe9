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
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    const parts = trimmed.split(/[\s;,\t]+/);
    const word = parts.at(-1)!.toLowerCase();
    const key = parts.slice(0, -1).join('');
    if (parts.length < 2 || key === '') {
      errors.push({ lineNo, message: `Ligne ${lineNo} : écrivez le code (ou le logement) puis la réponse` });
      continue;
    }
    const choice = words[word.normalize('NFD').replace(/\p{M}/gu, '')];
    if (!choice) {
      errors.push({
        lineNo,
        message: `Ligne ${lineNo} : réponse « ${parts.at(-1)} » inconnue (oui, non, blanc ou nul)`,
      });
      continue;
    }
    lines.push({ lineNo, key, choice });
  }
  if (lines.length === 0 && errors.length === 0)
    errors.push({ lineNo: 0, message: 'Saisissez au moins un bulletin' });
  return { lines, errors };
}
