// A report (bilan) as a PDF to send: a title page (programme, area, period), the summary, the coordinator's
// sections, the indicator tables under statistical secrecy with their charts (the same SVG as the web page), the
// testimonies, and « page X / Y » on every page. Text goes through pdfText (the standard fonts' WinAnsi).
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { DbOrTx } from '../../platform/db/index.ts';
import { fonts, formatDate, formatIsoDate, pdfBytes, pdfText } from '../../platform/pdf/index.ts';
import type { Actor } from '../../platform/permissions/index.ts';
import { cellText, type StatColumn, type StatRow, type StatTable } from '../../platform/secrecy/index.ts';
import { getReportContent, type ReportContent } from './report-content.ts';

type Doc = PDFKit.PDFDocument;

const page = { width: 595.28, height: 841.89 };
const margins = { top: 64, bottom: 64, left: 50, right: 50 };
const width = page.width - margins.left - margins.right;
const bottom = page.height - margins.bottom;
const size = 10;
const ink = '#1a1a1a';
const soft = '#555555';
const rule = '#999999';
const shade = '#eeeeee';
const accent = '#1d4e89';
const red = '#b00020';

/** Starts a new page when less than `height` remains on this one. */
function keepSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom) {
    doc.addPage();
    doc.y = margins.top;
  }
}

/** A heading, on the next page when what must follow it (`keep` points) does not fit below. */
function heading(doc: Doc, text: string, level: 1 | 2, keep = level === 1 ? 90 : 60): void {
  keepSpace(doc, keep);
  doc.y += level === 1 ? 14 : 10;
  doc
    .font(fonts.bold)
    .fontSize(level === 1 ? 15 : 11.5)
    .fillColor(level === 1 ? accent : ink)
    .text(pdfText(text), margins.left, doc.y, { width });
  if (level === 1)
    doc
      .moveTo(margins.left, doc.y + 2)
      .lineTo(margins.left + width, doc.y + 2)
      .lineWidth(0.8)
      .strokeColor(accent)
      .stroke();
  doc.fillColor(ink);
  doc.y += level === 1 ? 8 : 4;
}

/** Paragraphs of typed text (blank lines separate them); a number keeps its unit on the same line. */
function paragraphs(
  doc: Doc,
  text: string,
  { font = fonts.regular as string, fontSize = size, color = ink } = {},
): void {
  for (const paragraph of text.split(/\n\s*\n/)) {
    const clean = pdfText(paragraph.trim()).replace(/(\d) ([%€])/g, '$1\u00a0$2');
    if (!clean) continue;
    doc.font(font).fontSize(fontSize);
    keepSpace(doc, Math.min(doc.heightOfString(clean, { width, lineGap: 2 }), 60));
    doc.fillColor(color).text(clean, margins.left, doc.y, { width, lineGap: 2 });
    doc.y += 5;
  }
  doc.fillColor(ink);
}

// ---------------------------------------------------------------------------------------------------------------
// Statistical tables

interface Cell {
  text: string;
  align: 'left' | 'right';
}

/** A statistical table: a header repeated on every page it runs onto, the total row in bold, its note below. */
function statTable(doc: Doc, table: StatTable, threshold: number): void {
  const columns: StatColumn[] = table.columns;
  const fontSize = columns.length > 6 ? 7 : 8.5;
  const pad = columns.length > 6 ? 2.5 : 3;
  const firstWidth = columns.length > 6 ? 84 : Math.max(140, Math.min(220, width - columns.length * 75));
  const numberWidth = (width - firstWidth) / Math.max(columns.length, 1);
  const widths = [firstWidth, ...columns.map(() => numberWidth)];
  const header: Cell[] = [
    { text: pdfText(table.rowHeader), align: 'left' },
    ...columns.map((c) => ({ text: pdfText(c.label), align: 'right' as const })),
  ];
  // Headers wrap between words; a word longer than its column (« Participants ») makes the headers smaller.
  doc.font(fonts.bold);
  let headerSize = fontSize;
  for (const [i, cell] of header.entries())
    for (const word of cell.text.split(/\s+/))
      while (headerSize > 5.5 && doc.fontSize(headerSize).widthOfString(word) > widths[i]! - 2 * pad)
        headerSize -= 0.25;

  const rowHeight = (cells: Cell[], font: string, textSize = fontSize) => {
    doc.font(font).fontSize(textSize);
    return (
      Math.max(
        ...cells.map((c, i) => doc.heightOfString(c.text, { width: widths[i]! - 2 * pad, lineGap: 0.5 })),
      ) +
      2 * pad
    );
  };
  const drawRow = (cells: Cell[], font: string, fill: string | null, textSize = fontSize) => {
    const height = rowHeight(cells, font, textSize);
    const y = doc.y;
    if (fill) doc.rect(margins.left, y, width, height).fillColor(fill).fill();
    let x = margins.left;
    doc.fillColor(ink).font(font).fontSize(textSize);
    cells.forEach((cell, i) => {
      doc.text(cell.text, x + pad, y + pad, { width: widths[i]! - 2 * pad, align: cell.align, lineGap: 0.5 });
      x += widths[i]!;
    });
    doc
      .moveTo(margins.left, y + height)
      .lineTo(margins.left + width, y + height)
      .lineWidth(0.4)
      .strokeColor(rule)
      .stroke();
    doc.y = y + height;
  };
  const cellsOf = (row: StatRow): Cell[] => [
    { text: pdfText(row.label), align: 'left' },
    ...columns.map((c) => ({ text: pdfText(cellText(row, c, threshold)), align: 'right' as const })),
  ];
  const drawHeader = () => drawRow(header, fonts.bold, shade, headerSize);

  const headerHeight = rowHeight(header, fonts.bold, headerSize);
  keepSpace(doc, headerHeight + 3 * 16);
  drawHeader();
  const rows = [
    ...table.rows.map((r) => ({ row: r, total: false })),
    ...(table.total ? [{ row: table.total, total: true }] : []),
  ];
  for (const { row, total } of rows) {
    const cells = cellsOf(row);
    if (doc.y + rowHeight(cells, total ? fonts.bold : fonts.regular) > bottom) {
      doc.addPage();
      doc.y = margins.top;
      drawHeader();
    }
    drawRow(cells, total ? fonts.bold : fonts.regular, total ? shade : null);
  }
  doc.x = margins.left;
  doc.y += 4;
  if (table.note) paragraphs(doc, table.note, { font: fonts.italic, fontSize: 8, color: soft });
}

