// The impact tables as files people open in a spreadsheet: one table as CSV (the French convention Palier uses
// everywhere: UTF-8 with BOM, `;`, CRLF, decimal comma) and the whole publication as an XLSX workbook (one sheet per
// table, numbers kept as numbers). A hidden cell is written as its mark (« < 11 », « s »), never as its value.
import ExcelJS from 'exceljs';
import { csvCell } from '../platform/csv/index.ts';
import { calendarDayText } from '../platform/dates.ts';
import {
  cellValue,
  type Measure,
  type StatColumn,
  type StatRow,
  type StatTable,
  secrecyLegend,
} from '../platform/secrecy/index.ts';
import type { Indicators } from './model.ts';

/** A column's header in a file: money says it is in euros. */
export const exportHeader = (column: StatColumn) =>
  column.measure === 'cents' && !column.label.includes('€') ? `${column.label} (€)` : column.label;

const rowsOf = (table: StatTable): StatRow[] => [...table.rows, ...(table.total ? [table.total] : [])];

/** A number as French spreadsheets read it: a decimal comma, no thousands separator, cents for money. */
const csvNumber = (value: number, measure: Measure) =>
  (measure === 'cents' ? value.toFixed(2) : String(value)).replace('.', ',');

/** One table as CSV: a header row (the row header, then each column), its rows, then its total row. */
export function tableCsv(table: StatTable, threshold: number): string {
  const header = [table.rowHeader, ...table.columns.map(exportHeader)].map(csvCell).join(';');
  const lines = rowsOf(table).map((row) =>
    [
      csvCell(row.label),
      ...table.columns.map((column) => {
        const value = cellValue(row, column, threshold);
        if (value === null) return '';
        return typeof value === 'string' ? csvCell(value) : csvNumber(value, column.measure);
      }),
    ].join(';'),
  );
  return `\uFEFF${[header, ...lines].map((l) => `${l}\r\n`).join('')}`;
}

// ---- File names ------------------------------------------------------------------------------------------------

const slug = (text: string, max = 48) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');

/**
 * A French file name for an export: what it holds, the area, the period, and « brut » for raw figures
 * (« parcours-des-foyers-secteur-ker-n-2026-01-01-au-2026-06-30.csv »).
 */
export function exportFileName(indicators: Indicators, what: string, extension: 'csv' | 'xlsx'): string {
  return [
    slug(what),
    slug(indicators.areaLabel, 40),
    indicators.filter.from,
    'au',
    indicators.filter.to,
    ...(indicators.protected ? [] : ['brut']),
  ]
    .filter(Boolean)
    .join('-')
    .concat(`.${extension}`);
}

// ---- Workbook ----------------------------------------------------------------------------------------------------

/** Short sheet names people recognise (a sheet name has at most 31 characters and no « : »). */
const sheetNames: Record<string, string> = {
  coverage: 'Couverture',
  votes: 'Consultations',
  funnel: 'Parcours des foyers',
  sectors: 'Par secteur',
  series: 'Mois par mois',
  activation: 'Raccordements',
  failures: 'Échecs de raccordement',
  'profile-minimum-benefits': 'Profil minimum social',
  'profile-single-parent': 'Profil monoparental',
  'profile-lives-alone': 'Profil vit seul',
  'profile-first-time-user': 'Profil débutant',
  'profile-age': 'Profil âge',
  equipment: 'Ordinateurs',
  workshops: 'Ateliers',
  certificates: 'Certificats',
  advice: 'Conseil',
  charges: 'Charges',
  subsidies: 'Subventions',
  questionnaire: 'Questionnaire',
};

/** A sheet name Excel accepts (≤ 31 characters, none of []:*?/\, not quoted), unique in the workbook. */
export function sheetName(table: Pick<StatTable, 'id' | 'title'>, used: Set<string>): string {
  const base = (sheetNames[table.id] ?? table.title)
    .replace(/[[\]:*?/\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^'+|'+$/g, '')
    .trim()
    .slice(0, 31)
    .trim();
  let name = base || 'Tableau';
  for (let i = 2; used.has(name.toLowerCase()); i++) {
    const suffix = ` (${i})`;
    name = `${base.slice(0, 31 - suffix.length).trim()}${suffix}`;
  }
  used.add(name.toLowerCase());
  return name;
}

/** Excel number formats (locale-independent codes: Excel shows them with the reader's separators). */
const numberFormats: Record<Measure, string> = {
  people: '#,##0',
  count: '#,##0',
  cents: '#,##0.00 "€"',
  hours: '#,##0.0',
  days: '#,##0.0',
  median: '#,##0.0',
  percent: '0.0%',
  score: '+0.0;-0.0;0.0',
};

/** A cell's content in a sheet: a number (money in euros, a percent as a fraction), the secrecy mark, or nothing. */
function sheetValue(row: StatRow, column: StatColumn, threshold: number): number | string | null {
  const value = cellValue(row, column, threshold);
  if (typeof value === 'number' && column.measure === 'percent') return value / 100;
  return value;
}

const generatedText = (instant: string) =>
  new Intl.DateTimeFormat('fr-FR', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Paris',
  }).format(new Date(instant));

