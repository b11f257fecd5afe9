// The letters of a vote: one A4 page per dwelling, in plain French (FALC: short sentences, important words in bold,
// 11 pt or more), with the ballot code, a QR code to vote online and a paper slip to cut off at the bottom.
//
// Speed and size: everything that is the same on every letter (the text, the dates, the slip's boxes) is drawn
// once into a PDF form XObject, which each page paints with one operator; a page only adds what is its own (the
// address, the code, the QR code). pdfkit has no public API for form XObjects, so `recordForm` points the
// document's current page at the form while the template is drawn (see ADR 022).
//
// The formatting helpers below are shared with report.ts.
import PDFDocument from 'pdfkit';
import {
  drawQr,
  fonts,
  formatDate,
  formatDateTime,
  formatIsoDate,
  formatMoney,
  pdfBytes,
  pdfText,
  plain,
  rich,
} from '../../platform/pdf/index.ts';
import type { LetterRecipient, VoteSummary } from './types.ts';

type Doc = PDFKit.PDFDocument;

// Text and formatting come from platform/pdf; re-exported for report.ts.
export {
  drawQr,
  fonts,
  formatDate,
  formatDateTime,
  formatInteger,
  formatIsoDate,
  formatMoney,
  formatPercentBp,
  formatTime,
  pdfBytes,
  pdfText,
  plain,
  rich,
} from '../../platform/pdf/index.ts';

// ---------------------------------------------------------------------------------------------------------------
// QR code

