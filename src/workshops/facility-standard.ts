// The national standard of places of digital inclusion: « schéma des lieux de médiation numérique » v1.0.2
// (https://github.com/LaMednum/standard-mediation-num, Table Schema copied in
// /work/shared/data/standards/lieux-mediation-numerique.schema.json). Reads a CSV file in that format into our
// `facility` columns, checking every rule of the schema line by line, and writes our facilities back in it.
// No database access here: the import service decides what to do with the records and the errors.
import { CsvFormatError, neutraliseFormula, parseCsv, restoreFormula } from '../platform/csv/index.ts';
import { checkOpeningHours } from './opening-hours.ts';

/** The standard's columns, in its order (the export writes exactly these). */
export const standardColumns = [
  'id',
  'pivot',
  'nom',
  'commune',
  'code_postal',
  'code_insee',
  'adresse',
  'complement_adresse',
  'latitude',
  'longitude',
  'typologie',
  'telephone',
  'courriels',
  'site_web',
  'horaires',
  'presentation_resume',
  'presentation_detail',
  'source',
  'itinerance',
  'structure_parente',
  'date_maj',
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
  'fiche_acces_libre',
  'prise_rdv',
] as const;
export type StandardColumn = (typeof standardColumns)[number];

/** Columns the schema marks `required: true` (`services` is not, in this JSON: optional, vocabulary checked). */
export const requiredColumns = [
  'id',
  'pivot',
  'nom',
  'commune',
  'code_postal',
  'adresse',
  'date_maj',
] as const satisfies readonly StandardColumn[];

// Closed vocabularies, spelled exactly as in the schema's `pattern`s (which are what validators check; where the
// field's description spells a value differently, the pattern wins, e.g. « Compréhension du monde numérique »,
// « Étapes numériques(La Poste) » without a space, « Dans un atelier collectif », « À distance »).
export const services = [
  'Aide aux démarches administratives',
  'Maîtrise des outils numériques du quotidien',
  'Insertion professionnelle via le numérique',
  'Utilisation sécurisée du numérique',
  'Parentalité et éducation avec le numérique',
  'Loisirs et créations numériques',
  'Compréhension du monde numérique',
  'Accès internet et matériel informatique',
  'Acquisition de matériel informatique à prix solidaire',
] as const;
export const publics = ['Jeunes', 'Étudiants', 'Familles et/ou enfants', 'Seniors', 'Femmes'] as const;
export const specialSupport = [
  'Surdité',
  'Handicaps moteurs',
  'Handicaps mentaux',
  'Illettrisme',
  'Langues étrangères (anglais)',
  'Langues étrangères (autres)',
  'Déficience visuelle',
] as const;
export const fees = ['Gratuit', 'Gratuit sous condition', 'Payant'] as const;
export const nationalProgrammes = [
  'Aidants Connect',
  'Bibliothèques numérique de référence',
  'Certification PIX',
  'Conseillers numériques',
  'Emmaüs Connect',
  'France Services',
  'Grande école du numérique',
  'La Croix Rouge',
  "Point d'accès numérique CAF",
  'Promeneurs du net',
  'Relais numérique (Emmaüs Connect)',
] as const;
export const labels = [
  'Formé à « Mon Espace Santé »',
  'Formé à « DUPLEX » (illettrisme)',
  'Arnia/MedNum BFC (Bourgogne-Franche-Comté)',
  'Collectif ressources et acteurs réemploi (Normandie)',
  'Étapes numériques(La Poste)',
  'Fabriques de Territoire',
  'Les Éclaireurs du numérique (Drôme)',
  'Mes Papiers (Métropole de Lyon)',
  'ORDI 3.0',
  'SUD LABS (PACA)',
] as const;
export const accessModes = [
  'Se présenter',
  'Téléphoner',
  'Contacter par mail',
  'Prendre un RDV en ligne',
  "Ce lieu n'accueille pas de public",
  'Envoyer un mail avec une fiche de prescription',
] as const;
export const supportModes = [
  'En autonomie',
  'Accompagnement individuel',
  'Dans un atelier collectif',
  'À distance',
] as const;
export const mobility = ['Itinérant', 'Fixe'] as const;

