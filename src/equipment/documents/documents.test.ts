import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { type HandoverData, type ReceiptData, renderHandover, renderReceipt } from './index.ts';
import { formatIsoDate, formatMoney, pdfText } from './pdf.ts';

const party: ReceiptData['party'] = {
  centreName: 'Un peu d’R',
  centreAddress: '12 rue de la Recyclerie, 29200 Brest',
  centrePhone: '02 98 11 22 33',
  householdReference: 'F-000123',
  householdName: 'Mme Le Gall',
  address: '4 rue de Kérédern, bâtiment B, 29200 Brest',
};

const device: ReceiptData['device'] = {
  reference: 'PC-000123',
  kind: 'laptop',
  bundle: false,
  make: 'Lenovo',
  model: 'ThinkPad T480',
  cpu: 'Intel Core i5-8250U',
  ramGb: 8,
  storageGb: 256,
  os: 'Linux Mint 22',
  grade: 'A',
  serial: 'PF1ABC23',
  erasure: { method: 'NIST 800-88 Purge (Blancco)', date: '2027-01-05', operator: 'Yann Kerbrat' },
};

const receipt = (overrides: Partial<ReceiptData> = {}): ReceiptData => ({
  receiptNumber: 'R-2027-000045',
  party,
  device,
  orderReference: 'C-000012',
  priceCents: 4000,
  payment: {
    amountCents: 1000,
    method: 'cash',
    paidAt: new Date('2027-01-04T17:30:00Z'), // 18 h 30 in Paris
    receivedBy: 'Nolwenn Tanguy',
  },
  paidBeforeCents: 0,
  balanceCents: 3000,
  ...overrides,
});

const handover = (overrides: Partial<HandoverData> = {}): HandoverData => ({
  orderReference: 'C-000012',
  party,
  device: { ...device, kind: 'desktop', bundle: true, make: 'Dell', model: 'OptiPlex 7060' },
  accessories: ['Écran 22 pouces', 'Clavier', 'Souris', 'Câble d’alimentation'],
  priceCents: 7000,
  paidCents: 4000,
  balanceCents: 3000,
  handedOverAt: new Date('2027-01-08T09:00:00Z'),
  mode: 'delivery',
  warrantyMonths: 6,
  warrantyUntil: '2027-07-08',
  ...overrides,
});

/** The text of each page, with every run of spaces (no-break ones included) as one space. */
async function pages(bytes: Uint8Array): Promise<string[]> {
  const { text } = await extractText(await getDocumentProxy(bytes.slice()), { mergePages: false });
  return text.map((page) => page.replace(/\s+/g, ' '));
}

describe('formatting', () => {
  it('writes money and dates the French way', () => {
    expect(formatMoney(4000)).toBe('40,00\u00a0€');
    expect(formatIsoDate('2027-07-01')).toBe('1er\u00a0juillet 2027');
    expect(formatIsoDate('2027-01-05T09:00:00Z')).toBe('5\u00a0janvier 2027');
    expect(pdfText('Ştefan ’')).toBe('Stefan ’');
  });
});

describe('renderReceipt', () => {
  it('shows the payment, the order and what remains to pay, on one page', async () => {
    const text = await pages(await renderReceipt(receipt()));
    expect(text).toHaveLength(1);
    const [page] = text as [string];
    expect(page).toContain('Reçu de paiement');
    expect(page).toContain('R-2027-000045');
    expect(page).toContain('4 janvier 2027 à 18 h 30');
    expect(page).toContain('Un peu d’R');
    expect(page).toContain('02 98 11 22 33');
    expect(page).toContain('F-000123');
    expect(page).toContain('Mme Le Gall');
    expect(page).toContain('C-000012');
    expect(page).toContain('Ordinateur portable Lenovo ThinkPad T480');
    expect(page).toContain('PC-000123');
    expect(page).toContain('PF1ABC23');
    expect(page).toContain('40,00 €');
    expect(page).toContain('10,00 € (espèces)');
    expect(page).toMatch(/Reste à payer ?30,00 €/);
    expect(page).toContain('Nolwenn Tanguy');
    expect(page).toContain('Ce reçu ne vaut pas facture.');
    expect(page).not.toContain('Soldé');
  });

  it('says "Soldé" when nothing remains, and names the method', async () => {
    const [page] = await pages(
      await renderReceipt(
        receipt({
          paidBeforeCents: 1000,
          payment: { ...receipt().payment, amountCents: 3000, method: 'card' },
          balanceCents: 0,
        }),
      ),
    );
    expect(page).toContain('30,00 € (carte bancaire)');
    expect(page).toMatch(/Reste à payer ?Soldé/);
    const [cheque] = await pages(
      await renderReceipt(receipt({ payment: { ...receipt().payment, method: 'cheque' } })),
    );
    expect(cheque).toContain('(chèque)');
  });
});

describe('renderHandover', () => {
  it('shows the device, the erasure, the payment, the warranty and the signatures, on one page', async () => {
    const text = await pages(await renderHandover(handover()));
    expect(text).toHaveLength(1);
    const [page] = text as [string];
    expect(page).toContain('Fiche de remise d’un ordinateur');
    expect(page).toContain('Commande C-000012 du 8 janvier 2027');
    expect(page).toContain('Livré à domicile avec une aide à l’installation');
    expect(page).toContain('Ordinateur de bureau');
    expect(page).toContain('Dell OptiPlex 7060');
    expect(page).toContain('Intel Core i5-8250U');
    expect(page).toContain('8 Go');
    expect(page).toContain('256 Go');
    expect(page).toContain('Linux Mint 22');
    expect(page).toContain('PF1ABC23');
    expect(page).toContain('PC-000123');
    expect(page).toContain('Écran 22 pouces');
    expect(page).toContain('Câble d’alimentation');
    expect(page).toContain(
      'Les données de l’ancien propriétaire ont été effacées le 5 janvier 2027 par Yann Kerbrat (méthode : NIST 800-88 Purge (Blancco)).',
    );
    expect(page).toContain('70,00 €');
    expect(page).toMatch(/Reste à payer ?30,00 €/);
    expect(page).toContain('Garantie de 6 mois, jusqu’au 8 juillet 2027.');
    expect(page).toContain('rapportez l’ordinateur au centre avec cette fiche');
    expect(page).toContain('La garantie ne couvre pas la casse ni les logiciels installés ensuite.');
    expect(page).toContain('Pour le centre');
    expect(page).toContain('Pour le foyer (lu et approuvé)');
    expect(page).toContain('Nom :');
    expect(page).toContain('Date :');
    expect(page).toContain('Signature :');
  });

  it('says "Soldé" and "remis au centre", and still fits one page with long values', async () => {
    const bytes = await renderHandover(
      handover({
        paidCents: 7000,
        balanceCents: 0,
        mode: 'centre',
        accessories: [
          'Écran 24 pouces',
          'Clavier AZERTY',
          'Souris',
          'Câble d’alimentation',
          'Câble HDMI',
          'Tapis',
        ],
        device: {
          ...handover().device,
          cpu: 'Intel Core i7-8700 @ 3.20 GHz (6 cœurs, 12 fils)',
          os: 'Windows 11 Professionnel, version 23H2 (licence reconditionneur)',
        },
      }),
    );
    expect((await getDocumentProxy(bytes.slice())).numPages).toBe(1);
    const [page] = await pages(bytes);
    expect(page).toContain('Remis au centre');
    expect(page).toMatch(/Reste à payer ?Soldé/);
    expect(page).toContain('Tapis');
  });
});
