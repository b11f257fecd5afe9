// The printable Visa Internet certificate: one A4 portrait page, plain enough for a home printer in black and white,
// that a resident can show an employer. It names the holder and what they showed they can do, and carries the
// verification code and a QR code to the public verification page. A revoked certificate says so in a band and a
// watermark. Text and French dates come from platform/pdf (ADR 022).
import PDFDocument from 'pdfkit';
import { drawQr, fonts, formatIsoDate, pdfBytes, pdfText } from '../../platform/pdf/index.ts';

export interface CertificatePdfInput {
  /** The verification code, "P-7K3M9QXA". */
  code: string;
  /** As the holder wants it printed. */
  holderName: string;
  /** "Visa Internet". */
  levelTitle: string;
  /** "Visa Internet — compétences de base (PIM), version 2026.1". */
  frameworkLabel: string;
  /** In the order they are printed; grouped by area in the order the areas first appear. */
  competencies: { code: string; title: string; area: string }[];
  /** The facility that issues it. */
  issuerName: string;
  programmeName: string;
  /** YYYY-MM-DD. */
  issuedOn: string;
  /** The public verification page of this certificate: encoded in the QR code and printed in full. */
  verifyUrl: string;
  revoked: { on: string; reason: string } | null;
  /** The programme's logo (PNG or JPEG); only the programme's name when absent or unreadable. */
  logo?: Buffer | null;
}

type Doc = PDFKit.PDFDocument;

const page = { width: 595.28, height: 841.89 }; // A4 in points
const left = 60;
const width = page.width - 2 * left;
const grey = '#444444';
const red = '#b00020';

/** The QR code's side: about 35 mm, modules of about 1 mm for verification URLs (easy for phone cameras). */
const qrSize = 100;
/** The bottom block (verification) starts here: a rule, then the QR code and what to type. */
const verifyTop = page.height - 60 - qrSize - 18;

/** The largest size from `max` down to `min` at which the text holds on one line of `lineWidth`. */
function fittingSize(
  doc: Doc,
  text: string,
  font: string,
  max: number,
  min: number,
  lineWidth: number,
): number {
  doc.font(font);
  for (let size = max; size > min; size -= 1) {
    if (doc.fontSize(size).widthOfString(text) <= lineWidth) return size;
  }
  return min;
}

/** A centred line (wrapped if it must), in the largest size that keeps it on one line; moves doc.y below it. */
function centredLine(doc: Doc, text: string, y: number, font: string, max: number, min: number): void {
  const safe = pdfText(text);
  const size = fittingSize(doc, safe, font, max, min, width);
  doc.font(font).fontSize(size).text(safe, left, y, { width, align: 'center' });
}

/** Area headings and their competencies as bullet lines. */
type Group = { area: string; titles: string[] };

function groupByArea(competencies: CertificatePdfInput['competencies']): Group[] {
  const groups = new Map<string, Group>();
  for (const { area, title } of competencies) {
    const group = groups.get(area) ?? { area, titles: [] };
    group.titles.push(title);
    groups.set(area, group);
  }
  return [...groups.values()];
}

type Column = { x: number; width: number };
const bulletIndent = 14;
const oneColumn: Column[] = [{ x: left + 30, width: width - 60 }];
const twoColumns: Column[] = [
  { x: left, width: (width - 24) / 2 },
  { x: left + (width + 24) / 2, width: (width - 24) / 2 },
];
/** The layouts to try, most readable first: one column, large; then two columns; the first that fits is used. */
const layouts = [
  ...[12, 11.5, 11, 10.5].map((size) => ({ size, columns: oneColumn })),
  ...[11, 10.5, 10, 9.5, 9, 8.5].map((size) => ({ size, columns: twoColumns })),
];
type Layout = (typeof layouts)[number];

/** Lays groups out in a column from `top`; draws them when `draw`, and returns where they end. */
function layOutColumn(doc: Doc, groups: Group[], size: number, top: number, column: Column, draw: boolean) {
  let y = top;
  const itemWidth = column.width - bulletIndent;
  groups.forEach((group, i) => {
    if (i > 0) y += size * 0.55;
    const heading = pdfText(group.area);
    if (heading !== '') {
      doc
        .font(fonts.bold)
        .fontSize(size - 1)
        .fillColor(grey);
      if (draw) doc.text(heading, column.x, y, { width: column.width });
      y += doc.heightOfString(heading, { width: column.width }) + size * 0.2;
    }
    doc.font(fonts.regular).fontSize(size).fillColor('black');
    for (const title of group.titles) {
      const text = pdfText(title);
      if (draw) {
        doc.text('\u2022', column.x + 2, y, { lineBreak: false });
        doc.text(text, column.x + bulletIndent, y, { width: itemWidth });
      }
      y += doc.heightOfString(text, { width: itemWidth }) + size * 0.15;
    }
  });
  return y;
}

