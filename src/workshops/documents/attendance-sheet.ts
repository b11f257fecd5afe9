// The attendance sheet of a workshop session (feuille d'émargement): who is expected, a box for presence and a
// wide cell for each signature, free lines for people who come without registering, then the facilitator's
// signature and the count. A4 portrait; the table header is repeated on each page, and the running header and
// "page X / Y" are drawn once all pages exist (pdfkit's bufferPages). Text and Paris-time formatting come from
// platform/pdf (ADR 022).
import PDFDocument from 'pdfkit';
import {
  fonts,
  formatDate,
  formatDateTime,
  formatTime,
  pdfBytes,
  pdfText,
} from '../../platform/pdf/index.ts';

export interface AttendanceSheetInput {
  programmeName: string;
  facility: { name: string; address: string; postcode: string; commune: string };
  course: { title: string; kind: 'cycle' | 'drop_in'; sessionCount: number };
  session: {
    /** 3 (of 6) in a cycle; null for a drop-in session. */
    number: number | null;
    startsAt: Date;
    endsAt: Date;
    room: string | null;
    facilitatorName: string | null;
    status: 'scheduled' | 'cancelled';
  };
  /** In the order they are printed. */
  participants: {
    name: string;
    /** The household's reference, e.g. "F-000123". */
    household: string;
    /** null: not taken yet. */
    present: boolean | null;
  }[];
  printedAt: Date;
}

type Doc = PDFKit.PDFDocument;

const page = { width: 595.28, height: 841.89 }; // A4 in points
const margins = { top: 50, bottom: 50, left: 40, right: 40 };
const width = page.width - margins.left - margins.right;
const bottom = page.height - margins.bottom;
const size = 10;
const rule = '#999999';
const shade = '#eeeeee';
const grey = '#444444';
const red = '#b00020';

/** Rows of about 12 mm: room for a handwritten signature. */
const rowHeight = 34;
const headerHeight = 22;
/** The facilitator's signature and the count, under the table on the last page: a gap, then the block. */
const closingGap = 14;
const closingBlock = 90;
const closingHeight = closingGap + closingBlock;
/** Free lines after the registered people (more when nobody registered), then the last page is filled up. */
export const walkInRows = 3;
export const walkInRowsWhenEmpty = 10;

const columns = [
  { title: 'N°', width: 28, align: 'center' },
  { title: 'Nom', width: 165, align: 'left' },
  { title: 'Foyer', width: 72, align: 'left' },
  { title: 'Présent', width: 52, align: 'center' },
  { title: 'Signature', width: width - 28 - 165 - 72 - 52, align: 'left' },
] as const;

/** Room to write by hand. */
const blank = '________________________';

type Row = AttendanceSheetInput['participants'][number] | null; // null: a free line

/** The left edge of each column, then the table's right edge. */
const xs = [margins.left];
for (const column of columns) xs.push(xs.at(-1)! + column.width);

/** The lines between columns, over a row of the table. */
function separators(doc: Doc, y: number, height: number): void {
  for (const x of xs.slice(1, -1))
    doc
      .moveTo(x, y)
      .lineTo(x, y + height)
      .lineWidth(0.5)
      .strokeColor(rule)
      .stroke();
  doc.strokeColor('black');
}

/** "Séance 3 sur 6", "Atelier libre". */
export function sessionLabel(input: Pick<AttendanceSheetInput, 'course' | 'session'>): string {
  if (input.course.kind === 'drop_in') return 'Atelier libre';
  return input.session.number === null
    ? `Cycle de ${input.course.sessionCount} séances`
    : `Séance ${input.session.number} sur ${input.course.sessionCount}`;
}

/** "jeudi 3 décembre 2026, 14 h – 16 h" in Paris time (both dates when it ends another day). */
export function sessionTime(startsAt: Date, endsAt: Date): string {
  const day = formatDate(startsAt);
  const endDay = formatDate(endsAt);
  return endDay === day
    ? `${day}, ${formatTime(startsAt)} – ${formatTime(endsAt)}`
    : `${day}, ${formatTime(startsAt)} – ${endDay}, ${formatTime(endsAt)}`;
}

