// Programme time: people type and read local dates and times (Europe/Paris); the database stores instants.
import { TZDate } from '@date-fns/tz';
import { addMonths } from 'date-fns';
import Holidays from 'date-holidays';
import { z } from 'zod';

export const programmeTimeZone = 'Europe/Paris';

const localPattern = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** "2027-01-04T18:00" read in programme time, or an ISO instant with its offset ("2027-01-04T17:00:00Z"). */
export function parseLocalDateTime(value: string): Date | null {
  const local = localPattern.exec(value.trim());
  if (local) {
    const [, y, mo, d, h, mi, s] = local.map((part) => (part === undefined ? 0 : Number(part)));
    if (h! > 23 || mi! > 59 || s! > 59) return null;
    const date = new TZDate(y!, mo! - 1, d!, h!, mi!, s!, programmeTimeZone);
    // Reject 2027-02-31 and the like, which Date would roll over.
    return date.getDate() === d && date.getMonth() === mo! - 1 ? new Date(date.getTime()) : null;
  }
  if (/^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:?\d{2})$/.test(value.trim())) {
    const instant = new Date(value.trim());
    return Number.isNaN(instant.getTime()) ? null : instant;
  }
  return null;
}

/** The value of an `<input type="datetime-local">` for an instant, in programme time. */
export function toLocalInput(instant: Date): string {
  const local = new TZDate(instant.getTime(), programmeTimeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}`;
}

/** The calendar day of an instant in programme time, as an ISO date. */
export const localDate = (instant: Date) => toLocalInput(instant).slice(0, 10);

/** The same local time a number of calendar months later (31 January + 1 month = 28 or 29 February). */
export const addLocalMonths = (instant: Date, months: number) =>
  new Date(addMonths(new TZDate(instant.getTime(), programmeTimeZone), months).getTime());

/** A local date and time typed in a form, or an ISO instant sent by the API. */
export const LocalDateTime = z.string().transform((value, ctx) => {
  const parsed = parseLocalDateTime(value);
  if (!parsed) {
    ctx.addIssue({ code: 'custom', message: 'Date et heure attendues, par exemple 2027-01-04 18:00' });
    return z.NEVER;
  }
  return parsed;
});

/** A calendar day and a local time ("14:00", or minutes after midnight) in programme time, as an instant. */
export function localDayTime(day: string, time: string | number): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const minutes = typeof time === 'number' ? time : Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  return new Date(
    new TZDate(y, m - 1, d, Math.floor(minutes / 60), minutes % 60, 0, programmeTimeZone).getTime(),
  );
}

/** A calendar day some days later (or earlier), as an ISO date. */
export const addCalendarDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The same calendar day some months later (or earlier) (31 January + 1 month = 28 or 29 February), ISO dates. */
export function addCalendarMonths(day: string, months: number): string {
  const index = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const dayOfMonth = Math.min(Number(day.slice(8, 10)), last);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}

// French words for calendar days, whatever the server's locale data.
export const frenchMonths = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;

/** « mars 2027 » for a calendar day (or a month « 2027-03 »). */
export const monthText = (day: string) => `${frenchMonths[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;

/** « 1er mars 2027 », « 12 mars » (without the year) for a calendar day: French writes the first « 1er ». */
export function calendarDayText(day: string, { withYear = true } = {}): string {
  const d = Number(day.slice(8, 10));
  const month = frenchMonths[Number(day.slice(5, 7)) - 1];
  return `${d === 1 ? '1er' : d} ${month}${withYear ? ` ${day.slice(0, 4)}` : ''}`;
}

// Public holidays of France (date-holidays, ADR 027): days off, not observances like Mother's Day.
const france = new Holidays('FR');
const holidayCache = new Map<number, Map<string, string>>();

/** The public holiday on a calendar day of France (metropolitan, national list), or null. */
export function frenchPublicHoliday(day: string): string | null {
  const year = Number(day.slice(0, 4));
  let days = holidayCache.get(year);
  if (!days) {
    days = new Map(
      france
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => [h.date.slice(0, 10), h.name] as const),
    );
    holidayCache.set(year, days);
  }
  return days.get(day) ?? null;
}
