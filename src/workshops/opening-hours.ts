// Opening hours of facilities, written in the OpenStreetMap `opening_hours` syntax (the national standard's
// `horaires` column), read with the `opening_hours` library.
//
// Time zones: the library reads and builds dates with the process's LOCAL clock (getHours, new Date(y, m, d)…),
// while our servers run in UTC and facilities are in Europe/Paris. So we never hand it a real instant: we give it
// a "wall-clock date", a Date whose local fields (year … minutes) are the Paris wall clock of the instant, and
// turn the wall-clock dates it returns back into real instants with the Paris rules (TZDate). Days of 23 or 25
// hours are therefore handled as Parisians read them: "09:00" is 09:00 in Paris, before or after a DST change.
// This is exact whenever the process's zone has no DST (UTC on servers, any fixed offset) or is Europe/Paris
// itself; in a zone with other DST dates (a laptop in Montréal) the one local hour a year that does not exist
// in that zone could be off by an hour.
import { TZDate } from '@date-fns/tz';
import OpeningHours, { type optional_conf } from 'opening_hours';
import { frenchMonths, programmeTimeZone } from '../platform/dates.ts';

export const facilityTimeZone = programmeTimeZone;

/** Where our facilities are (Brest), so the library knows French public holidays (`PH`) and Breton sunsets. */
const place = { lat: 48.39, lon: -4.49, address: { country_code: 'fr', state: 'Bretagne' } };
/** Messages in French; the tag key gives the mode (time ranges). The types want every key, undefined = default. */
const options: optional_conf = {
  locale: 'fr',
  tag_key: 'opening_hours',
  mode: undefined,
  map_value: undefined,
  warnings_severity: undefined,
};

/**
 * Warnings meaning the library had to guess: the value is not written in the OSM syntax (French day names,
 * `9h`, `9-12`, `Lu-Ve`…). Other tools reading the national open data would not guess, so we ask for the
 * corrected value. Advice-only warnings (dates in the past, rules overriding each other…) are ignored.
 */
const correctionWarnings = new Set<string>([
  'word_error_correction',
  'without_minutes',
  'hour_min_separator',
  'no_colon_after',
  'omit_ko',
  'please_use_ok_for_ko',
  'rant_degree_sign_used_for_zero',
  'ambiguous_word',
  'interpreted_as_year',
  'value_ends_with_token',
  'separator_for_readability',
  'nothing_useful',
]);

const example = 'Mo-Fr 09:00-12:00,14:00-18:00; PH off';

type Parsed = { ok: true; hours: OpeningHours } | { ok: false; message: string };
const cache = new Map<string, Parsed>();

function parse(value: string): Parsed {
  const cached = cache.get(value);
  if (cached) return cached;
  let parsed: Parsed;
  if (!value.trim()) {
    parsed = {
      ok: false,
      message: `Horaires manquants : écrivez-les au format OpenStreetMap, par exemple ${example}`,
    };
  } else {
    try {
      const hours = new OpeningHours(value, place, options);
      const guessed = hours.getStructuredWarnings().some((w) => correctionWarnings.has(w.type));
      parsed = guessed
        ? {
            ok: false,
            message: `Horaires à corriger : écrivez « ${hours.prettifyValue()} » (format OpenStreetMap)`,
          }
        : { ok: true, hours };
    } catch (error) {
      parsed = { ok: false, message: unreadable(String(error)) };
    }
  }
  if (cache.size >= 500) cache.clear();
  cache.set(value, parsed);
  return parsed;
}

/**
 * The library throws strings like `Mo-Fr 08:00-12:00 &&  <--- (Caractère inattendu : "," — la syntaxe …) Mo-Fr
 * 08:00-12:00 & <--- (Veuillez utiliser "," plutôt que "&".)`: the value up to the problem, then the
 * explanation in parentheses (which may hold parentheses itself), possibly several times. We keep one explanation,
 * a specific one rather than "unexpected character" when there is one, cut to its first sentence.
 */
