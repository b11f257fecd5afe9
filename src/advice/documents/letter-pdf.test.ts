import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { a4 } from '../../platform/pdf/index.ts';
import { type LetterPdfInput, renderLetterPdf } from './letter-pdf.ts';

const letter = (overrides: Partial<LetterPdfInput> = {}): LetterPdfInput => ({
  association: { name: 'CLCV Brest', phone: '02 98 00 00 00', email: 'brest@clcv.example.org' },
  recipient: 'Opérateur Ouest\nService clients — Résiliations\nTSA 12345\n29200 Brest',
  sender: { name: 'Aïcha Benali', addressLines: ['Rez-de-chaussée', '12 rue de Kérourien', '29200 Brest'] },
  placeDate: 'Brest, le 26 novembre 2026',
  subject: 'Résiliation de mon abonnement',
  body: 'Madame, Monsieur,\n\nPar ce courrier, je vous demande de résilier cet abonnement.\nNuméro de client : 42\n\nJe vous prie d’agréer mes salutations distinguées.',
  ...overrides,
});

/** The text of each page, with every run of spaces (no-break ones included) as one space. */
async function pages(bytes: Uint8Array): Promise<string[]> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: false });
  return text.map((page) => page.replace(/\s+/g, ' '));
}

/** Where a piece of text starts on page 1, in millimetres from the top left corner (its baseline). */
async function position(bytes: Uint8Array, text: string): Promise<{ x: number; y: number }> {
  const page = await (await getDocumentProxy(new Uint8Array(bytes))).getPage(1);
  const { items } = await page.getTextContent();
  const item = items.find((i) => 'str' in i && i.str.includes(text)) as { transform: number[] } | undefined;
  if (!item) throw new Error(`not on the page: ${text}`);
  const toMm = (points: number) => (points * 25.4) / 72;
  return { x: toMm(item.transform[4]!), y: toMm(a4.height - item.transform[5]!) };
}

describe('renderLetterPdf', () => {
  it('writes a French business letter: sender, recipient, place and date, subject, body, signature, association', async () => {
    const bytes = await renderLetterPdf(letter());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const [page, ...more] = await pages(bytes);
    expect(more).toHaveLength(0);
    for (const text of [
      'Aïcha Benali',
      '12 rue de Kérourien',
      'Opérateur Ouest',
      'Service clients — Résiliations',
      'Brest, le 26 novembre 2026',
      'Objet : Résiliation de mon abonnement',
      'je vous demande de résilier cet abonnement.',
      'Numéro de client : 42',
      'Signature',
      'Courrier préparé avec l’aide de : CLCV Brest · Tél. : 02 98 00 00 00 · brest@clcv.example.org',
    ])
      expect(page).toContain(text);
    // The sender above the body, the signature after it.
    expect(page!.indexOf('12 rue de Kérourien')).toBeLessThan(page!.indexOf('Madame, Monsieur'));
    expect(page!.indexOf('salutations distinguées')).toBeLessThan(page!.indexOf('Signature'));
  });

  it('puts the recipient where the window of a DL envelope shows it, the sender top left out of it', async () => {
    const bytes = await renderLetterPdf(letter());
    const recipient = await position(bytes, 'Opérateur Ouest');
    expect(recipient.x).toBeCloseTo(110, 0);
    // The baseline of the first line, a font's ascent under the top of the block (50 mm).
    expect(recipient.y).toBeGreaterThan(50);
    expect(recipient.y).toBeLessThan(56);
    const postcode = await position(bytes, '29200 Brest');
    expect(postcode.y).toBeLessThan(50 + 35); // the window is 35 mm high here (45 mm with its margins)
    const sender = await position(bytes, 'Aïcha Benali');
    expect(sender.x).toBeCloseTo(20, 0);
    expect(sender.y).toBeLessThan(25);
    const subject = await position(bytes, 'Objet :');
    expect(subject.y).toBeGreaterThan(99); // under the first fold
  });

  it('continues a long letter on a second page, numbered, and keeps the signature whole', async () => {
    const paragraph =
      'Ce paragraphe raconte en détail ce qui s’est passé avec le vendeur venu à domicile. '.repeat(6);
    const bytes = await renderLetterPdf(letter({ body: Array(10).fill(paragraph).join('\n\n') }));
    const texts = await pages(bytes);
    expect(texts.length).toBe(2);
    expect(texts[0]).toContain('1/2');
    expect(texts[1]).toContain('2/2');
    expect(texts[1]).toContain('Signature');
    expect(texts[1]).toContain('Courrier préparé avec l’aide de : CLCV Brest');
  });

  it('writes what the standard fonts lack as look-alikes, without breaking the file', async () => {
    const bytes = await renderLetterPdf(
      letter({ sender: { name: 'Ștefan Popescu', addressLines: [] }, association: { name: 'CSF' } }),
    );
    const [page] = await pages(bytes);
    expect(page).toContain('Stefan Popescu');
    expect(page).toContain('Courrier préparé avec l’aide de : CSF');
    expect(page).not.toContain('Tél.');
  });
});