/**
 * Lays the list out; returns where it ends. In two columns, whole areas go left then right, split where the
 * taller column is shortest.
 */
function layOutList(doc: Doc, groups: Group[], layout: Layout, top: number, draw: boolean): number {
  const [first, second] = layout.columns;
  const bottomOf = (part: Group[], column: Column, drawIt: boolean) =>
    layOutColumn(doc, part, layout.size, top, column, drawIt);
  if (!second || groups.length < 2) return bottomOf(groups, first!, draw);
  let split = 1;
  let best = Number.POSITIVE_INFINITY;
  for (let k = 1; k < groups.length; k++) {
    const tallest = Math.max(
      bottomOf(groups.slice(0, k), first!, false),
      bottomOf(groups.slice(k), second, false),
    );
    if (tallest < best) [best, split] = [tallest, k];
  }
  if (draw) {
    bottomOf(groups.slice(0, split), first!, true);
    bottomOf(groups.slice(split), second, true);
  }
  return best;
}

/**
 * The competencies grouped by area, in the largest layout that fits between `top` and `bottom`. A framework has at
 * most about 16 competencies, which fit; beyond, the last ones give way to a line pointing to the verification page.
 */
function competencyList(
  doc: Doc,
  competencies: CertificatePdfInput['competencies'],
  top: number,
  bottom: number,
) {
  const groups = groupByArea(competencies);
  const layout = layouts.find((l) => layOutList(doc, groups, l, top, false) <= bottom);
  if (layout) {
    layOutList(doc, groups, layout, top, true);
    return;
  }
  const smallest = layouts.at(-1)!;
  for (let keep = competencies.length - 1; keep >= 0; keep--) {
    const more = competencies.length - keep;
    const note = `… et ${more} autre${more > 1 ? 's' : ''} compétence${more > 1 ? 's' : ''} : voir la page de vérification`;
    const kept = [...groupByArea(competencies.slice(0, keep)), { area: '', titles: [note] }];
    if (keep === 0 || layOutList(doc, kept, smallest, top, false) <= bottom) {
      layOutList(doc, kept, smallest, top, true);
      return;
    }
  }
}

/** The programme's logo, centred; false when it cannot be read (the certificate is still printed). */
function logo(doc: Doc, image: Buffer, y: number, height: number): boolean {
  try {
    doc.image(image, left, y, { fit: [width, height], align: 'center', valign: 'center' });
    return true;
  } catch {
    return false;
  }
}

/** « CERTIFICAT RÉVOQUÉ le 3 avril 2026 : raison », in a heavy frame. */
function revokedBand(doc: Doc, revoked: { on: string; reason: string }, top: number): number {
  const text = pdfText(`CERTIFICAT RÉVOQUÉ le ${formatIsoDate(revoked.on)} : ${revoked.reason}`);
  const padding = 9;
  doc.font(fonts.bold).fontSize(14);
  const height = doc.heightOfString(text, { width: width - 2 * padding, align: 'center' }) + 2 * padding;
  doc
    .rect(left, top, width, height)
    .lineWidth(2.5)
    .strokeColor('black')
    .stroke()
    .fillColor(red)
    .text(text, left + padding, top + padding + 1, { width: width - 2 * padding, align: 'center' })
    .fillColor('black');
  return top + height;
}

/** A light diagonal « RÉVOQUÉ » across the page, so that a copy without the band still shows it. */
function revokedWatermark(doc: Doc): void {
  doc.save();
  doc.rotate(-40, { origin: [page.width / 2, page.height / 2] });
  doc
    .font(fonts.bold)
    .fontSize(100)
    .fillColor(red)
    .fillOpacity(0.08)
    .text(pdfText('RÉVOQUÉ'), 0, page.height / 2 - 50, {
      width: page.width,
      align: 'center',
      lineBreak: false,
    });
  doc.restore();
  doc.fillOpacity(1).fillColor('black');
}

/** « Délivré par …, le 12 mars 2026 » and the framework, ending at `bottom`; returns where they start. */
function issuance(doc: Doc, input: CertificatePdfInput, bottom: number): number {
  const issued = pdfText(`Délivré par ${input.issuerName}, le ${formatIsoDate(input.issuedOn)}`);
  const framework = pdfText(input.frameworkLabel);
  doc.font(fonts.regular).fontSize(12);
  const issuedHeight = doc.heightOfString(issued, { width, align: 'center' });
  doc.fontSize(9);
  const frameworkHeight = doc.heightOfString(framework, { width, align: 'center' });
  const top = bottom - issuedHeight - 5 - frameworkHeight;
  doc.fontSize(12).fillColor('black').text(issued, left, top, { width, align: 'center' });
  doc
    .fontSize(9)
    .fillColor(grey)
    .text(framework, left, top + issuedHeight + 5, { width, align: 'center' })
    .fillColor('black');
  return top;
}