function unreadable(raw: string): string {
  const found: { near: string; hint: string }[] = [];
  let from = 0;
  for (let marker = raw.indexOf(' <--- (', from); marker >= 0; marker = raw.indexOf(' <--- (', from)) {
    let depth = 0;
    let end = marker + 6;
    for (; end < raw.length; end++) {
      if (raw[end] === '(') depth++;
      else if (raw[end] === ')' && --depth === 0) break;
    }
    const near = raw
      .slice(from, marker)
      .replace(/^[\s;]+/, '')
      .trim();
    const hint = raw
      .slice(marker + 7, end)
      .split(' — ')[0]!
      .split(/\.\s/)[0]!
      .replace(/\s*\.?$/, '')
      .trim();
    found.push({ near, hint });
    from = end + 1;
  }
  const chosen = found.find((f) => !f.hint.startsWith('Caractère inattendu')) ?? found[0];
  // Some of the library's texts are not translated: say it plainly in French instead.
  const hint =
    chosen && !/\b(the|is|are|please|token|expected|unexpected|use)\b/i.test(chosen.hint)
      ? chosen.hint
      : 'ce n’est pas le format OpenStreetMap';
  return chosen?.near
    ? `Horaires illisibles après « ${chosen.near} » : ${hint} (exemple : ${example})`
    : `Horaires illisibles : ${hint} (exemple : ${example})`;
}

/** Null when the value is valid OpenStreetMap `opening_hours`, else a short French message. */
export function checkOpeningHours(value: string): string | null {
  const parsed = parse(value);
  return parsed.ok ? null : parsed.message;
}

/** The Paris wall clock of an instant, as a Date whose local fields carry it (see the top of the file). */
function toWallClock(at: Date): Date {
  const paris = new TZDate(at.getTime(), facilityTimeZone);
  return new Date(
    paris.getFullYear(),
    paris.getMonth(),
    paris.getDate(),
    paris.getHours(),
    paris.getMinutes(),
    paris.getSeconds(),
    paris.getMilliseconds(),
  );
}

/** The real instant of a wall-clock date read in Paris. */
function fromWallClock(wall: Date): Date {
  return new Date(
    new TZDate(
      wall.getFullYear(),
      wall.getMonth(),
      wall.getDate(),
      wall.getHours(),
      wall.getMinutes(),
      wall.getSeconds(),
      wall.getMilliseconds(),
      facilityTimeZone,
    ).getTime(),
  );
}

export interface OpeningState {
  open: boolean;
  /** The library's "unknown": open end (`10:00+`), `unknown`, a rule with only a comment, or an unreadable value. */
  unknown: boolean;
  comment: string | null;
  /** The instant the state changes next (within a year), null if it does not. */
  nextChange: Date | null;
}

const yearMs = 366 * 24 * 3600 * 1000;

/** The state at an instant. Never throws: an unreadable or empty value gives `{ open: false, unknown: true }`. */
export function openingState(value: string, at: Date): OpeningState {
  const parsed = parse(value);
  if (!parsed.ok) return { open: false, unknown: true, comment: null, nextChange: null };
  const wall = toWallClock(at);
  const { hours } = parsed;
  try {
    const next = hours.getNextChange(wall, new Date(wall.getTime() + yearMs));
    return {
      open: hours.getState(wall),
      unknown: hours.getUnknown(wall),
      comment: hours.getComment(wall) ?? null,
      nextChange: next ? fromWallClock(next) : null,
    };
  } catch {
    return { open: false, unknown: true, comment: null, nextChange: null };
  }
}

export interface DaySchedule {
  /** YYYY-MM-DD, in Paris. */
  date: string;
  /** « lundi 30 mars », « mercredi 1er avril ». */
  dayLabel: string;
  /** Paris wall-clock times 'HH:mm'; a range running past midnight ends at '24:00' (the next day starts at 00:00).
   * `unknown` marks times the library cannot call open or closed (open end, `unknown`, comment-only rules). */
  ranges: { from: string; to: string; unknown: boolean }[];
  /** The day's comments (`"sur rendez-vous"`, the public holiday's name…), joined with « ; », or null. */
  comment: string | null;
}

