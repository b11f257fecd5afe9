// The procès-verbal of a vote: what was asked, under which rule, how many voted and how, the result, the turnout
// of every building, the certification and the signatures. Formal French; A4; page numbers and, while the report
// is not certified, "PROJET — non certifié" on every page (drawn once all pages exist: pdfkit's bufferPages).
import PDFDocument from 'pdfkit';
import {
  fonts,
  formatDateTime,
  formatInteger,
  formatIsoDate,
  formatMoney,
  formatPercentBp,
  pdfBytes,
  pdfText,
  plain,
  rich,
} from './letters.ts';
import type { BallotChannel, ChoiceCounts, VoteReportData } from './types.ts';

type Doc = PDFKit.PDFDocument;

const page = { width: 595.28, height: 841.89 };
const margins = { top: 62, bottom: 62, left: 50, right: 50 };
const width = page.width - margins.left - margins.right;
const size = 10;
const red = '#b00020';
const rule = '#999999';
const shade = '#eeeeee';

const channels: { channel: BallotChannel; label: string }[] = [
  { channel: 'online', label: 'Internet' },
  { channel: 'paper', label: 'Papier' },
  { channel: 'in_person', label: 'En personne' },
];

const procedureNames = { approval: 'approbation', opposition: 'opposition' } as const;

/** Turnout of `voted` among `of`, in basis points rounded down (as the vote's decision computes it). */
const turnoutBp = (voted: number, of: number) => (of === 0 ? null : Math.floor((voted * 10000) / of));

const sum = (counts: ChoiceCounts) => counts.yes + counts.no + counts.blank + counts.invalid;

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right' | 'center';
}

function section(doc: Doc, title: string): void {
  keepSpace(doc, 60);
  doc.y += 10;
  doc.font(fonts.bold).fontSize(12).fillColor('black').text(pdfText(title), margins.left, doc.y, { width });
  doc
    .moveTo(margins.left, doc.y + 1)
    .lineTo(margins.left + width, doc.y + 1)
    .lineWidth(0.5)
    .strokeColor(rule)
    .stroke();
  doc.y += 5;
}

function paragraph(doc: Doc, markup: string): void {
  // "25,37 %", "1,10 €": a number stays with its unit.
  rich(doc, markup.replace(/(\d) ([%€])/g, '$1\u00a0$2'), { x: margins.left, width, size, lineGap: 2 });
  doc.y += 3;
}

/** Label : value lines, the labels in a column. */
function fields(doc: Doc, rows: [string, string][]): void {
  const labelWidth = 170;
  for (const [label, value] of rows) {
    keepSpace(doc, 16);
    const y = doc.y;
    doc
      .font(fonts.bold)
      .fontSize(size)
      .text(pdfText(label), margins.left, y, { width: labelWidth - 10 });
    const labelBottom = doc.y;
    doc
      .font(fonts.regular)
      .fontSize(size)
      .text(pdfText(value), margins.left + labelWidth, y, { width: width - labelWidth, lineGap: 1 });
    doc.y = Math.max(doc.y, labelBottom) + 3;
  }
}

/** Starts a new page when less than `height` remains on this one. */
function keepSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - margins.bottom) {
    doc.addPage();
    doc.y = margins.top;
  }
}

