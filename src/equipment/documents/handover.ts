// The hand-over sheet of a computer: what the household receives, the proof that the former owner's data was
// erased, what remains to pay, the warranty, and the signatures. One A4 page for typical data.
import {
  capitalised,
  type Doc,
  deviceKinds,
  fields,
  fonts,
  formatDate,
  formatInteger,
  formatIsoDate,
  formatMoney,
  margins,
  newDocument,
  paragraph,
  parties,
  pdfText,
  plain,
  rule,
  section,
  shade,
  size,
  title,
  width,
} from './pdf.ts';
import type { HandoverData } from './types.ts';

export const handoverModes = {
  centre: 'remis au centre',
  delivery: 'livré à domicile avec une aide à l’installation',
} as const;

/** A table of label/value pairs, two pairs a row; a row is as tall as its longest value. */
function specification(doc: Doc, pairs: [string, string][]): void {
  const pad = 5;
  const labelWidth = 100;
  const half = width / 2;
  const valueWidth = half - labelWidth;
  const fontSize = 9.5;
  doc.y += 2;
  for (let i = 0; i < pairs.length; i += 2) {
    const row = pairs.slice(i, i + 2);
    const y = doc.y;
    const tallest = row.flatMap(([label, value]) => [
      doc
        .font(fonts.bold)
        .fontSize(fontSize)
        .heightOfString(pdfText(label), { width: labelWidth - 2 * pad }),
      doc
        .font(fonts.regular)
        .fontSize(fontSize)
        .heightOfString(pdfText(value), { width: valueWidth - 2 * pad }),
    ]);
    const height = Math.max(...tallest) + 2 * pad - 2;
    row.forEach(([label, value], j) => {
      const x = margins.left + j * half;
      doc.rect(x, y, labelWidth, height).fillColor(shade).fill();
      doc
        .fillColor('black')
        .font(fonts.bold)
        .fontSize(fontSize)
        .text(pdfText(label), x + pad, y + pad, { width: labelWidth - 2 * pad });
      doc
        .font(fonts.regular)
        .fontSize(fontSize)
        .text(pdfText(value), x + labelWidth + pad, y + pad, { width: valueWidth - 2 * pad });
    });
    doc
      .moveTo(margins.left, y + height)
      .lineTo(margins.left + width, y + height)
      .lineWidth(0.5)
      .strokeColor(rule)
      .stroke();
    doc.y = y + height;
  }
  doc.strokeColor('black').lineWidth(1);
  doc.x = margins.left;
  doc.y += 4;
}

/** "Pour le centre" and "Pour le foyer (lu et approuvé)": name, date and signature, side by side. */
function signatures(doc: Doc, data: HandoverData): void {
  const top = doc.y + 6;
  const gap = 30;
  const columnWidth = (width - gap) / 2;
  const blocks = [
    { heading: 'Pour le centre', who: data.party.centreName },
    { heading: 'Pour le foyer (lu et approuvé)', who: data.party.householdName },
  ];
  let bottom = top;
  blocks.forEach((block, i) => {
    const x = margins.left + i * (columnWidth + gap);
    doc
      .font(fonts.bold)
      .fontSize(size)
      .fillColor('black')
      .text(pdfText(block.heading), x, top, { width: columnWidth });
    doc.font(fonts.regular).fontSize(9).text(pdfText(block.who), x, doc.y, { width: columnWidth });
    let y = doc.y + 8;
    doc.fontSize(size);
    for (const label of ['Nom :', 'Date :']) {
      doc.text(pdfText(label), x, y, { lineBreak: false });
      doc
        .moveTo(x + 45, y + 11)
        .lineTo(x + columnWidth, y + 11)
        .lineWidth(0.5)
        .strokeColor(rule)
        .stroke();
      y += 20;
    }
    doc.text('Signature :', x, y, { lineBreak: false });
    doc
      .rect(x, y + 14, columnWidth, 50)
      .lineWidth(0.5)
      .strokeColor(rule)
      .stroke();
    bottom = Math.max(bottom, y + 64);
  });
  doc.strokeColor('black').lineWidth(1);
  doc.x = margins.left;
  doc.y = bottom;
}

/** "Fiche de remise d’un ordinateur", for the household to sign when it takes the computer. */
export async function renderHandover(data: HandoverData): Promise<Uint8Array> {
  const { device } = data;
  const { doc, bytes } = newDocument(
    `Fiche de remise d’un ordinateur ${data.orderReference}`,
    data.party.centreName,
    data.handedOverAt,
  );

  title(doc, 'Fiche de remise d’un ordinateur', [
    `Commande **${plain(data.orderReference)}** du ${formatDate(data.handedOverAt)}`,
    capitalised(handoverModes[data.mode]),
  ]);
  parties(doc, data.party);

  section(doc, 'L’ordinateur');
  specification(doc, [
    ['Type', capitalised(deviceKinds[device.kind])],
    ['Marque et modèle', `${device.make} ${device.model}`],
    ['Processeur', device.cpu],
    ['Mémoire vive', `${formatInteger(device.ramGb)}\u00a0Go`],
    ['Stockage', `${formatInteger(device.storageGb)}\u00a0Go`],
    ['Système', device.os],
    ['État', device.grade],
    ['Numéro de série', device.serial],
    ['Référence', device.reference],
    ['Écran, clavier et souris', device.kind === 'desktop' ? (device.bundle ? 'inclus' : 'non inclus') : '—'],
  ]);

  section(doc, 'Les accessoires');
  if (data.accessories.length === 0) paragraph(doc, 'Aucun accessoire.');
  else {
    const columnWidth = width / 2;
    const rows = Math.ceil(data.accessories.length / 2);
    const top = doc.y;
    let bottom = top;
    data.accessories.forEach((accessory, i) => {
      const x = margins.left + (i < rows ? 0 : columnWidth);
      const y = i % rows === 0 ? top : doc.y;
      doc
        .font(fonts.regular)
        .fontSize(size)
        .text('•', x + 4, y, { lineBreak: false });
      doc.text(pdfText(accessory), x + 16, y, { width: columnWidth - 20 });
      bottom = Math.max(bottom, doc.y);
    });
    doc.x = margins.left;
    doc.y = bottom + 3;
  }

  section(doc, 'L’effacement des données');
  paragraph(
    doc,
    `Les données de l’ancien propriétaire ont été effacées le **${formatIsoDate(device.erasure.date)}** par **${plain(device.erasure.operator)}** (méthode : ${plain(device.erasure.method)}).`,
  );

  section(doc, 'Le paiement');
  fields(doc, [
    { label: 'Prix', value: formatMoney(data.priceCents) },
    { label: 'Déjà payé', value: formatMoney(data.paidCents) },
    data.balanceCents === 0
      ? { label: 'Reste à payer', value: 'Soldé', bold: true }
      : { label: 'Reste à payer', value: formatMoney(data.balanceCents), bold: true },
  ]);

  section(doc, 'La garantie');
  paragraph(
    doc,
    `**Garantie de ${formatInteger(data.warrantyMonths)} mois, jusqu’au ${formatIsoDate(data.warrantyUntil)}.** En cas de panne, rapportez l’ordinateur au centre avec cette fiche. La garantie ne couvre pas la casse ni les logiciels installés ensuite.`,
  );

  section(doc, 'Signatures');
  signatures(doc, data);

  doc.end();
  return bytes;
}
