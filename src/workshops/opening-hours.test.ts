import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOpeningHours, describeState, openingState, weekSchedule } from './opening-hours.ts';

const weekdays = 'Mo-Fr 09:00-12:00,14:00-18:00; PH off';
const byAppointment = 'Mo-Fr 09:00-12:00; Sa 10:00-12:00 "sur rendez-vous"';

describe('checking opening hours', () => {
  it.each([
    weekdays,
    byAppointment,
    '24/7',
    'Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00',
    'Mo,We,Fr 14:00-17:00; PH off',
    'Tu-Sa 10:00-18:00; Aug off',
  ])('%s is valid', (value) => {
    expect(checkOpeningHours(value)).toBeNull();
  });

  it.each<[string, string | RegExp]>([
    ['Lu-Ve 9h-12h', 'Horaires à corriger : écrivez « Mo-Fr 09:00-12:00 » (format OpenStreetMap)'],
    ['Mo-Fr 9-12', 'Horaires à corriger : écrivez « Mo-Fr 09:00-12:00 » (format OpenStreetMap)'],
    ['Mo-Fr 09.00-12.00', 'Horaires à corriger : écrivez « Mo-Fr 09:00-12:00 » (format OpenStreetMap)'],
    ['Mo-Fr 09:00-12:00;', 'Horaires à corriger : écrivez « Mo-Fr 09:00-12:00 » (format OpenStreetMap)'],
    ['', /^Horaires manquants : écrivez-les au format OpenStreetMap, par exemple Mo-Fr/],
    ['   ', /^Horaires manquants/],
    ['du lundi au vendredi', /^Horaires illisibles : ce n’est pas le format OpenStreetMap \(exemple : Mo-Fr/],
    [
      'Mo-Fr 08:00-12:00 && 14:00-18:00',
      /^Horaires illisibles après « Mo-Fr 08:00-12:00 & » : Veuillez utiliser "," plutôt que "&" \(exemple : /,
    ],
    [
      'Mo 12:00',
      /^Horaires illisibles après « Mo 12:00 » : Tiret \(-\) ou fin ouverte \(\+\) attendu dans la plage horaire \(/,
    ],
    ['Mo-Fr 25:00-26:00', /^Horaires illisibles après « Mo-Fr 25:00 » : La plage horaire commence/],
  ])('%j → %s', (value, message) => {
    expect(checkOpeningHours(value)).toMatch(message);
  });
});

// The library reads dates in the process's zone: every table below runs with the process in several zones,
// UTC (our servers) first.
describe.each(['UTC', 'Europe/Paris', 'Asia/Tokyo', 'America/New_York', 'Pacific/Chatham'])(
  'with the process in %s',
  (zone) => {
    const before = process.env.TZ;
    beforeAll(() => {
      process.env.TZ = zone;
    });
    afterAll(() => {
      process.env.TZ = before;
    });

    it('runs in that zone', () => {
      expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(zone);
    });

    describe('the state at an instant, in Paris time', () => {
      it.each<
        [string, string, string, { open: boolean; unknown?: boolean; comment?: string; next: string | null }]
      >([
        // Winter time (UTC+1) from 25 October 2026, summer time (UTC+2) from 29 March 2026.
        [
          'open inside a range',
          weekdays,
          '2026-10-26T09:30:00Z',
          { open: true, next: '2026-10-26T11:00:00Z' },
        ],
        ['closed at lunch', weekdays, '2026-10-26T11:30:00Z', { open: false, next: '2026-10-26T13:00:00Z' }],
        [
          'closed on Sunday (the DST day)',
          weekdays,
          '2026-10-25T09:00:00Z',
          { open: false, next: '2026-10-26T08:00:00Z' },
        ],
        [
          'closed on Saturday, opens Monday after DST',
          weekdays,
          '2026-10-24T13:00:00Z',
          { open: false, next: '2026-10-26T08:00:00Z' },
        ],
        [
          'open on Friday 17:30 before spring DST',
          weekdays,
          '2026-03-27T16:30:00Z',
          { open: true, next: '2026-03-27T17:00:00Z' },
        ],
        [
          'closed on Friday evening, opens Monday in summer time',
          weekdays,
          '2026-03-27T17:30:00Z',
          { open: false, next: '2026-03-30T07:00:00Z' },
        ],
        [
          'PH off on 11 November although Mo-Fr',
          weekdays,
          '2026-11-11T09:00:00Z',
          { open: false, comment: 'Armistice 1918', next: '2026-11-12T08:00:00Z' },
        ],
        [
          'open the day before 11 November',
          weekdays,
          '2026-11-10T10:00:00Z',
          { open: true, next: '2026-11-10T11:00:00Z' },
        ],
        [
          'PH off on Easter Monday 2026',
          weekdays,
          '2026-04-06T08:00:00Z',
          { open: false, comment: 'Lundi de Pâques', next: '2026-04-07T07:00:00Z' },
        ],
        [
          'Monday 00:30 in Paris is still Sunday in UTC',
          'Mo 00:00-02:00',
          '2026-03-29T22:30:00Z',
          { open: true, next: '2026-03-30T00:00:00Z' },
        ],
        ['24/7', '24/7', '2026-03-29T01:30:00Z', { open: true, next: null }],
        [
          'a comment makes the state unknown',
          byAppointment,
          '2026-10-24T09:00:00Z',
          { open: false, unknown: true, comment: 'sur rendez-vous', next: '2026-10-24T10:00:00Z' },
        ],
        [
          'the comment rule on a weekday',
          byAppointment,
          '2026-10-23T08:00:00Z',
          { open: true, next: '2026-10-23T10:00:00Z' },
        ],
        [
          'an unreadable value',
          'Lu-Ve 9h-12h',
          '2026-10-26T09:30:00Z',
          { open: false, unknown: true, next: null },
        ],
        ['an empty value', '', '2026-10-26T09:30:00Z', { open: false, unknown: true, next: null }],
      ])('%s', (_, value, at, expected) => {
        expect(openingState(value, new Date(at))).toEqual({
          open: expected.open,
          unknown: expected.unknown ?? false,
          comment: expected.comment ?? null,
          nextChange: expected.next ? new Date(expected.next) : null,
        });
      });
    });

    describe('the week schedule', () => {
      const full = 'Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00 "sur rendez-vous"; Su 01:00-04:00; PH off';
      const day = (from: string, to: string, unknown = false) => ({ from, to, unknown });
      const workday = [day('09:00', '12:00'), day('14:00', '18:00')];

      it('gives the week of 30 March 2026 (first week of summer time) in Paris times as written', () => {
        expect(weekSchedule(full, new Date('2026-04-01T10:00:00Z'))).toEqual([
          { date: '2026-03-30', dayLabel: 'lundi 30 mars', ranges: workday, comment: null },
          { date: '2026-03-31', dayLabel: 'mardi 31 mars', ranges: workday, comment: null },
          { date: '2026-04-01', dayLabel: 'mercredi 1er avril', ranges: workday, comment: null },
          { date: '2026-04-02', dayLabel: 'jeudi 2 avril', ranges: workday, comment: null },
          { date: '2026-04-03', dayLabel: 'vendredi 3 avril', ranges: workday, comment: null },
          {
            date: '2026-04-04',
            dayLabel: 'samedi 4 avril',
            ranges: [day('10:00', '12:00', true)],
            comment: 'sur rendez-vous',
          },
          // Easter Sunday is not one of the library's French public holidays (Easter Monday is).
          {
            date: '2026-04-05',
            dayLabel: 'dimanche 5 avril',
            ranges: [day('01:00', '04:00')],
            comment: null,
          },
        ]);
      });

      it.each<[string, string]>([
        ['Monday 00:30 in Paris (Sunday 22:30 UTC)', '2026-03-29T22:30:00Z'],
        ['Sunday 23:59 in Paris', '2026-04-05T21:59:00Z'],
      ])('%s belongs to the Paris week', (_, at) => {
        expect(weekSchedule(full, new Date(at))[0]?.date).toBe('2026-03-30');
      });

      it('keeps the times as written on the day clocks go forward', () => {
        const week = weekSchedule(full, new Date('2026-03-29T12:00:00Z'));
        expect(week.map((d) => d.date)).toEqual([
          '2026-03-23',
          '2026-03-24',
          '2026-03-25',
          '2026-03-26',
          '2026-03-27',
          '2026-03-28',
          '2026-03-29',
        ]);
        expect(week[6]).toEqual({
          date: '2026-03-29',
          dayLabel: 'dimanche 29 mars',
          ranges: [day('01:00', '04:00')],
          comment: null,
        });
      });

      it('names the public holiday and cuts a range crossing midnight at 24:00', () => {
        const week = weekSchedule(
          'Mo-Fr 09:00-12:00; Fr 09:00-12:00,22:00-02:00; PH off',
          new Date('2026-11-11T12:00:00Z'),
        );
        expect(
          week.map((d) => [d.dayLabel, d.ranges.map((r) => `${r.from}-${r.to}`).join(' '), d.comment]),
        ).toEqual([
          ['lundi 9 novembre', '09:00-12:00', null],
          ['mardi 10 novembre', '09:00-12:00', null],
          ['mercredi 11 novembre', '', 'Armistice 1918'],
          ['jeudi 12 novembre', '09:00-12:00', null],
          ['vendredi 13 novembre', '09:00-12:00 22:00-24:00', null],
          ['samedi 14 novembre', '00:00-02:00', null],
          ['dimanche 15 novembre', '', null],
        ]);
      });

      it('gives 7 empty days for an unreadable value', () => {
        const week = weekSchedule('Lu-Ve 9h-12h', new Date('2026-11-30T12:00:00Z'));
        expect(week).toHaveLength(7);
        expect(week[0]).toEqual({
          date: '2026-11-30',
          dayLabel: 'lundi 30 novembre',
          ranges: [],
          comment: null,
        });
        expect(week.every((d) => d.ranges.length === 0)).toBe(true);
      });
    });

    describe('the sentence for a facility page', () => {
      it.each<[string, string, string]>([
        [weekdays, '2026-10-26T09:30:00Z', 'Ouvert maintenant, jusqu’à 12 h 00'],
        [weekdays, '2026-10-26T11:30:00Z', 'Fermé maintenant, ouvre à 14 h 00'],
        [weekdays, '2026-10-24T13:00:00Z', 'Fermé maintenant, ouvre lundi à 9 h 00'],
        [weekdays, '2026-11-11T09:00:00Z', 'Fermé maintenant (Armistice 1918), ouvre jeudi à 9 h 00'],
        ['Mo 09:00-12:00', '2026-10-27T09:00:00Z', 'Fermé maintenant, ouvre lundi à 9 h 00'],
        ['Mo 09:00-12:00', '2026-10-26T13:00:00Z', 'Fermé maintenant, ouvre le lundi 2 novembre à 9 h 00'],
        ['Mo-Fr 09:00-24:00', '2026-10-26T21:00:00Z', 'Ouvert maintenant, jusqu’à minuit'],
        ['Fr 22:00-02:00', '2026-10-30T22:00:00Z', 'Ouvert maintenant, jusqu’à samedi à 2 h 00'],
        ['24/7', '2026-10-26T09:30:00Z', 'Ouvert maintenant, 24 h/24 et 7 j/7'],
        ['off', '2026-10-26T09:30:00Z', 'Fermé maintenant'],
        [
          byAppointment,
          '2026-10-24T09:00:00Z',
          'Ouverture à confirmer maintenant (sur rendez-vous), jusqu’à 12 h 00',
        ],
        ['', '2026-10-26T09:30:00Z', 'Horaires non renseignés'],
        ['Lu-Ve 9h-12h', '2026-10-26T09:30:00Z', 'Horaires non renseignés'],
      ])('%j at %s → %s', (value, at, sentence) => {
        const now = new Date(at);
        expect(describeState(openingState(value, now), now)).toBe(sentence);
      });
    });
  },
);
