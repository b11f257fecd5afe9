// When the server runs the retention rules by itself: once a day at a local time (Europe/Paris), or never.
import { addCalendarDays, localDate, localDayTime } from '../../platform/dates.ts';

/** The next instant strictly after `now` at the schedule's local time, by calendar days (daylight saving safe). */
export function nextScheduledRun(now: Date, schedule: string): Date {
  const today = localDate(now);
  const atToday = localDayTime(today, schedule);
  return atToday.getTime() > now.getTime() ? atToday : localDayTime(addCalendarDays(today, 1), schedule);
}
