import { describe, expect, it } from 'vitest';
import { nextQuestionnaire, questionnaireTiming } from './timing.ts';

describe('when a household may answer (the rule)', () => {
  const none = { before: null, after: null };
  const began = { before: '2026-01-31', after: null };
  it.each([
    ['before, the first time', 'before', '2026-01-31', none, null],
    ['before, a second time', 'before', '2026-03-01', began, 'already_answered'],
    ['after, without before', 'after', '2026-09-01', none, 'before_missing'],
    ['after, five months on', 'after', '2026-06-30', began, 'too_early'],
    [
      'after, the day before six months (31 January + 6 months = 31 July)',
      'after',
      '2026-07-30',
      began,
      'too_early',
    ],
    ['after, six months on', 'after', '2026-07-31', began, null],
    ['after, a second time', 'after', '2026-09-01', { ...began, after: '2026-08-01' }, 'already_answered'],
    ['a day to come', 'before', '2026-12-01', none, 'answered_in_future'],
  ] as const)('%s', (_, moment, on, answered, refusal) => {
    const result = questionnaireTiming(moment, on, '2026-10-01', answered);
    if (refusal === null) expect(result).toEqual({ ok: true });
    else expect(result).toMatchObject({ ok: false, reason: refusal });
  });

  it('too early names the day from which it can be answered, in French', () => {
    expect(
      questionnaireTiming('after', '2026-03-01', '2026-03-01', { before: '2025-12-31', after: null }),
    ).toEqual(
      expect.objectContaining({
        dueFrom: '2026-06-30',
        message: expect.stringContaining('à partir du 30 juin 2026'),
      }),
    );
  });

  it('what comes next: before, then after from six months on, then nothing', () => {
    expect(nextQuestionnaire({ before: null, after: null }, '2026-03-01')).toEqual({
      moment: 'before',
      dueFrom: null,
      open: true,
    });
    expect(nextQuestionnaire({ before: '2026-01-15', after: null }, '2026-03-01')).toEqual({
      moment: 'after',
      dueFrom: '2026-07-15',
      open: false,
    });
    expect(nextQuestionnaire({ before: '2026-01-15', after: null }, '2026-07-15')).toMatchObject({
      open: true,
    });
    expect(nextQuestionnaire({ before: '2026-01-15', after: '2026-07-20' }, '2026-08-01')).toBeNull();
  });
});
