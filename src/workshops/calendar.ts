// iCalendar feeds (RFC 5545) of workshop sessions, for people to subscribe to in their calendar application.
// Times are written in Paris wall-clock time with TZID=Europe/Paris and the zone's VTIMEZONE, whatever the server's
// own time zone: ical-generator formats a plain Date with the server's local clock, so each instant is handed over
// as a TZDate (@date-fns/tz), which it converts to the event's zone. DTSTAMP and LAST-MODIFIED stay in UTC (…Z):
// the calendar itself has no zone, since ical-generator would write those in the calendar's zone without the Z;
// the VTIMEZONE is added here.
import { TZDate } from '@date-fns/tz';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalEventStatus } from 'ical-generator';

export interface CalendarEvent {
  /** Stable across versions of the event, e.g. `session-12@palier.example.org`. */
  uid: string;
  /** Bumped by the application on each change of the event. */
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  description: string;
  location: string;
  status: 'confirmed' | 'cancelled';
  /** Written as LAST-MODIFIED and DTSTAMP. */
  updatedAt: Date;
  url?: string;
}

export const calendarTimeZone = 'Europe/Paris';
export const defaultProdId = '-//Palier//Ateliers//FR';

/** The VTIMEZONE of Europe/Paris (current rules), with CRLF line ends. */
const vtimezone = `${getVtimezoneComponent(calendarTimeZone)!.trim().split(/\r?\n/).join('\r\n')}\r\n`;

const statuses = { confirmed: ICalEventStatus.CONFIRMED, cancelled: ICalEventStatus.CANCELLED } as const;

/** RFC 5545 forbids control characters (other than tab) in text; line breaks are escaped by the writer. */
const clean = (text: string) => text.replace(/[^\P{Cc}\t\n\r]/gu, '');

/** TEXT escaping, for the calendar's name and description (which ical-generator writes as given). */
const escapeText = (text: string) =>
  clean(text)
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '\\n');

/**
 * A URI value is not TEXT, yet ical-generator backslash-escapes "," and ";" in it: percent-encode them (and "\"
 * and spaces), so that no client finds a backslash in the link.
 */
const uriValue = (url: string) =>
  clean(url).replace(/[,;\\\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

const day = 24 * 60 * 60 * 1000;
const offsetMinutes = (ms: number) => new TZDate(ms, calendarTimeZone).getTimezoneOffset();

/**
 * Whether the instant's Paris wall-clock time names it alone. Between 2:00 and 3:00 on the night summer time ends,
 * each wall-clock time happens twice (RFC 5545 reads it as the first, some clients as the second): such an event
 * is written in UTC instead.
 */
function unambiguousInParis(instant: Date): boolean {
  const ms = instant.getTime();
  const own = offsetMinutes(ms);
  for (const other of new Set([offsetMinutes(ms - day), offsetMinutes(ms + day)])) {
    if (other === own) continue;
    // The instant that would show the same wall-clock time under the other offset, if that offset applies to it.
    const twin = ms + (other - own) * 60_000;
    if (offsetMinutes(twin) === other) return false;
  }
  return true;
}

function checkEvent(event: CalendarEvent): void {
  if (!event.uid || /[\r\n]/.test(event.uid))
    throw new Error(`Invalid calendar UID: ${JSON.stringify(event.uid)}`);
  if (!Number.isInteger(event.sequence) || event.sequence < 0)
    throw new Error(`Invalid SEQUENCE for ${event.uid}: ${event.sequence}`);
  for (const [name, date] of [
    ['startsAt', event.startsAt],
    ['endsAt', event.endsAt],
    ['updatedAt', event.updatedAt],
  ] as const)
    if (Number.isNaN(date.getTime())) throw new Error(`Invalid ${name} for ${event.uid}`);
  // RFC 5545: DTEND is later than DTSTART.
  if (event.endsAt.getTime() <= event.startsAt.getTime())
    throw new Error(`The event ${event.uid} does not end after it starts`);
}

/**
 * A subscribed feed (no METHOD) of events, as iCalendar text: CRLF line ends, lines folded at 75 octets, a
 * VTIMEZONE for Europe/Paris, DTSTART and DTEND as Paris wall-clock time with TZID.
 */
export function calendarFeed(input: {
  name: string;
  description?: string;
  events: CalendarEvent[];
  prodId?: string;
}): string {
  const calendar = ical({
    // ical-generator writes "PRODID:-" followed by this.
    prodId: (input.prodId ?? defaultProdId).replace(/^-/, ''),
    name: escapeText(input.name),
    description: input.description ? escapeText(input.description) : null,
    scale: 'GREGORIAN',
    // No calendar zone: DTSTAMP and LAST-MODIFIED would then lose their Z. The events carry the zone.
  });
  for (const event of input.events) {
    checkEvent(event);
    const local = unambiguousInParis(event.startsAt) && unambiguousInParis(event.endsAt);
    const time = (date: Date) =>
      local ? new TZDate(date.getTime(), calendarTimeZone) : new Date(date.getTime());
    calendar.createEvent({
      id: event.uid,
      sequence: event.sequence,
      start: time(event.startsAt),
      end: time(event.endsAt),
      timezone: local ? calendarTimeZone : null,
      stamp: new Date(event.updatedAt.getTime()),
      lastModified: new Date(event.updatedAt.getTime()),
      summary: clean(event.summary),
      description: event.description ? clean(event.description) : null,
      location: event.location ? clean(event.location) : null,
      status: statuses[event.status],
      url: event.url ? uriValue(event.url) : null,
    });
  }
  // The zone goes before the first component, where the calendar's properties end (ical-generator would put
  // X-WR-TIMEZONE after the events, and its VTIMEZONE only when an event uses the zone: an empty feed keeps one
  // component, as RFC 5545 wants). Every content line ends with CRLF, the last one too.
  const text = `${calendar.toString()}\r\n`;
  const at = text.search(/^(BEGIN:VEVENT|END:VCALENDAR)\r$/m);
  return `${text.slice(0, at)}X-WR-TIMEZONE:${calendarTimeZone}\r\n${vtimezone}${text.slice(at)}`;
}