/** The standard's content, in our `facility` column names. Optional scalars are null when absent, lists empty. */
export interface FacilityRecord {
  externalId: string;
  pivot: string;
  name: string;
  commune: string;
  postcode: string;
  inseeCode: string | null;
  address: string;
  addressComplement: string | null;
  latitude: number | null;
  longitude: number | null;
  typology: string[];
  /** International format, e.g. +33298000000. */
  phone: string | null;
  emails: string[];
  websites: string[];
  /** OpenStreetMap `opening_hours`. */
  openingHours: string | null;
  summary: string | null;
  description: string | null;
  source: string | null;
  mobility: string[];
  parent: string | null;
  /** YYYY-MM-DD. */
  updatedOn: string;
  services: string[];
  publics: string[];
  specialSupport: string[];
  fees: string[];
  nationalProgrammes: string[];
  labels: string[];
  otherLabels: string | null;
  accessModes: string[];
  supportModes: string[];
  accessibilityUrl: string | null;
  bookingUrl: string | null;
}

export interface FacilityLineError {
  /** Line in the file (1 is the header). */
  line: number;
  /** The standard's column name, '' for an error about the whole file. */
  column: string;
  /** Plain French, starting with the column name. */
  message: string;
}

type ScalarKey =
  | 'externalId'
  | 'pivot'
  | 'name'
  | 'commune'
  | 'postcode'
  | 'inseeCode'
  | 'address'
  | 'addressComplement'
  | 'openingHours'
  | 'summary'
  | 'description'
  | 'source'
  | 'parent'
  | 'updatedOn'
  | 'otherLabels'
  | 'accessibilityUrl'
  | 'bookingUrl'
  | 'phone';
type ListKey =
  | 'typology'
  | 'emails'
  | 'websites'
  | 'mobility'
  | 'services'
  | 'publics'
  | 'specialSupport'
  | 'fees'
  | 'nationalProgrammes'
  | 'labels'
  | 'accessModes'
  | 'supportModes';

/** Which record field each standard column fills, and how. */
const columnFields: Record<
  StandardColumn,
  | { key: ScalarKey; kind: 'text' }
  | { key: 'latitude' | 'longitude'; kind: 'number' }
  | { key: ListKey; kind: 'list'; vocabulary?: readonly string[] }
> = {
  id: { key: 'externalId', kind: 'text' },
  pivot: { key: 'pivot', kind: 'text' },
  nom: { key: 'name', kind: 'text' },
  commune: { key: 'commune', kind: 'text' },
  code_postal: { key: 'postcode', kind: 'text' },
  code_insee: { key: 'inseeCode', kind: 'text' },
  adresse: { key: 'address', kind: 'text' },
  complement_adresse: { key: 'addressComplement', kind: 'text' },
  latitude: { key: 'latitude', kind: 'number' },
  longitude: { key: 'longitude', kind: 'number' },
  typologie: { key: 'typology', kind: 'list' },
  telephone: { key: 'phone', kind: 'text' },
  courriels: { key: 'emails', kind: 'list' },
  site_web: { key: 'websites', kind: 'list' },
  horaires: { key: 'openingHours', kind: 'text' },
  presentation_resume: { key: 'summary', kind: 'text' },
  presentation_detail: { key: 'description', kind: 'text' },
  source: { key: 'source', kind: 'text' },
  itinerance: { key: 'mobility', kind: 'list', vocabulary: mobility },
  structure_parente: { key: 'parent', kind: 'text' },
  date_maj: { key: 'updatedOn', kind: 'text' },
  services: { key: 'services', kind: 'list', vocabulary: services },
  publics_specifiquement_adresses: { key: 'publics', kind: 'list', vocabulary: publics },
  prise_en_charge_specifique: { key: 'specialSupport', kind: 'list', vocabulary: specialSupport },
  frais_a_charge: { key: 'fees', kind: 'list', vocabulary: fees },
  dispositif_programmes_nationaux: {
    key: 'nationalProgrammes',
    kind: 'list',
    vocabulary: nationalProgrammes,
  },
  formations_labels: { key: 'labels', kind: 'list', vocabulary: labels },
  autres_formations_labels: { key: 'otherLabels', kind: 'text' },
  modalites_acces: { key: 'accessModes', kind: 'list', vocabulary: accessModes },
  modalites_accompagnement: { key: 'supportModes', kind: 'list', vocabulary: supportModes },
  fiche_acces_libre: { key: 'accessibilityUrl', kind: 'text' },
  prise_rdv: { key: 'bookingUrl', kind: 'text' },
};

