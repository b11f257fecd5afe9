// The open data against a small programme computed by hand (test/open-data.ts): three sectors, two complete years.
// Raw figures are checked number by number; under secrecy every hidden cell is « s », the « ensemble » line never
// gives a hidden year away, and the file follows its Table Schema.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/database.ts';
import { type OpenDataScenario, placeOpenDataScenario } from '../../test/open-data.ts';
import { buildProgramme, type TestProgramme } from '../../test/programme.ts';
import { ensureProgramme } from '../partners/index.ts';
import type { Db } from '../platform/db/index.ts';
import { attackPublication, type StatTable } from '../platform/secrecy/index.ts';
import { type OpenDataField, openDataSchema } from './index.ts';
import { buildOpenData, loadOpenDataTables, type OpenDataRow } from './open-data.ts';

let db: Db;
let p: TestProgramme;
let s: OpenDataScenario;

beforeAll(async () => {
  ({ db } = await testDatabase());
  p = await buildProgramme(db, 'open-data');
  s = await placeOpenDataScenario(db, p);
});

const values = (table: StatTable | undefined, row: string) =>
  (row === 'total' ? table?.total : table?.rows.find((r) => r.key === row))?.values;
const line = (rows: OpenDataRow[], sector: string, year: string | number) =>
  rows.find((r) => r.code_secteur === sector && r.annee === String(year))!;

/** A minimal CSV reader for the file's own convention (comma, double quotes, CRLF). */
function readCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return out;
}

/** Whether a text of the file is a valid value of a Table Schema field (its type and constraints). */
function conforms(field: OpenDataField, value: string, missing: string[]): string | null {
  if (missing.includes(value)) return field.constraints.required ? 'missing a required value' : null;
  switch (field.type) {
    case 'integer':
      if (!/^-?\d+$/.test(value)) return 'not an integer';
      break;
    case 'number':
      if (!/^-?\d+(\.\d+)?$/.test(value)) return 'not a number';
      break;
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
        return 'not a date';
      break;
    case 'boolean':
      if (![...(field.trueValues ?? []), ...(field.falseValues ?? [])].includes(value))
        return 'not a boolean';
      break;
  }
  const { pattern, minimum } = field.constraints;
  if (pattern && !new RegExp(pattern, 'u').test(value)) return `does not match ${pattern}`;
  if (field.constraints.enum && !field.constraints.enum.includes(value)) return 'not in the enum';
  if (minimum !== undefined && Number(value) < minimum) return `under ${minimum}`;
  return null;
}