/** The QR code, then what to type: the address in full and the code in large fixed-width letters. */
function verification(doc: Doc, input: CertificatePdfInput): void {
  doc
    .moveTo(left, verifyTop)
    .lineTo(left + width, verifyTop)
    .lineWidth(0.75)
    .strokeColor(grey)
    .stroke()
    .strokeColor('black');
  const qrTop = verifyTop + 18;
  drawQr(doc, input.verifyUrl, left, qrTop, qrSize);

  const x = left + qrSize + 22;
  const columnWidth = left + width - x;
  doc
    .font(fonts.bold)
    .fontSize(12)
    .fillColor('black')
    .text(pdfText('Vérifier ce certificat :'), x, qrTop + 4, { width: columnWidth, lineBreak: false });
  const url = pdfText(input.verifyUrl);
  const urlSize = fittingSize(doc, url, fonts.regular, 11, 7, columnWidth);
  doc
    .font(fonts.regular)
    .fontSize(urlSize)
    .text(url, x, qrTop + 23, { width: columnWidth });

  const codeBaseline = Math.max(doc.y, qrTop + 38) + 24;
  doc
    .font(fonts.regular)
    .fontSize(11)
    .text('code ', x, codeBaseline, { baseline: 'alphabetic', lineBreak: false });
  const codeX = x + doc.widthOfString('code ') + 4;
  const code = pdfText(input.code);
  const codeSize = fittingSize(doc, code, fonts.code, 24, 12, left + width - codeX);
  doc
    .font(fonts.code)
    .fontSize(codeSize)
    .text(code, codeX, codeBaseline, { baseline: 'alphabetic', lineBreak: false });

  doc
    .font(fonts.regular)
    .fontSize(9.5)
    .fillColor(grey)
    .text(
      pdfText('Toute personne peut vérifier ce certificat en ligne, sans compte.'),
      x,
      Math.max(codeBaseline + 14, qrTop + qrSize - 12),
      { width: columnWidth },
    )
    .fillColor('black');
}

/** A thin double frame around the page: a diploma's, light on ink. */
function frame(doc: Doc): void {
  doc
    .rect(24, 24, page.width - 48, page.height - 48)
    .lineWidth(1.5)
    .strokeColor('black')
    .stroke();
  doc
    .rect(29, 29, page.width - 58, page.height - 58)
    .lineWidth(0.5)
    .stroke();
}

/** The certificate, as a one-page PDF. */
export async function certificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    // Everything is placed explicitly; no margin, so that pdfkit never starts a second page on its own.
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    lang: 'fr-FR',
    displayTitle: true,
    info: {
      Title: pdfText(`${input.levelTitle} — ${input.holderName}`),
      Subject: pdfText(`Certificat ${input.code} : ${input.frameworkLabel}`),
      Author: pdfText(input.issuerName),
      Creator: 'Palier',
    },
  });
  const bytes = pdfBytes(doc);
  doc.fillColor('black').strokeColor('black').lineWidth(1);
  frame(doc);

  // The programme: its logo when given, and its name.
  let y = 54;
  if (input.logo && logo(doc, input.logo, y, 56)) y += 56 + 8;
  doc.font(fonts.regular).fontSize(12).fillColor(grey);
  doc.text(pdfText(input.programmeName), left, y, { width, align: 'center' });
  doc.fillColor('black');
  y = doc.y;

  if (input.revoked) y = revokedBand(doc, input.revoked, y + 12);

  centredLine(doc, input.levelTitle, y + 22, fonts.bold, 40, 24);
  doc
    .font(fonts.italic)
    .fontSize(13)
    .text(pdfText('est délivré à'), left, doc.y + 8, { width, align: 'center' });
  centredLine(doc, input.holderName, doc.y + 6, fonts.bold, 30, 18);
  const ruleY = doc.y + 14;
  doc
    .moveTo(page.width / 2 - 60, ruleY)
    .lineTo(page.width / 2 + 60, ruleY)
    .lineWidth(0.75)
    .stroke();
  doc
    .font(fonts.regular)
    .fontSize(12)
    .text(pdfText('pour avoir montré qu’elle ou il sait :'), left, ruleY + 14, { width, align: 'center' });

  const listTop = doc.y + 12;
  const issuanceTop = issuance(doc, input, verifyTop - 16);
  competencyList(doc, input.competencies, listTop, issuanceTop - 18);
  verification(doc, input);
  if (input.revoked) revokedWatermark(doc);

  doc.end();
  const pdf = await bytes;
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
