// The dump reader finds the end of a table's rows wherever the decompressed chunks happen to be cut: a `\.` line
// split across two chunks, rows that merely look like it, rows split anywhere.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BackupError, DumpReader } from './backup.ts';

const rows = [
  '1\tplain\n',
  '2\tends with an escaped backslash and a dot \\\\.\n',
  '3\t\\\\.\n',
  '4\ta\\tb\\nc\\\\\n',
  '5\t\\N\n',
  '6\t.\n',
  '7\t\\\\\n',
];
const text = `COPY a (id, v) FROM stdin;\n${rows.join('')}\\.\n-- rows: 7\nCOPY b (id) FROM stdin;\n\\.\n-- rows: 0\nCOPY c (id) FROM stdin;\n\\\\.\n\\.\nSELECT 1;\n`;

async function read(chunks: Buffer[]) {
  const reader = new DumpReader(Readable.from(chunks), () => new BackupError('read'));
  const out: string[] = [];
  for (;;) {
    const line = await reader.nextLine();
    if (line === null) return { out, lines: reader.line };
    out.push(line);
    if (line.startsWith('COPY ')) {
      const parts: Buffer[] = [];
      let counted = 0;
      const n = await reader.copyRows(async (data, k) => {
        parts.push(Buffer.from(data));
        counted += k;
      });
      expect(n).toBe(counted);
      out.push(`[${n} rows] ${Buffer.concat(parts).toString('utf8')}`);
    }
  }
}

const split = (bytes: Buffer, cuts: number[]) => {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    if (p > from) chunks.push(bytes.subarray(from, p));
    from = Math.max(from, p);
  }
  return chunks;
};

describe('the dump reader', () => {
  it('hands on each block’s rows exactly, however the chunks are cut', async () => {
    const bytes = Buffer.from(text);
    const expected = [
      'COPY a (id, v) FROM stdin;',
      `[7 rows] ${rows.join('')}`,
      '-- rows: 7',
      'COPY b (id) FROM stdin;',
      '[0 rows] ',
      '-- rows: 0',
      'COPY c (id) FROM stdin;',
      '[1 rows] \\\\.\n',
      'SELECT 1;',
    ];
    expect((await read([bytes])).out).toEqual(expected);
    expect((await read([...bytes].map((b) => Buffer.from([b])))).out).toEqual(expected);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 40 }), async (cuts) => {
        const { out, lines } = await read(split(bytes, cuts));
        expect(out).toEqual(expected);
        expect(lines).toBe(text.split('\n').length - 1);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses rows that stop before their end', async () => {
    const cut = Buffer.from(text.slice(0, text.indexOf('\\.\n-- rows: 7') + 1));
    await expect(read([cut])).rejects.toThrow('the backup is damaged: a table’s rows stop before their end');
  });
});
