// What a retention run did, in plain French: for the page, the command line and the logs.
import { kindDescriptions, type RetentionKind, retentionKinds } from './defaults.ts';
import type { RetentionCounts } from './run-retention.ts';

export const countStepLabels: Record<string, string> = {
  archived: 'passés aux archives',
  restored: 'sortis des archives (de nouveau en usage)',
  erased: 'effacés',
  erase_postponed: 'effacement reporté (une démarche est en cours)',
  documents_deleted: 'pièces supprimées',
  content_erased: 'notes et courriers effacés',
  withdrawn: 'retirés',
  anonymised: 'rendus anonymes',
  deleted: 'supprimés',
};

/** One line per kind and step: « Dossier du foyer : 3 passés aux archives ». Steps with 0 are left out. */
export function retentionCountsText(counts: RetentionCounts): string[] {
  const lines: string[] = [];
  for (const kind of retentionKinds as readonly RetentionKind[]) {
    for (const [step, n] of Object.entries(counts[kind] ?? {})) {
      if (!n) continue;
      lines.push(`${kindDescriptions[kind].label.split(' (')[0]} : ${n} ${countStepLabels[step] ?? step}`);
    }
  }
  return lines;
}
