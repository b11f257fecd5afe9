// The readable copy of a household's data (GDPR art. 15): an A4 PDF in plain French, a heading per module, one block
// per record. Built from the same document as the JSON, so the two always say the same thing.
import PDFDocument from 'pdfkit';
import { fonts, formatDateTime, pdfBytes, pdfText } from '../../platform/pdf/index.ts';
import type { PersonalDataDocument } from './gather-personal-data.ts';
import { type ReadableList, type ReadableRecord, readableDocument } from './readable.ts';

const margin = 50;
const grey = '#444444';

export async function personalDataPdf(document: PersonalDataDocument): Promise<Uint8Array> {
  const reference = document.modules.household.household?.reference ?? `n° ${document.householdId}`;
  const generatedAt = new Date(document.generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    bufferPages: true,
    info: {
      Title: pdfText(`Données personnelles — foyer ${reference}`),
      Author: pdfText(document.programme.name),
      Creator: 'Palier',
      CreationDate: generatedAt,
    },
  });
  const bytes = pdfBytes(doc);
  const width = doc.page.width - 2 * margin;
  const text = (
    value: string,
    options: { size?: number; font?: string; color?: string; indent?: number } = {},
  ) =>
    doc
      .font(options.font ?? fonts.regular)
      .fontSize(options.size ?? 10)
      .fillColor(options.color ?? 'black')
      .text(pdfText(value), margin + (options.indent ?? 0), doc.y, { width: width - (options.indent ?? 0) });

  text('Ce que Palier conserve sur votre foyer', { size: 18, font: fonts.bold });
  doc.moveDown(0.3);
  text(`Foyer ${reference} — ${document.programme.name}`, { size: 11 });
  text(`Document établi le ${formatDateTime(generatedAt, { weekday: false })}.`, { size: 11 });
  doc.moveDown(0.5);
  text(
    'Ce document rassemble tout ce que le programme garde sur votre foyer, partie par partie. Une copie ' +
      'lisible par un ordinateur (fichier JSON) existe aussi. Pour faire corriger ou effacer ces informations, ' +
      'adressez-vous à la coordination du programme.',
    { color: grey },
  );

  const writeRecord = (entry: ReadableRecord, indent: number) => {
    for (const line of entry.lines) {
      doc.font(fonts.bold).fontSize(10).fillColor('black');
      doc.text(pdfText(`${line.label} : `), margin + indent, doc.y, {
        width: width - indent,
        continued: true,
      });
      doc.font(fonts.regular).text(pdfText(line.value));
    }
    for (const list of entry.lists) writeList(list, indent + 14);
  };
  const writeList = (list: ReadableList, indent: number) => {
    doc.moveDown(0.4);
    text(list.title, { size: indent ? 10 : 12, font: fonts.bold, indent });
    if (list.records.length === 0) {
      text('Aucun.', { color: grey, indent });
      return;
    }
    list.records.forEach((entry, i) => {
      if (i > 0) doc.moveDown(0.3);
      writeRecord(entry, indent);
    });
  };

  for (const module of readableDocument(document)) {
    doc.moveDown(1);
    if (doc.y > doc.page.height - 150) doc.addPage();
    text(module.title, { size: 14, font: fonts.bold });
    doc
      .moveTo(margin, doc.y + 2)
      .lineTo(margin + width, doc.y + 2)
      .strokeColor('#999999')
      .lineWidth(0.5)
      .stroke();
    doc.y += 4;
    for (const list of module.lists) writeList(list, 0);
  }

  const pages = doc.bufferedPageRange();
  for (let i = pages.start; i < pages.start + pages.count; i++) {
    doc.switchToPage(i);
    // The footer sits in the bottom margin: without it, pdfkit would start a new page for it.
    doc.page.margins.bottom = 0;
    doc
      .font(fonts.regular)
      .fontSize(8)
      .fillColor(grey)
      .text(pdfText(`Foyer ${reference} — page ${i + 1} sur ${pages.count}`), margin, doc.page.height - 35, {
        width,
        align: 'center',
        lineBreak: false,
      });
  }
  doc.end();
  return bytes;
}