/** A chart at the width of the text is as high as its own proportions say (at most 360 points). */
function chartHeight(svg: string): number {
  const box = /viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"/.exec(svg);
  const ratio = box ? Number(box[2]) / Number(box[1]) : 0.5;
  return Math.min(360, Math.max(80, width * (Number.isFinite(ratio) && ratio > 0 ? ratio : 0.5)));
}

function chart(doc: Doc, svg: string): void {
  const height = chartHeight(svg);
  keepSpace(doc, height + 10);
  const y = doc.y;
  try {
    SVGtoPDF(doc, pdfText(svg), margins.left, y, {
      width,
      height,
      preserveAspectRatio: 'xMidYMid meet',
      warningCallback: () => {},
    });
  } catch {
    // A chart that cannot be drawn leaves its table alone: the numbers are all in it.
  }
  doc.x = margins.left;
  doc.y = y + height + 6;
  doc.fillColor(ink).strokeColor(ink).fillOpacity(1).strokeOpacity(1).lineWidth(1);
}

// ---------------------------------------------------------------------------------------------------------------
// Pages

function titlePage(doc: Doc, content: ReportContent): void {
  doc
    .font(fonts.regular)
    .fontSize(12)
    .fillColor(soft)
    .text(pdfText(content.programmeName), margins.left, 150, { width, align: 'center' });
  doc.y += 30;
  doc
    .font(fonts.bold)
    .fontSize(26)
    .fillColor(accent)
    // « 25 novembre » stays on one line.
    .text(pdfText(content.title).replace(/(\d+(?:er)?) (?=\p{L})/gu, '$1\u00a0'), margins.left, doc.y, {
      width,
      align: 'center',
    });
  doc.y += 24;
  doc.font(fonts.regular).fontSize(14).fillColor(ink);
  doc.text(pdfText(content.areaLabel), margins.left, doc.y, { width, align: 'center' });
  doc.y += 6;
  doc.text(pdfText(`Période : ${content.periodText}`), margins.left, doc.y, { width, align: 'center' });
  doc.y += 40;
  const status =
    content.status === 'published' && content.publishedAt
      ? `Bilan publié le ${formatIsoDate(content.publishedAt)}`
      : content.status === 'draft'
        ? 'PROJET — bilan non publié, chiffres calculés à la date du document'
        : 'Document de travail, non enregistré';
  doc
    .font(content.status === 'published' ? fonts.regular : fonts.bold)
    .fontSize(11)
    .fillColor(content.status === 'published' ? ink : red)
    .text(pdfText(status), margins.left, doc.y, { width, align: 'center' });
  doc.fillColor(ink);
  doc
    .font(fonts.italic)
    .fontSize(9)
    .fillColor(soft)
    .text(
      pdfText(
        `Tous les chiffres de ce bilan respectent le secret statistique : aucun nombre de moins de ${content.threshold} personnes n’est publié, et aucun nombre caché ne peut être retrouvé à partir des autres.`,
      ),
      margins.left + 40,
      page.height - 190,
      { width: width - 80, align: 'center' },
    );
  doc.fillColor(ink);
}

