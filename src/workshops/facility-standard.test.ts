import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  accessModes,
  type FacilityRecord,
  facilitiesCsv,
  fees,
  labels,
  mobility,
  nationalProgrammes,
  parseFacilitiesCsv,
  publics,
  requiredColumns,
  type StandardColumn,
  services,
  specialSupport,
  standardColumns,
  supportModes,
} from './facility-standard.ts';

type Row = Partial<Record<StandardColumn | 'commentaire_interne', string>>;

const kerourien: Row = {
  id: 'brest-kerourien',
  pivot: '21290019700013',
  nom: 'Maison de quartier de Kerourien',
  commune: 'Brest',
  code_postal: '29200',
  code_insee: '29019',
  adresse: '10 rue Père Ricard',
  latitude: '48.3967',
  longitude: '-4.4625',
  typologie: 'ASSO',
  telephone: '+33298000000',
  courriels: 'accueil@kerourien.example.fr',
  site_web: 'https://kerourien.example.fr/',
  horaires: 'Mo-Fr 09:00-12:00,14:00-18:00; PH off',
  presentation_resume: 'Ateliers numériques pour les habitants du quartier.',
  source: 'Palier',
  itinerance: 'Fixe',
  date_maj: '2026-03-02',
  services: 'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien',
  publics_specifiquement_adresses: 'Seniors|Jeunes',
  frais_a_charge: 'Gratuit',
  dispositif_programmes_nationaux: 'Conseillers numériques',
  modalites_acces: 'Se présenter|Téléphoner',
  modalites_accompagnement: 'Accompagnement individuel|Dans un atelier collectif',
};
const pontanezen: Row = {
  id: 'brest-pontanezen',
  pivot: '21290019700021',
  nom: 'Espace numérique de Pontanézen',
  commune: 'Brest',
  code_postal: '29200',
  code_insee: '29019',
  adresse: '2 rue Saint-Exupéry',
  complement_adresse: 'Rez-de-chaussée, porte B',
  horaires: 'Tu,Th 14:00-17:00',
  presentation_detail: 'Un « café numérique » le jeudi ;\nles ordinateurs sont en libre accès.',
  date_maj: '2026-02-15',
  services: 'Accès internet et matériel informatique',
  prise_en_charge_specifique: 'Surdité|Langues étrangères (autres)',
  fiche_acces_libre: 'https://acceslibre.beta.gouv.fr/app/29-brest/a/espace-culturel/erp/pontanezen/',
};
const bus: Row = {
  id: 'brest-bus',
  pivot: 'W294001234',
  nom: 'Bus numérique du Pays de Brest',
  commune: 'Brest',
  code_postal: '29200',
  adresse: 'Place de la Liberté',
  itinerance: 'Itinérant',
  structure_parente: 'Brest métropole',
  date_maj: '2026-01-10',
  prise_rdv: 'https://www.rdv-solidarites.fr/',
};

