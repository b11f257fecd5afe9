import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import {
  type AttendanceSheetInput,
  attendanceSheetPdf,
  sessionLabel,
  sessionTime,
} from './attendance-sheet.ts';

const people = [
  'Mme Le Gall',
  'M. Kerbrat',
  'Mme Nguyễn Thị Hoa',
  'M. Ben Saïd',
  'Mme Åsa Lindqvist',
  'M. Çelik',
  'Mme Morvan',
  'M. Le Bihan',
];

const participants = (count: number): AttendanceSheetInput['participants'] =>
  Array.from({ length: count }, (_, i) => ({
    name: i < people.length ? people[i]! : `Personne ${i + 1}`,
    household: `F-${String(100 + i).padStart(6, '0')}`,
    present: null,
  }));

const sheet = (overrides: Partial<AttendanceSheetInput> = {}): AttendanceSheetInput => ({
  programmeName: 'Brest Connecté',
  facility: {
    name: 'Médiathèque des Capucins',
    address: '25 rue de Pontaniou',
    postcode: '29200',
    commune: 'Brest',
  },
  course: { title: 'Premiers pas sur Internet', kind: 'cycle', sessionCount: 6 },
  session: {
    number: 3,
    startsAt: new Date('2026-12-03T13:00:00Z'), // 14 h in Paris
    endsAt: new Date('2026-12-03T15:00:00Z'),
    room: 'Salle 2 (rez-de-chaussée)',
    facilitatorName: 'Nolwenn Tanguy',
    status: 'scheduled',
  },
  participants: participants(8),
  printedAt: new Date('2026-12-01T08:30:00Z'),
  ...overrides,
});

/** The text of each page, with every run of spaces (no-break ones included) as one space. */
async function pages(bytes: Uint8Array): Promise<string[]> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: false });
  return text.map((page) => page.replace(/\s+/g, ' '));
}

describe('sessionLabel and sessionTime', () => {
  it('name the session and write its time in Paris', () => {
    expect(sessionLabel(sheet())).toBe('Séance 3 sur 6');
    const dropIn = sheet({ course: { title: 'Café numérique', kind: 'drop_in', sessionCount: 1 } });
    expect(sessionLabel({ ...dropIn, session: { ...dropIn.session, number: null } })).toBe('Atelier libre');
    const at = (iso: string) => new Date(iso);
    expect(sessionTime(at('2026-12-03T13:00:00Z'), at('2026-12-03T15:00:00Z'))).toBe(
      'jeudi 3\u00a0décembre 2026, 14\u00a0h – 16\u00a0h',
    );
    expect(sessionTime(at('2026-06-04T07:30:00Z'), at('2026-06-04T09:00:00Z'))).toBe(
      'jeudi 4\u00a0juin 2026, 9\u00a0h\u00a030 – 11\u00a0h',
    );
  });
});