/** Label : value lines, the labels in a column. */
function fields(doc: Doc, rows: { label: string; value: string; bold?: boolean }[]): void {
  const labelWidth = 90;
  for (const { label, value, bold } of rows) {
    const y = doc.y;
    doc
      .font(fonts.bold)
      .fontSize(size)
      .fillColor('black')
      .text(pdfText(label), margins.left, y, { width: labelWidth - 8 });
    const labelBottom = doc.y;
    doc
      .font(bold ? fonts.bold : fonts.regular)
      .fontSize(size)
      .text(pdfText(value), margins.left + labelWidth, y, { width: width - labelWidth, lineGap: 1 });
    doc.y = Math.max(doc.y, labelBottom) + 3;
  }
}

/** The first page's heading: title, course, session, the cancellation, date, place, facilitator. */
function heading(doc: Doc, input: AttendanceSheetInput): void {
  const { session, facility } = input;
  doc
    .font(fonts.bold)
    .fontSize(18)
    .fillColor('black')
    .text(pdfText('Feuille d’émargement'), margins.left, margins.top, { width, align: 'center' });
  doc.y += 2;
  doc.font(fonts.bold).fontSize(14).text(pdfText(input.course.title), margins.left, doc.y, {
    width,
    align: 'center',
  });
  doc
    .font(fonts.regular)
    .fontSize(11)
    .text(pdfText(sessionLabel(input)), margins.left, doc.y + 2, {
      width,
      align: 'center',
    });
  doc.y += 8;

  if (session.status === 'cancelled') {
    const top = doc.y;
    doc.rect(margins.left, top, width, 34).lineWidth(2).strokeColor(red).stroke();
    doc
      .font(fonts.bold)
      .fontSize(20)
      .fillColor(red)
      .text(pdfText('SÉANCE ANNULÉE'), margins.left, top + 8, { width, align: 'center', lineBreak: false });
    doc.fillColor('black').strokeColor('black').lineWidth(1);
    doc.y = top + 34 + 10;
  }

  const place = [facility.name, facility.address, `${facility.postcode} ${facility.commune}`]
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(', ');
  const registered = input.participants.length;
  fields(doc, [
    { label: 'Date', value: sessionTime(session.startsAt, session.endsAt), bold: true },
    { label: 'Lieu', value: place },
    ...(session.room ? [{ label: 'Salle', value: session.room }] : []),
    { label: 'Animation', value: session.facilitatorName ?? blank },
    {
      label: 'Inscriptions',
      value:
        registered === 0
          ? 'aucune personne inscrite'
          : `${registered} personne${registered > 1 ? 's' : ''} inscrite${registered > 1 ? 's' : ''}`,
    },
  ]);
  doc.y += 2;
  doc
    .font(fonts.regular)
    .fontSize(9)
    .fillColor(grey)
    .text(
      pdfText(
        'Chaque personne présente signe en face de son nom. Une personne venue sans inscription écrit son nom sur une ligne libre et signe.',
      ),
      margins.left,
      doc.y,
      { width },
    );
  doc.fillColor('black');
  doc.y += 8;
}

function tableHeader(doc: Doc): void {
  const y = doc.y;
  doc.rect(margins.left, y, width, headerHeight).fillColor(shade).fill();
  let x = margins.left;
  doc.fillColor('black').font(fonts.bold).fontSize(9.5);
  for (const column of columns) {
    doc.text(pdfText(column.title), x + 5, y + 7, {
      width: column.width - 10,
      align: column.align,
      lineBreak: false,
    });
    x += column.width;
  }
  doc.rect(margins.left, y, width, headerHeight).lineWidth(0.75).strokeColor('black').stroke();
  separators(doc, y, headerHeight);
  doc.y = y + headerHeight;
}

