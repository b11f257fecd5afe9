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

/** A text cell: quoted when needed, and never read as a formula by a spreadsheet (a leading = + - @ is escaped). */
export const csvCell = (value: string) => {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
