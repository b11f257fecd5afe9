// An advice letter to print: a French business letter from the household member to the operator, folded in three
// for a window envelope, with the association that helped at the foot of each page.
import PDFDocument from 'pdfkit';
import { a4, fonts, letterLayout, mm, pdfBytes, pdfText, writeLetterHead } from '../../platform/pdf/index.ts';

export interface LetterPdfInput {
  /** The association that prepared the letter, named at the foot of each page. */
  association: { name: string; phone?: string | null; email?: string | null };
  /** The recipient's name and postal address, one line each: shown in the envelope window. */
  recipient: string;
  /** Who writes and signs: the household member, with the postal address lines. */
  sender: { name: string; addressLines: string[] };
  /** "Brest, le 26 novembre 2026". */
  placeDate: string;
  subject: string;
  /** Plain text: paragraphs separated by a blank line; a single line break is kept. */
  body: string;
  /** When it was written (the document's creation date). */
  date?: Date;
}

const grey = '#444444';
const signatureHeight = mm(32);

export async function renderLetterPdf(input: LetterPdfInput): Promise<Buffer> {
  const { margin } = letterLayout;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    bufferPages: true,
    lang: 'fr-FR',
    info: {
      Title: pdfText(`Courrier — ${input.subject}`),
      Author: pdfText(input.sender.name),
      Creator: pdfText(`Palier — ${input.association.name}`),
      CreationDate: input.date ?? new Date(),
    },
  });
  const bytes = pdfBytes(doc);
  const width = a4.width - 2 * margin;

  writeLetterHead(doc, {
    sender: { name: input.sender.name, lines: input.sender.addressLines, size: 10 },
    recipient: input.recipient.split(/\r?\n/),
    dateLine: input.placeDate,
    subject: input.subject,
  });

  doc.font(fonts.regular).fontSize(11).fillColor('black');
  for (const paragraph of input.body.split(/\n[^\S\n]*\n\s*/)) {
    if (!paragraph.trim()) continue;
    doc.text(pdfText(paragraph.trim()), margin, doc.y, { width, lineGap: 2 });
    doc.y += 8;
  }

  // The signature stays in one piece, on the right, under the text.
  if (doc.y + signatureHeight > doc.page.height - margin) doc.addPage();
  const x = mm(110);
  const top = doc.y + 8;
  doc
    .font(fonts.regular)
    .fontSize(10)
    .fillColor(grey)
    .text('Signature', x, top, { width: mm(80) });
  doc
    .font(fonts.regular)
    .fontSize(11)
    .fillColor('black')
    .text(pdfText(input.sender.name), x, top + signatureHeight - mm(8), { width: mm(80) });

  const { association } = input;
  const foot = [
    `Courrier préparé avec l’aide de : ${association.name}`,
    association.phone && `Tél. : ${association.phone}`,
    association.email,
  ]
    .filter(Boolean)
    .join(' · ');
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the margin must not start a new page
    const y = doc.page.height - mm(13);
    doc.font(fonts.regular).fontSize(8).fillColor(grey);
    // One line: a long name or address is cut with an ellipsis rather than wrapped off the page.
    const footWidth = range.count > 1 ? width - mm(15) : width;
    doc.text(pdfText(foot), margin, y, { width: footWidth, height: 10, ellipsis: true });
    if (range.count > 1)
      doc.text(`${i - range.start + 1}/${range.count}`, margin, y, { width, height: 10, align: 'right' });
    doc.page.margins.bottom = bottomMargin;
  }
  doc.end();
  const pdf = await bytes;
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
