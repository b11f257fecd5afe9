import { describe, expect, it } from 'vitest';
import {
  crossCheckRows,
  type DwellingImportRow,
  missingColumns,
  validateDwellingRow,
} from './dwelling-csv.ts';

const valid = {
  reference_logement: 'L-1',
  adresse: '12 rue de Kérourien',
  code_postal: '29200',
  code_insee: '29019',
  commune: 'Brest',
  reference_batiment: 'B-1',
  etage: '2',
  pieces: '3',
  secteur: 'KER',
};

describe('a row of the landlord’s stock file', () => {
  it('is accepted when every rule holds, with typed values', () => {
    expect(validateDwellingRow(2, valid)).toEqual({
      row: {
        line: 2,
        landlordReference: 'L-1',
        address: '12 rue de Kérourien',
        postcode: '29200',
        inseeCode: '29019',
        city: 'Brest',
        buildingReference: 'B-1',
        floor: 2,
        rooms: 3,
        sectorCode: 'KER',
        status: 'occupied',
      },
    });
  });

  it.each([
    ['reference_logement', '', 'reference_logement est vide'],
    ['adresse', '   ', 'adresse est vide'],
    ['code_postal', '2920', 'code_postal « 2920 » n’est pas un code à 5 chiffres'],
    ['code_insee', '2A00', 'code_insee « 2A00 » n’est pas un code INSEE de commune'],
    ['reference_batiment', '', 'reference_batiment est vide'],
    ['secteur', '', 'secteur est vide'],
    ['etage', 'deux', 'etage « deux » doit être un entier entre -5 et 60'],
    ['etage', '61', 'etage « 61 » doit être un entier entre -5 et 60'],
    ['pieces', '0', 'pieces « 0 » doit être un entier entre 1 et 12'],
    ['statut', 'démoli', 'statut « démoli » doit être occupe, vacant ou indisponible'],
  ])('is refused when %s is %j', (column, value, message) => {
    expect(validateDwellingRow(7, { ...valid, [column]: value })).toEqual({ errors: [{ line: 7, message }] });
  });

  it.each([
    ['2A004', '2A004'],
    ['2b033', '2B033'],
    ['29019', '29019'],
  ])('accepts the INSEE code %s (as %s)', (code, expected) => {
    const result = validateDwellingRow(2, { ...valid, code_insee: code });
    expect('row' in result && result.row.inseeCode).toBe(expected);
  });

  it('accepts English column names and empty optional columns', () => {
    const result = validateDwellingRow(3, {
      landlord_reference: 'X',
      address: '1 rue A',
      postcode: '75001',
      insee_code: '75101',
      building_reference: 'B',
      sector: 'S',
      floor: '',
      rooms: '',
      status: 'vacant',
    });
    expect('row' in result && [result.row.floor, result.row.rooms, result.row.status]).toEqual([
      null,
      null,
      'vacant',
    ]);
  });

  it('names the required columns a file lacks', () => {
    expect(missingColumns(['reference_logement', 'adresse', 'code_postal'])).toEqual([
      'code_insee',
      'reference_batiment',
      'secteur',
    ]);
    expect(missingColumns(Object.keys(valid))).toEqual([]);
  });
});

describe('rules across rows', () => {
  const row = (
    line: number,
    ref: string,
    building: string,
    address = '1 rue A',
    sector = 'S',
  ): DwellingImportRow => ({
    line,
    landlordReference: ref,
    address,
    postcode: '29200',
    inseeCode: '29019',
    city: '',
    buildingReference: building,
    floor: null,
    rooms: null,
    sectorCode: sector,
    status: 'occupied',
  });

  it('refuses a reference given twice (whatever its case)', () => {
    expect(crossCheckRows([row(2, 'a-1', 'B'), row(3, 'A-1', 'B')])).toEqual([
      { line: 3, message: 'reference_logement A-1 figure déjà ligne 2' },
    ]);
  });

  it('refuses a building given two addresses or two sectors', () => {
    expect(
      crossCheckRows([row(2, 'a', 'B'), row(3, 'b', 'B', '2 rue B'), row(4, 'c', 'B', '1 rue A', 'T')]).map(
        (e) => e.line,
      ),
    ).toEqual([3, 4]);
  });
});