/** A cell's text, up to two lines, centred vertically. */
function cellText(doc: Doc, text: string, x: number, y: number, cellWidth: number, align: 'left' | 'center') {
  const options = { width: cellWidth - 10, height: rowHeight - 8, align, ellipsis: true } as const;
  const textHeight = Math.min(doc.heightOfString(text, options), rowHeight - 8);
  doc.text(text, x + 5, y + (rowHeight - textHeight) / 2 + 2, options);
}

function tableRow(doc: Doc, number: number, row: Row): void {
  const y = doc.y;
  doc.fillColor('black').font(fonts.regular).fontSize(size);
  cellText(doc, String(number), xs[0]!, y, columns[0].width, 'center');
  if (row) {
    doc.font(fonts.bold);
    cellText(doc, pdfText(row.name), xs[1]!, y, columns[1].width, 'left');
    doc.font(fonts.regular);
    cellText(doc, pdfText(row.household), xs[2]!, y, columns[2].width, 'left');
  }
  // Presence: an empty box to tick, an "X" in it when recorded present, "absent" when recorded absent.
  const centre = { x: xs[3]! + columns[3].width / 2, y: y + rowHeight / 2 };
  if (row?.present === false) {
    doc.font(fonts.italic).fontSize(9).fillColor(grey);
    cellText(doc, 'absent', xs[3]!, y, columns[3].width, 'center');
    doc.fillColor('black');
  } else {
    doc
      .rect(centre.x - 6, centre.y - 6, 12, 12)
      .lineWidth(0.75)
      .strokeColor('black')
      .stroke();
    if (row?.present === true)
      doc
        .font(fonts.bold)
        .fontSize(11)
        .text('X', centre.x - 6, centre.y - 4.5, { width: 12, align: 'center', lineBreak: false });
  }
  // The grid: a full frame for each row, and the column separators.
  doc.rect(margins.left, y, width, rowHeight).lineWidth(0.5).strokeColor(rule).stroke();
  separators(doc, y, rowHeight);
  doc.y = y + rowHeight;
}

/** "Présents : __ / N" and the facilitator's signature, side by side. */
function closing(doc: Doc, input: AttendanceSheetInput): void {
  const top = doc.y + closingGap;
  const half = (width - 30) / 2;
  const registered = input.participants.length;
  // Filled in when every registered person's presence is already recorded, to be written by hand otherwise.
  const allRecorded = registered > 0 && input.participants.every((p) => p.present !== null);
  const present = input.participants.filter((p) => p.present === true).length;
  doc
    .font(fonts.bold)
    .fontSize(12)
    .fillColor('black')
    .text(pdfText(`Présents : ${allRecorded ? present : '______'} / ${registered}`), margins.left, top, {
      width: half,
      lineBreak: false,
    });
  doc
    .font(fonts.regular)
    .fontSize(9)
    .fillColor(grey)
    .text(
      pdfText('Inscrits présents sur le nombre d’inscrits ; les personnes venues sans inscription en plus.'),
      margins.left,
      top + 20,
      { width: half },
    );
  const x = margins.left + half + 30;
  doc
    .font(fonts.bold)
    .fontSize(size)
    .fillColor('black')
    .text(pdfText('Pour l’animation'), x, top, { width: half, lineBreak: false });
  doc
    .font(fonts.regular)
    .fontSize(size)
    .text(pdfText(`Nom : ${input.session.facilitatorName ?? blank}`), x, top + 16, {
      width: half,
      lineBreak: false,
      ellipsis: true,
    });
  doc.text('Signature :', x, top + 32, { lineBreak: false });
  doc
    .rect(x, top + 46, half, closingBlock - 46)
    .lineWidth(0.5)
    .strokeColor(rule)
    .stroke();
  doc.strokeColor('black');
  doc.y = top + closingBlock;
}

