// Layout helpers for the equipment documents (receipt, hand-over sheet); text safety and French formatting come
// from platform/pdf, shared with the vote documents.

import PDFDocument from 'pdfkit';
import {
  fonts,
  pdfText,
  rich,
  formatDate as sharedFormatDate,
  formatDateTime as sharedFormatDateTime,
} from '../../platform/pdf/index.ts';
import { capitalised } from '../../platform/text.ts';
import type { DeviceSummary, OrderParty } from './types.ts';

export type Doc = PDFKit.PDFDocument;

// Text and French formatting: platform/pdf, shared with the vote documents. Dates here without the weekday.
export {
  formatInteger,
  formatIsoDate,
  formatMoney,
  formatTime,
  pdfText,
  plain,
  rich,
} from '../../platform/pdf/index.ts';

/** "4 janvier 2027", "1er janvier 2027" (in Paris time). */
export const formatDate = (date: Date) => sharedFormatDate(date, { weekday: false });

/** "4 janvier 2027 à 18 h". */
export const formatDateTime = (date: Date) => sharedFormatDateTime(date, { weekday: false });

// ---------------------------------------------------------------------------------------------------------------
// The document

export { fonts } from '../../platform/pdf/index.ts';
export const page = { width: 595.28, height: 841.89 }; // A4 in points
export const margins = { top: 50, bottom: 45, left: 50, right: 50 };
export const width = page.width - margins.left - margins.right;
export const size = 10;
export const rule = '#999999';
export const shade = '#eeeeee';
export const grey = '#444444';

/** A new A4 document, and the promise of its bytes once `doc.end()` has been called. */
export function newDocument(
  title: string,
  author: string,
  date: Date,
): { doc: Doc; bytes: Promise<Uint8Array> } {
  const doc = new PDFDocument({
    size: 'A4',
    margins,
    info: { Title: pdfText(title), Author: pdfText(author), Creator: 'Palier', CreationDate: date },
  });
  const chunks: Buffer[] = [];
  const bytes = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  doc.fillColor('black').strokeColor('black').lineWidth(1);
  return { doc, bytes };
}

/** The title, centred, and the lines under it (markup allowed). */
export function title(doc: Doc, text: string, lines: string[]): void {
  doc
    .font(fonts.bold)
    .fontSize(18)
    .text(pdfText(text), margins.left, margins.top, { width, align: 'center' });
  doc.y += 4;
  for (const line of lines) {
    const lineWidth = doc
      .font(fonts.regular)
      .fontSize(11)
      .widthOfString(pdfText(line.replaceAll('**', '')));
    rich(doc, line, { x: margins.left + Math.max(0, (width - lineWidth) / 2), width, size: 11, lineGap: 2 });
  }
  doc.y += 6;
}

/** A section title with a rule under it. */
export function section(doc: Doc, text: string): void {
  doc.y += 8;
  doc.font(fonts.bold).fontSize(12).fillColor('black').text(pdfText(text), margins.left, doc.y, { width });
  doc
    .moveTo(margins.left, doc.y + 1)
    .lineTo(margins.left + width, doc.y + 1)
    .lineWidth(0.5)
    .strokeColor(rule)
    .stroke();
  doc.y += 5;
}

/** A paragraph at the text size (markup allowed). */
export function paragraph(doc: Doc, markup: string): void {
  rich(doc, markup, { x: margins.left, width, size, lineGap: 2 });
  doc.y += 3;
}

/** Label : value lines, the labels in a column; `bold` values stand out. */
export function fields(
  doc: Doc,
  rows: { label: string; value: string; bold?: boolean }[],
  labelWidth = 170,
): void {
  for (const { label, value, bold } of rows) {
    const y = doc.y;
    doc
      .font(fonts.bold)
      .fontSize(size)
      .text(pdfText(label), margins.left, y, { width: labelWidth - 10 });
    const labelBottom = doc.y;
    doc
      .font(bold ? fonts.bold : fonts.regular)
      .fontSize(bold ? size + 2 : size)
      .text(pdfText(value), margins.left + labelWidth, y - (bold ? 1 : 0), {
        width: width - labelWidth,
        lineGap: 1,
      });
    doc.y = Math.max(doc.y, labelBottom) + 3;
  }
}

/** The centre and the household, side by side, each in a box. */
export function parties(doc: Doc, party: OrderParty): void {
  const gap = 20;
  const boxWidth = (width - gap) / 2;
  const top = doc.y + 4;
  const pad = 8;
  const blocks = [
    {
      heading: 'Le centre',
      name: party.centreName,
      lines: [party.centreAddress, party.centrePhone ? `Tél. : ${party.centrePhone}` : null],
    },
    {
      heading: 'Le foyer',
      name: party.householdName,
      lines: [`Référence : ${party.householdReference}`, party.address],
    },
  ];
  let bottom = top;
  blocks.forEach((block, i) => {
    const x = margins.left + i * (boxWidth + gap) + pad;
    const w = boxWidth - 2 * pad;
    doc
      .font(fonts.regular)
      .fontSize(9)
      .fillColor(grey)
      .text(pdfText(block.heading.toUpperCase()), x, top + pad, { width: w });
    doc
      .fillColor('black')
      .font(fonts.bold)
      .fontSize(11)
      .text(pdfText(block.name), x, doc.y + 1, { width: w });
    doc.font(fonts.regular).fontSize(size);
    for (const line of block.lines)
      if (line && line.trim() !== '') doc.text(pdfText(line), x, doc.y + 1, { width: w });
    bottom = Math.max(bottom, doc.y + pad);
  });
  blocks.forEach((_, i) => {
    doc
      .roundedRect(margins.left + i * (boxWidth + gap), top, boxWidth, bottom - top, 5)
      .lineWidth(0.75)
      .strokeColor(rule)
      .stroke();
  });
  doc.strokeColor('black').lineWidth(1);
  doc.x = margins.left;
  doc.y = bottom + 4;
}

// ---------------------------------------------------------------------------------------------------------------
// Words

export const deviceKinds = { desktop: 'ordinateur de bureau', laptop: 'ordinateur portable' } as const;

/** "Ordinateur portable Lenovo ThinkPad T480", with "avec écran, clavier et souris" for a desktop bundle. */
export function deviceName(device: DeviceSummary): string {
  const bundle = device.bundle ? ' (avec écran, clavier et souris)' : '';
  return `${capitalised(deviceKinds[device.kind])} ${device.make} ${device.model}${bundle}`;
}

export { capitalised };
