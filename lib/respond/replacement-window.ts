import {
  addCalendarDays,
  longDate,
  instantOfWallTime,
  parseWallTime,
  startOfCalendarDay,
  wallTimeAt,
  type CalendarDate,
} from '@/lib/shared/zoned-time';

/**
 * seeds/004: a replacement "must be within 7 days of the original lesson. E.g., if the lesson is
 * on a Thursday, you can only offer a lesson up to the Wednesday." So the window counts calendar
 * days in the tutor's own time zone, the lesson's day being the first of them.
 */

export interface ReplacementWindow {
  /** The lesson's own calendar date. */
  lessonDate: CalendarDate;
  /** The last calendar date a replacement may be on (Thursday lesson, 7 days → Wednesday). */
  lastDate: CalendarDate;
  /** The last instant allowed: the end of `lastDate` in the tutor's zone (inclusive). */
  endsAt: number;
}

/**
 * The last date a replacement may be offered for a lesson at `lessonAt`, counting `windowDays`
 * calendar days in `timeZone` from the lesson's own day.
 *
 * @example lastAllowedReplacementDate(Date.parse('2026-11-26T16:00:00Z'), 7, 'Europe/London')
 *   // lastDate 2026-12-02 (the Wednesday), endsAt 2026-12-02T23:59:59.999Z
 */
export function lastAllowedReplacementDate(
  lessonAt: number,
  windowDays: number,
  timeZone: string,
): ReplacementWindow {
  if (!Number.isInteger(windowDays) || windowDays < 1) {
    throw new RangeError(
      `The replacement window must be a whole number of days, got ${windowDays}`,
    );
  }
  const wall = wallTimeAt(lessonAt, timeZone);
  const lessonDate = { year: wall.year, month: wall.month, day: wall.day };
  const lastDate = addCalendarDays(lessonDate, windowDays - 1);
  const endsAt = startOfCalendarDay(addCalendarDays(lastDate, 1), timeZone) - 1;
  return { lessonDate, lastDate, endsAt };
}

export type ReplacementCheck =
  | { ok: true; at: number }
  | {
      ok: false;
      reason: 'unreadable' | 'no-such-time' | 'in-the-past' | 'before-lesson' | 'after-window';
      message: string;
    };

/**
 * Checks a proposed replacement time typed as a wall-clock time in the tutor's zone (the value of
 * a `datetime-local` input). It must exist, be in the future, be after the original lesson
 * started and fall on or before the window's last date.
 */
export function checkReplacementTime(
  proposed: string,
  lesson: { lessonAt: number; windowDays: number; timeZone: string; now: number },
): ReplacementCheck {
  const wall = parseWallTime(proposed);
  if (!wall) return { ok: false, reason: 'unreadable', message: 'Choose a date and a time.' };
  const at = instantOfWallTime(wall, lesson.timeZone);
  if (at === null) {
    return {
      ok: false,
      reason: 'no-such-time',
      message: 'That time does not exist on that day: the clocks go forward. Choose another time.',
    };
  }
  return checkReplacementInstant(at, lesson);
}

/**
 * The same checks for an instant (the background re-checks what a page sends): in the future,
 * after the original lesson, and no later than the end of the window's last day.
 */
export function checkReplacementInstant(
  at: number,
  lesson: { lessonAt: number; windowDays: number; timeZone: string; now: number },
): ReplacementCheck {
  const window = lastAllowedReplacementDate(lesson.lessonAt, lesson.windowDays, lesson.timeZone);
  if (at <= lesson.now) {
    return { ok: false, reason: 'in-the-past', message: 'That time has already passed.' };
  }
  if (at <= lesson.lessonAt) {
    return {
      ok: false,
      reason: 'before-lesson',
      message: 'A replacement has to come after the lesson it replaces.',
    };
  }
  if (at > window.endsAt) {
    return {
      ok: false,
      reason: 'after-window',
      message: `Too late: a replacement must be within ${lesson.windowDays} days of the lesson, so on or before ${longDate(window.lastDate)}.`,
    };
  }
  return { ok: true, at };
}