/** Running header, "page X / Y" and, for a cancelled session, a watermark: on every page once they all exist. */
function decoratePages(doc: Doc, input: AttendanceSheetInput): void {
  const { start, count } = doc.bufferedPageRange();
  const cancelled = input.session.status === 'cancelled';
  const running = `${input.course.title} · ${sessionLabel(input)} · ${formatDate(input.session.startsAt)}`;
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the margins must not start a new page
    doc
      .font(fonts.regular)
      .fontSize(8.5)
      .fillColor(grey)
      .text(pdfText(running), margins.left, 26, { width: width * 0.62, lineBreak: false, ellipsis: true })
      .text(pdfText(input.programmeName), margins.left + width * 0.64, 26, {
        width: width * 0.36,
        align: 'right',
        lineBreak: false,
        ellipsis: true,
      });
    doc
      .moveTo(margins.left, 38)
      .lineTo(margins.left + width, 38)
      .lineWidth(0.5)
      .strokeColor(rule)
      .stroke();
    if (cancelled) {
      doc.save();
      doc.rotate(-40, { origin: [page.width / 2, page.height / 2] });
      doc
        .font(fonts.bold)
        .fontSize(90)
        .fillColor(red)
        .fillOpacity(0.08)
        .text(pdfText('ANNULÉE'), 0, page.height / 2 - 45, {
          width: page.width,
          align: 'center',
          lineBreak: false,
        });
      doc.restore();
    }
    const footerY = page.height - 34;
    doc
      .moveTo(margins.left, footerY - 6)
      .lineTo(margins.left + width, footerY - 6)
      .lineWidth(0.5)
      .strokeColor(rule)
      .stroke();
    doc
      .font(fonts.regular)
      .fontSize(8.5)
      .fillColor(grey)
      .fillOpacity(1)
      .text(
        pdfText(`${input.facility.name} · imprimée le ${formatDateTime(input.printedAt)}`),
        margins.left,
        footerY,
        { width: width * 0.75, lineBreak: false, ellipsis: true },
      )
      .text(pdfText(`page ${i - start + 1} / ${count}`), margins.left, footerY, {
        width,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottomMargin;
  }
  doc.fillColor('black');
}

/**
 * Splits the rows into pages: as many as fit on each page, the last page keeping room for the closing block and
 * at least one row, and filled up with free lines.
 */
function paginate(rows: Row[], firstTop: number): Row[][] {
  const rowsFitting = (top: number, last: boolean) =>
    Math.max(1, Math.floor((bottom - top - headerHeight - (last ? closingHeight : 0)) / rowHeight));
  const pages: Row[][] = [];
  let i = 0;
  let top = firstTop;
  for (;;) {
    const remaining = rows.length - i;
    const lastFit = rowsFitting(top, true);
    if (remaining <= lastFit) {
      pages.push([...rows.slice(i), ...Array<Row>(lastFit - remaining).fill(null)]);
      return pages;
    }
    const take = Math.min(rowsFitting(top, false), remaining - 1);
    pages.push(rows.slice(i, i + take));
    i += take;
    top = margins.top;
  }
}

/** The attendance sheet of a session, as a PDF. */
export async function attendanceSheetPdf(input: AttendanceSheetInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins,
    bufferPages: true,
    info: {
      Title: pdfText(`Feuille d’émargement – ${input.course.title} – ${formatDate(input.session.startsAt)}`),
      Author: pdfText(input.facility.name),
      Creator: 'Palier',
      CreationDate: input.printedAt,
    },
  });
  const bytes = pdfBytes(doc);
  doc.fillColor('black').strokeColor('black').lineWidth(1);

  heading(doc, input);
  const free = input.participants.length === 0 ? walkInRowsWhenEmpty : walkInRows;
  const rows: Row[] = [...input.participants, ...Array<Row>(free).fill(null)];
  let number = 0;
  paginate(rows, doc.y).forEach((pageRows, i) => {
    if (i > 0) {
      doc.addPage();
      doc.y = margins.top;
    }
    tableHeader(doc);
    for (const row of pageRows) tableRow(doc, ++number, row);
  });
  closing(doc, input);

  decoratePages(doc, input);
  doc.end();
  const pdf = await bytes;
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
