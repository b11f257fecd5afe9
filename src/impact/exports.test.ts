import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../platform/csv/index.ts';
import type { StatTable } from '../platform/secrecy/index.ts';
import { exportFileName, publicationXlsx, sheetName, tableCsv } from './exports.ts';
import type { Indicators } from './model.ts';

const threshold = 11;

/** Advice by topic as published: one topic's 7 cases hidden (« < 11 »), its money hidden with it (« s »). */
const advice: StatTable = {
  id: 'advice',
  title: 'Conseil juridique, par sujet',
  rowHeader: 'Sujet',
  columns: [
    { key: 'opened', label: 'Dossiers ouverts', measure: 'people' },
    { key: 'resolved', label: 'Résolus', measure: 'people' },
    { key: 'recovered', label: 'Sommes récupérées', measure: 'cents', of: { basis: 'opened' } },
  ],
  rows: [
    {
      key: 'energy',
      label: 'Énergie; factures',
      values: { opened: 1234, resolved: 20, recovered: 1_234_550 },
    },
    {
      key: 'phone',
      label: 'Téléphone',
      values: { opened: null, resolved: null, recovered: null },
      secret: { opened: 'small', resolved: 'secondary', recovered: 'secondary' },
    },
    { key: 'other', label: '=Autre', values: { opened: 15, resolved: null, recovered: 0 } },
  ],
  total: { key: 'total', label: 'Ensemble', values: { opened: 1256, resolved: 31, recovered: 1_234_550 } },
};

const sectors: StatTable = {
  id: 'sectors',
  title: 'Par secteur ouvert',
  rowHeader: 'Secteur',
  columns: [
    { key: 'households', label: 'Foyers', measure: 'people' },
    {
      key: 'takeUp',
      label: 'Adhésion (%, référence 12 %)',
      measure: 'percent',
      of: { numerator: 'signedUp', denominator: 'households' },
    },
    { key: 'median', label: 'Délai médian (jours)', measure: 'median', of: { basis: 'households' } },
    { key: 'change', label: 'Évolution (points)', measure: 'score', of: { basis: 'households' } },
  ],
  rows: [
    {
      key: '1',
      label: 'BEL — Bellevue',
      values: { households: 1250, takeUp: 14.4, median: 12.5, change: -3.2 },
    },
    {
      key: '2',
      label: 'KER — Kerourien',
      values: { households: 90, takeUp: null, median: null, change: null },
      secret: { takeUp: 'small' },
    },
  ],
};