/**
 * How a vocabulary value is recognised: accents, case, apostrophes and spaces do not matter (spreadsheets drop
 * capital accents, turn ' into ’, add non-breaking spaces before »), the standard's spelling is what we keep.
 */
function matchKey(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘ʼ`]/g, "'")
    .replace(/\s+/g, '');
}

const canonical = new Map<readonly string[], Map<string, string>>();
for (const field of Object.values(columnFields)) {
  if (field.kind !== 'list' || !field.vocabulary) continue;
  const byKey = new Map<string, string>();
  for (const value of field.vocabulary) {
    if (byKey.has(matchKey(value))) throw new Error(`two vocabulary values match alike: ${value}`);
    byKey.set(matchKey(value), value);
  }
  canonical.set(field.vocabulary, byKey);
}

const quoted = (value: string) => `« ${value} »`;

const postcodePattern = /^\d{5}$/;
const inseePattern = /^([013-9]\d|2[AB1-9])\d{3}$/;
const pivotPattern = /^[a-zA-Z0-9]{9,14}$/;
const phonePattern = /^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$/;
const emailPattern = /^[^\s@|;,<>"]+@[^\s@|;,<>"]+\.[^\s@|;,<>".]+$/;
const numberPattern = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/;
const summaryMaxLength = 280;

/** A French number (02 98 00 00 00, 0033 2…, +33 (0)2…) in the standard's international form, or null. */
export function normalisePhone(raw: string): string | null {
  let phone = raw.replace(/[\s.\-/]/g, '').replace(/^\+33\(0\)/, '+33');
  if (phone.startsWith('00')) phone = `+${phone.slice(2)}`;
  if (/^0[1-9]\d{8}$/.test(phone)) phone = `+33${phone.slice(1)}`;
  return phonePattern.test(phone) ? phone : null;
}

/** YYYY-MM-DD (or DD/MM/YYYY, what spreadsheets make of dates) of a real calendar day, as YYYY-MM-DD; else null. */
function normaliseDate(raw: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : french
      ? [Number(french[3]), Number(french[2]), Number(french[1])]
      : [Number.NaN, Number.NaN, Number.NaN];
  if (!Number.isInteger(year)) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return date.toISOString().slice(0, 10);
}

function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

type Problem = (column: StandardColumn, message: string) => void;

/** Checks one line's values (already trimmed, '' = absent) and builds the record; reports problems. */
function readLine(values: Map<StandardColumn, string>, problem: Problem): FacilityRecord {
  const record = {} as Record<string, unknown>;
  for (const column of standardColumns) {
    const field = columnFields[column];
    const value = values.get(column) ?? '';
    if (field.kind === 'list') {
      const items = value ? value.split('|').map((item) => item.trim()) : [];
      if (items.some((item) => !item)) {
        problem(column, `${column} : valeur vide entre deux « | » dans ${quoted(value)}`);
      }
      const list: string[] = [];
      for (const item of items.filter(Boolean)) {
        let kept = item;
        if (field.vocabulary) {
          const found = canonical.get(field.vocabulary)?.get(matchKey(item));
          if (!found) {
            problem(
              column,
              `${column} : ${quoted(item)} n’est pas une valeur du standard (valeurs permises : ${field.vocabulary.join(', ')})`,
            );
            continue;
          }
          kept = found;
        }
        if (!list.includes(kept)) list.push(kept);
      }
      record[field.key] = list;
    } else if (field.kind === 'number') {
      if (!value) {
        record[field.key] = null;
        continue;
      }
      const limit = column === 'latitude' ? 90 : 180;
      const number = numberPattern.test(value) ? Number(value.replace(',', '.')) : Number.NaN;
      if (Number.isNaN(number)) problem(column, `${column} : ${quoted(value)} n’est pas un nombre`);
      else if (Math.abs(number) > limit)
        problem(column, `${column} : ${quoted(value)} doit être compris entre −${limit} et ${limit}`);
      record[field.key] = number;
    } else {
      record[field.key] = value || null;
    }
  }

  for (const column of requiredColumns) {
    if (!values.get(column)) problem(column, `${column} : champ obligatoire manquant`);
  }

  const r = record as unknown as FacilityRecord;
  if (r.pivot) {
    r.pivot = r.pivot.replace(/\s/g, '');
    if (!pivotPattern.test(r.pivot)) {
      problem(
        'pivot',
        `pivot : ${quoted(values.get('pivot')!)} n’est ni un SIRET (14 chiffres) ni un numéro RNA ou RIDET (9 à 14 lettres ou chiffres)`,
      );
    }
  }
  if (r.postcode && !postcodePattern.test(r.postcode)) {
    problem('code_postal', `code_postal : ${quoted(r.postcode)} n’est pas un code postal à 5 chiffres`);
  }
  if (r.inseeCode) {
    r.inseeCode = r.inseeCode.toUpperCase();
    if (!inseePattern.test(r.inseeCode)) {
      problem(
        'code_insee',
        `code_insee : ${quoted(values.get('code_insee')!)} n’est pas un code INSEE de commune (5 caractères, 2A ou 2B pour la Corse)`,
      );
    }
  }
  if (r.phone) {
    const phone = normalisePhone(r.phone);
    if (phone) r.phone = phone;
    else {
      problem(
        'telephone',
        `telephone : ${quoted(r.phone)} n’est pas un numéro de téléphone valable (écrire +33298000000 ou 02 98 00 00 00)`,
      );
    }
  }
  for (const email of r.emails) {
    if (!emailPattern.test(email)) {
      const hint = /[;,]/.test(email) ? ' (séparer plusieurs courriels par « | »)' : '';
      problem('courriels', `courriels : ${quoted(email)} n’est pas une adresse de courriel${hint}`);
    }
  }
  const urls: [StandardColumn, string][] = [
    ...r.websites.map((url): [StandardColumn, string] => ['site_web', url]),
    ['fiche_acces_libre', r.accessibilityUrl ?? ''],
    ['prise_rdv', r.bookingUrl ?? ''],
  ];
  for (const [column, url] of urls) {
    if (url && !isWebAddress(url)) {
      const hint =
        column === 'site_web' && /[;,]\s*\S/.test(url) ? ', séparer plusieurs adresses par « | »' : '';
      problem(
        column,
        `${column} : ${quoted(url)} n’est pas une adresse web complète (elle doit commencer par https:// ou http://${hint})`,
      );
    }
  }
  if (r.openingHours) {
    const message = checkOpeningHours(r.openingHours);
    if (message) problem('horaires', `horaires : ${message}`);
  }
  if (r.summary) {
    const length = [...r.summary].length;
    if (length > summaryMaxLength) {
      problem(
        'presentation_resume',
        `presentation_resume : ${length} caractères, c’est plus que les ${summaryMaxLength} permis`,
      );
    }
  }
  if (r.updatedOn) {
    const date = normaliseDate(r.updatedOn);
    if (date) r.updatedOn = date;
    else {
      problem(
        'date_maj',
        /^\d{4}-\d{2}-\d{2}$|^\d{1,2}\/\d{1,2}\/\d{4}$/.test(r.updatedOn)
          ? `date_maj : ${quoted(r.updatedOn)} n’est pas une date du calendrier`
          : `date_maj : ${quoted(r.updatedOn)} n’est pas une date au format AAAA-MM-JJ`,
      );
    }
  }
  return r;
}

