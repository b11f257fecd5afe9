import { describe, expect, it } from 'vitest';
import { calendarDayText, ordinal, sessionMessage, whenText } from './messages.ts';
import {
  completionRuleOn,
  cycleCompleted,
  frenchPublicHoliday,
  placeFor,
  planSessions,
  preferredReminderChannel,
  reminderDue,
  reminderOffsetsFor,
  urgentChannel,
} from './rules.ts';

describe('recurrence skipping the public holidays of France', () => {
  it.each([
    // first day, count, expected days, holidays stepped over
    [
      '2026-11-04',
      6,
      ['2026-11-04', '2026-11-18', '2026-11-25', '2026-12-02', '2026-12-09', '2026-12-16'],
      ['2026-11-11'],
    ],
    [
      '2026-05-04',
      6,
      ['2026-05-04', '2026-05-11', '2026-05-18', '2026-06-01', '2026-06-08', '2026-06-15'],
      ['2026-05-25'],
    ],
    ['2026-04-30', 3, ['2026-04-30', '2026-05-07', '2026-05-21'], ['2026-05-14']],
    ['2026-12-18', 3, ['2026-12-18', '2027-01-08', '2027-01-15'], ['2026-12-25', '2027-01-01']],
    ['2026-09-07', 2, ['2026-09-07', '2026-09-14'], []],
  ])('from %s, %i sessions', (firstDay, count, days, skipped) => {
    const plan = planSessions({
      firstDay,
      startTime: '14:00',
      endTime: '16:00',
      everyWeeks: 1,
      count,
      skipHolidays: true,
    });
    expect(plan.sessions.map((s) => s.day)).toEqual(days);
    expect(plan.skipped.map((s) => s.day)).toEqual(skipped);
  });

  it('keeps holidays when asked to', () => {
    const plan = planSessions({
      firstDay: '2026-11-04',
      startTime: '14:00',
      endTime: '16:00',
      everyWeeks: 2,
      count: 3,
      skipHolidays: false,
    });
    expect(plan.sessions.map((s) => s.day)).toEqual(['2026-11-04', '2026-11-18', '2026-12-02']);
  });

  it('keeps the Paris wall clock across the change of hour', () => {
    const plan = planSessions({
      firstDay: '2026-10-15',
      startTime: '14:00',
      endTime: '16:00',
      everyWeeks: 1,
      count: 3,
      skipHolidays: true,
    });
    expect(plan.sessions.map((s) => s.startsAt.toISOString())).toEqual([
      '2026-10-15T12:00:00.000Z',
      '2026-10-22T12:00:00.000Z',
      '2026-10-29T13:00:00.000Z',
    ]);
  });

  it.each([
    ['2026-11-11', 'Armistice 1918'],
    ['2026-07-14', 'Fête Nationale de la France'],
    ['2026-05-25', 'Lundi de Pentecôte'],
    ['2026-05-10', null], // Mother's day is no day off
    ['2026-11-12', null],
  ])('%s is a public holiday: %s', (day, name) => {
    expect(frenchPublicHoliday(day)).toBe(name);
  });
});

describe('seats and completion', () => {
  it.each([
    [0, 10, 'registered'],
    [9, 10, 'registered'],
    [10, 10, 'waiting'],
    [12, 10, 'waiting'],
  ] as const)('%i taken of %i → %s', (taken, capacity, place) => {
    expect(placeFor(taken, capacity)).toBe(place);
  });

  const rule = completionRuleOn('2026-11-26');
  it.each([
    [6, 6, true],
    [5, 6, true],
    [4, 6, false],
    [0, 6, false],
    [1, 1, true],
    [0, 1, false],
    [4, 5, true], // a cancelled session is not held: 5 held, 4 attended
    [0, 0, false],
  ])('%i attended of %i held → completed %s', (attended, held, done) => {
    expect(cycleCompleted(attended, held, rule)).toBe(done);
  });
});

describe('reminders', () => {
  const offsets = [2880, 120];
  const start = new Date('2026-12-03T13:00:00Z');
  const before = (minutes: number) => new Date(start.getTime() - minutes * 60_000);
  it.each([
    [3000, null], // too early
    [2880, 2880],
    [1440, 2880],
    [121, 2880],
    [120, 120],
    [30, 120],
    [0, null], // started
    [-10, null],
  ])('%i minutes before → reminder %s', (minutes, due) => {
    expect(reminderDue(start, before(minutes), offsets)).toBe(due);
  });

  it.each([
    ['sms', [2880, 120]],
    ['email', [2880, 120]],
    ['call', [2880]],
    ['letter', []],
  ] as const)('%s gets %j', (channel, expected) => {
    expect(reminderOffsetsFor(channel, [120, 2880])).toEqual(expected);
  });

  it.each([
    ['letter', 60 * 24, true, 'call'],
    ['letter', 60 * 24, false, 'letter'],
    ['letter', 60 * 24 * 10, true, 'letter'],
    ['sms', 60, true, 'sms'],
    ['email', 60, false, 'email'],
  ] as const)(
    'urgent message to a %s person %i min ahead (phone %s) → %s',
    (chosen, ahead, phone, channel) => {
      expect(urgentChannel(chosen, ahead, phone)).toBe(channel);
    },
  );
});

describe('messages', () => {
  const session = {
    courseTitle: 'Premiers pas',
    startsAt: new Date('2026-12-03T13:00:00Z'),
    facilityName: 'Maison de quartier',
    room: 'Iroise',
    facilityPhone: '+33298000000',
  };
  it.each([
    ['2026-12-03T13:00:00Z', 'jeudi 3 décembre à 14 h 00'],
    ['2026-12-01T08:30:00Z', 'mardi 1er décembre à 9 h 30'],
    ['2026-06-01T12:00:00Z', 'lundi 1er juin à 14 h 00'],
    ['2026-11-30T23:30:00Z', 'mardi 1er décembre à 0 h 30'],
  ])('says %s in Paris, in words: %s', (instant, words) => {
    expect(whenText(new Date(instant))).toBe(words);
  });
  it.each([
    ['2026-11-11', '11 novembre'],
    ['2026-05-01', '1er mai'],
  ])('a calendar day %s reads %s', (day, words) => {
    expect(calendarDayText(day)).toBe(words);
  });
  it.each([
    [1, '1er'],
    [2, '2e'],
    [27, '27e'],
  ])('place %i on a waiting list reads %s', (n, words) => {
    expect(ordinal(n)).toBe(words);
  });
  it.each([
    ['reminder', 'rappel'],
    ['promoted', 'une place s’est libérée'],
    ['session_cancelled', 'est annulée'],
    ['session_moved', 'change'],
  ] as const)('%s', (topic, words) => {
    const message = sessionMessage(topic, 'Aïcha', session);
    expect(message.body).toContain('Bonjour Aïcha');
    expect(message.body).toContain(words);
    expect(message.body).toContain('02 98 00 00 00');
  });
  it('a reminder fits in one long SMS', () => {
    expect(sessionMessage('reminder', 'Aïcha', session).body.length).toBeLessThanOrEqual(200);
  });
});

describe('the channel a household would choose', () => {
  it.each([
    [['letter', 'phone'], 'letter'],
    [['phone', 'letter'], 'call'],
    [['email'], 'email'],
    [['sms', 'email'], 'sms'],
    [[], 'sms'],
    [['visit'], 'sms'],
  ])('%j → %s', (channels, expected) => {
    expect(preferredReminderChannel(channels)).toBe(expected);
  });
});
