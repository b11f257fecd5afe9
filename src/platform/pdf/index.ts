import QRCode from 'qrcode';
// Printed documents (letters, reports, receipts): text the standard PDF fonts can show, French formatting in
// programme time, and bold markup. Shared by every module that prints (pdfkit, ADR 022).
export type Doc = PDFKit.PDFDocument;

// ---------------------------------------------------------------------------------------------------------------
// Text for the standard PDF fonts, and French formatting (shared with report.ts)

/** Characters above U+00FF that the standard fonts' WinAnsi encoding has (pdfkit maps them to their byte). */
const winAnsiExtras = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019,
  0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);
const encodable = (c: number) =>
  c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff && c !== 0xad) || winAnsiExtras.has(c);

/** Look-alikes for common characters WinAnsi lacks. Intl fr-FR puts U+202F between thousands. */
const substitutes: Record<string, string> = {
  '\u202f': '\u00a0', // narrow no-break space → no-break space (still keeps "1 234" or "18 h" together)
  '\u2007': '\u00a0',
  '\u2009': ' ',
  '\u200a': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\t': ' ',
  '\r': '',
  '\u00ad': '',
  '\u200b': '',
  '\u2010': '-',
  '\u2011': '-',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u2713': 'x',
  '\u2714': 'x',
};
const plainText = /^[\n\x20-\x7e\xa0-\xac\xae-\xff]*$/;

/**
 * Makes text safe for the standard fonts (WinAnsi): keeps French letters, "€", "œ", quotes and dashes; replaces
 * the spaces Intl uses by ones the fonts have; strips accents WinAnsi lacks ("ă" → "a"); anything else is "?".
 * pdfkit itself would write a character outside WinAnsi as broken bytes.
 */
export function pdfText(text: string): string {
  if (plainText.test(text)) return text;
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (encodable(code)) out += char;
    else if (substitutes[char] !== undefined) out += substitutes[char];
    else {
      const folded = char.normalize('NFD').replace(/\p{M}/gu, '');
      out += folded !== '' && [...folded].every((c) => encodable(c.codePointAt(0)!)) ? folded : '?';
    }
  }
  return out;
}

const timeZone = 'Europe/Paris';
const moneyFormat = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const dayFormat = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone,
});
const timeFormat = new Intl.DateTimeFormat('fr-FR', {
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone,
});
const isoDayFormat = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const percentFormat = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const integerFormat = new Intl.NumberFormat('fr-FR');

/** 110 → "1,10 €" (with the no-break space the standard fonts have). */
export const formatMoney = (cents: number) => pdfText(moneyFormat.format(cents / 100));

/** 2537 basis points → "25,37 %". */
export const formatPercentBp = (basisPoints: number) =>
  pdfText(`${percentFormat.format(basisPoints / 100)}\u00a0%`);

/** 1234 → "1 234". */
export const formatInteger = (value: number) => pdfText(integerFormat.format(value));

const part = (parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes) =>
  parts.find((p) => p.type === type)?.value ?? '';
const dayNumber = (day: string) => (day === '1' ? '1er' : day);

/** "lundi 4 janvier 2027", "vendredi 1er janvier 2027" (in Paris time). */
export function formatDate(date: Date, { weekday = true } = {}): string {
  const parts = dayFormat.formatToParts(date);
  const day = `${dayNumber(part(parts, 'day'))}\u00a0${part(parts, 'month')} ${part(parts, 'year')}`;
  return weekday ? `${part(parts, 'weekday')} ${day}` : day;
}

/** "18 h", "9 h 30" (in Paris time). */
export function formatTime(date: Date): string {
  const parts = timeFormat.formatToParts(date);
  const minute = part(parts, 'minute');
  return `${Number(part(parts, 'hour'))}\u00a0h${minute === '00' ? '' : `\u00a0${minute}`}`;
}

/** "lundi 4 janvier 2027 à 18 h". */
export const formatDateTime = (date: Date, { weekday = true } = {}) =>
  `${formatDate(date, { weekday })} à ${formatTime(date)}`;

/** An ISO calendar date ("2027-01-01") → "1er janvier 2027"; an ISO instant → its day in Paris; else as given. */
export function formatIsoDate(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const parts = isoDayFormat.formatToParts(new Date(`${iso}T12:00:00Z`));
    return `${dayNumber(part(parts, 'day'))}\u00a0${part(parts, 'month')} ${part(parts, 'year')}`;
  }
  const instant = new Date(iso);
  return /^\d{4}-\d{2}-\d{2}T/.test(iso) && !Number.isNaN(instant.getTime())
    ? formatDate(instant, { weekday: false })
    : iso;
}

/** Collects what the document writes, from now on; resolves with the bytes once `doc.end()` has been called. */
export function pdfBytes(doc: Doc): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
}

export const fonts = {
  regular: 'Helvetica',
  bold: 'Helvetica-Bold',
  italic: 'Helvetica-Oblique',
  code: 'Courier-Bold',
} as const;