function cell(value: string): string {
  return /["\n,;]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A file in the standard's format, written by hand (not by the module under test). */
function csvFile(
  rows: Row[],
  { columns = [...standardColumns] as string[], separator = ',', eol = '\n' } = {},
): string {
  const lines = [columns.join(separator)];
  for (const row of rows) {
    lines.push(columns.map((c) => cell(row[c as StandardColumn] ?? '')).join(separator));
  }
  return lines.join(eol) + eol;
}

const empty: Omit<
  FacilityRecord,
  'externalId' | 'pivot' | 'name' | 'commune' | 'postcode' | 'address' | 'updatedOn'
> = {
  inseeCode: null,
  addressComplement: null,
  latitude: null,
  longitude: null,
  typology: [],
  phone: null,
  emails: [],
  websites: [],
  openingHours: null,
  summary: null,
  description: null,
  source: null,
  mobility: [],
  parent: null,
  services: [],
  publics: [],
  specialSupport: [],
  fees: [],
  nationalProgrammes: [],
  labels: [],
  otherLabels: null,
  accessModes: [],
  supportModes: [],
  accessibilityUrl: null,
  bookingUrl: null,
};

describe('reading a file in the national standard', () => {
  it('reads a valid file of Brest facilities', () => {
    const { records, errors } = parseFacilitiesCsv(csvFile([kerourien, pontanezen, bus]));
    expect(errors).toEqual([]);
    expect(records.map((r) => r.line)).toEqual([2, 4, 5]); // Pontanézen's description spans lines 3 and 4
    expect(records[0]?.record).toEqual({
      ...empty,
      externalId: 'brest-kerourien',
      pivot: '21290019700013',
      name: 'Maison de quartier de Kerourien',
      commune: 'Brest',
      postcode: '29200',
      inseeCode: '29019',
      address: '10 rue Père Ricard',
      latitude: 48.3967,
      longitude: -4.4625,
      typology: ['ASSO'],
      phone: '+33298000000',
      emails: ['accueil@kerourien.example.fr'],
      websites: ['https://kerourien.example.fr/'],
      openingHours: 'Mo-Fr 09:00-12:00,14:00-18:00; PH off',
      summary: 'Ateliers numériques pour les habitants du quartier.',
      source: 'Palier',
      mobility: ['Fixe'],
      updatedOn: '2026-03-02',
      services: ['Aide aux démarches administratives', 'Maîtrise des outils numériques du quotidien'],
      publics: ['Seniors', 'Jeunes'],
      fees: ['Gratuit'],
      nationalProgrammes: ['Conseillers numériques'],
      accessModes: ['Se présenter', 'Téléphoner'],
      supportModes: ['Accompagnement individuel', 'Dans un atelier collectif'],
    } satisfies FacilityRecord);
    expect(records[1]?.record).toMatchObject({
      addressComplement: 'Rez-de-chaussée, porte B',
      description: 'Un « café numérique » le jeudi ;\nles ordinateurs sont en libre accès.',
      specialSupport: ['Surdité', 'Langues étrangères (autres)'],
      latitude: null,
    });
    expect(records[2]?.record).toMatchObject({
      pivot: 'W294001234',
      mobility: ['Itinérant'],
      parent: 'Brest métropole',
    });
  });

  it.each<[string, string]>([
    ['semicolons, BOM and CRLF, as a French spreadsheet saves it', 'semicolon'],
    ['extra columns and missing optional ones', 'columns'],
  ])('reads %s', (_, variant) => {
    const text =
      variant === 'semicolon'
        ? `\uFEFF${csvFile([kerourien, bus], { separator: ';', eol: '\r\n' })}`
        : csvFile([{ ...bus, commentaire_interne: 'à vérifier' }], {
            columns: ['commentaire_interne', ...requiredColumns, 'prise_rdv', 'itinerance'],
          });
    const { records, errors } = parseFacilitiesCsv(Buffer.from(text, 'utf8'));
    expect(errors).toEqual([]);
    expect(records.at(-1)?.record).toEqual({
      ...empty,
      externalId: 'brest-bus',
      pivot: 'W294001234',
      name: 'Bus numérique du Pays de Brest',
      commune: 'Brest',
      postcode: '29200',
      address: 'Place de la Liberté',
      mobility: ['Itinérant'],
      parent: variant === 'semicolon' ? 'Brest métropole' : null,
      updatedOn: '2026-01-10',
      bookingUrl: 'https://www.rdv-solidarites.fr/',
    });
  });

  it.each<[string, Row, Partial<FacilityRecord>]>([
    ['a national phone number', { telephone: '02 98 00 00 00' }, { phone: '+33298000000' }],
    ['a phone number with dots', { telephone: '02.98.00.00.00' }, { phone: '+33298000000' }],
    ['a spaced international number', { telephone: '+33 (0)2 98 00 00 00' }, { phone: '+33298000000' }],
    [
      'a decimal comma',
      { latitude: '48,3967', longitude: '-4,4625' },
      { latitude: 48.3967, longitude: -4.4625 },
    ],
    ['a spreadsheet date', { date_maj: '02/03/2026' }, { updatedOn: '2026-03-02' }],
    [
      'spaces around values',
      { nom: '  Maison de quartier  ', frais_a_charge: ' Gratuit | Payant ' },
      { name: 'Maison de quartier', fees: ['Gratuit', 'Payant'] },
    ],
    [
      'vocabulary without accents',
      { publics_specifiquement_adresses: 'etudiants|SENIORS' },
      { publics: ['Étudiants', 'Seniors'] },
    ],
    [
      'typographic apostrophes',
      { modalites_acces: 'Ce lieu n’accueille pas de public' },
      { accessModes: ["Ce lieu n'accueille pas de public"] },
    ],
    [
      'the description’s spelling of a label',
      { formations_labels: 'Étapes numériques (La Poste)|Formé à « Mon Espace Santé »' },
      { labels: ['Étapes numériques(La Poste)', 'Formé à « Mon Espace Santé »'] },
    ],
    ['a SIRET with spaces', { pivot: '212 900 197 00013' }, { pivot: '21290019700013' }],
    ['a Corsican INSEE code in lower case', { code_insee: '2a004' }, { inseeCode: '2A004' }],
    ['a repeated value', { frais_a_charge: 'Gratuit|Gratuit' }, { fees: ['Gratuit'] }],
  ])('accepts %s', (_, change, expected) => {
    const { records, errors } = parseFacilitiesCsv(csvFile([{ ...kerourien, ...change }]));
    expect(errors).toEqual([]);
    expect(records[0]?.record).toMatchObject(expected);
  });

  it('skips lines of empty cells', () => {
    const text = `${csvFile([kerourien])}${','.repeat(standardColumns.length - 1)}\n${csvFile([bus]).split('\n')[1]}\n`;
    const { records, errors } = parseFacilitiesCsv(text);
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.line, r.record.externalId])).toEqual([
      [2, 'brest-kerourien'],
      [4, 'brest-bus'],
    ]);
  });

  const allowed = (values: readonly string[]) => `(valeurs permises : ${values.join(', ')})`;

  // Each bad value goes in the second facility, at line 3; the first and third stay valid.
  it.each<[string, Row, [StandardColumn, string][]]>([
    ...requiredColumns.map((column): [string, Row, [StandardColumn, string][]] => [
      `a missing ${column}`,
      { [column]: '' },
      [[column, `${column} : champ obligatoire manquant`]],
    ]),
    ['a blank nom', { nom: '   ' }, [['nom', 'nom : champ obligatoire manquant']]],
    [
      'a 4-digit postcode',
      { code_postal: '2920' },
      [['code_postal', 'code_postal : « 2920 » n’est pas un code postal à 5 chiffres']],
    ],
    [
      'a postcode with letters',
      { code_postal: '29 200' },
      [['code_postal', 'code_postal : « 29 200 » n’est pas un code postal à 5 chiffres']],
    ],
    ...['2919', '20019', '2C004', '290190'].map((code): [string, Row, [StandardColumn, string][]] => [
      `the INSEE code ${code}`,
      { code_insee: code },
      [
        [
          'code_insee',
          `code_insee : « ${code} » n’est pas un code INSEE de commune (5 caractères, 2A ou 2B pour la Corse)`,
        ],
      ],
    ]),
    [
      'a short pivot',
      { pivot: '2129001' },
      [
        [
          'pivot',
          'pivot : « 2129001 » n’est ni un SIRET (14 chiffres) ni un numéro RNA ou RIDET (9 à 14 lettres ou chiffres)',
        ],
      ],
    ],
    [
      'an unknown service',
      { services: 'Cuisine|Accès internet et matériel informatique' },
      [['services', `services : « Cuisine » n’est pas une valeur du standard ${allowed(services)}`]],
    ],
    [
      'an empty item in a list',
      { publics_specifiquement_adresses: 'Seniors||Jeunes' },
      [
        [
          'publics_specifiquement_adresses',
          'publics_specifiquement_adresses : valeur vide entre deux « | » dans « Seniors||Jeunes »',
        ],
      ],
    ],
    [
      'a trailing separator',
      { typologie: 'ASSO|' },
      [['typologie', 'typologie : valeur vide entre deux « | » dans « ASSO| »']],
    ],
    [
      'an unknown mobility',
      { itinerance: 'Mobile' },
      [['itinerance', `itinerance : « Mobile » n’est pas une valeur du standard ${allowed(mobility)}`]],
    ],
    [
      'an unknown fee and an unknown support mode',
      { frais_a_charge: 'Libre', modalites_accompagnement: 'En groupe' },
      [
        ['frais_a_charge', `frais_a_charge : « Libre » n’est pas une valeur du standard ${allowed(fees)}`],
        [
          'modalites_accompagnement',
          `modalites_accompagnement : « En groupe » n’est pas une valeur du standard ${allowed(supportModes)}`,
        ],
      ],
    ],
    ...['12 34', '+44 20 7946 0000', '02 98 00 00', 'Standard : 02 98 00 00 00'].map(
      (phone): [string, Row, [StandardColumn, string][]] => [
        `the phone number ${phone}`,
        { telephone: phone },
        [
          [
            'telephone',
            `telephone : « ${phone} » n’est pas un numéro de téléphone valable (écrire +33298000000 ou 02 98 00 00 00)`,
          ],
        ],
      ],
    ),
    [
      'a summary of 281 characters',
      { presentation_resume: 'é'.repeat(281) },
      [['presentation_resume', 'presentation_resume : 281 caractères, c’est plus que les 280 permis']],
    ],
    [
      'an impossible date',
      { date_maj: '2026-02-30' },
      [['date_maj', 'date_maj : « 2026-02-30 » n’est pas une date du calendrier']],
    ],
    [
      'a date in words',
      { date_maj: '2 mars 2026' },
      [['date_maj', 'date_maj : « 2 mars 2026 » n’est pas une date au format AAAA-MM-JJ']],
    ],
    [
      'a date with a time',
      { date_maj: '2026-03-02T10:00:00' },
      [['date_maj', 'date_maj : « 2026-03-02T10:00:00 » n’est pas une date au format AAAA-MM-JJ']],
    ],
    [
      'a latitude out of range',
      { latitude: '95' },
      [['latitude', 'latitude : « 95 » doit être compris entre −90 et 90']],
    ],
    [
      'a longitude out of range',
      { longitude: '-180.5' },
      [['longitude', 'longitude : « -180.5 » doit être compris entre −180 et 180']],
    ],
    [
      'a latitude in words',
      { latitude: 'N 48°23' },
      [['latitude', 'latitude : « N 48°23 » n’est pas un nombre']],
    ],
    [
      'e-mails separated by semicolons',
      { courriels: 'a@exemple.fr;b@exemple.fr' },
      [
        [
          'courriels',
          'courriels : « a@exemple.fr;b@exemple.fr » n’est pas une adresse de courriel (séparer plusieurs courriels par « | »)',
        ],
      ],
    ],
    [
      'an e-mail without domain',
      { courriels: 'accueil@kerourien|contact@exemple.fr' },
      [['courriels', 'courriels : « accueil@kerourien » n’est pas une adresse de courriel']],
    ],
    [
      'a website without scheme',
      { site_web: 'www.kerourien.fr' },
      [
        [
          'site_web',
          'site_web : « www.kerourien.fr » n’est pas une adresse web complète (elle doit commencer par https:// ou http://)',
        ],
      ],
    ],
    [
      'bad accessibility and booking links',
      { fiche_acces_libre: 'acceslibre', prise_rdv: 'ftp://rdv.example.fr' },
      [
        [
          'fiche_acces_libre',
          'fiche_acces_libre : « acceslibre » n’est pas une adresse web complète (elle doit commencer par https:// ou http://)',
        ],
        [
          'prise_rdv',
          'prise_rdv : « ftp://rdv.example.fr » n’est pas une adresse web complète (elle doit commencer par https:// ou http://)',
        ],
      ],
    ],
    [
      'opening hours not in the OSM syntax',
      { horaires: 'Lu-Ve 9h-12h' },
      [['horaires', 'horaires : Horaires à corriger : écrivez « Mo-Fr 09:00-12:00 » (format OpenStreetMap)']],
    ],
  ])('reports %s', (_, change, expected) => {
    const { records, errors } = parseFacilitiesCsv(csvFile([bus, { ...kerourien, ...change }, pontanezen]));
    expect(errors).toEqual(expected.map(([column, message]) => ({ line: 3, column, message })));
    expect(records.map((r) => r.record.externalId)).toEqual(['brest-bus', 'brest-pontanezen']);
  });

  it('accepts a summary of exactly 280 characters', () => {
    const { errors } = parseFacilitiesCsv(csvFile([{ ...kerourien, presentation_resume: 'é'.repeat(280) }]));
    expect(errors).toEqual([]);
  });

  it('collects every error of every line', () => {
    const { records, errors } = parseFacilitiesCsv(
      csvFile([
        { ...kerourien, nom: '', code_postal: '2920' },
        bus,
        { ...pontanezen, services: 'Cuisine', date_maj: '2026-13-01' },
      ]),
    );
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [2, 'nom'],
      [2, 'code_postal'],
      [5, 'services'],
      [5, 'date_maj'],
    ]);
    expect(records.map((r) => r.line)).toEqual([3]);
  });

  it('reports a duplicate id at its second line', () => {
    const { records, errors } = parseFacilitiesCsv(
      csvFile([kerourien, bus, { ...pontanezen, id: 'brest-kerourien' }]),
    );
    expect(errors).toEqual([
      {
        line: 5,
        column: 'id',
        message: 'id : « brest-kerourien » est déjà l’identifiant du lieu de la ligne 2',
      },
    ]);
    expect(records).toHaveLength(2);
  });

  it.each<[string, string[], string]>([
    ['nom', ['nom'], 'Colonnes obligatoires absentes de la ligne d’en-tête : nom'],
    [
      'nom and date_maj',
      ['nom', 'date_maj'],
      'Colonnes obligatoires absentes de la ligne d’en-tête : nom, date_maj',
    ],
  ])('reports the header missing %s once, at line 1', (_, missing, message) => {
    const columns = standardColumns.filter((c) => !missing.includes(c));
    const { records, errors } = parseFacilitiesCsv(csvFile([kerourien, bus], { columns }));
    expect(errors).toEqual([{ line: 1, column: '', message }]);
    expect(records).toEqual([]);
  });

  it.each<[string, string | Buffer, string]>([
    [
      'an empty file',
      '',
      'Fichier illisible : le fichier est vide ou sa première ligne (les en-têtes) est vide',
    ],
    [
      'a Latin-1 file',
      Buffer.from(csvFile([kerourien]), 'latin1'),
      'Fichier illisible : le fichier n’est pas en UTF-8',
    ],
  ])('reports %s at line 1', (_, input, message) => {
    expect(parseFacilitiesCsv(input)).toEqual({ records: [], errors: [{ line: 1, column: '', message }] });
  });
});

