// PDF helpers for the equipment documents: the same text safety, French formatting and layout as the vote
// documents (src/votes/documents/letters.ts). They are copied, not imported: the module boundaries
// (scripts/check-boundaries.ts) do not let equipment use votes. If a third module needs them, move them to platform.
import PDFDocument from 'pdfkit';
import type { DeviceSummary, OrderParty } from './types.ts';

export type Doc = PDFKit.PDFDocument;

// ---------------------------------------------------------------------------------------------------------------
// Text for the standard PDF fonts (WinAnsi)

const winAnsiExtras = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019,
  0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);
const encodable = (c: number) =>
  c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff && c !== 0xad) || winAnsiExtras.has(c);
const substitutes: Record<string, string> = {
  '\u202f': '\u00a0',
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
};
const plainText = /^[\n\x20-\x7e\xa0-\xac\xae-\xff]*$/;

/** Makes text safe for the standard fonts: keeps French letters, "€", quotes; strips other accents; else "?". */
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

/** Removes the bold markers a value could contain, so that it cannot break the markup it is put into. */
export const plain = (value: string) => value.replaceAll('**', '*');

// ---------------------------------------------------------------------------------------------------------------
// French formatting, in Paris time

const timeZone = 'Europe/Paris';
const moneyFormat = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const integerFormat = new Intl.NumberFormat('fr-FR');
const dayFormat = new Intl.DateTimeFormat('fr-FR', {
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

/** 4000 → "40,00 €" (with a no-break space the standard fonts have). */
export const formatMoney = (cents: number) => pdfText(moneyFormat.format(cents / 100));

/** 1234 → "1 234". */
export const formatInteger = (value: number) => pdfText(integerFormat.format(value));

const part = (parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes) =>
  parts.find((p) => p.type === type)?.value ?? '';
const dayNumber = (day: string) => (day === '1' ? '1er' : day);

/** "4 janvier 2027", "1er janvier 2027" (in Paris time). */
export function formatDate(date: Date): string {
  const parts = dayFormat.formatToParts(date);
  return `${dayNumber(part(parts, 'day'))}\u00a0${part(parts, 'month')} ${part(parts, 'year')}`;
}

/** "18 h", "9 h 30" (in Paris time). */
export function formatTime(date: Date): string {
  const parts = timeFormat.formatToParts(date);
  const minute = part(parts, 'minute');
  return `${Number(part(parts, 'hour'))}\u00a0h${minute === '00' ? '' : `\u00a0${minute}`}`;
}

/** "4 janvier 2027 à 18 h". */
export const formatDateTime = (date: Date) => `${formatDate(date)} à ${formatTime(date)}`;

/** An ISO calendar date ("2027-01-01") → "1er janvier 2027"; an ISO instant → its day in Paris; else as given. */
export function formatIsoDate(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const parts = isoDayFormat.formatToParts(new Date(`${iso}T12:00:00Z`));
    return `${dayNumber(part(parts, 'day'))}\u00a0${part(parts, 'month')} ${part(parts, 'year')}`;
  }
  const instant = new Date(iso);
  return /^\d{4}-\d{2}-\d{2}T/.test(iso) && !Number.isNaN(instant.getTime()) ? formatDate(instant) : iso;
}

// ---------------------------------------------------------------------------------------------------------------
// The document

export const fonts = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' } as const;
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

/** Writes a paragraph where `**…**` is bold, from (x, y) or where the last text ended. Text goes through pdfText. */
export function rich(
  doc: Doc,
  markup: string,
  options: { x?: number; y?: number; width: number; size: number; lineGap?: number },
): void {
  const split = pdfText(markup)
    .split('**')
    .map((text, i) => ({ text, bold: i % 2 === 1 }));
  for (let i = 1; i < split.length; i++) {
    const space = /^\s+/.exec(split[i]!.text)?.[0];
    if (space) {
      split[i - 1]!.text += space;
      split[i]!.text = split[i]!.text.slice(space.length);
    }
  }
  const runs = split.filter((run) => run.text !== '');
  doc.fontSize(options.size);
  const textOptions = { width: options.width, lineGap: options.lineGap ?? 0 };
  runs.forEach((run, i) => {
    doc.font(run.bold ? fonts.bold : fonts.regular);
    const continued = i < runs.length - 1;
    if (i === 0) doc.text(run.text, options.x ?? doc.x, options.y ?? doc.y, { ...textOptions, continued });
    else doc.text(run.text, { continued });
  });
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

export const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "Ordinateur portable Lenovo ThinkPad T480", with "avec écran, clavier et souris" for a desktop bundle. */
export function deviceName(device: DeviceSummary): string {
  const bundle = device.bundle ? ' (avec écran, clavier et souris)' : '';
  return `${capitalised(deviceKinds[device.kind])} ${device.make} ${device.model}${bundle}`;
}
