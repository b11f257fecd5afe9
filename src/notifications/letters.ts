// Letters to print: one A4 page per pending letter, the address where the window of a French DL envelope shows it
// (the page folded in three), posted by the facility, then marked done with markHandled.
import { and, asc, eq, lte } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { organisation } from '../partners/index.ts';
import { localDate } from '../platform/dates.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import { fonts, formatDate, pdfBytes, pdfText } from '../platform/pdf/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { visible } from './manage.ts';
import { notification } from './schema.ts';

const mm = (value: number) => (value * 72) / 25.4;
const a4Width = 595.28;

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

export interface Letter {
  id: number;
  senderName: string | null;
  senderPhone: string | null;
  senderEmail: string | null;
  recipientName: string;
  /** Postal address, one line per line. */
  address: string;
  subject: string;
  body: string;
}

/** The pages of letters dated `date` (exported for the tests and for other documents to reuse). */
export async function renderLetters(letters: Letter[], date: Date): Promise<Uint8Array> {
  const { margin, sender, address, dateY, subjectY, folds } = letterLayout;
  const doc = new PDFDocument({
    size: 'A4',
    autoFirstPage: false,
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    info: { Title: 'Courriers', Author: 'Palier', Creator: 'Palier', CreationDate: date },
  });
  const bytes = pdfBytes(doc);
  const textWidth = a4Width - 2 * margin;
  for (const letter of letters) {
    doc.addPage();
    doc.fillColor('black').strokeColor('#999999').lineWidth(0.5);
    for (const y of folds) doc.moveTo(0, y).lineTo(mm(5), y).stroke();

    if (letter.senderName) {
      doc.font(fonts.bold).fontSize(11).text(pdfText(letter.senderName), sender.x, sender.y, {
        width: sender.width,
      });
      doc.font(fonts.regular).fontSize(9);
      for (const line of [letter.senderPhone && `Tél. : ${letter.senderPhone}`, letter.senderEmail])
        if (line) doc.text(pdfText(line), sender.x, doc.y + 1, { width: sender.width });
    }

    const lines = [letter.recipientName, ...letter.address.split(/\r?\n/)]
      .map((line) => line.trim())
      .filter((line) => line !== '');
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
      .text(pdfText(`Le ${formatDate(date, { weekday: false })}`), margin, dateY, {
        width: textWidth,
        align: 'right',
      });
    doc
      .font(fonts.bold)
      .fontSize(11)
      .text(pdfText(`Objet : ${letter.subject}`), margin, subjectY, { width: textWidth });
    doc.y += 12;
    doc.font(fonts.regular).fontSize(11);
    for (const paragraph of letter.body.split(/\n\s*\n/)) {
      doc.text(pdfText(paragraph.trim()), margin, doc.y, { width: textWidth, lineGap: 2 });
      doc.y += 8;
    }
  }
  doc.end();
  return bytes;
}

/**
 * The pending letters of the actor's organisation (the programme's for a programme-wide role) whose time has come
 * by `now`, one page each, dated `now`; null when there is none. Returns their ids, to mark them posted
 * (markHandled … 'done') once they are in the post.
 */
export async function lettersPdf({
  db,
  actor,
  now = new Date(),
}: {
  db: DbOrTx;
  actor: Actor;
  now?: Date;
}): Promise<{ pdf: Uint8Array; ids: number[]; name: string } | null> {
  const rows = await db
    .select({
      id: notification.id,
      senderName: organisation.name,
      senderPhone: organisation.phone,
      senderEmail: organisation.email,
      recipientName: notification.recipientName,
      address: notification.recipient,
      subject: notification.subject,
      body: notification.body,
    })
    .from(notification)
    .leftJoin(organisation, eq(organisation.id, notification.organisationId))
    .where(
      and(
        visible(actor, 'notification.handle'),
        eq(notification.channel, 'letter'),
        eq(notification.status, 'pending'),
        lte(notification.nextAttemptAt, now),
      ),
    )
    .orderBy(asc(notification.id));
  if (rows.length === 0) return null;
  return {
    pdf: await renderLetters(rows, now),
    ids: rows.map((row) => row.id),
    name: `courriers-${localDate(now)}.pdf`,
  };
}