const weekdays = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (wall: Date) => `${wall.getFullYear()}-${pad(wall.getMonth() + 1)}-${pad(wall.getDate())}`;
const dayAndMonth = (wall: Date) =>
  `${wall.getDate() === 1 ? '1er' : wall.getDate()} ${frenchMonths[wall.getMonth()]}`;

/**
 * The 7 days, Monday to Sunday, of the Paris week containing the instant. An unreadable value gives 7 days
 * without ranges.
 */
export function weekSchedule(value: string, weekContaining: Date): DaySchedule[] {
  const wall = toWallClock(weekContaining);
  const monday = new Date(wall.getFullYear(), wall.getMonth(), wall.getDate() - ((wall.getDay() + 6) % 7));
  const parsed = parse(value);
  return Array.from({ length: 7 }, (_, i) => {
    const start = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + i);
    const end = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + i + 1);
    const day: DaySchedule = {
      date: isoDay(start),
      dayLabel: `${weekdays[start.getDay()]} ${dayAndMonth(start)}`,
      ranges: [],
      comment: null,
    };
    if (!parsed.ok) return day;
    try {
      const comments = new Set<string>();
      for (const [from, to, unknown, comment] of parsed.hours.getOpenIntervals(start, end)) {
        day.ranges.push({
          from: `${pad(from.getHours())}:${pad(from.getMinutes())}`,
          to: to.getTime() >= end.getTime() ? '24:00' : `${pad(to.getHours())}:${pad(to.getMinutes())}`,
          unknown,
        });
        if (comment) comments.add(comment);
      }
      // Comments of closed times too (the public holiday's name on a `PH off` day).
      const iterator = parsed.hours.getIterator(start);
      do {
        const comment = iterator.getComment();
        if (comment) comments.add(comment);
      } while (iterator.advance(end) && iterator.getDate().getTime() < end.getTime());
      day.comment = comments.size ? [...comments].join(' ; ') : null;
    } catch {
      day.ranges = [];
    }
    return day;
  });
}

/** « 9 h 00 », « 12 h 30 ». */
const clock = (wall: Date) => `${wall.getHours()} h ${pad(wall.getMinutes())}`;

/** « à 14 h 00 » today, « lundi à 9 h 00 » within the week, « le lundi 2 novembre à 9 h 00 » later. */
function when(instant: Date, now: Date): string {
  const wall = toWallClock(instant);
  const today = toWallClock(now);
  const days = Math.round(
    (Date.UTC(wall.getFullYear(), wall.getMonth(), wall.getDate()) -
      Date.UTC(today.getFullYear(), today.getMonth(), today.getDate())) /
      86_400_000,
  );
  if (days === 1 && wall.getHours() === 0 && wall.getMinutes() === 0) return 'minuit';
  if (days <= 0) return clock(wall);
  if (days < 7) return `${weekdays[wall.getDay()]} à ${clock(wall)}`;
  return `le ${weekdays[wall.getDay()]} ${dayAndMonth(wall)} à ${clock(wall)}`;
}

/**
 * One French sentence for a facility page: « Ouvert maintenant, jusqu’à 12 h 00 », « Fermé maintenant, ouvre
 * lundi à 9 h 00 », « Horaires non renseignés ».
 */
export function describeState(state: OpeningState, now: Date): string {
  const note = state.comment ? ` (${state.comment})` : '';
  const until = (instant: Date) => {
    const at = when(instant, now);
    return at.startsWith('le ') ? `jusqu’au ${at.slice(3)}` : `jusqu’à ${at}`;
  };
  if (state.unknown) {
    if (!state.comment && !state.nextChange) return 'Horaires non renseignés';
    return `Ouverture à confirmer maintenant${note}${state.nextChange ? `, ${until(state.nextChange)}` : ''}`;
  }
  if (state.open) {
    return `Ouvert maintenant${note}${state.nextChange ? `, ${until(state.nextChange)}` : ', 24 h/24 et 7 j/7'}`;
  }
  if (!state.nextChange) return `Fermé maintenant${note}`;
  const at = when(state.nextChange, now);
  return `Fermé maintenant${note}, ouvre ${/^\d/.test(at) || at === 'minuit' ? `à ${at}` : at}`;
}