/** What the letter's QR code encodes: the vote page with the code, without its separators. */
export function qrPayload(voteUrl: string, code: string): string {
  const compact = code.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
  return `${voteUrl}${voteUrl.includes('?') ? '&' : '?'}code=${compact}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The letter

export interface LetterOptions {
  /** The date printed on the letters; today when absent. */
  date?: Date;
}

const page = { width: 595.28, height: 841.89 }; // A4 in points
const margin = 45;
const contentWidth = page.width - 2 * margin;
/** Where a French window envelope (DL, window on the right) shows the address: 113 mm from the left, 46 mm down. */
const addressBox = { x: 320, y: 130, width: 230, lines: 5 };
const qrSize = 85; // 30 mm
const grey = '#555555';

/** Where each letter writes what is its own; found once, when the template is drawn. */
interface Slots {
  salutation: { x: number; y: number; width: number };
  code: { x: number; y: number; width: number };
  qr: { x: number; y: number };
  slipCode: { x: number; y: number };
  slipDwelling: { x: number; y: number; width: number };
  /** The lowest points the body (above the cut line) and the slip (above the page's edge) reached. */
  bottom: number;
  cutY: number;
  slipBottom: number;
}

/** The text sizes tried, largest first, until the letter fits on its page. */
const scales = [
  { size: 12, gap: 1.2, space: 7 },
  { size: 11.5, gap: 1, space: 6 },
  { size: 11, gap: 0.6, space: 5 },
  { size: 11, gap: 0, space: 3.5 },
];
type Scale = (typeof scales)[number];

interface Words {
  amount: string;
  opens: string;
  closes: string;
  tariffFrom: string;
}

/** The question, in one bold sentence (as on the slip). */
const question = (vote: VoteSummary, w: Words) =>
  `Êtes-vous d'accord pour ajouter le service « ${plain(vote.serviceName)} » de ${plain(vote.operatorName)} à vos charges, pour ${w.amount} par mois et par logement, à partir du ${w.tariffFrom} ?`;

/** Draws everything that is the same on every letter of the vote, and says where the rest goes. */
function drawTemplate(doc: Doc, vote: VoteSummary, date: Date, scale: Scale): Slots {
  const { size, gap, space } = scale;
  const approval = vote.procedure === 'approval';
  const landlord = plain(vote.landlordName);
  const w: Words = {
    amount: formatMoney(vote.monthlyAmountCents),
    opens: formatDateTime(vote.opensAt),
    closes: formatDateTime(vote.closesAt),
    tariffFrom: formatIsoDate(vote.tariffFrom),
  };
  const para = (markup: string, x = margin, width = contentWidth) =>
    rich(doc, markup, { x, width, size, lineGap: gap });
  const heading = (text: string, x = margin, width = contentWidth) => {
    doc.y += space;
    doc
      .font(fonts.bold)
      .fontSize(size + 1.5)
      .text(pdfText(text), x, doc.y, { width, lineGap: gap });
    doc.y += 1;
  };
  const bullet = (markup: string) => {
    const y = doc.y;
    doc
      .font(fonts.bold)
      .fontSize(size)
      .text('•', margin + 4, y, { lineBreak: false });
    para(markup, margin + 16, contentWidth - 16);
  };
  doc.fillColor('black').strokeColor('black').lineWidth(1);

  // Header: who writes, about what.
  doc
    .font(fonts.bold)
    .fontSize(14)
    .text(pdfText(vote.landlordName), margin, 42, { width: 255, height: 34, ellipsis: true });
  doc
    .font(fonts.regular)
    .fontSize(11)
    .text('Consultation des locataires', margin, doc.y, { width: 255 })
    .text(pdfText(`Référence : ${vote.reference}`), { width: 255 });
  const headerBottom = doc.y;
  doc
    .font(fonts.regular)
    .fontSize(11)
    .text(pdfText(`Le ${formatDate(date, { weekday: false })}`), addressBox.x, 42, {
      width: page.width - margin - addressBox.x,
      align: 'right',
    });

  // The dates, on the left of the address (hidden by the envelope).
  const box = { x: margin, y: Math.max(100, headerBottom + 10), width: 255 };
  doc.y = box.y + 8;
  doc
    .font(fonts.bold)
    .fontSize(12)
    .text('Les dates à retenir', box.x + 10, doc.y, { width: box.width - 20 });
  doc.y += 3;
  rich(doc, `Vote : du **${w.opens}** au **${w.closes}**.`, {
    x: box.x + 10,
    width: box.width - 20,
    size: 11,
  });
  if (vote.meetingAt) {
    doc.y += 3;
    const place = vote.meetingPlace ? `, ${plain(vote.meetingPlace)}` : '';
    rich(
      doc,
      `**Réunion d'information** : ${formatDateTime(vote.meetingAt)}${place}. Venez poser vos questions.`,
      {
        x: box.x + 10,
        width: box.width - 20,
        size: 11,
      },
    );
  }
  const boxBottom = doc.y + 6;
  doc
    .roundedRect(box.x, box.y, box.width, boxBottom - box.y, 6)
    .lineWidth(1.5)
    .stroke();
  doc.lineWidth(1);

  // Title and greeting.
  doc
    .font(fonts.bold)
    .fontSize(16)
    .text(
      pdfText('Consultation des locataires : Internet dans votre logement'),
      margin,
      Math.max(addressBox.y + addressBox.lines * 13 + 12, boxBottom + 12),
      { width: contentWidth },
    );
  doc.y += space;
  const salutation = { x: margin, y: doc.y, width: contentWidth };
  doc.y += size * 1.2 + gap + 2;
  para(`**${landlord}** vous pose une question. **Votre réponse compte.**`);

  heading('La question');
  para(`**${question(vote, w)}**`);
  doc.y += 2;
  para(
    "Les **charges** sont la somme que vous payez chaque mois avec le loyer, pour les services de l'immeuble (par exemple, l'ascenseur).",
  );

  heading(approval ? 'Si le projet est adopté' : "Si l'accord s'applique");
  bullet(`**Chaque logement du secteur** paie ${w.amount} de plus par mois, dans ses charges.`);
  bullet(`Chaque logement paie, **même s'il n'utilise pas Internet**.`);
  bullet(`Ensuite, utiliser Internet est **gratuit** : vous ne payez rien d'autre.`);
  bullet(`Pour vous inscrire au service, maintenant ou plus tard, appelez le **${plain(vote.helpPhone)}**.`);

  heading('Comment la décision est prise');
  if (approval)
    para(
      'Le projet est adopté si plus de la moitié des votes exprimés disent **OUI** et si au moins **1\u00a0logement sur\u00a04** a voté. Les votes exprimés sont les OUI et les NON. **1\u00a0logement =\u00a01\u00a0vote.**',
    );
  else
    para(
      "L'accord s'applique sauf si la moitié des logements ou plus disent **NON**. Si vous êtes d'accord, **vous n'avez rien à faire.** Si vous n'êtes pas d'accord, dites NON. **1\u00a0logement =\u00a01\u00a0vote.**",
    );

  // How to vote, with the code and the QR code in a box on the right.
  heading(
    approval ? 'Comment voter ? Vous avez 3 possibilités.' : 'Comment dire NON ? Vous avez 3 possibilités.',
  );
  const side = { x: page.width - margin - 185, width: 185 };
  const textWidth = side.x - margin - 14;
  const top = doc.y + 2;
  doc.y = top;
  para(
    `**1. Sur Internet.** Allez sur **${plain(vote.voteUrl)}** ou scannez le code QR. Tapez votre code${approval ? '' : ' et choisissez NON'}.`,
    margin,
    textWidth,
  );
  doc.y += 3;
  para(
    `**2. Sur papier.** Cochez ${approval ? 'une case' : 'la case'} du bulletin en bas de cette page. Découpez-le. Rendez-le avant le **${w.closes}** : à l'agence de ${landlord}, ou dans la boîte de vote du hall de votre immeuble.`,
    margin,
    textWidth,
  );
  doc.y += 3;
  para(
    `**3. Sur place.** Venez ${approval ? 'voter' : 'dire NON'} à l'agence de ${landlord}, avec cette lettre.`,
    margin,
    textWidth,
  );
  doc.y += space + 2;
  para(`**Une question ?** Appelez le **${plain(vote.helpPhone)}**.`, margin, textWidth);
  const textBottom = doc.y;

  doc
    .font(fonts.bold)
    .fontSize(11)
    .text('Votre code de vote :', side.x + 8, top + 7, { width: side.width - 16, align: 'center' });
  const code = { x: side.x + 4, y: doc.y + 3, width: side.width - 8 };
  // The QR code keeps a quiet zone of about 4 modules around it.
  const qr = { x: side.x + (side.width - qrSize) / 2, y: code.y + 32 };
  doc
    .font(fonts.regular)
    .fontSize(11)
    .text('Gardez ce code pour vous.', side.x + 8, qr.y + qrSize + 10, {
      width: side.width - 16,
      align: 'center',
    });
  const sideBottom = doc.y + 5;
  doc
    .roundedRect(side.x, top, side.width, sideBottom - top, 6)
    .lineWidth(2)
    .stroke();
  doc.lineWidth(1);

  const bottom = Math.max(textBottom, sideBottom);

  // The slip, anchored at the bottom of the page; the cut line above it.
  const slipQuestion = approval
    ? `Ajouter « ${plain(vote.serviceName)} » à mes charges, pour ${w.amount} par mois et par logement :`
    : `Le service « ${plain(vote.serviceName)} », pour ${w.amount} par mois et par logement dans les charges :`;
  const slipInstruction = approval
    ? `Cochez **une seule case**. Rendez ce bulletin avant le **${w.closes}**.`
    : `Rendez ce bulletin **seulement si vous refusez**, avant le **${w.closes}**.`;
  // The question is regular text; the instruction is measured in bold, the widest it can be.
  const measure = (markup: string, font: string) =>
    doc
      .font(font)
      .fontSize(11)
      .heightOfString(pdfText(markup.replaceAll('**', '')), { width: contentWidth });
  const slipHeight =
    38 + measure(slipQuestion, fonts.regular) + 5 + 22 + measure(slipInstruction, fonts.bold);
  const slipTop = page.height - 22 - slipHeight;
  const cutY = slipTop - 12;

  doc
    .moveTo(margin - 20, cutY)
    .lineTo(page.width - margin + 20, cutY)
    .dash(5, { space: 4 })
    .strokeColor(grey)
    .stroke()
    .undash()
    .strokeColor('black');
  const cutLabel = 'Découpez ici';
  doc.font(fonts.italic).fontSize(11);
  const cutWidth = doc.widthOfString(pdfText(cutLabel)) + 16;
  doc
    .rect((page.width - cutWidth) / 2, cutY - 8, cutWidth, 16)
    .fill('white')
    .fillColor(grey)
    .text(pdfText(cutLabel), (page.width - cutWidth) / 2, cutY - 6, { width: cutWidth, align: 'center' })
    .fillColor('black');

  doc
    .font(fonts.bold)
    .fontSize(14)
    .text(approval ? 'Bulletin de vote' : "Bulletin d'opposition", margin, slipTop, { lineBreak: false });
  doc
    .font(fonts.regular)
    .fontSize(11)
    .text(pdfText(`Consultation ${vote.reference}`), margin, slipTop + 3, {
      width: contentWidth,
      align: 'right',
    });
  doc
    .font(fonts.regular)
    .fontSize(11)
    .text('Code :', margin, slipTop + 21, { lineBreak: false });
  const slipCode = { x: margin + doc.widthOfString('Code : '), y: slipTop + 19 };
  const dwellingX = margin + 270;
  doc.text('Logement :', dwellingX, slipTop + 21, { lineBreak: false });
  const dwellingLabel = doc.widthOfString('Logement : ');
  const slipDwelling = {
    x: dwellingX + dwellingLabel,
    y: slipTop + 21,
    width: contentWidth - 270 - dwellingLabel,
  };
  rich(doc, slipQuestion, { x: margin, y: slipTop + 38, width: contentWidth, size: 11 });
  const boxesY = doc.y + 5;
  const choices = approval ? ['OUI', 'NON', 'VOTE BLANC'] : ["Je refuse l'accord (NON)"];
  let x = margin + 10;
  for (const label of choices) {
    doc.lineWidth(1.5).rect(x, boxesY, 16, 16).stroke().lineWidth(1);
    doc
      .font(fonts.bold)
      .fontSize(13)
      .text(pdfText(label), x + 24, boxesY + 2, { lineBreak: false });
    x += 24 + doc.widthOfString(pdfText(label)) + 50;
  }
  rich(doc, slipInstruction, { x: margin, y: boxesY + 22, width: contentWidth, size: 11 });

  return {
    salutation,
    code,
    qr,
    slipCode,
    slipDwelling,
    bottom,
    cutY,
    slipBottom: doc.y,
  };
}

/** The largest scale at which the letter fits, tried on a scratch document. */
function chooseScale(vote: VoteSummary, date: Date): Scale {
  for (const scale of scales) {
    const scratch = new PDFDocument({ size: 'A4', margin: 0 });
    // Text running past the page's bottom makes pdfkit start a new page: that too means it does not fit.
    let overflowed = false;
    scratch.on('pageAdded', () => {
      overflowed = true;
    });
    const { bottom, cutY, slipBottom } = drawTemplate(scratch, vote, date, scale);
    if (!overflowed && bottom <= cutY - 10 && slipBottom <= page.height - 20) return scale;
  }
  throw new Error(
    `The letter of vote ${vote.reference} does not fit on one page: shorten the service, operator or meeting place.`,
  );
}

/**
 * Draws into a form XObject instead of the current page: pdfkit writes a page's content and resources through
 * `doc.page`, so a stand-in page whose content is the form's stream collects the drawing and the fonts it uses.
 */
function recordForm(doc: Doc, draw: () => void): PDFKit.PDFKitReference {
  const real = doc.page;
  const resources = doc.ref({ ProcSet: ['PDF', 'Text'] });
  const form = doc.ref({
    Type: 'XObject',
    Subtype: 'Form',
    FormType: 1,
    BBox: [0, 0, real.width, real.height],
    Resources: resources,
  });
  const standIn: PDFKit.PDFPage = Object.assign(Object.create(Object.getPrototypeOf(real)), {
    document: doc,
    width: real.width,
    height: real.height,
    margins: { top: 0, left: 0, right: 0, bottom: 0 },
    content: form,
    resources,
    dictionary: { data: {} },
    markings: [],
  });
  doc.page = standIn;
  try {
    draw();
  } finally {
    doc.page = real;
  }
  resources.end(null); // (@types/pdfkit wants an argument: the last chunk, none here)
  form.end(null);
  return form;
}

const floorText = (floor: number | null) =>
  floor === null
    ? null
    : floor === 0
      ? 'Rez-de-chaussée'
      : floor < 0
        ? `Sous-sol ${-floor}`
        : `${floor === 1 ? '1er' : `${floor}e`} étage`;

/** What is the recipient's own: the address, the greeting, the code, the QR code, the slip's code. */
function drawRecipient(doc: Doc, vote: VoteSummary, slots: Slots, recipient: LetterRecipient): void {
  const lines = [
    recipient.addressee ?? 'Madame, Monsieur',
    recipient.address,
    floorText(recipient.floor),
    `${recipient.postcode} ${recipient.city.toUpperCase()}`,
  ].filter((line): line is string => line !== null && line.trim() !== '');
  let y = addressBox.y;
  lines.forEach((line, i) => {
    // The address may take two lines; the others one.
    const maxLines = i === 1 ? 2 : 1;
    doc
      .font(i === 0 ? fonts.bold : fonts.regular)
      .fontSize(11)
      .text(pdfText(line), addressBox.x, y, {
        width: addressBox.width,
        height: 13 * maxLines,
        ellipsis: true,
        lineGap: 0,
      });
    y = Math.max(doc.y, y + 13);
  });

  doc
    .font(fonts.regular)
    .fontSize(12)
    .text(
      pdfText(recipient.addressee ? `Bonjour ${recipient.addressee},` : 'Madame, Monsieur,'),
      slots.salutation.x,
      slots.salutation.y,
      { width: slots.salutation.width, height: 14, ellipsis: true },
    );

  const code = pdfText(recipient.code);
  doc.font(fonts.code).fontSize(22);
  const codeSize = Math.min(22, (22 * slots.code.width) / Math.max(doc.widthOfString(code), 1));
  doc.fontSize(codeSize).text(code, slots.code.x, slots.code.y + (22 - codeSize) / 2, {
    width: slots.code.width,
    align: 'center',
  });
  drawQr(doc, qrPayload(vote.voteUrl, recipient.code), slots.qr.x, slots.qr.y, qrSize);

  doc.font(fonts.code).fontSize(14).text(code, slots.slipCode.x, slots.slipCode.y, { lineBreak: false });
  doc
    .font(fonts.bold)
    .fontSize(11)
    .text(pdfText(recipient.dwellingReference), slots.slipDwelling.x, slots.slipDwelling.y, {
      width: slots.slipDwelling.width,
      height: 13,
      ellipsis: true,
    });
}

/**
 * One A4 page per recipient, in one PDF ready to print. The recipients are read once, in order; pages are
 * written out as they are made.
 */
export async function renderLetters(
  vote: VoteSummary,
  recipients: Iterable<LetterRecipient>,
  options: LetterOptions = {},
): Promise<Uint8Array> {
  const date = options.date ?? new Date();
  const scale = chooseScale(vote, date);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 20,
    autoFirstPage: false,
    info: {
      Title: pdfText(`Consultation des locataires ${vote.reference} : lettres`),
      Author: pdfText(vote.landlordName),
      Creator: 'Palier',
      CreationDate: date,
    },
  });
  const done = pdfBytes(doc);
  let template: PDFKit.PDFKitReference | null = null;
  let slots: Slots | null = null;
  for (const recipient of recipients) {
    doc.addPage();
    if (!template) template = recordForm(doc, () => (slots = drawTemplate(doc, vote, date, scale)));
    doc.page.xobjects.Letter = template;
    doc.addContent('/Letter Do');
    drawRecipient(doc, vote, slots!, recipient);
  }
  if (!template) throw new RangeError('renderLetters: no recipient');
  doc.end();
  return done;
}