describe('attendanceSheetPdf', () => {
  it('prints the session, the place, the facilitator and every participant on one A4 page', async () => {
    const bytes = await attendanceSheetPdf(sheet());
    expect(Buffer.isBuffer(bytes)).toBe(true);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const proxy = await getDocumentProxy(new Uint8Array(bytes));
    expect(proxy.numPages).toBe(1);
    const size = (await proxy.getPage(1)).view;
    expect(Math.round(size[2]!)).toBe(595);
    expect(Math.round(size[3]!)).toBe(842);
    const [page] = (await pages(bytes)) as [string];
    expect(page).toContain('Feuille d’émargement');
    expect(page).toContain('Premiers pas sur Internet');
    expect(page).toContain('Séance 3 sur 6');
    expect(page).toContain('jeudi 3 décembre 2026, 14 h – 16 h');
    expect(page).toContain('Médiathèque des Capucins, 25 rue de Pontaniou, 29200 Brest');
    expect(page).toContain('Salle 2 (rez-de-chaussée)');
    expect(page).toContain('Nolwenn Tanguy');
    expect(page).toContain('8 personnes inscrites');
    for (const name of ['Mme Le Gall', 'M. Kerbrat', 'M. Ben Saïd', 'M. Çelik', 'M. Le Bihan'])
      expect(page).toContain(name);
    // Letters the standard fonts lack are folded, not broken.
    expect(page).toContain('Mme Nguyen Thi Hoa');
    expect(page).toContain('Mme Åsa Lindqvist');
    expect(page).toContain('F-000100');
    expect(page).toContain('F-000107');
    for (const title of ['N°', 'Nom', 'Foyer', 'Présent', 'Signature']) expect(page).toContain(title);
    expect(page).toContain('Présents : ______ / 8');
    expect(page).toContain('Pour l’animation');
    expect(page).toContain('page 1 / 1');
    expect(page).toContain('Brest Connecté');
    expect(page).toContain('imprimée le mardi 1er décembre 2026 à 9 h 30');
    expect(page).not.toContain('ANNUL');
    // The free lines for walk-ins are numbered after the registered people.
    expect(page).toMatch(/\b9 10 11\b/);
  });

  it('writes the time in Paris in summer too, and "Atelier libre" for a drop-in session', async () => {
    const [page] = (await pages(
      await attendanceSheetPdf(
        sheet({
          course: { title: 'Café numérique', kind: 'drop_in', sessionCount: 1 },
          session: {
            ...sheet().session,
            number: null,
            startsAt: new Date('2026-06-04T12:00:00Z'),
            endsAt: new Date('2026-06-04T14:00:00Z'),
            room: null,
            facilitatorName: null,
          },
        }),
      ),
    )) as [string];
    expect(page).toContain('Atelier libre');
    expect(page).toContain('jeudi 4 juin 2026, 14 h – 16 h');
    expect(page).not.toContain('Salle');
    expect(page).not.toContain('Séance');
    // No facilitator yet: lines to write the name on.
    expect(page).toMatch(/Animation _{10,}/);
    expect(page).toMatch(/Nom : _{10,}/);
  });

  it('runs onto a second page for 30 participants, repeating the table header', async () => {
    const started = performance.now();
    const bytes = await attendanceSheetPdf(sheet({ participants: participants(30) }));
    expect(performance.now() - started).toBeLessThan(1000);
    const text = await pages(bytes);
    expect(text).toHaveLength(2);
    const [first, second] = text as [string, string];
    expect(first).toContain('page 1 / 2');
    expect(second).toContain('page 2 / 2');
    for (const page of text) {
      expect(page).toContain('Signature');
      expect(page).toContain('Foyer');
      // The running header says which session the page is from.
      expect(page).toContain('Premiers pas sur Internet · Séance 3 sur 6 · jeudi 3 décembre 2026');
    }
    const all = text.join(' ');
    for (let i = 9; i <= 30; i++) expect(all).toContain(`Personne ${i}`);
    for (const name of ['Mme Le Gall', 'M. Le Bihan']) expect(all).toContain(name);
    // Each person once, in the given order; the count and the facilitator's signature close the last page.
    expect(all.indexOf('Personne 9 ')).toBeLessThan(all.indexOf('Personne 10 '));
    expect(all.match(/Personne 30 /g)).toHaveLength(1);
    expect(first).not.toContain('Présents :');
    expect(second).toContain('Présents : ______ / 30');
    // About 14 to 18 rows a page.
    const rowsOnFirst = text[0]!.match(/F-000\d{3}/g)!.length;
    expect(rowsOnFirst).toBeGreaterThanOrEqual(14);
    expect(rowsOnFirst).toBeLessThanOrEqual(18);
  });

  it('prints "SÉANCE ANNULÉE" prominently for a cancelled session', async () => {
    const [page] = (await pages(
      await attendanceSheetPdf(sheet({ session: { ...sheet().session, status: 'cancelled' } })),
    )) as [string];
    expect(page).toContain('SÉANCE ANNULÉE');
    expect(page).toContain('Mme Le Gall');
  });

  it('prints free lines when nobody registered', async () => {
    const bytes = await attendanceSheetPdf(sheet({ participants: [] }));
    const text = await pages(bytes);
    expect(text).toHaveLength(1);
    const [page] = text as [string];
    expect(page).toContain('aucune personne inscrite');
    expect(page).toContain('Présents : ______ / 0');
    expect(page).toMatch(/\b1 2 3 4 5 6 7 8 9 10\b/);
  });

  it('shows presence already recorded: X when present, "absent" otherwise, and the count', async () => {
    const recorded = participants(3).map((p, i) => ({ ...p, present: i !== 1 }));
    const [page] = (await pages(await attendanceSheetPdf(sheet({ participants: recorded })))) as [string];
    expect(page).toMatch(/Mme Le Gall F-000100 X/);
    expect(page).toMatch(/M\. Kerbrat F-000101 absent/);
    expect(page).toContain('Présents : 2 / 3');
  });
});