describe('a table as CSV', () => {
  const csv = tableCsv(advice, threshold);

  it('follows the French spreadsheet convention: BOM, « ; », CRLF, a header row', () => {
    expect(csv.startsWith('\uFEFFSujet;Dossiers ouverts;Résolus;Sommes récupérées (€)\r\n')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(advice.rows.length + 3);
    expect(csv.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('reads back: numbers with a decimal comma, money in euros, hidden cells as their mark, empty when not applicable', () => {
    const { headers, records } = parseCsv(csv);
    expect(headers).toEqual(['sujet', 'dossiers ouverts', 'résolus', 'sommes récupérées (€)']);
    expect(records.map((r) => Object.values(r.values))).toEqual([
      ['Énergie; factures', '1234', '20', '12345,50'],
      ['Téléphone', '< 11', 's', 's'],
      ["'=Autre", '15', '', '0,00'],
      ['Ensemble', '1256', '31', '12345,50'],
    ]);
  });

  it('writes percents, medians and changes with a decimal comma', () => {
    const { records } = parseCsv(tableCsv(sectors, threshold));
    expect(Object.values(records[0]!.values)).toEqual(['BEL — Bellevue', '1250', '14,4', '12,5', '-3,2']);
    expect(Object.values(records[1]!.values)).toEqual(['KER — Kerourien', '90', '< 11', '', '']);
  });

  it('never writes a hidden value, even one a raw table left in', () => {
    const leaky: StatTable = {
      ...advice,
      rows: [{ ...advice.rows[1]!, values: { opened: 7, resolved: 3, recovered: 7700 } }],
    };
    const line = tableCsv(leaky, threshold).split('\r\n')[1]!;
    expect(line).toBe('Téléphone;< 11;s;s');
  });
});

const indicators = (protectedFigures: boolean, tables: StatTable[] = [advice, sectors]): Indicators => ({
  filter: { programmeId: 1, from: '2026-01-01', to: '2026-06-30', sectorId: 3 },
  areaLabel: 'Secteur KER — Kérourien',
  protected: protectedFigures,
  threshold,
  takeUpReferencePercent: 12,
  publication: { tables },
  generatedAt: '2026-07-01T08:30:00.000Z',
});

async function readBack(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

describe('the publication as XLSX', () => {
  it('opens on « À lire »: area, period, time, published figures and the secrecy legend', async () => {
    const workbook = await readBack(await publicationXlsx(indicators(true)));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['À lire', 'Conseil', 'Par secteur']);
    const readme = workbook.getWorksheet('À lire')!;
    const facts = Object.fromEntries(
      readme
        .getSheetValues()
        .filter((r): r is ExcelJS.CellValue[] => Array.isArray(r))
        .map((r) => [String(r[1]), r[2]]),
    );
    expect(facts.Zone).toBe('Secteur KER — Kérourien');
    expect(facts['Période']).toBe('du 1er janvier 2026 au 30 juin 2026');
    expect(String(facts['Produit le'])).toContain('1 juillet 2026');
    expect(String(facts.Chiffres)).toContain('Publiés : secret statistique appliqué');
    expect(String(facts['Secret statistique'])).toContain('« < 11 » : moins de 11 personnes');
  });

  it('keeps numbers as numbers with their format, and hidden cells as text marks', async () => {
    const workbook = await readBack(await publicationXlsx(indicators(true)));
    const sheet = workbook.getWorksheet('Conseil')!;
    expect(sheet.getCell('A1').value).toBe('Conseil juridique, par sujet');
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      'Sujet',
      'Dossiers ouverts',
      'Résolus',
      'Sommes récupérées (€)',
    ]);
    expect(sheet.getCell('B3').value).toBe(1234);
    expect(sheet.getCell('B3').numFmt).toBe('#,##0');
    expect(sheet.getCell('D3').value).toBe(12345.5);
    expect(sheet.getCell('D3').numFmt).toBe('#,##0.00 "€"');
    expect([sheet.getCell('B4').value, sheet.getCell('C4').value, sheet.getCell('D4').value]).toEqual([
      '< 11',
      's',
      's',
    ]);
    expect(sheet.getCell('C5').value).toBeNull();
    expect(sheet.getCell('A6').value).toBe('Ensemble');
    expect(sheet.getCell('A6').font?.bold).toBe(true);
    const texts = sheet.getSheetValues().flat().map(String);
    expect(texts.some((t) => t.startsWith('« < 11 » : moins de 11 personnes'))).toBe(true);

    const bySector = workbook.getWorksheet('Par secteur')!;
    expect(bySector.getCell('C3').value).toBeCloseTo(0.144);
    expect(bySector.getCell('C3').numFmt).toBe('0.0%');
    expect(bySector.getCell('E3').value).toBe(-3.2);
    expect(bySector.getCell('C4').value).toBe('< 11');
  });

  it('says on every sheet when the figures are raw', async () => {
    const workbook = await readBack(await publicationXlsx(indicators(false)));
    const readme = workbook.getWorksheet('À lire')!;
    expect(readme.getSheetValues().flat().map(String).join(' ')).toContain('BRUTS, sans secret statistique');
    for (const sheet of workbook.worksheets.slice(1))
      expect(sheet.getSheetValues().flat().map(String)).toContain('Chiffres bruts : ne pas diffuser.');
  });

  it('names sheets within Excel’s rules: 31 characters, no « : », unique', async () => {
    const used = new Set<string>();
    const long = {
      id: 'custom',
      title: 'Profil : une question bien plus longue que trente et un caractères',
    };
    const first = sheetName(long, used);
    const second = sheetName(long, used);
    expect(first.length).toBeLessThanOrEqual(31);
    expect(first).not.toMatch(/[[\]:*?/\\]/);
    expect(second).not.toBe(first);
    expect(second.length).toBeLessThanOrEqual(31);
    expect(second.endsWith('(2)')).toBe(true);

    const twice = await readBack(
      await publicationXlsx(indicators(true, [advice, { ...advice, id: 'advice' }])),
    );
    expect(twice.worksheets.map((s) => s.name)).toEqual(['À lire', 'Conseil', 'Conseil (2)']);
  });
});

describe('file names', () => {
  it('say what, where and when in plain letters, and « brut » for raw figures', () => {
    expect(exportFileName(indicators(true), 'Conseil juridique, par sujet', 'csv')).toBe(
      'conseil-juridique-par-sujet-secteur-ker-kerourien-2026-01-01-au-2026-06-30.csv',
    );
    expect(exportFileName(indicators(false), 'indicateurs d’impact', 'xlsx')).toBe(
      'indicateurs-d-impact-secteur-ker-kerourien-2026-01-01-au-2026-06-30-brut.xlsx',
    );
  });
});