/**
 * Reads a file in the standard's format (`,` or `;`, with or without BOM). Every line is checked against every
 * rule of the schema; `records` holds the lines without any error, `errors` all the problems found, each with
 * its line (the last line of the record when a field spans several lines) and the standard's column name.
 *
 * File-level problems come as a single error at line 1 with column '': a file that is not UTF-8 or is empty
 * (the CSV reader's CsvFormatError), or required columns missing from the header (then no line is read).
 * Being kind to what spreadsheets produce: values are trimmed and '' means absent; lines with only empty cells
 * are skipped; extra columns are ignored, optional columns may be missing; a French phone number
 * (02 98 00 00 00) becomes +33298000000; a date written 31/12/2024 becomes 2024-12-31; `48,39` reads as 48.39;
 * vocabulary values are recognised whatever their accents, case, apostrophes or spaces and kept in the
 * standard's spelling; line breaks inside a value become \n. `horaires` must be valid OpenStreetMap syntax
 * (the schema's description asks for it), checked with checkOpeningHours.
 */
export function parseFacilitiesCsv(input: string | Buffer): {
  records: { line: number; record: FacilityRecord }[];
  errors: FacilityLineError[];
} {
  let csv: ReturnType<typeof parseCsv>;
  try {
    csv = parseCsv(input);
  } catch (error) {
    if (error instanceof CsvFormatError) {
      return {
        records: [],
        errors: [{ line: 1, column: '', message: `Fichier illisible : ${error.message}` }],
      };
    }
    throw error;
  }
  const missing = requiredColumns.filter((column) => !csv.headers.includes(column));
  if (missing.length) {
    return {
      records: [],
      errors: [
        {
          line: 1,
          column: '',
          message: `Colonnes obligatoires absentes de la ligne d’en-tête : ${missing.join(', ')}`,
        },
      ],
    };
  }

  const records: { line: number; record: FacilityRecord }[] = [];
  const errors: FacilityLineError[] = [];
  const idLines = new Map<string, number>();
  for (const { line, values } of csv.records) {
    const cleaned = new Map<StandardColumn, string>();
    for (const column of standardColumns) {
      // A value the export neutralised (`'=…`, so that no spreadsheet runs it) is read back as it was.
      cleaned.set(column, restoreFormula((values[column] ?? '').replace(/\r\n?/g, '\n')).trim());
    }
    if ([...cleaned.values()].every((value) => !value)) continue;
    const lineErrors: FacilityLineError[] = [];
    const record = readLine(cleaned, (column, message) => lineErrors.push({ line, column, message }));
    if (record.externalId) {
      const first = idLines.get(record.externalId);
      if (first !== undefined) {
        lineErrors.push({
          line,
          column: 'id',
          message: `id : ${quoted(record.externalId)} est déjà l’identifiant du lieu de la ligne ${first}`,
        });
      } else idLines.set(record.externalId, line);
    }
    if (lineErrors.length) errors.push(...lineErrors);
    else records.push({ line, record });
  }
  return { records, errors };
}

/** A CSV field: never read as a formula by a spreadsheet (`neutraliseFormula`: a name someone typed as `=…` gets a
 * leading apostrophe), quoted when it holds a separator (`,` or `;`, so either reading works), a quote, a line break
 * or spaces at its ends. */
function field(raw: string): string {
  const value = neutraliseFormula(raw);
  return /[",;\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * The facilities in the standard's format, for the open-data platforms: exactly the standard's columns in its
 * order, comma-separated, lists joined with `|`, numbers with a `.`, UTF-8 without BOM (callers write the string
 * as UTF-8), lines ending with CRLF as RFC 4180 says (line breaks inside a quoted value stay \n). The records are
 * written as they are: check them with parseFacilitiesCsv's rules first if they did not come from it.
 * parseFacilitiesCsv(facilitiesCsv(records)) gives the records back.
 */
export function facilitiesCsv(records: FacilityRecord[]): string {
  const lines = [standardColumns.join(',')];
  for (const record of records) {
    lines.push(
      standardColumns
        .map((column) => {
          const value = record[columnFields[column].key];
          if (value === null || value === undefined) return '';
          if (Array.isArray(value)) return field(value.join('|'));
          return field(String(value));
        })
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
