import QRCode from 'qrcode';
import { extractText, getDocumentProxy, getResolvedPDFJS } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { pim2026 } from '../frameworks.ts';
import { type CertificatePdfInput, certificatePdf } from './certificate.ts';

/** The 15 competencies of the PIM framework, with their area's title. */
const pim = pim2026.areas.flatMap((area) =>
  area.competencies.map((c) => ({ code: c.code, title: c.title, area: area.title })),
);

const certificate = (overrides: Partial<CertificatePdfInput> = {}): CertificatePdfInput => ({
  code: 'P-7K3M9QXA',
  holderName: 'Maryvonne Le Goff',
  levelTitle: 'Visa Internet',
  frameworkLabel: 'Visa Internet — compétences de base (PIM), version 2026.1',
  competencies: pim,
  issuerName: 'Médiathèque des Capucins',
  programmeName: 'Brest Connecté',
  issuedOn: '2026-03-12',
  verifyUrl: 'https://palier.example/verify/P-7K3M9QXA',
  revoked: null,
  ...overrides,
});

const revoked = { on: '2026-04-03', reason: 'délivré par erreur' };

/** A small PNG, as a programme's logo. */
const logo = () => QRCode.toBuffer('Brest Connecté', { type: 'png', width: 120 });

/** The text of each page, with every run of spaces (no-break ones included) as one space. */
async function pages(bytes: Uint8Array): Promise<string[]> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: false });
  return text.map((page) => page.replace(/\s+/g, ' '));
}

/** The document's information dictionary (Title, Author, Language…). */
async function info(bytes: Uint8Array): Promise<Record<string, unknown>> {
  const { info } = await (await getDocumentProxy(new Uint8Array(bytes))).getMetadata();
  return info as Record<string, unknown>;
}

async function operators(bytes: Uint8Array) {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  return (await pdf.getPage(1)).getOperatorList();
}

/**
 * The QR code as drawn: the filled path of many rectangles (in pdfkit's top-down coordinates), read back into a
 * grid of modules. The module size comes from the top-left finder pattern, whose first row is 7 modules wide.
 */
async function drawnQr(bytes: Uint8Array): Promise<{ size: number; data: number[] }> {
  const { OPS } = await getResolvedPDFJS();
  const { fnArray, argsArray } = await operators(bytes);
  const filled = fnArray
    .map((op, i) => (op === OPS.constructPath && argsArray[i]?.[0] === OPS.fill ? argsArray[i] : null))
    .filter((args) => args !== null);
  expect(filled).toHaveLength(1);
  // pdf.js path data: 0 x y (move), 1 x y (line) ×3, 4 (close) for each rectangle.
  const path = Array.from(filled[0][1][0] as ArrayLike<number>);
  const rects: { x: number; y: number; w: number }[] = [];
  for (let i = 0; i < path.length; i += 13) {
    const xs = [path[i + 1]!, path[i + 4]!, path[i + 7]!, path[i + 10]!];
    const ys = [path[i + 2]!, path[i + 5]!, path[i + 8]!, path[i + 11]!];
    rects.push({ x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs) });
  }
  const x0 = Math.min(...rects.map((r) => r.x));
  const y0 = Math.min(...rects.map((r) => r.y));
  const cell = rects.find((r) => r.x === x0 && r.y === y0)!.w / 7;
  const size = Math.round((Math.max(...rects.map((r) => r.x + r.w)) - x0) / cell);
  const data = Array<number>(size * size).fill(0);
  for (const r of rects) {
    const row = Math.round((r.y - y0) / cell);
    const from = Math.round((r.x - x0) / cell);
    for (let col = from; col < from + Math.round(r.w / cell); col++) data[row * size + col] = 1;
  }
  return { size, data };
}

