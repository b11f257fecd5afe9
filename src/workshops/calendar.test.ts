import { execFileSync } from 'node:child_process';
import { type CalendarResponse, type ParameterValue, parseICS, type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { type CalendarEvent, calendarFeed } from './calendar.ts';

const event = (overrides: Partial<CalendarEvent> = {}): CalendarEvent => ({
  uid: 'session-12@palier.example.org',
  sequence: 0,
  startsAt: new Date('2026-12-03T13:00:00Z'), // jeudi 3 décembre 2026, 14 h à Paris
  endsAt: new Date('2026-12-03T15:00:00Z'),
  summary: 'Premiers pas sur Internet (séance 3 sur 6)',
  description: 'Apportez votre téléphone.',
  location: 'Médiathèque des Capucins, salle 2, 25 rue de Pontaniou, 29200 Brest',
  status: 'confirmed',
  updatedAt: new Date('2026-11-20T09:15:00Z'),
  ...overrides,
});

const winter = event();
const summer = event({
  uid: 'session-13@palier.example.org',
  startsAt: new Date('2026-06-04T12:00:00Z'), // 14 h à Paris (heure d’été)
  endsAt: new Date('2026-06-04T14:00:00Z'),
});
// Across the nights the clocks change: 22 h → 6 h, 8 hours of wall clock but 9 (October) or 7 (March) real ones.
const autumnNight = event({
  uid: 'session-14@palier.example.org',
  startsAt: new Date('2026-10-24T20:00:00Z'),
  endsAt: new Date('2026-10-25T05:00:00Z'),
});
const springNight = event({
  uid: 'session-15@palier.example.org',
  startsAt: new Date('2026-03-28T21:00:00Z'),
  endsAt: new Date('2026-03-29T04:00:00Z'),
});
const cancelled = event({
  uid: 'session-16@palier.example.org',
  sequence: 3,
  status: 'cancelled',
  summary: 'Atelier « mél », pièces jointes; messagerie \\ courriel',
  description: 'Annulé : formatrice absente.\nRendez-vous jeudi prochain, même heure; même salle.',
  url: 'https://palier.example.org/ateliers/seances/16?vue=jour,semaine;x',
});

const feedInput = {
  name: 'Ateliers numériques, Brest; quartier de Recouvrance',
  description: 'Les séances des ateliers\nde la médiathèque',
  events: [winter, summer, autumnNight, springNight, cancelled],
};

const feed = calendarFeed(feedInput);
const parsed = parseICS(feed);

const vevent = (uid: string): VEvent => {
  const component = parsed[uid];
  if (component?.type !== 'VEVENT') throw new Error(`No VEVENT ${uid}`);
  return component;
};
const value = (v: ParameterValue | undefined) => (typeof v === 'object' && v !== null ? v.val : v);
/** The unfolded content lines. */
const lines = (text: string) => text.replace(/\r\n[ \t]/g, '').split('\r\n');
const eventLines = (text: string, uid: string) => {
  const all = lines(text);
  const start = all.indexOf(`UID:${uid}`);
  return all.slice(start, all.indexOf('END:VEVENT', start));
};

describe('calendarFeed', () => {
  it('writes each start and end as Paris wall-clock time that reads back as the same instant', () => {
    for (const input of [winter, summer, autumnNight, springNight]) {
      const output = vevent(input.uid);
      expect(output.start.toISOString()).toBe(input.startsAt.toISOString());
      expect(output.end?.toISOString()).toBe(input.endsAt.toISOString());
      expect(output.start.tz).toBe('Europe/Paris');
    }
    expect(eventLines(feed, winter.uid)).toContain('DTSTART;TZID=Europe/Paris:20261203T140000');
    expect(eventLines(feed, winter.uid)).toContain('DTEND;TZID=Europe/Paris:20261203T160000');
    expect(eventLines(feed, summer.uid)).toContain('DTSTART;TZID=Europe/Paris:20260604T140000');
    expect(eventLines(feed, summer.uid)).toContain('DTEND;TZID=Europe/Paris:20260604T160000');
    expect(eventLines(feed, autumnNight.uid)).toContain('DTSTART;TZID=Europe/Paris:20261024T220000');
    expect(eventLines(feed, autumnNight.uid)).toContain('DTEND;TZID=Europe/Paris:20261025T060000');
    expect(eventLines(feed, springNight.uid)).toContain('DTSTART;TZID=Europe/Paris:20260328T220000');
    expect(eventLines(feed, springNight.uid)).toContain('DTEND;TZID=Europe/Paris:20260329T060000');
  });

  it('writes in UTC an event in the hour that happens twice when summer time ends', () => {
    const first = event({
      uid: 'first@palier.example.org',
      startsAt: new Date('2026-10-25T00:30:00Z'), // 2 h 30, summer time
      endsAt: new Date('2026-10-25T03:00:00Z'),
    });
    const second = event({
      uid: 'second@palier.example.org',
      startsAt: new Date('2026-10-24T23:00:00Z'),
      endsAt: new Date('2026-10-25T01:30:00Z'), // 2 h 30 again, winter time
    });
    const text = calendarFeed({ name: 'Nuit', events: [first, second] });
    const back = parseICS(text);
    for (const input of [first, second]) {
      const output = back[input.uid] as VEvent;
      expect(output.start.toISOString()).toBe(input.startsAt.toISOString());
      expect(output.end?.toISOString()).toBe(input.endsAt.toISOString());
    }
    expect(eventLines(text, first.uid)).toContain('DTSTART:20261025T003000Z');
    expect(eventLines(text, second.uid)).toContain('DTEND:20261025T013000Z');
  });

  it('gives UID, SEQUENCE, STATUS, LAST-MODIFIED and a UTC DTSTAMP', () => {
    const confirmed = vevent(winter.uid);
    expect(confirmed.uid).toBe('session-12@palier.example.org');
    expect(confirmed.sequence).toBe(0);
    expect(confirmed.status).toBe('CONFIRMED');
    expect(confirmed.dtstamp.toISOString()).toBe('2026-11-20T09:15:00.000Z');
    expect(confirmed.lastmodified?.toISOString()).toBe('2026-11-20T09:15:00.000Z');
    const off = vevent(cancelled.uid);
    expect(off.status).toBe('CANCELLED');
    expect(off.sequence).toBe(3);
    for (const uid of [winter.uid, cancelled.uid]) {
      expect(eventLines(feed, uid)).toContain('DTSTAMP:20261120T091500Z');
      expect(eventLines(feed, uid)).toContain('LAST-MODIFIED:20261120T091500Z');
    }
    expect(lines(feed).filter((line) => line.startsWith('DTSTAMP'))).toHaveLength(5);
    expect(
      lines(feed)
        .filter((line) => line.startsWith('DTSTAMP'))
        .every((line) => /Z$/.test(line)),
    ).toBe(true);
    // The same input gives the same text: the feed can be compared or cached.
    expect(calendarFeed(feedInput)).toBe(feed);
  });

  it('escapes text, so that accents, commas, semicolons and line breaks read back unchanged', () => {
    const off = vevent(cancelled.uid);
    expect(value(off.summary)).toBe(cancelled.summary);
    expect(value(off.description)).toBe(cancelled.description);
    expect(value(vevent(winter.uid).location)).toBe(winter.location);
    expect(eventLines(feed, cancelled.uid)).toContain(
      'SUMMARY:Atelier « mél »\\, pièces jointes\\; messagerie \\\\ courriel',
    );
    const url = value(off.url as ParameterValue);
    expect(url).toBe('https://palier.example.org/ateliers/seances/16?vue=jour%2Csemaine%3Bx');
    expect(eventLines(feed, winter.uid).some((line) => line.startsWith('URL'))).toBe(false);
  });

  it('describes a subscribed feed with its name and the Paris time zone', () => {
    const all = lines(feed);
    expect(all[0]).toBe('BEGIN:VCALENDAR');
    expect(all).toContain('VERSION:2.0');
    expect(all).toContain('PRODID:-//Palier//Ateliers//FR');
    expect(all.some((line) => line.startsWith('METHOD'))).toBe(false);
    expect(all).toContain('X-WR-CALNAME:Ateliers numériques\\, Brest\\; quartier de Recouvrance');
    expect(all).toContain('X-WR-CALDESC:Les séances des ateliers\\nde la médiathèque');
    expect(all).toContain('X-WR-TIMEZONE:Europe/Paris');
    const zone = all.indexOf('BEGIN:VTIMEZONE');
    expect(all[zone + 1]).toBe('TZID:Europe/Paris');
    expect(all.slice(zone)).toContain('BEGIN:DAYLIGHT');
    expect(all.slice(zone)).toContain('BEGIN:STANDARD');
    // Calendar properties, then the zone, then the events.
    expect(all.indexOf('X-WR-TIMEZONE:Europe/Paris')).toBeLessThan(zone);
    expect(zone).toBeLessThan(all.indexOf('BEGIN:VEVENT'));
    expect(all.at(-2)).toBe('END:VCALENDAR');
    const calendar = (parsed as CalendarResponse).vcalendar;
    expect(calendar?.prodid).toBe('-//Palier//Ateliers//FR');
    expect(calendar?.['WR-CALNAME']).toBe(feedInput.name);
    expect(calendar?.['WR-TIMEZONE']).toBe('Europe/Paris');
    expect(calendar?.method).toBeUndefined();
    expect(Object.values(parsed).filter((c) => c?.type === 'VTIMEZONE')).toHaveLength(1);
    expect(Object.values(parsed).filter((c) => c?.type === 'VEVENT')).toHaveLength(5);
    expect(calendarFeed({ name: 'X', events: [event()], prodId: '-//Autre//Test//FR' })).toContain(
      '\r\nPRODID:-//Autre//Test//FR\r\n',
    );
  });

  it('keeps a VTIMEZONE in an empty feed', () => {
    const empty = lines(calendarFeed({ name: 'Aucune séance', events: [] }));
    expect(empty).toContain('BEGIN:VTIMEZONE');
    expect(empty.some((line) => line.startsWith('BEGIN:VEVENT'))).toBe(false);
    expect(empty.at(-2)).toBe('END:VCALENDAR');
  });

  it('ends every line with CRLF and folds lines longer than 75 octets', () => {
    const long = event({
      uid: 'long@palier.example.org',
      summary: `Atelier « démarches en ligne » : ${'é'.repeat(60)} — créer son compte Améli, l’ANTS; la CAF`,
      description: 'Ligne une, avec des virgules.\n'.repeat(8),
    });
    const text = calendarFeed({ ...feedInput, events: [...feedInput.events, long] });
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    const raw = text.split('\r\n');
    expect(raw.pop()).toBe('');
    for (const line of raw) {
      expect(line).not.toMatch(/[\r\n]/);
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    }
    expect(raw.some((line) => line.startsWith(' '))).toBe(true);
    const back = parseICS(text)[long.uid] as VEvent;
    expect(value(back.summary)).toBe(long.summary);
    expect(value(back.description)).toBe(long.description);
  });

  it('refuses an event without a usable UID or that does not end after it starts', () => {
    expect(() => calendarFeed({ name: 'X', events: [event({ uid: 'a\r\nb' })] })).toThrow(/UID/);
    expect(() =>
      calendarFeed({ name: 'X', events: [event({ endsAt: new Date('2026-12-03T12:00:00Z') })] }),
    ).toThrow(/does not end after it starts/);
    expect(() => calendarFeed({ name: 'X', events: [event({ endsAt: event().startsAt })] })).toThrow(
      /UID|end/,
    );
  });

  it('writes the same feed whatever the time zone of the server', () => {
    const module = new URL('./calendar.ts', import.meta.url).href;
    const script = `
      import { calendarFeed } from ${JSON.stringify(module)};
      const input = JSON.parse(process.env.FEED_INPUT);
      for (const e of input.events) for (const k of ['startsAt', 'endsAt', 'updatedAt']) e[k] = new Date(e[k]);
      process.stdout.write(calendarFeed(input));
    `;
    for (const zone of ['America/New_York', 'Asia/Kolkata', 'UTC']) {
      const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, TZ: zone, FEED_INPUT: JSON.stringify(feedInput) },
        encoding: 'utf8',
      });
      expect(output, zone).toBe(feed);
    }
    // And in this process, with its zone changed (Node reads TZ again when it is set).
    const before = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Auckland';
      expect(new Date('2026-12-03T13:00:00Z').getHours()).toBe(2);
      expect(calendarFeed(feedInput)).toBe(feed);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});
