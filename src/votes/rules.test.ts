import { describe, expect, it } from 'vitest';
import { compareEntries } from './compare-entries.ts';
import type { ChoiceCounts } from './documents/types.ts';
import { parseSlipLines } from './paper-lines.ts';
import { countWithin, decide, decisionText, ruleFor, type StoredRule } from './rules.ts';

const approval = ruleFor('approval', '2026-11-26')!;
const opposition = ruleFor('opposition', '2026-11-26')!;
const counts = (yes: number, no: number, blank = 0, invalid = 0): ChoiceCounts => ({
  yes,
  no,
  blank,
  invalid,
});

describe('the rules in force', () => {
  it('are the 2006 wording of article 42, with their thresholds', () => {
    expect(approval).toMatchObject({ version: 'art42-approval-2006', majorityBp: 5000, quorumBp: 2500 });
    expect(opposition).toMatchObject({ version: 'art42-opposition-2006', rejectionBp: 5000 });
  });
  it('do not apply before they existed', () => {
    expect(ruleFor('approval', '2006-07-15')).toBeNull();
  });
});

describe('approval: yes > 50 % of votes cast and turnout ≥ 25 % of dwellings concerned', () => {
  // yes, no, blank, invalid, concerned, result, why
  it.each<[number, number, number, number, number, 'adopted' | 'rejected', string]>([
    [51, 49, 0, 0, 100, 'adopted', 'a clear majority with full turnout'],
    [50, 50, 0, 0, 100, 'rejected', 'exactly 50 % of votes cast is not more than half'],
    [26, 25, 0, 0, 100, 'adopted', 'just over half, turnout 51 %'],
    [13, 12, 0, 0, 100, 'adopted', 'turnout exactly 25 % reaches the quorum'],
    [13, 11, 0, 0, 100, 'rejected', 'turnout 24 % misses the quorum'],
    [13, 10, 1, 1, 100, 'adopted', 'blank and invalid ballots count for turnout (25 %)'],
    [3, 2, 20, 0, 100, 'adopted', 'blank ballots are not votes cast: 3 yes of 5 cast'],
    [0, 0, 0, 0, 100, 'rejected', 'zero votes'],
    [0, 0, 30, 0, 100, 'rejected', 'every vote blank: nothing cast'],
    [0, 0, 0, 40, 100, 'rejected', 'every vote invalid'],
    [1, 0, 0, 0, 4, 'adopted', 'one dwelling of four is 25 %'],
    [1, 0, 0, 0, 5, 'rejected', 'one dwelling of five is 20 %'],
    [0, 0, 0, 0, 0, 'rejected', 'no dwelling concerned'],
    [1054, 1053, 0, 0, 4000, 'adopted', 'a majority of one'],
  ])(
    '%i yes, %i no, %i blank, %i invalid of %i dwellings: %s (%s)',
    (yes, no, blank, invalid, concerned, result) => {
      expect(decide(approval, counts(yes, no, blank, invalid), concerned).result).toBe(result);
    },
  );

  it('explains which condition failed, with the numbers', () => {
    const decision = decide(approval, counts(13, 11), 100);
    expect(decision).toMatchObject({ majorityMet: true, quorumMet: false, turnoutBp: 2400, cast: 24 });
    expect(decisionText(approval, decision, counts(13, 11), 100)).toBe(
      'Rejeté : la participation est inférieure à 25 %. 13 « oui » sur 24 suffrages exprimés (54,16 %) ; 24 logements sur 100 ont voté (participation 24 %).',
    );
  });
});

