// Letters to print: one A4 page per pending letter, the address where the window of a French DL envelope shows it
// (the page folded in three), posted by the facility, then marked done with markHandled.
import { and, asc, eq, lte } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { organisation } from '../partners/index.ts';
import { localDate } from '../platform/dates.ts';
import type { DbOrTx } from '../platform/db/index.ts';
import {
  a4,
  fonts,
  formatDate,
  letterLayout,
  pdfBytes,
  pdfText,
  writeLetterHead,
} from '../platform/pdf/index.ts';
import type { Actor } from '../platform/permissions/index.ts';
import { visible } from './manage.ts';
import { notification } from './schema.ts';

// The page layout is shared with other letters (platform/pdf); re-exported for this module's face.
export { letterLayout };

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
  const { margin } = letterLayout;
  const doc = new PDFDocument({
    size: 'A4',
    autoFirstPage: false,
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    info: { Title: 'Courriers', Author: 'Palier', Creator: 'Palier', CreationDate: date },
  });
  const bytes = pdfBytes(doc);
  const textWidth = a4.width - 2 * margin;
  for (const letter of letters) {
    doc.addPage();
    writeLetterHead(doc, {
      sender: letter.senderName
        ? {
            name: letter.senderName,
            lines: [letter.senderPhone ? `Tél. : ${letter.senderPhone}` : '', letter.senderEmail ?? ''],
          }
        : null,
      recipient: [letter.recipientName, ...letter.address.split(/\r?\n/)],
      dateLine: `Le ${formatDate(date, { weekday: false })}`,
      subject: letter.subject,
    });
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
