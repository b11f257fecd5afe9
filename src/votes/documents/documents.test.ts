import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { extractText, getDocumentProxy, getResolvedPDFJS } from 'unpdf';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderLetters, renderReport } from './index.ts';
import {
  drawQr,
  formatDate,
  formatMoney,
  formatPercentBp,
  formatTime,
  pdfText,
  qrPayload,
} from './letters.ts';
import type { LetterRecipient, VoteReportData, VoteSummary } from './types.ts';

const vote: VoteSummary = {
  reference: 'CV-2026-0003',
  programmeName: 'Brest connecté',
  landlordName: 'Brest Métropole Habitat',
  sectorName: 'Kérédern',
  neighbourhoodName: 'Bellevue',
  procedure: 'approval',
  opensAt: new Date('2027-01-04T08:00:00Z'), // 9 h in Paris
  closesAt: new Date('2027-01-18T17:00:00Z'), // 18 h
  operatorName: 'Fibre Océane',
  serviceName: 'Internet collectif très haut débit',
  monthlyAmountCents: 110,
  tariffFrom: '2027-04-01',
  meetingAt: new Date('2026-12-15T17:30:00Z'),
  meetingPlace: 'Maison de quartier de Bellevue',
  helpPhone: '02 98 00 00 00',
  voteUrl: 'https://palier.example/vote',
};

const recipient = (i: number): LetterRecipient => ({
  code: `K7Q4-M9X2-B8${String(i).padStart(2, '0')}`,
  dwellingReference: `KER-12-${String(i).padStart(4, '0')}`,
  address: `${i + 1} rue de Kérédern, bâtiment B`,
  postcode: '29200',
  city: 'Brest',
  floor: i % 5,
  addressee: i % 2 === 0 ? `Mme Le Gall ${i}` : null,
});
const date = new Date('2026-11-26T10:00:00Z');

