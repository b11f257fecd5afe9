// The landlord's stock export: its columns, and the rules a row must follow before anything is written.
import type { dwellingStatuses } from './dwelling-row.ts';

/** Columns of the landlord's file (French headers, as landlords' exports name them), with English aliases. */
export const dwellingCsvColumns = [
  {
    name: 'reference_logement',
    alias: 'landlord_reference',
    required: true,
    help: 'référence du logement chez le bailleur (unique)',
  },
  { name: 'adresse', alias: 'address', required: true, help: 'numéro et voie du bâtiment' },
  { name: 'code_postal', alias: 'postcode', required: true, help: 'code postal, 5 chiffres' },
  {
    name: 'code_insee',
    alias: 'insee_code',
    required: true,
    help: 'code INSEE de la commune (5 caractères, 2A/2B en Corse)',
  },
  { name: 'commune', alias: 'city', required: false, help: 'nom de la commune (facultatif)' },
  {
    name: 'reference_batiment',
    alias: 'building_reference',
    required: true,
    help: 'référence du bâtiment chez le bailleur',
  },
  {
    name: 'etage',
    alias: 'floor',
    required: false,
    help: 'étage (0 = rez-de-chaussée, -1 = sous-sol), facultatif',
  },
  { name: 'pieces', alias: 'rooms', required: false, help: 'nombre de pièces (1 à 12), facultatif' },
  { name: 'secteur', alias: 'sector', required: true, help: 'code du secteur du programme' },
  {
    name: 'statut',
    alias: 'status',
    required: false,
    help: 'occupe, vacant ou indisponible (facultatif, occupe par défaut)',
  },
] as const;

export interface DwellingImportRow {
  line: number;
  landlordReference: string;
  address: string;
  postcode: string;
  inseeCode: string;
  city: string;
  buildingReference: string;
  floor: number | null;
  rooms: number | null;
  sectorCode: string;
  status: (typeof dwellingStatuses)[number];
}

export interface RowError {
  line: number;
  message: string;
}

const statusWords: Record<string, DwellingImportRow['status']> = {
  occupe: 'occupied',
  occupé: 'occupied',
  occupied: 'occupied',
  vacant: 'vacant',
  indisponible: 'unavailable',
  unavailable: 'unavailable',
};

export function missingColumns(headers: string[]): string[] {
  return dwellingCsvColumns
    .filter((c) => c.required && !headers.includes(c.name) && !headers.includes(c.alias))
    .map((c) => c.name);
}

function optionalInteger(raw: string, min: number, max: number): number | null | 'invalid' {
  if (raw === '') return null;
  if (!/^-?\d+$/.test(raw)) return 'invalid';
  const n = Number(raw);
  return n < min || n > max ? 'invalid' : n;
}

/** Checks one row; returns the typed row or the reasons it is refused. */
export function validateDwellingRow(
  line: number,
  values: Record<string, string>,
): { row: DwellingImportRow } | { errors: RowError[] } {
  const get = (name: string, alias: string) => (values[name] ?? values[alias] ?? '').trim();
  const errors: string[] = [];
  const landlordReference = get('reference_logement', 'landlord_reference');
  const address = get('adresse', 'address').replace(/\s+/g, ' ');
  const postcode = get('code_postal', 'postcode');
  const inseeCode = get('code_insee', 'insee_code').toUpperCase();
  const buildingReference = get('reference_batiment', 'building_reference');
  const sectorCode = get('secteur', 'sector');
  const statusRaw = get('statut', 'status').toLowerCase();

  if (!landlordReference) errors.push('reference_logement est vide');
  else if (landlordReference.length > 40) errors.push('reference_logement dépasse 40 caractères');
  if (!address) errors.push('adresse est vide');
  else if (address.length > 200) errors.push('adresse dépasse 200 caractères');
  if (!/^\d{5}$/.test(postcode)) errors.push(`code_postal « ${postcode} » n’est pas un code à 5 chiffres`);
  if (!/^(\d{5}|2[AB]\d{3})$/.test(inseeCode))
    errors.push(`code_insee « ${inseeCode} » n’est pas un code INSEE de commune`);
  if (!buildingReference) errors.push('reference_batiment est vide');
  if (!sectorCode) errors.push('secteur est vide');
  const floor = optionalInteger(get('etage', 'floor'), -5, 60);
  if (floor === 'invalid')
    errors.push(`etage « ${get('etage', 'floor')} » doit être un entier entre -5 et 60`);
  const rooms = optionalInteger(get('pieces', 'rooms'), 1, 12);
  if (rooms === 'invalid')
    errors.push(`pieces « ${get('pieces', 'rooms')} » doit être un entier entre 1 et 12`);
  const status = statusRaw === '' ? 'occupied' : statusWords[statusRaw];
  if (!status) errors.push(`statut « ${statusRaw} » doit être occupe, vacant ou indisponible`);

  if (errors.length > 0) return { errors: errors.map((message) => ({ line, message })) };
  return {
    row: {
      line,
      landlordReference,
      address,
      postcode,
      inseeCode,
      city: get('commune', 'city'),
      buildingReference,
      floor: floor as number | null,
      rooms: rooms as number | null,
      sectorCode,
      status: status!,
    },
  };
}

/** Rules across rows: a reference once per file; a building always at the same address and in the same sector. */
export function crossCheckRows(rows: DwellingImportRow[]): RowError[] {
  const errors: RowError[] = [];
  const references = new Map<string, number>();
  const buildings = new Map<string, DwellingImportRow>();
  for (const row of rows) {
    const key = row.landlordReference.toUpperCase();
    const seen = references.get(key);
    if (seen !== undefined)
      errors.push({
        line: row.line,
        message: `reference_logement ${row.landlordReference} figure déjà ligne ${seen}`,
      });
    else references.set(key, row.line);
    const first = buildings.get(row.buildingReference);
    if (!first) buildings.set(row.buildingReference, row);
    else if (
      first.address !== row.address ||
      first.postcode !== row.postcode ||
      first.sectorCode !== row.sectorCode
    ) {
      errors.push({
        line: row.line,
        message: `le bâtiment ${row.buildingReference} a une autre adresse ou un autre secteur ligne ${first.line}`,
      });
    }
  }
  return errors;
}