describe('opposition: binding unless "no" reaches 50 % of the dwellings concerned', () => {
  it.each<[number, number, number, number, 'adopted' | 'rejected', string]>([
    [0, 0, 0, 100, 'adopted', 'silence is acceptance (zero votes)'],
    [0, 49, 0, 100, 'adopted', '49 % against'],
    [0, 50, 0, 100, 'rejected', 'exactly 50 % against'],
    [0, 51, 0, 100, 'rejected', '51 % against'],
    [60, 40, 0, 100, 'adopted', '"yes" does not matter, only rejections'],
    [0, 10, 90, 100, 'adopted', 'blank ballots are not rejections'],
    [0, 2, 0, 3, 'rejected', 'two of three'],
  ])('%i yes, %i no, %i blank of %i dwellings: %s (%s)', (yes, no, blank, concerned, result) => {
    expect(decide(opposition, counts(yes, no, blank), concerned).result).toBe(result);
  });
});

describe('the window: only ballots received between opening and closing, both included, count', () => {
  const window = { opensAt: new Date('2027-01-04T07:00:00Z'), closesAt: new Date('2027-02-28T17:00:00Z') };
  it.each<[string, boolean]>([
    ['2027-01-04T06:59:59Z', false],
    ['2027-01-04T07:00:00Z', true],
    ['2027-02-28T17:00:00Z', true],
    ['2027-02-28T17:00:01Z', false],
  ])('a ballot received at %s counts: %s', (at, counted) => {
    const result = countWithin([{ choice: 'yes', receivedAt: new Date(at) }], window);
    expect(result.yes).toBe(counted ? 1 : 0);
    expect(result.late).toBe(counted ? 0 : 1);
  });
  it('a late "yes" cannot turn a result', () => {
    const ballots = [
      { choice: 'yes' as const, receivedAt: new Date('2027-01-10T10:00:00Z') },
      { choice: 'no' as const, receivedAt: new Date('2027-01-11T10:00:00Z') },
      { choice: 'yes' as const, receivedAt: new Date('2027-02-28T17:00:01Z') },
    ];
    const rule: StoredRule = approval;
    expect(decide(rule, countWithin(ballots, window), 4).result).toBe('rejected');
  });
});

describe('paper slips typed at a desk', () => {
  it.each<[string, { key: string; choice: string }[], string[]]>([
    ['K7Q4-M9X2-B8RZ oui', [{ key: 'K7Q4-M9X2-B8RZ', choice: 'yes' }], []],
    ['k7q4 m9x2 b8rz ; NON', [{ key: 'k7q4 m9x2 b8rz', choice: 'no' }], []],
    ['BRE 12  A oui', [{ key: 'BRE 12 A', choice: 'yes' }], []],
    ['L-004\u0000 non', [{ key: 'L-004', choice: 'no' }], []],
    [
      'L-001\tblanc\nL-002 nul\n\n',
      [
        { key: 'L-001', choice: 'blank' },
        { key: 'L-002', choice: 'invalid' },
      ],
      [],
    ],
    ['L-003 peut-être', [], ['Ligne 1 : réponse « peut-être » inconnue (oui, non, blanc ou nul)']],
    ['oui', [], ['Ligne 1 : écrivez le code (ou le logement) puis la réponse']],
    ['', [], ['Saisissez au moins un bulletin']],
  ])('%j', (text, lines, errors) => {
    const parsed = parseSlipLines(text);
    expect(parsed.lines.map(({ key, choice }) => ({ key, choice }))).toEqual(lines);
    expect(parsed.errors.map((e) => e.message)).toEqual(errors);
  });
});

describe('double entry', () => {
  it('agrees where both typed the same, and shows every other dwelling', () => {
    const first = new Map([
      [1, 'yes'],
      [2, 'no'],
      [3, 'blank'],
    ] as const);
    const second = new Map([
      [1, 'yes'],
      [2, 'yes'],
      [4, 'no'],
    ] as const);
    const { agreed, differences } = compareEntries(first, second);
    expect([...agreed]).toEqual([[1, 'yes']]);
    expect(differences).toEqual([
      { dwellingId: 2, first: 'no', second: 'yes' },
      { dwellingId: 3, first: 'blank', second: null },
      { dwellingId: 4, first: null, second: 'no' },
    ]);
  });
});