describe('open data of a small programme, computed by hand', () => {
  it('counts each sector’s stock and flows per complete year, and the « ensemble » line as their sum', async () => {
    const raw = await loadOpenDataTables(db, { programmeId: p.programmeId, today: s.today });
    // The first activity is N1's « accompagnement prêt » and S3's identification, both in the first year; this
    // year is not published (N1's January charges and L-001's request of 1 January 00:30 are left out).
    expect(raw.years).toEqual([s.first, s.last]);
    expect(raw.sectors.map((x) => x.code)).toEqual(['N1', 'N2', 'S3']);
    const [n1, n2, s3] = raw.publication.tables;
    expect(values(n1, String(s.first))).toEqual({
      dwellings: 40,
      households: 32,
      signedUp: 7,
      connected: 4,
      equipped: 1,
      firstWorkshop: 0,
      certificates: 0,
      adviceCases: 1,
      chargesCents: 17_600,
    });
    // N1-30 left on 1 July; N1-01's second request and second computer do not count again; N1-02's revoked
    // certificate is not counted; N1-30's advice case belongs to S3 where it lived by then.
    expect(values(n1, String(s.last))).toEqual({
      dwellings: 40,
      households: 31,
      signedUp: 15,
      connected: 15,
      equipped: 11,
      firstWorkshop: 3,
      certificates: 1,
      adviceCases: 0,
      chargesCents: 52_690,
    });
    expect(values(n1, 'total')).toEqual({
      dwellings: 40,
      households: 31,
      signedUp: 22,
      connected: 19,
      equipped: 12,
      firstWorkshop: 3,
      certificates: 1,
      adviceCases: 1,
      chargesCents: 70_290,
    });
    expect([values(n2, String(s.first))?.households, values(n2, 'total')?.households]).toEqual([1, 1]);
    expect(values(s3, String(s.first))).toMatchObject({ dwellings: 25, households: 21, adviceCases: 0 });
    expect(values(s3, String(s.last))).toMatchObject({ households: 22, adviceCases: 13 });
    expect(values(s3, 'total')).toMatchObject({ households: 22, adviceCases: 13, signedUp: 0 });
  });

  it('hides every count under the threshold as « s », and a second one so that no year can be recomputed', async () => {
    const data = await buildOpenData(db, { programmeId: p.programmeId, today: s.today });
    const first = line(data.rows, 'N1', s.first);
    const last = line(data.rows, 'N1', s.last);
    const all = line(data.rows, 'N1', 'ensemble');
    // 7 sign-ups in the first year: hidden; then 15 + 7 = 22 must not both be shown.
    expect(first.foyers_inscrits).toBe('s');
    expect([last.foyers_inscrits, all.foyers_inscrits]).toContain('s');
    expect([first.foyers_raccordes, first.foyers_equipes]).toEqual(['s', 's']);
    expect([last.foyers_raccordes, all.foyers_raccordes]).toContain('s');
    expect([last.foyers_equipes, all.foyers_equipes]).toContain('s');
    // 3 at a first workshop, 1 certificate, 1 advice case: small wherever they are not 0.
    expect([last.foyers_premier_atelier, all.foyers_premier_atelier]).toEqual(['s', 's']);
    expect([first.dossiers_conseil_ouverts, all.dossiers_conseil_ouverts]).toEqual(['s', 's']);
    // Large enough: shown. Money is not about people: shown.
    expect([first.foyers_residents, last.foyers_residents, all.foyers_residents]).toEqual([32, 31, 31]);
    expect([
      first.charges_facturees_euros,
      last.charges_facturees_euros,
      all.charges_facturees_euros,
    ]).toEqual([176, 526.9, 702.9]);
    // N2's one household: hidden every year, and on the « ensemble » line that repeats the last year's.
    expect(data.rows.filter((r) => r.code_secteur === 'N2').map((r) => r.foyers_residents)).toEqual([
      's',
      's',
      's',
    ]);
    expect(line(data.rows, 'S3', s.last).dossiers_conseil_ouverts).toBe(13);
    // « < 11 » is never written in open data.
    expect(data.csv).not.toContain('<');

    // From everything published, an attacker cannot pin any hidden cell down to one value.
    const ranges = attackPublication(data.publication, { threshold: data.threshold });
    expect(ranges.length).toBeGreaterThan(0);
    for (const r of ranges)
      expect(r.max - r.min, `${r.table} ${r.row} ${r.column}`).toBeGreaterThanOrEqual(1);
    const signUps = ranges.find(
      (r) => r.table === 'secteur-N1' && r.row === String(s.first) && r.column === 'signedUp',
    )!;
    expect(signUps.min).toBeLessThanOrEqual(7);
    expect(signUps.max).toBeGreaterThanOrEqual(7);
  });

  it('follows the programme’s threshold, or the one asked for', async () => {
    const data = await buildOpenData(db, { programmeId: p.programmeId, today: s.today, threshold: 5 });
    expect(data.threshold).toBe(5);
    const first = line(data.rows, 'N1', s.first);
    expect(first.foyers_inscrits).toBe(7);
    expect(first.foyers_raccordes).toBe('s');
  });

  it('writes one line per sector and year then « ensemble », with the neighbourhood’s codes, stage and service', async () => {
    const data = await buildOpenData(db, { programmeId: p.programmeId, today: s.today });
    expect(data.rows.map((r) => `${r.code_secteur} ${r.annee}`)).toEqual(
      ['N1', 'N2', 'S3'].flatMap((c) => [`${c} ${s.first}`, `${c} ${s.last}`, `${c} ensemble`]),
    );
    expect(line(data.rows, 'N1', s.first)).toMatchObject({
      programme: 'Programme open-data',
      code_insee: '29019',
      code_qpv: 'QN02904M',
      nom_secteur: 'Secteur N1',
      date_debut: `${s.first}-01-01`,
      date_fin: `${s.first}-12-31`,
      etape: 'service ouvert',
      service_ouvert: 'oui',
      logements: 40,
    });
    expect(line(data.rows, 'N1', 'ensemble')).toMatchObject({
      date_debut: `${s.first}-01-01`,
      date_fin: `${s.last}-12-31`,
    });
    expect(line(data.rows, 'S3', s.first)).toMatchObject({
      code_qpv: null,
      etape: 'identifié',
      service_ouvert: 'non',
    });
    expect(data).toMatchObject({ firstYear: s.first, lastYear: s.last, generatedOn: s.today });
  });

  it('writes the CSV as data.gouv.fr does: UTF-8 without BOM, commas, CRLF, ISO dates, a decimal point', async () => {
    const { csv } = await buildOpenData(db, { programmeId: p.programmeId, today: s.today });
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(1 + 9 + 1);
    const lines = csv.split('\r\n');
    expect(lines[1]).toBe(
      `Programme open-data,29019,QN02904M,N1,Secteur N1,${s.first},${s.first}-01-01,${s.first}-12-31,service ouvert,oui,40,32,s,s,s,0,0,s,176.00`,
    );
    expect(lines.find((l) => l.includes(',S3,') && l.includes(',ensemble,'))).toBe(
      `Programme open-data,29019,,S3,Secteur S3,ensemble,${s.first}-01-01,${s.last}-12-31,identifié,non,25,22,0,0,0,0,0,13,0.00`,
    );
  });

  it('conforms to its Table Schema, which is the file in docs/open-data', async () => {
    const schema = openDataSchema();
    const file = path.resolve(import.meta.dirname, '../../docs/open-data/impact-secteurs.schema.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(schema)));
    const { csv } = await buildOpenData(db, { programmeId: p.programmeId, today: s.today });
    const [header, ...rows] = readCsv(csv);
    expect(header).toEqual(schema.fields.map((f) => f.name));
    expect(rows).toHaveLength(9);
    const problems: string[] = [];
    for (const [n, row] of rows.entries()) {
      expect(row).toHaveLength(schema.fields.length);
      schema.fields.forEach((field, i) => {
        const problem = conforms(field, row[i]!, schema.missingValues);
        if (problem) problems.push(`line ${n + 2}, ${field.name} = « ${row[i]} »: ${problem}`);
      });
    }
    expect(problems).toEqual([]);
    // The mark of secrecy is declared, and said in each people field's description.
    expect(schema.missingValues).toContain('s');
    for (const name of ['foyers_residents', 'foyers_inscrits', 'certificats_delivres'])
      expect(schema.fields.find((f) => f.name === name)?.description).toContain('« s »');
    // Values the schema refuses are refused by the checker too (it is not a checker that accepts everything).
    const integer = schema.fields.find((f) => f.name === 'foyers_inscrits')!;
    expect([
      conforms(integer, '7.5', schema.missingValues),
      conforms(integer, '< 11', schema.missingValues),
    ]).toEqual(['not an integer', 'not an integer']);
  });

  it('publishes nothing for a programme with no activity yet: the header alone', async () => {
    const programmeId = await ensureProgramme(db, 'empty', 'Programme vide');
    const data = await buildOpenData(db, { programmeId, today: s.today });
    expect(data.rows).toEqual([]);
    expect(data.firstYear).toBeNull();
    expect(data.csv).toBe(
      `${openDataSchema()
        .fields.map((f) => f.name)
        .join(',')}\r\n`,
    );
  });
});