describe('certificatePdf', () => {
  it('prints the holder, the level, every competency, the issuer, the date and how to verify, on one A4 page', async () => {
    const bytes = await certificatePdf(certificate());
    expect(Buffer.isBuffer(bytes)).toBe(true);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    expect(pdf.numPages).toBe(1);
    const view = (await pdf.getPage(1)).view;
    expect([Math.round(view[2]!), Math.round(view[3]!)]).toEqual([595, 842]);

    const [page] = await pages(bytes);
    for (const text of [
      'Brest Connecté',
      'Visa Internet',
      'est délivré à',
      'Maryvonne Le Goff',
      'pour avoir montré qu’elle ou il sait :',
      'Délivré par Médiathèque des Capucins, le 12 mars 2026',
      'Visa Internet — compétences de base (PIM), version 2026.1',
      'Vérifier ce certificat :',
      'https://palier.example/verify/P-7K3M9QXA',
      'code P-7K3M9QXA',
      'Toute personne peut vérifier ce certificat en ligne, sans compte.',
    ])
      expect(page).toContain(text);
    for (const area of pim2026.areas) expect(page).toContain(area.title);
    for (const { title } of pim) expect(page).toContain(title);
    expect(page).not.toContain('RÉVOQUÉ');
    expect(page).not.toContain('autres compétences');
  });

  it('names the document after the level and the holder', async () => {
    const document = await info(await certificatePdf(certificate()));
    expect(document.Title).toBe('Visa Internet — Maryvonne Le Goff');
    expect(document.Author).toBe('Médiathèque des Capucins');
    expect(document.Language).toBe('fr-FR');
  });

  it('draws the QR code of the verification address', async () => {
    const input = certificate();
    const { modules } = QRCode.create(input.verifyUrl, { errorCorrectionLevel: 'M' });
    const drawn = await drawnQr(await certificatePdf(input));
    expect(drawn.size).toBe(modules.size);
    expect(drawn.data).toEqual([...modules.data].map((dark) => (dark ? 1 : 0)));
  });

  it.each([
    ['2026-05-01', 'le 1er mai 2026'],
    ['2026-12-31', 'le 31 décembre 2026'],
  ])('writes the date %s in words', async (issuedOn, words) => {
    const [page] = await pages(await certificatePdf(certificate({ issuedOn })));
    expect(page).toContain(`Délivré par Médiathèque des Capucins, ${words}`);
  });

  it('says clearly when the certificate is revoked, and why', async () => {
    const [page] = await pages(await certificatePdf(certificate({ revoked })));
    expect(page).toContain('CERTIFICAT RÉVOQUÉ le 3 avril 2026 : délivré par erreur');
    // The rest is still there: the verification page tells the same.
    expect(page).toContain('Maryvonne Le Goff');
    expect(page).toContain('code P-7K3M9QXA');
  });

  it('puts the programme’s logo at the top when there is one, and only its name otherwise', async () => {
    const { OPS } = await getResolvedPDFJS();
    const images = async (input: CertificatePdfInput) =>
      (await operators(await certificatePdf(input))).fnArray.filter((op) => op === OPS.paintImageXObject)
        .length;
    expect(await images(certificate({ logo: await logo() }))).toBe(1);
    expect(await images(certificate())).toBe(0);
    // A logo that cannot be read does not prevent printing the certificate.
    const broken = await certificatePdf(certificate({ logo: Buffer.from('not an image') }));
    expect(await images(certificate({ logo: Buffer.from('not an image') }))).toBe(0);
    expect((await pages(broken))[0]).toContain('Brest Connecté');
  });

  it('keeps 15 competencies on one page with a logo, a revocation and a long name', async () => {
    const bytes = await certificatePdf(
      certificate({
        logo: await logo(),
        revoked: {
          on: '2026-04-03',
          reason: 'compétences validées par erreur, voir le dossier de l’animatrice',
        },
        holderName: 'Marie-Françoise Le Bihan-Kerbrat de la Villemarqué',
      }),
    );
    const text = await pages(bytes);
    expect(text).toHaveLength(1);
    for (const { title } of pim) expect(text[0]).toContain(title);
    expect(text[0]).toContain('Marie-Françoise Le Bihan-Kerbrat de la Villemarqué');
    expect(text[0]).toContain('code P-7K3M9QXA');
  });

  it('stays on one page with far too many competencies, and says how many are left out', async () => {
    const many = Array.from({ length: 80 }, (_, i) => ({
      code: `X-${i + 1}`,
      title: `Compétence numéro ${i + 1}`,
      area: `Domaine ${Math.floor(i / 10) + 1}`,
    }));
    const [page, ...rest] = await pages(await certificatePdf(certificate({ competencies: many })));
    expect(rest).toHaveLength(0);
    const shown = many.filter((c) => page!.includes(`${c.title} `)).length;
    expect(shown).toBeGreaterThan(30);
    expect(page).toContain(`… et ${80 - shown} autres compétences : voir la page de vérification`);
    expect(page).toContain('code P-7K3M9QXA');
  });

  it('prints names outside the standard fonts’ characters without accents rather than broken', async () => {
    const bytes = await certificatePdf(certificate({ holderName: 'Nguyễn Thị Hoa' }));
    const [page] = await pages(bytes);
    expect(page).toContain('Nguyen Thi Hoa');
    expect((await info(bytes)).Title).toBe('Visa Internet — Nguyen Thi Hoa');
  });

  it('is made in well under half a second', async () => {
    const input = certificate({ logo: await logo(), revoked });
    await certificatePdf(input); // fonts and modules loaded
    const start = performance.now();
    await certificatePdf(input);
    expect(performance.now() - start).toBeLessThan(500);
  });
});
