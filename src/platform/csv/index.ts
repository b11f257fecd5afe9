// CSV as French spreadsheets write it: UTF-8 with or without BOM, `;` (or `,`) between fields.
import { parse } from 'csv-parse/sync';

export interface CsvRecord {
  /** Line number in the file (1 is the header), for error messages people can act on. */
  line: number;
  values: Record<string, string>;
}

export class CsvFormatError extends Error {}

export function detectDelimiter(headerLine: string): ';' | ',' {
  const semicolons = headerLine.split(';').length;
  const commas = headerLine.split(',').length;
  return semicolons >= commas ? ';' : ',';
}

export function parseCsv(input: string | Buffer): { headers: string[]; records: CsvRecord[] } {
  const text = (typeof input === 'string' ? input : input.toString('utf8')).replace(/^\uFEFF/, '');
  if (text.includes('\uFFFD')) throw new CsvFormatError('le fichier n’est pas en UTF-8');
  // A NUL is never text (a binary file, or a trick): PostgreSQL would refuse it anyway.
  if (text.includes('\u0000')) throw new CsvFormatError('le fichier contient des caractères invalides (NUL)');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  if (!firstLine.trim())
    throw new CsvFormatError('le fichier est vide ou sa première ligne (les en-têtes) est vide');
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, {
      delimiter: detectDelimiter(firstLine),
      info: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    throw new CsvFormatError(`CSV illisible : ${(error as Error).message}`);
  }
  const [header, ...body] = rows;
  const headers = (header?.record ?? []).map((h) => h.trim().toLowerCase());
  const records = body.map(({ record, info }) => ({
    line: info.lines,
    values: Object.fromEntries(headers.map((h, i) => [h, record[i] ?? ''])),
  }));
  return { headers, records };
}

/**
 * Formula injection (OWASP « CSV Injection »): a spreadsheet opening a CSV runs a cell that starts with `=`, `+`,
 * `-` or `@` — or with a tab or a line break before one — as a formula: `=HYPERLINK(…)` sends the sheet's
 * data away, `=cmd|' /C calc'!A0` runs a program. Such a text cell gets a leading apostrophe, which spreadsheets
 * read as « this is text » (Excel hides it; LibreOffice shows it). Leading spaces are looked through, as some
 * spreadsheets trim them.
 *
 * A signed number or phone number — `-12,50`, `-4.4861`, `+33 6 12 34 56 78`, `+33 (0)6 12` — is left as it is: made
 * of a sign, digits, spaces, `.`, `,` and parentheses only, it can neither call a function nor name a cell, and an
 * apostrophe would turn a longitude or an amount people sort into text and spoil a number they dial. Numbers the
 * application exports as numbers are written as numbers, never through this.
 */
export function neutraliseFormula(value: string): string {
  const start = value.replace(/^[ \u00a0\u202f]+/, '');
  if (!/^[=+\-@\t\r\n]/.test(start)) return value;
  if (/^[+-](?=[^\d]*\d)[\d .,()\u00a0\u202f]*$/.test(start)) return value;
  return `'${value}`;
}

/** The inverse of `neutraliseFormula`, for a file Palier wrote and reads back: `'=SOMME(A1)` is `=SOMME(A1)` again. */
export function restoreFormula(value: string): string {
  return value.startsWith("'") && neutraliseFormula(value.slice(1)) === value ? value.slice(1) : value;
}

/** A text cell of a `;` file: never read as a formula (`neutraliseFormula`), quoted when it needs to be. */
export const csvCell = (value: string) => {
  const safe = neutraliseFormula(value);
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