/** The text of each page, with every run of spaces (no-break ones included) as one space. */
async function pages(bytes: Uint8Array): Promise<string[]> {
  const { text } = await extractText(await getDocumentProxy(bytes.slice()), { mergePages: false });
  return text.map((page) => page.replace(/\s+/g, ' '));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('formatting for the standard fonts', () => {
  it('keeps French letters and replaces what WinAnsi lacks', () => {
    expect(pdfText('é è à ç ô œ Œ € « » ’ …')).toBe('é è à ç ô œ Œ € « » ’ …');
    expect(pdfText('1\u202f234\u00a0€')).toBe('1\u00a0234\u00a0€');
    expect(pdfText('Ştefan Łukasz ă 😀')).toBe('Stefan ?ukasz a ?');
    expect(formatMoney(110)).toBe('1,10\u00a0€');
    expect(formatMoney(123456)).toBe('1\u00a0234,56\u00a0€');
    expect(formatPercentBp(2537)).toBe('25,37\u00a0%');
  });

  it('writes dates and times the French way, in Paris time', () => {
    expect(formatDate(new Date('2027-01-04T08:00:00Z'))).toBe('lundi 4\u00a0janvier 2027');
    expect(formatDate(new Date('2027-01-01T08:00:00Z'))).toBe('vendredi 1er\u00a0janvier 2027');
    expect(formatTime(new Date('2027-01-18T17:00:00Z'))).toBe('18\u00a0h');
    expect(formatTime(new Date('2026-12-15T17:30:00Z'))).toBe('18\u00a0h\u00a030');
    expect(formatTime(new Date('2027-07-01T07:05:00Z'))).toBe('9\u00a0h\u00a005'); // summer time
  });
});

describe('qrPayload', () => {
  it('adds the code without its separators to the vote page', () => {
    expect(qrPayload('https://palier.example/vote', 'K7Q4-M9X2-B8RZ')).toBe(
      'https://palier.example/vote?code=K7Q4M9X2B8RZ',
    );
    expect(qrPayload('https://palier.example/vote', 'k7q 4m9x 2b8r')).toBe(
      'https://palier.example/vote?code=K7Q4M9X2B8R',
    );
    expect(qrPayload('https://palier.example/vote?lang=fr', 'K7Q-4M9X')).toBe(
      'https://palier.example/vote?lang=fr&code=K7Q4M9X',
    );
  });

  it('draws exactly the modules of the QR code of that text', () => {
    const text = qrPayload(vote.voteUrl, 'K7Q4-M9X2-B8RZ');
    const doc = new PDFDocument({ size: 'A4' });
    const rects: [number, number, number, number][] = [];
    const rect = doc.rect.bind(doc);
    vi.spyOn(doc, 'rect').mockImplementation((x: number, y: number, w: number, h: number) => {
      rects.push([x, y, w, h]);
      return rect(x, y, w, h);
    });
    drawQr(doc, text, 100, 200, 85);

    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const n = modules.size;
    const cell = 85 / n;
    const drawn = new Uint8Array(n * n);
    for (const [x, y, w] of rects) {
      const row = Math.round((y - 200) / cell);
      const from = Math.round((x - 100) / cell);
      for (let col = from; col < from + Math.round(w / cell); col++) drawn[row * n + col] = 1;
    }
    expect([...drawn]).toEqual([...modules.data].map((v) => (v ? 1 : 0)));
  });
});

describe('renderLetters', () => {
  it('prints one page per recipient, with its own code, address and the amount', async () => {
    const create = vi.spyOn(QRCode, 'create');
    const recipients = [0, 1, 2].map(recipient);
    const bytes = await renderLetters(vote, recipients, { date });
    const text = await pages(bytes);

    expect(text).toHaveLength(3);
    recipients.forEach((r, i) => {
      const page = text[i]!;
      expect(page).toContain('Consultation des locataires : Internet dans votre logement');
      // The code twice: in the box and on the slip.
      expect(page.split(r.code)).toHaveLength(3);
      expect(page).toContain(r.dwellingReference);
      expect(page).toContain(r.address);
      expect(page).toContain('29200 BREST');
      expect(page).toContain('1,10 € par mois et par logement');
      expect(page).toContain(r.addressee ? `Bonjour ${r.addressee},` : 'Madame, Monsieur,');
      for (const other of recipients) if (other !== r) expect(page).not.toContain(other.code);
    });
    expect(text[0]).toContain('Rez-de-chaussée');
    expect(text[1]).toContain('1er étage');
    expect(create.mock.calls.map(([payload]) => payload)).toEqual(
      recipients.map((r) => qrPayload(vote.voteUrl, r.code)),
    );
    expect(create.mock.calls[0]![1]).toEqual({ errorCorrectionLevel: 'M' });
  });

  it('draws the shared part once and the QR code on every page', async () => {
    const bytes = await renderLetters(vote, [recipient(0), recipient(1)], { date });
    const { OPS } = await getResolvedPDFJS();
    const pdf = await getDocumentProxy(bytes.slice());
    for (const number of [1, 2]) {
      const { fnArray, argsArray } = await (await pdf.getPage(number)).getOperatorList();
      expect(fnArray).toContain(OPS.paintFormXObjectBegin);
      // After the template: the page's own text, and one filled path of many rectangles (the QR code).
      const ownStart = fnArray.lastIndexOf(OPS.paintFormXObjectEnd);
      expect(fnArray.slice(ownStart)).toContain(OPS.showText);
      const filledPaths = fnArray
        .map((op, i) => (i > ownStart && op === OPS.constructPath ? argsArray[i] : null))
        .filter((args) => args?.[0] === OPS.fill);
      expect(filledPaths).toHaveLength(1);
      expect(JSON.stringify(filledPaths[0]).length).toBeGreaterThan(1000);
    }
  });

  it('explains the approval procedure: three ways, yes, no or blank', async () => {
    const [page] = await pages(await renderLetters(vote, [recipient(0)], { date }));
    expect(page).toContain(
      'Le projet est adopté si plus de la moitié des votes exprimés disent OUI et si au moins 1 logement sur 4 a voté',
    );
    expect(page).toContain(
      "Êtes-vous d'accord pour ajouter le service « Internet collectif très haut débit » de Fibre Océane à vos charges, pour 1,10 € par mois et par logement, à partir du 1er avril 2027 ?",
    );
    expect(page).toContain('Les charges sont');
    expect(page).toContain("même s'il n'utilise pas Internet");
    expect(page).toContain('du lundi 4 janvier 2027 à 9 h au lundi 18 janvier 2027 à 18 h');
    expect(page).toContain(
      "Réunion d'information : mardi 15 décembre 2026 à 18 h 30, Maison de quartier de Bellevue",
    );
    expect(page).toContain('Comment voter ? Vous avez 3 possibilités.');
    expect(page).toContain('Allez sur https://palier.example/vote ou scannez le code QR. Tapez votre code.');
    expect(page).toContain('Une question ? Appelez le 02 98 00 00 00');
    expect(page).toContain('Découpez ici');
    expect(page).toContain('Bulletin de vote');
    expect(page).toMatch(/OUI NON VOTE BLANC/);
    expect(page).not.toContain("Bulletin d'opposition");
    expect(page).toContain('Le 26 novembre 2026');
  });

  it('explains the opposition procedure: nothing to do when agreeing, a single NO box', async () => {
    const opposition = { ...vote, procedure: 'opposition' as const, meetingAt: null, meetingPlace: null };
    const [page] = await pages(await renderLetters(opposition, [recipient(1)], { date }));
    expect(page).toContain("L'accord s'applique sauf si la moitié des logements ou plus disent NON.");
    expect(page).toContain("Si vous êtes d'accord, vous n'avez rien à faire.");
    expect(page).toContain("Bulletin d'opposition");
    expect(page).toContain("Je refuse l'accord (NON)");
    expect(page).not.toContain('VOTE BLANC');
    expect(page).not.toContain('Bulletin de vote');
    expect(page).not.toContain('Le projet est adopté si');
    expect(page).not.toContain("Réunion d'information");
  });

  it('keeps long texts and odd characters on one page per letter', async () => {
    const long = {
      ...vote,
      landlordName: 'Office Public de l’Habitat de la Communauté Urbaine de Brest Métropole Océane',
      operatorName: 'Société Coopérative Bretonne de Télécommunications Très Haut Débit',
      serviceName: 'Accès Internet collectif par fibre optique jusqu’au logement, 1\u202f000 Mbit/s',
      monthlyAmountCents: 123456,
      meetingPlace:
        'Salle polyvalente de la Maison de quartier de Bellevue, 1 place Napoléon III, entrée par la rue',
    };
    const odd = {
      ...recipient(0),
      addressee: 'M. Łukasz Ştefănescu 😀',
      address: `${'très '.repeat(30)}longue rue`,
    };
    const text = await pages(await renderLetters(long, [odd, recipient(1)], { date }));
    expect(text).toHaveLength(2);
    expect(text[0]).toContain('Bonjour M. ?ukasz Stefanescu ?,');
    expect(text[0]).toContain('1 234,56 €');
    expect(text[0]).toContain('1 000 Mbit/s');
  });

  it('refuses a letter that cannot fit on one page at 11 pt, rather than printing over the slip', async () => {
    const wordy = { ...vote, meetingPlace: 'Salle polyvalente, '.repeat(60) };
    await expect(renderLetters(wordy, [recipient(0)], { date })).rejects.toThrow(/does not fit on one page/);
  });

  it('refuses to print no letter', async () => {
    await expect(renderLetters(vote, [], { date })).rejects.toThrow(/no recipient/);
  });

  it('prints 1,200 letters quickly', { timeout: 60_000 }, async () => {
    function* many() {
      for (let i = 0; i < 1200; i++) yield recipient(i % 100);
    }
    const started = performance.now();
    const bytes = await renderLetters(vote, many(), { date });
    const seconds = (performance.now() - started) / 1000;
    console.info(`1,200 letters: ${seconds.toFixed(2)} s, ${(bytes.length / 1e6).toFixed(2)} MB`);
    expect((await getDocumentProxy(bytes.slice())).numPages).toBe(1200);
    expect(seconds).toBeLessThan(10);
  });
});

const report = (overrides: Partial<VoteReportData> = {}): VoteReportData => ({
  vote,
  ruleVersion: 'art42-approval-2006',
  ruleText:
    "Procédure d'approbation : le projet est adopté si les « oui » dépassent 50 % des suffrages exprimés (les votes blancs et nuls ne sont pas des suffrages exprimés) et si au moins 25 % des logements concernés ont voté pendant la consultation.",
  dwellingsConcerned: 2128,
  buildings: [
    { address: '1 rue de Kérédern, Brest', dwellings: 40, voted: 12 },
    { address: '3 rue de Kérédern, Brest', dwellings: 0, voted: 0 },
  ],
  byChannel: [
    { channel: 'online', yes: 250, no: 150, blank: 12, invalid: 0 },
    { channel: 'paper', yes: 50, no: 25, blank: 4, invalid: 3 },
    { channel: 'in_person', yes: 12, no: 33, blank: 1, invalid: 0 },
  ],
  totals: { yes: 312, no: 208, blank: 17, invalid: 3 },
  late: 7,
  turnoutBp: 2537,
  result: 'adopted',
  resultText:
    'Adopté : 312 « oui » sur 520 suffrages exprimés (60 %) ; 540 logements sur 2128 ont voté (participation 25,37 %).',
  certifiedAt: null,
  certifiedBy: null,
  generatedAt: new Date('2027-01-19T10:00:00Z'),
  ...overrides,
});

describe('renderReport', () => {
  it('shows the vote, the counts by channel, the turnout and the result, as a draft', async () => {
    const text = await pages(await renderReport(report()));
    const all = text.join(' ');
    expect(all).toContain('Procès-verbal de la consultation des locataires');
    expect(all).toContain('article 42 de la loi n° 86-1290 du 23 décembre 1986');
    for (const words of [
      'CV-2026-0003',
      'Brest connecté',
      'Brest Métropole Habitat',
      'Kérédern',
      'Bellevue',
      'art42-approval-2006',
      'le projet est adopté si les « oui » dépassent 50 %',
      'Fibre Océane',
      'Internet collectif très haut débit',
      '1,10 € par mois et par logement',
      'à compter du 1er avril 2027',
      'du lundi 4 janvier 2027 à 9 h au lundi 18 janvier 2027 à 18 h',
      'mardi 15 décembre 2026 à 18 h 30, Maison de quartier de Bellevue',
      'Logements concernés 2 128',
      'Mode de vote Oui Non Blanc Nul Total',
      'Internet 250 150 12 0 412',
      'Papier 50 25 4 3 82',
      'En personne 12 33 1 0 46',
      'Total 312 208 17 3 540',
      'Bulletins reçus hors délai 7 (enregistrés, non comptés)',
      'Participation 25,37 % (540 logements sur 2 128)',
      'ADOPTÉ',
      '312 « oui » sur 520 suffrages exprimés',
      '1 rue de Kérédern, Brest 40 12 30,00 %',
      '3 rue de Kérédern, Brest 0 0 —',
      'Pour le bailleur',
      'Pour les associations de locataires',
    ])
      expect(all).toContain(words);
    expect(all).not.toContain('REJETÉ');
    text.forEach((page, i) => {
      expect(page).toContain('PROJET — non certifié');
      expect(page).toContain(`Page ${i + 1} / ${text.length}`);
    });
  });

  it('states the certification and no draft mention once certified; REJETÉ when rejected', async () => {
    const text = await pages(
      await renderReport(
        report({
          certifiedAt: new Date('2027-01-19T10:30:00Z'),
          certifiedBy: 'Mme Anne Kerouac',
          result: 'rejected',
          resultText: 'Rejeté : la participation est inférieure à 25 %.',
        }),
      ),
    );
    const all = text.join(' ');
    expect(all).toContain('Certifié le mardi 19 janvier 2027 à 11 h 30 par Mme Anne Kerouac');
    expect(all).toContain('REJETÉ');
    expect(all).not.toContain('ADOPTÉ');
    expect(all).not.toContain('PROJET');
    expect(text[0]).toContain(`Page 1 / ${text.length}`);
  });

  it('runs the building table over several pages, its header on each', async () => {
    const buildings = Array.from({ length: 300 }, (_, i) => ({
      address: `${i + 1} rue de Kérédern, Brest`,
      dwellings: 40,
      voted: 10,
    }));
    const text = await pages(await renderReport(report({ buildings })));
    expect(text.length).toBeGreaterThan(4);
    const withBuildings = text.filter((page) => /\d+ rue de Kérédern, Brest 40 10 25,00 %/.test(page));
    expect(withBuildings.length).toBeGreaterThan(3);
    for (const page of withBuildings) expect(page).toContain('Adresse Logements Votants Participation');
    const all = text.join(' ');
    for (let i = 1; i <= 300; i++) expect(all).toContain(`${i} rue de Kérédern, Brest 40 10`);
    expect(all).toContain('Total (300 bâtiments) 12 000 3 000 25,00 %');
    text.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} / ${text.length}`);
      expect(page).toContain('PROJET — non certifié');
    });
  });
});