/** Header and « page X / Y » on every page but the title page, once they all exist (bufferPages). */
function decoratePages(doc: Doc, content: ReportContent, generatedAt: Date): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the margins must not start a new page
    if (i > start) {
      doc
        .font(fonts.regular)
        .fontSize(8)
        .fillColor(soft)
        .text(pdfText(content.title), margins.left, 30, {
          width: width * 0.65,
          lineBreak: false,
          ellipsis: true,
        })
        .text(pdfText(content.areaLabel), margins.left, 30, { width, align: 'right', lineBreak: false });
      doc
        .moveTo(margins.left, 42)
        .lineTo(margins.left + width, 42)
        .lineWidth(0.4)
        .strokeColor(rule)
        .stroke();
      if (content.status === 'draft')
        doc
          .font(fonts.bold)
          .fontSize(8.5)
          .fillColor(red)
          .text('PROJET — non publié', margins.left, 46, { width, align: 'center', lineBreak: false });
    }
    const footerY = page.height - 38;
    doc
      .font(fonts.regular)
      .fontSize(8)
      .fillColor(soft)
      .text(
        pdfText(
          `${content.programmeName} — document établi le ${formatDate(generatedAt, { weekday: false })}`,
        ),
        margins.left,
        footerY,
        {
          width: width * 0.7,
          lineBreak: false,
        },
      )
      .text(`page ${i - start + 1} / ${count}`, margins.left, footerY, {
        width,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottomMargin;
  }
  doc.fillColor(ink);
}

/** The report as a PDF. */
export async function renderReportPdf(
  content: ReportContent,
  { generatedAt = new Date() }: { generatedAt?: Date } = {},
): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margins,
    bufferPages: true,
    info: {
      Title: pdfText(content.title),
      Author: pdfText(content.programmeName),
      Subject: pdfText(`${content.areaLabel}, ${content.periodText}`),
      Creator: 'Palier',
      CreationDate: generatedAt,
    },
  });
  const bytes = pdfBytes(doc);
  titlePage(doc, content);

  doc.addPage();
  doc.y = margins.top;
  heading(doc, 'Synthèse', 1);
  paragraphs(doc, content.headline.join(' '));
  if (content.summary.trim()) paragraphs(doc, content.summary);

  for (const section of content.sections) {
    heading(doc, section.heading, 1);
    paragraphs(doc, section.body);
  }

  heading(doc, 'Comment lire les tableaux', 2);
  paragraphs(doc, content.legend, { fontSize: 8.5, color: soft });

  for (const chapter of content.chapters) {
    heading(doc, chapter.title, 1, chapter.chart ? chartHeight(chapter.chart) + 60 : 200);
    if (chapter.chart) chart(doc, chapter.chart);
    for (const { table, chart: svg } of chapter.tables) {
      // The heading stays with the chart, or with the table's header and first rows.
      heading(
        doc,
        table.title,
        2,
        svg ? chartHeight(svg) + 40 : Math.min(40 + 16 * (table.rows.length + 1), 130),
      );
      if (table.rows.length === 0) {
        paragraphs(doc, 'Rien à compter sur la période.', { font: fonts.italic, fontSize: 9, color: soft });
        continue;
      }
      if (svg) chart(doc, svg);
      statTable(doc, table, content.threshold);
    }
  }

  if (content.testimonies.length) {
    heading(doc, 'Témoignages', 1);
    for (const t of content.testimonies) {
      const quote = pdfText(`« ${t.quote} »`);
      const who = pdfText(`— ${t.author}${t.context ? `, ${t.context}` : ''}`);
      doc.font(fonts.italic).fontSize(size);
      keepSpace(doc, Math.min(doc.heightOfString(quote, { width: width - 30 }) + 20, 120));
      doc.fillColor(ink).text(quote, margins.left + 15, doc.y, { width: width - 30, lineGap: 2 });
      doc
        .font(fonts.regular)
        .fontSize(9)
        .fillColor(soft)
        .text(who, margins.left + 15, doc.y + 2, { width: width - 30 });
      doc.fillColor(ink);
      doc.y += 10;
    }
  }

  decoratePages(doc, content, generatedAt);
  doc.end();
  return bytes;
}

/** A file name people can keep: « bilan-12-2026-01-01-2026-12-31.pdf ». */
export const reportFileName = (content: Pick<ReportContent, 'id' | 'periodFrom' | 'periodTo'>) =>
  `bilan${content.id ? `-${content.id}` : ''}-${content.periodFrom}-${content.periodTo}.pdf`;

/** The PDF of a report the actor may read (anyone for a published one; `actor` null: not signed in). */
export async function reportPdf({
  db,
  actor,
  reportId,
}: {
  db: DbOrTx;
  actor: Actor | null;
  reportId: number;
}): Promise<{ fileName: string; bytes: Uint8Array }> {
  const content = await getReportContent({ db, actor, reportId });
  return { fileName: reportFileName(content), bytes: await renderReportPdf(content) };
}
