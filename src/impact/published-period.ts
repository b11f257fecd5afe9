// The period figures are published for: whole calendar months, ended. Two published periods a day apart would
// otherwise tell, by their difference, what happened that day to the few people concerned — and a month still
// running changes every day. So outside the coordinator's desk a period is widened to whole months and stops at the
// end of the last complete month (« chiffres arrêtés au 31 octobre »).
import { addCalendarDays, addCalendarMonths } from '../platform/dates.ts';

const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
const monthEnd = (day: string) => addCalendarDays(addCalendarMonths(monthStart(day), 1), -1);

export function publishedPeriod(from: string, to: string, today: string): { from: string; to: string } {
  const lastComplete = addCalendarDays(monthStart(today), -1);
  const end = monthEnd(to) > lastComplete ? lastComplete : monthEnd(to);
  const start = monthStart(from) > end ? monthStart(end) : monthStart(from);
  return { from: start, to: end };
}