/** A table whose header row is repeated at the top of every page it runs onto; `bold` rows are totals. */
function table(doc: Doc, columns: Column[], rows: { cells: string[]; bold?: boolean }[]): void {
  const rowHeight = 17;
  const pad = 5;
  const drawRow = (cells: string[], font: string, fill: string | null) => {
    const y = doc.y;
    if (fill) doc.rect(margins.left, y, width, rowHeight).fillColor(fill).fill();
    let x = margins.left;
    doc.fillColor('black').font(font).fontSize(9.5);
    columns.forEach((column, i) => {
      doc.text(pdfText(cells[i] ?? ''), x + pad, y + 4.5, {
        width: column.width - 2 * pad,
        height: rowHeight - 4,
        align: column.align,
        ellipsis: true,
        lineBreak: false,
      });
      x += column.width;
    });
    doc
      .moveTo(margins.left, y + rowHeight)
      .lineTo(margins.left + width, y + rowHeight)
      .lineWidth(0.5)
      .strokeColor(rule)
      .stroke();
    doc.y = y + rowHeight;
  };
  const header = () =>
    drawRow(
      columns.map((c) => c.title),
      fonts.bold,
      shade,
    );
  keepSpace(doc, rowHeight * Math.min(rows.length + 1, 4));
  header();
  for (const row of rows) {
    if (doc.y + rowHeight > doc.page.height - margins.bottom) {
      doc.addPage();
      doc.y = margins.top;
      header();
    }
    drawRow(row.cells, row.bold ? fonts.bold : fonts.regular, row.bold ? shade : null);
  }
  doc.x = margins.left;
  doc.y += 6;
}

function signatures(doc: Doc, data: VoteReportData): void {
  const blockHeight = 150;
  keepSpace(doc, blockHeight + 40);
  section(doc, 'Signatures');
  const top = doc.y + 4;
  const columnWidth = (width - 30) / 2;
  const parties = [
    { title: 'Pour le bailleur', who: data.vote.landlordName },
    { title: 'Pour les associations de locataires', who: '' },
  ];
  parties.forEach((party, i) => {
    const x = margins.left + i * (columnWidth + 30);
    doc
      .font(fonts.bold)
      .fontSize(size)
      .fillColor('black')
      .text(pdfText(party.title), x, top, { width: columnWidth });
    doc
      .font(fonts.regular)
      .fontSize(size)
      .text(pdfText(party.who || ' '), x, doc.y, { width: columnWidth });
    let y = doc.y + 10;
    for (const label of ['Nom :', 'Qualité :', 'Date :']) {
      doc.text(pdfText(label), x, y, { lineBreak: false });
      doc
        .moveTo(x + 55, y + 11)
        .lineTo(x + columnWidth, y + 11)
        .lineWidth(0.5)
        .strokeColor(rule)
        .stroke();
      y += 22;
    }
    doc.text('Signature :', x, y, { lineBreak: false });
    doc
      .rect(x, y + 15, columnWidth, 50)
      .lineWidth(0.5)
      .strokeColor(rule)
      .stroke();
  });
  doc.x = margins.left;
  doc.y = top + blockHeight;
}

