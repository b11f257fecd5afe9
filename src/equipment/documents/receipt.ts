// The receipt of one payment for a computer: one A4 page, plain French, with what remains to pay.
import {
  deviceName,
  fields,
  fonts,
  formatDateTime,
  formatMoney,
  margins,
  newDocument,
  paragraph,
  parties,
  pdfText,
  plain,
  section,
  size,
  title,
  width,
} from './pdf.ts';
import type { ReceiptData } from './types.ts';

export const paymentMethods = { cash: 'espèces', cheque: 'chèque', card: 'carte bancaire' } as const;

/** "Reçu de paiement": the payment, the order and the device, the amounts; one A4 page. */
export async function renderReceipt(data: ReceiptData): Promise<Uint8Array> {
  const { payment, device } = data;
  const { doc, bytes } = newDocument(
    `Reçu de paiement ${data.receiptNumber}`,
    data.party.centreName,
    payment.paidAt,
  );

  title(doc, 'Reçu de paiement', [
    `Reçu n° **${plain(data.receiptNumber)}**`,
    `Le ${formatDateTime(payment.paidAt)}`,
  ]);
  parties(doc, data.party);

  section(doc, 'La commande');
  fields(doc, [
    { label: 'Commande', value: data.orderReference },
    { label: 'Matériel', value: deviceName(device) },
    { label: 'Référence', value: device.reference },
    { label: 'Numéro de série', value: device.serial },
  ]);

  section(doc, 'Le paiement');
  fields(doc, [
    { label: 'Prix', value: formatMoney(data.priceCents) },
    { label: 'Déjà payé avant', value: formatMoney(data.paidBeforeCents) },
    {
      label: 'Payé aujourd’hui',
      value: `${formatMoney(payment.amountCents)} (${paymentMethods[payment.method]})`,
      bold: true,
    },
    data.balanceCents === 0
      ? { label: 'Reste à payer', value: 'Soldé', bold: true }
      : { label: 'Reste à payer', value: formatMoney(data.balanceCents), bold: true },
    { label: 'Reçu par', value: payment.receivedBy },
  ]);

  doc.y += 14;
  paragraph(
    doc,
    data.balanceCents === 0
      ? 'L’ordinateur est **entièrement payé**. Merci.'
      : `Il reste **${formatMoney(data.balanceCents)}** à payer. Gardez ce reçu : il prouve votre paiement.`,
  );
  doc.y += 6;
  doc
    .font(fonts.italic)
    .fontSize(size)
    .text(pdfText('Ce reçu ne vaut pas facture.'), margins.left, doc.y, { width });

  doc.end();
  return bytes;
}