describe('writing the national standard', () => {
  const schemaFile = [
    path.join(import.meta.dirname, 'lieux-mediation-numerique.schema.json'),
    '/work/shared/data/standards/lieux-mediation-numerique.schema.json',
  ].find((file) => existsSync(file));
  const schema = JSON.parse(readFileSync(schemaFile ?? 'the standard’s schema.json is missing', 'utf8')) as {
    version: string;
    fields: { name: string; constraints?: { required?: boolean; pattern?: string } }[];
  };
  const patternValues = (name: string) => {
    const pattern = schema.fields.find((f) => f.name === name)?.constraints?.pattern ?? '';
    const inner = /^\(\?:\(\?:\^\|\\\|\)\((.*)\)\)\+\$$/.exec(pattern)?.[1] ?? '';
    return inner.split('|').map((v) => v.replaceAll('\\(', '(').replaceAll('\\)', ')'));
  };

  it('writes the header of the standard’s schema, v1.0.2', () => {
    expect(schema.version).toBe('v1.0.2');
    expect(facilitiesCsv([]).split('\r\n')[0]).toBe(schema.fields.map((f) => f.name).join(','));
    expect([...standardColumns]).toEqual(schema.fields.map((f) => f.name));
    expect([...requiredColumns]).toEqual(
      schema.fields.filter((f) => f.constraints?.required).map((f) => f.name),
    );
  });

  it.each<[string, readonly string[]]>([
    ['services', services],
    ['publics_specifiquement_adresses', publics],
    ['prise_en_charge_specifique', specialSupport],
    ['frais_a_charge', fees],
    ['dispositif_programmes_nationaux', nationalProgrammes],
    ['formations_labels', labels],
    ['modalites_acces', accessModes],
    ['modalites_accompagnement', supportModes],
    ['itinerance', mobility],
  ])('has the vocabulary of %s from the schema', (column, values) => {
    expect([...values]).toEqual(patternValues(column));
  });

  it('writes UTF-8 without BOM, comma-separated, CRLF, quoting what needs it', () => {
    const { records } = parseFacilitiesCsv(csvFile([kerourien, pontanezen]));
    const text = facilitiesCsv(records.map((r) => r.record));
    expect(text.startsWith('id,pivot,nom,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      [
        'brest-kerourien',
        '21290019700013',
        'Maison de quartier de Kerourien',
        'Brest',
        '29200',
        '29019',
        '10 rue Père Ricard',
        '',
        '48.3967',
        '-4.4625',
        'ASSO',
        '+33298000000',
        'accueil@kerourien.example.fr',
        'https://kerourien.example.fr/',
        '"Mo-Fr 09:00-12:00,14:00-18:00; PH off"',
        'Ateliers numériques pour les habitants du quartier.',
        '',
        'Palier',
        'Fixe',
        '',
        '2026-03-02',
        'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien',
        'Seniors|Jeunes',
        '',
        'Gratuit',
        'Conseillers numériques',
        '',
        '',
        'Se présenter|Téléphoner',
        'Accompagnement individuel|Dans un atelier collectif',
        '',
        '',
      ].join(','),
    );
    expect(lines[2]).toContain(',"Un « café numérique » le jeudi ;\nles ordinateurs sont en libre accès.",');
  });

  const tricky: FacilityRecord = {
    ...empty,
    externalId: 'id "spécial", avec; tout',
    pivot: 'W294001234',
    name: 'L’Atelier, « numérique » ; "quartier"',
    commune: 'Brest',
    postcode: '29200',
    address: '1 rue de Siam',
    latitude: -0.000001,
    longitude: 179.999999,
    typology: ['ASSO', 'TIERS_LIEUX'],
    emails: ['a@exemple.fr', 'b@exemple.fr'],
    websites: ['https://exemple.fr/?a=1,2;3', 'https://exemple.fr/b'],
    description: 'Première ligne\n\nTroisième, "citée" ; fin',
    summary: '=SOMME(A1)',
    updatedOn: '2024-02-29',
    services: [...services],
    publics: [...publics],
    specialSupport: [...specialSupport],
    fees: [...fees],
    nationalProgrammes: [...nationalProgrammes],
    labels: [...labels],
    accessModes: [...accessModes],
    supportModes: [...supportModes],
    mobility: [...mobility],
    otherLabels: 'Label « maison »',
  };

  it.each<[string, () => FacilityRecord[]]>([
    [
      'the Brest file',
      () => parseFacilitiesCsv(csvFile([kerourien, pontanezen, bus])).records.map((r) => r.record),
    ],
    ['quotes, separators, line breaks and every vocabulary value', () => [tricky]],
    ['no facility', () => []],
  ])('reads back what it wrote: %s', (_, make) => {
    const records = make();
    const { records: back, errors } = parseFacilitiesCsv(facilitiesCsv(records));
    expect(errors).toEqual([]);
    expect(back.map((r) => r.record)).toEqual(records);
  });
});