/** Header, footer, page numbers and the draft mention, on every page once they all exist. */
function decoratePages(doc: Doc, data: VoteReportData): void {
  const { start, count } = doc.bufferedPageRange();
  const draft = data.certifiedAt === null;
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the margins must not start a new page
    doc
      .font(fonts.regular)
      .fontSize(8.5)
      .fillColor('#444444')
      .text(pdfText(`Procès-verbal de la consultation ${data.vote.reference}`), margins.left, 30, {
        width,
        lineBreak: false,
      })
      .text(pdfText(data.vote.landlordName), margins.left, 30, { width, align: 'right', lineBreak: false });
    doc
      .moveTo(margins.left, 43)
      .lineTo(margins.left + width, 43)
      .lineWidth(0.5)
      .strokeColor(rule)
      .stroke();
    if (draft) {
      doc
        .font(fonts.bold)
        .fontSize(11)
        .fillColor(red)
        .text(pdfText('PROJET — non certifié'), margins.left, 47, {
          width,
          align: 'center',
          lineBreak: false,
        });
      doc.save();
      doc.rotate(-40, { origin: [page.width / 2, page.height / 2] });
      doc
        .font(fonts.bold)
        .fontSize(110)
        .fillColor(red)
        .fillOpacity(0.08)
        .text('PROJET', 0, page.height / 2 - 55, { width: page.width, align: 'center', lineBreak: false });
      doc.restore();
    }
    const footerY = page.height - 40;
    doc
      .moveTo(margins.left, footerY - 6)
      .lineTo(margins.left + width, footerY - 6)
      .lineWidth(0.5)
      .strokeColor(rule)
      .stroke();
    doc
      .font(fonts.regular)
      .fontSize(8.5)
      .fillColor('#444444')
      .fillOpacity(1)
      .text(pdfText(`Document établi le ${formatDateTime(data.generatedAt)}`), margins.left, footerY, {
        width,
        lineBreak: false,
      })
      .text(pdfText(`Page ${i - start + 1} / ${count}`), margins.left, footerY, {
        width,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottomMargin;
  }
  doc.fillColor('black');
}

/** The procès-verbal of a vote, as a PDF. */
export async function renderReport(data: VoteReportData): Promise<Uint8Array> {
  const { vote } = data;
  const doc = new PDFDocument({
    size: 'A4',
    margins,
    bufferPages: true,
    info: {
      Title: pdfText(`Procès-verbal de la consultation des locataires ${vote.reference}`),
      Author: pdfText(vote.landlordName),
      Creator: 'Palier',
      CreationDate: data.generatedAt,
    },
  });
  const bytes = pdfBytes(doc);

  doc
    .font(fonts.bold)
    .fontSize(18)
    .text(pdfText('Procès-verbal de la consultation des locataires'), margins.left, margins.top, {
      width,
      align: 'center',
    });
  doc
    .font(fonts.regular)
    .fontSize(11)
    .text(pdfText('Article 42 de la loi n° 86-1290 du 23 décembre 1986'), { width, align: 'center' });
  doc.y += 10;
  fields(doc, [
    ['Référence', vote.reference],
    ['Programme', vote.programmeName],
    ['Bailleur', vote.landlordName],
    ['Secteur', vote.sectorName],
    ['Quartier', vote.neighbourhoodName],
  ]);

  section(doc, '1. Objet et base légale');
  paragraph(
    doc,
    `La consultation des locataires a été organisée par ${plain(vote.landlordName)} en application de l'article 42 de la loi n° 86-1290 du 23 décembre 1986 tendant à favoriser l'investissement locatif, l'accession à la propriété de logements sociaux et le développement de l'offre foncière. Elle porte sur l'ajout aux charges locatives d'un service collectif d'accès à Internet, pour l'ensemble des logements du secteur ${plain(vote.sectorName)}.`,
  );

  section(doc, '2. Procédure');
  fields(doc, [
    ['Procédure', procedureNames[vote.procedure]],
    ['Version de la règle', data.ruleVersion],
  ]);
  paragraph(doc, plain(data.ruleText));

  section(doc, '3. Offre soumise à la consultation');
  fields(doc, [
    ['Opérateur', vote.operatorName],
    ['Service', vote.serviceName],
    ['Montant', `${formatMoney(vote.monthlyAmountCents)} par mois et par logement, inclus dans les charges`],
    ['Application', `à compter du ${formatIsoDate(vote.tariffFrom)}`],
  ]);

  section(doc, '4. Déroulement');
  fields(doc, [
    ['Période de vote', `du ${formatDateTime(vote.opensAt)} au ${formatDateTime(vote.closesAt)}`],
    [
      "Réunion d'information",
      vote.meetingAt
        ? `${formatDateTime(vote.meetingAt)}${vote.meetingPlace ? `, ${vote.meetingPlace}` : ''}`
        : 'aucune',
    ],
    ['Logements concernés', formatInteger(data.dwellingsConcerned)],
    ['Modes de vote', 'par Internet, par bulletin papier, en personne'],
  ]);

  section(doc, '5. Résultats du dépouillement');
  const numeric = (title: string): Column => ({ title, width: 66, align: 'right' });
  const channelColumns: Column[] = [
    { title: 'Mode de vote', width: width - 5 * 66, align: 'left' },
    numeric('Oui'),
    numeric('Non'),
    numeric('Blanc'),
    numeric('Nul'),
    numeric('Total'),
  ];
  const countCells = (counts: ChoiceCounts) =>
    [counts.yes, counts.no, counts.blank, counts.invalid, sum(counts)].map(formatInteger);
  table(doc, channelColumns, [
    ...channels.map(({ channel, label }) => {
      const counts = data.byChannel.find((c) => c.channel === channel) ?? {
        yes: 0,
        no: 0,
        blank: 0,
        invalid: 0,
      };
      return { cells: [label, ...countCells(counts)] };
    }),
    { cells: ['Total', ...countCells(data.totals)], bold: true },
  ]);
  const voted = sum(data.totals);
  fields(doc, [
    ['Bulletins reçus dans les délais', formatInteger(voted)],
    ['Suffrages exprimés (oui et non)', formatInteger(data.totals.yes + data.totals.no)],
    ['Bulletins reçus hors délai', `${formatInteger(data.late)} (enregistrés, non comptés)`],
    [
      'Participation',
      `${formatPercentBp(data.turnoutBp)} (${formatInteger(voted)} logements sur ${formatInteger(data.dwellingsConcerned)})`,
    ],
  ]);

  section(doc, '6. Résultat');
  keepSpace(doc, 60);
  const adopted = data.result === 'adopted';
  doc
    .font(fonts.bold)
    .fontSize(16)
    .fillColor(adopted ? 'black' : red)
    .text(pdfText(adopted ? 'ADOPTÉ' : 'REJETÉ'), margins.left, doc.y, { width });
  doc.fillColor('black');
  doc.y += 2;
  paragraph(doc, plain(data.resultText));
  paragraph(
    doc,
    adopted
      ? `En conséquence, le service « ${plain(vote.serviceName)} » de ${plain(vote.operatorName)}, au prix de ${formatMoney(vote.monthlyAmountCents)} par mois et par logement, peut être ajouté aux charges des logements concernés à compter du ${formatIsoDate(vote.tariffFrom)}.`
      : `En conséquence, le service « ${plain(vote.serviceName)} » de ${plain(vote.operatorName)} ne peut pas être ajouté aux charges des logements concernés.`,
  );

  section(doc, '7. Participation par bâtiment');
  const buildingColumns: Column[] = [
    { title: 'Adresse', width: width - 3 * 80, align: 'left' },
    { title: 'Logements', width: 80, align: 'right' },
    { title: 'Votants', width: 80, align: 'right' },
    { title: 'Participation', width: 80, align: 'right' },
  ];
  const turnoutCell = (v: number, of: number) => {
    const bp = turnoutBp(v, of);
    return bp === null ? '—' : formatPercentBp(bp);
  };
  const buildingDwellings = data.buildings.reduce((total, b) => total + b.dwellings, 0);
  const buildingVoted = data.buildings.reduce((total, b) => total + b.voted, 0);
  table(doc, buildingColumns, [
    ...data.buildings.map((b) => ({
      cells: [
        b.address,
        formatInteger(b.dwellings),
        formatInteger(b.voted),
        turnoutCell(b.voted, b.dwellings),
      ],
    })),
    {
      cells: [
        `Total (${formatInteger(data.buildings.length)} bâtiments)`,
        formatInteger(buildingDwellings),
        formatInteger(buildingVoted),
        turnoutCell(buildingVoted, buildingDwellings),
      ],
      bold: true,
    },
  ]);

  section(doc, '8. Certification');
  if (data.certifiedAt) {
    const by = data.certifiedBy ? ` par **${plain(data.certifiedBy)}**` : '';
    paragraph(
      doc,
      `Certifié le **${formatDateTime(data.certifiedAt)}**${by}. Les résultats ci-dessus sont définitifs.`,
    );
  } else {
    paragraph(
      doc,
      '**PROJET — non certifié.** Ce procès-verbal n’a pas encore été certifié : les résultats ci-dessus sont provisoires.',
    );
  }
  signatures(doc, data);

  decoratePages(doc, data);
  doc.end();
  return bytes;
}