const tint = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F4F8' } } as const;

/**
 * Every table of the indicators as a workbook: a first sheet « À lire » (area, period, when, raw or published, the
 * secrecy legend, the list of sheets), then one sheet per table.
 */
export async function publicationXlsx(indicators: Indicators): Promise<Buffer> {
  const { publication, threshold } = indicators;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Palier';
  workbook.created = new Date(indicators.generatedAt);
  const used = new Set<string>(['à lire']);
  const names = publication.tables.map((t) => sheetName(t, used));

  const readme = workbook.addWorksheet('À lire');
  readme.columns = [{ width: 28 }, { width: 100 }];
  readme.addRow(['Indicateurs d’impact — Palier']).font = { bold: true, size: 14 };
  readme.addRow([]);
  const facts: [string, string][] = [
    ['Zone', indicators.areaLabel],
    ['Période', `du ${calendarDayText(indicators.filter.from)} au ${calendarDayText(indicators.filter.to)}`],
    ['Produit le', generatedText(indicators.generatedAt)],
    [
      'Chiffres',
      indicators.protected
        ? `Publiés : secret statistique appliqué (aucun nombre de moins de ${threshold} personnes n’est montré).`
        : 'BRUTS, sans secret statistique : pour le bureau de la coordination seulement, ne pas diffuser.',
    ],
    ['Secret statistique', secrecyLegend(threshold)],
    ['Adhésion de référence', `${indicators.takeUpReferencePercent} %`],
    ['Nombres', 'Les sommes sont en euros ; les parts en pourcentage ; les cases vides : sans objet.'],
  ];
  for (const [label, value] of facts) {
    const row = readme.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    if (label === 'Chiffres' && !indicators.protected)
      row.getCell(2).font = { bold: true, color: { argb: 'FFB42318' } };
  }
  readme.addRow([]);
  readme.addRow(['Onglet', 'Tableau']).font = { bold: true };
  publication.tables.forEach((table, i) => {
    const row = readme.addRow([names[i], table.title]);
    row.getCell(1).value = { text: names[i]!, hyperlink: `#'${names[i]!.replace(/'/g, "''")}'!A1` };
    row.getCell(1).font = { color: { argb: 'FF1D4ED8' }, underline: true };
  });

  publication.tables.forEach((table, i) => {
    const sheet = workbook.addWorksheet(names[i]!, { views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }] });
    sheet.addRow([table.title]).font = { bold: true, size: 13 };
    const header = sheet.addRow([table.rowHeader, ...table.columns.map(exportHeader)]);
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'top' };
    header.eachCell((cell) => {
      cell.fill = tint;
    });
    let hidden = false;
    for (const row of rowsOf(table)) {
      const line = sheet.addRow([row.label, ...table.columns.map((c) => sheetValue(row, c, threshold))]);
      table.columns.forEach((column, c) => {
        const cell = line.getCell(c + 2);
        if (typeof cell.value === 'string') {
          hidden = true;
          cell.alignment = { horizontal: 'right' };
        } else cell.numFmt = numberFormats[column.measure];
      });
      if (row === table.total) line.font = { bold: true };
    }
    sheet.addRow([]);
    if (table.note) sheet.addRow([table.note]).font = { italic: true };
    if (hidden) sheet.addRow([secrecyLegend(threshold)]).font = { italic: true };
    if (!indicators.protected)
      sheet.addRow(['Chiffres bruts : ne pas diffuser.']).font = { bold: true, color: { argb: 'FFB42318' } };
    sheet.getColumn(1).width = Math.min(50, Math.max(18, ...rowsOf(table).map((r) => r.label.length + 2)));
    table.columns.forEach((column, c) => {
      sheet.getColumn(c + 2).width = Math.min(
        28,
        Math.max(12, Math.ceil(exportHeader(column).length / 2) + 2),
      );
    });
  });

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