/** Removes the bold markers a value could contain, so that it cannot break the markup it is put into. */
export const plain = (value: string) => value.replaceAll('**', '*');

/**
 * Writes a paragraph where `**…**` is bold, from (x, y) or where the last text ended, and moves doc.y below it.
 * Text goes through pdfText.
 */
export function rich(
  doc: Doc,
  markup: string,
  options: {
    x?: number;
    y?: number;
    width: number;
    size: number;
    lineGap?: number;
    align?: 'left' | 'center';
  },
): void {
  const split = pdfText(markup)
    .split('**')
    .map((text, i) => ({ text, bold: i % 2 === 1 }));
  // A space that starts a run goes to the end of the run before: a line may then break between them without
  // starting with a space.
  for (let i = 1; i < split.length; i++) {
    const space = /^\s+/.exec(split[i]!.text)?.[0];
    if (space) {
      split[i - 1]!.text += space;
      split[i]!.text = split[i]!.text.slice(space.length);
    }
  }
  const runs = split.filter((run) => run.text !== '');
  doc.fontSize(options.size);
  const textOptions = { width: options.width, lineGap: options.lineGap ?? 0, align: options.align ?? 'left' };
  runs.forEach((run, i) => {
    doc.font(run.bold ? fonts.bold : fonts.regular);
    const continued = i < runs.length - 1;
    if (i === 0) doc.text(run.text, options.x ?? doc.x, options.y ?? doc.y, { ...textOptions, continued });
    else doc.text(run.text, { continued });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// QR codes drawn as vector shapes (sharp on any printer)

/** Draws a QR code (error correction M) as black rectangles, one per horizontal run of dark modules. */
export function drawQr(doc: Doc, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const cell = size / n;
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!modules.data[row * n + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && modules.data[row * n + col]) col++;
      doc.rect(x + start * cell, y + row * cell, (col - start) * cell, cell);
    }
  }
  doc.fillColor('black').fill();
}

// ---------------------------------------------------------------------------------------------------------------
// Letters folded in three for a window envelope (the outbox's letters, the advice letters)

/** Millimetres → PDF points. */
export const mm = (value: number) => (value * 72) / 25.4;
/** A4 in points. */
export const a4 = { width: 595.28, height: 841.89 } as const;

/**
 * Where things go on the page. A DL envelope (110 × 220 mm) has its 45 × 100 mm window on the right, 20 mm from the
 * edge and 15 mm from the bottom: on the A4 folded in three, the address block starts 110 mm from the left and
 * 50 mm from the top, at most 6 lines within 85 mm. The sender stays top left, above the fold, out of the window.
 */
export const letterLayout = {
  margin: mm(20),
  sender: { x: mm(20), y: mm(15), width: mm(80) },
  address: { x: mm(110), y: mm(50), width: mm(85), height: mm(35) },
  dateY: mm(95),
  subjectY: mm(110),
  /** Fold marks on the left edge, a third and two thirds down. */
  folds: [mm(99), mm(198)],
} as const;

export interface LetterHead {
  /** Top left: a name in bold, then its lines (contact or postal address). */
  sender?: { name: string; lines: string[]; size?: number } | null;
  /** The recipient's name and postal address, one line each (blank lines dropped), shown in the window. */
  recipient: string[];
  /** "Le 1er mars 2027", "Brest, le 1er mars 2027": on the right, above the subject. */
  dateLine: string;
  subject: string;
}

/**
 * Writes the top of a letter on the current page: fold marks, sender, recipient in the envelope window, date and
 * subject in bold. Leaves doc.y under the subject, where the body starts.
 */
export function writeLetterHead(doc: Doc, head: LetterHead): void {
  const { margin, sender, address, dateY, subjectY, folds } = letterLayout;
  const textWidth = doc.page.width - 2 * margin;
  doc.fillColor('black').strokeColor('#999999').lineWidth(0.5);
  for (const y of folds) doc.moveTo(0, y).lineTo(mm(5), y).stroke();

  if (head.sender) {
    doc
      .font(fonts.bold)
      .fontSize(11)
      .text(pdfText(head.sender.name), sender.x, sender.y, { width: sender.width });
    doc.font(fonts.regular).fontSize(head.sender.size ?? 9);
    for (const line of head.sender.lines)
      if (line.trim()) doc.text(pdfText(line.trim()), sender.x, doc.y + 1, { width: sender.width });
  }

  const lines = head.recipient.map((line) => line.trim()).filter((line) => line !== '');
  doc.font(fonts.regular).fontSize(11);
  doc.text(pdfText(lines.join('\n')), address.x, address.y, {
    width: address.width,
    height: address.height,
    lineGap: 1,
    ellipsis: true,
  });

  doc
    .font(fonts.regular)
    .fontSize(10)
    .text(pdfText(head.dateLine), margin, dateY, { width: textWidth, align: 'right' });
  doc
    .font(fonts.bold)
    .fontSize(11)
    .text(pdfText(`Objet : ${head.subject}`), margin, subjectY, { width: textWidth });
  doc.y += 12;
}
