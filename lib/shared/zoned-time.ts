/**
 * Wall-clock arithmetic in a named IANA time zone, using only `Intl` (no time-zone data of our
 * own). Lesson windows are counted in the tutor's calendar days, which are 23 or 25 hours long
 * on daylight-saving changes, so instants cannot simply be added to.
 */

/** A calendar date, month 1–12. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** A wall-clock time on a calendar date. */
export interface WallTime extends CalendarDate {
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone, which is the clear error callers want.
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time (to the minute) and date of instant `ms` in `timeZone`. */
export function wallTimeAt(ms: number, timeZone: string): WallTime & { second: number } {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(ms))
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** How far `timeZone` is ahead of UTC at instant `ms`, in milliseconds. */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const w = wallTimeAt(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

const sameWallTime = (a: WallTime, b: WallTime) =>
  a.year === b.year &&
  a.month === b.month &&
  a.day === b.day &&
  a.hour === b.hour &&
  a.minute === b.minute;

/**
 * The instant a wall-clock time names in `timeZone`, or `null` when that time does not exist
 * there (skipped when the clocks go forward). A time that happens twice (clocks going back)
 * gives the earlier instant, the one a person means when they first say "01:30".
 */
export function instantOfWallTime(wall: WallTime, timeZone: string): number | null {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const day = 86_400_000;
  // Every real zone changes offset at most once in a day either side, so the offsets a day
  // before and after are the only candidates.
  const candidates = [...new Set([asUtc - day, asUtc + day].map((t) => zoneOffsetMs(t, timeZone)))]
    .map((offset) => asUtc - offset)
    .filter((t) => sameWallTime(wallTimeAt(t, timeZone), wall))
    .sort((a, b) => a - b);
  return candidates[0] ?? null;
}

/** `date` moved by `days` calendar days (negative goes back), across month and year ends. */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The first instant of `date` in `timeZone`. Usually 00:00, but where the clocks go forward at
 * midnight (e.g. America/Santiago) the day starts at 01:00.
 */
export function startOfCalendarDay(date: CalendarDate, timeZone: string): number {
  for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
    const t = instantOfWallTime(
      { ...date, hour: Math.floor(minutes / 60), minute: minutes % 60 },
      timeZone,
    );
    if (t !== null) return t;
  }
  throw new RangeError(`No time of ${isoDate(date)} exists in ${timeZone}`);
}

/** `2026-11-26` */
export function isoDate(date: CalendarDate): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.year).padStart(4, '0')}-${pad(date.month)}-${pad(date.day)}`;
}

/** `2026-11-26T16:00`, the value format of `<input type="datetime-local">`. */
export function isoWallTime(wall: WallTime): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${isoDate(wall)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** Parses `2026-11-26T16:00` (seconds ignored); `null` for anything else or an impossible date. */
export function parseWallTime(text: string): WallTime | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const check = addCalendarDays({ year, month, day }, 0);
  if (check.month !== month || check.day !== day || hour > 23 || minute > 59) return null;
  return { year, month, day, hour, minute };
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * "Wednesday 2 December 2026": how the walk and the report name a day. Spelled out here rather
 * than by `toLocaleDateString`, whose punctuation differs between ICU versions.
 */
export function longDate(date: CalendarDate): string {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return `${WEEKDAYS[weekday]} ${date.day} ${MONTHS[date.month - 1]} ${date.year}`;
}

/** "16:02" or, with seconds, "16:02:05": a wall-clock time of `ms` in `timeZone`. */
export function clockTime(ms: number, timeZone: string, withSeconds = false): string {
  const w = wallTimeAt(ms, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(w.hour)}:${pad(w.minute)}${withSeconds ? `:${pad(w.second)}` : ''}`;
}

/** "Thursday 26 November 2026": the calendar date of `ms` in `timeZone`, in words. */
export function dateInWords(ms: number, timeZone: string): string {
  return longDate(wallTimeAt(ms, timeZone));
}
