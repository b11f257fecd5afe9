// A period asked for in the address (`?du=2026-01-01&au=2026-12-31`), the last twelve months by default: the days
// typed (to show them back), their errors in French, and the period used (the default when one is wrong).
import { addLocalMonths, localDate } from '../../src/platform/dates.ts';
import { CalendarDay } from '../../src/platform/validation.ts';

export interface AskedPeriod {
  from: string;
  /** The last day, included. */
  to: string;
  typed: { from: string; to: string };
  errors: { from: string | null; to: string | null };
}

export function readPeriod(url: URL, now = new Date()): AskedPeriod {
  const defaults = { from: localDate(addLocalMonths(now, -12)), to: localDate(now) };
  const typedFrom = CalendarDay.safeParse(url.searchParams.get('du') ?? defaults.from);
  const typedTo = CalendarDay.safeParse(url.searchParams.get('au') ?? defaults.to);
  const errors = {
    from: typedFrom.success ? null : 'Date de début attendue, par exemple 2026-01-01',
    to: typedTo.success
      ? typedFrom.success && typedTo.data < typedFrom.data
        ? 'La fin doit venir après le début'
        : null
      : 'Date de fin attendue, par exemple 2026-12-31',
  };
  const from = typedFrom.success && !errors.to ? typedFrom.data : defaults.from;
  const to = typedTo.success && !errors.to ? typedTo.data : defaults.to;
  return {
    from,
    to,
    typed: { from: url.searchParams.get('du') ?? from, to: url.searchParams.get('au') ?? to },
    errors,
  };
}
