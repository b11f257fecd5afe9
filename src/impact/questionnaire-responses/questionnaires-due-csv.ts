import { csvCell } from '../../platform/csv/index.ts';
import type { QuestionnaireDue } from './questionnaires-due.ts';

export const questionnairesDueCsvColumns = [
  'reference_foyer',
  'nom',
  'telephone',
  'secteur',
  'questionnaire_avant_le',
  'a_reposer_a_partir_du',
] as const;

/** The call list as French spreadsheets open it (UTF-8 with BOM, `;`, one line per household). */
export function questionnairesDueCsv(rows: QuestionnaireDue[]): string {
  const lines = rows.map((r) =>
    [r.reference, r.name ?? '', r.phone ?? '', r.sectorName ?? '', r.beforeOn, r.dueFrom]
      .map(csvCell)
      .join(';'),
  );
  return `\uFEFF${[questionnairesDueCsvColumns.join(';'), ...lines].map((l) => `${l}\r\n`).join('')}`;
}
