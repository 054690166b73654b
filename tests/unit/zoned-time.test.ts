import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  instantOfWallTime,
  isoDate,
  isoWallTime,
  parseWallTime,
  startOfCalendarDay,
  wallTimeAt,
  zoneOffsetMs,
} from '@/lib/shared/zoned-time';

const hour = 3_600_000;

describe('zoned time', () => {
  it.each([
    ['2026-01-15T12:00:00Z', 'Europe/London', 0],
    ['2026-07-15T12:00:00Z', 'Europe/London', 1],
    ['2026-07-15T12:00:00Z', 'America/New_York', -4],
    ['2026-01-15T12:00:00Z', 'Australia/Sydney', 11],
    ['2026-01-15T12:00:00Z', 'Asia/Kolkata', 5.5],
  ])('knows the offset at %s in %s', (iso, zone, hours) => {
    expect(zoneOffsetMs(Date.parse(iso), zone)).toBe(hours * hour);
  });

  it('reads the wall time of an instant', () => {
    expect(wallTimeAt(Date.parse('2026-03-29T01:00:00Z'), 'Europe/London')).toEqual({
      year: 2026,
      month: 3,
      day: 29,
      hour: 2,
      minute: 0,
      second: 0,
    });
  });

  it.each([
    [{ year: 2026, month: 3, day: 29, hour: 0, minute: 59 }, '2026-03-29T00:59:00.000Z'],
    [{ year: 2026, month: 3, day: 29, hour: 2, minute: 0 }, '2026-03-29T01:00:00.000Z'],
    [{ year: 2026, month: 10, day: 25, hour: 1, minute: 0 }, '2026-10-25T00:00:00.000Z'],
    [{ year: 2026, month: 10, day: 25, hour: 2, minute: 0 }, '2026-10-25T02:00:00.000Z'],
  ])('finds the instant of %o in London', (wall, iso) => {
    expect(new Date(instantOfWallTime(wall, 'Europe/London')!).toISOString()).toBe(iso);
  });

  it('has no instant for a time skipped by the clocks', () => {
    expect(
      instantOfWallTime({ year: 2026, month: 3, day: 29, hour: 1, minute: 30 }, 'Europe/London'),
    ).toBeNull();
  });

  it.each([
    [{ year: 2026, month: 1, day: 31 }, 1, '2026-02-01'],
    [{ year: 2026, month: 2, day: 28 }, 1, '2026-03-01'],
    [{ year: 2028, month: 2, day: 28 }, 1, '2028-02-29'],
    [{ year: 2026, month: 12, day: 31 }, 1, '2027-01-01'],
    [{ year: 2026, month: 3, day: 1 }, -1, '2026-02-28'],
  ])('moves %o by %i days', (date, days, iso) => {
    expect(isoDate(addCalendarDays(date, days))).toBe(iso);
  });

  it('starts a day at 01:00 where the clocks jump at midnight', () => {
    const start = startOfCalendarDay({ year: 2026, month: 9, day: 6 }, 'America/Santiago');
    expect(new Date(start).toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(wallTimeAt(start, 'America/Santiago').hour).toBe(1);
  });

  it.each([
    ['2026-11-26T16:00', { year: 2026, month: 11, day: 26, hour: 16, minute: 0 }],
    ['2026-11-26T16:00:30', { year: 2026, month: 11, day: 26, hour: 16, minute: 0 }],
    ['2026-02-29T10:00', null],
    ['2026-11-26T24:00', null],
    ['26/11/2026 16:00', null],
  ])('parses %s', (text, wall) => {
    expect(parseWallTime(text)).toEqual(wall);
  });

  it('writes the datetime-local format back', () => {
    expect(isoWallTime({ year: 2026, month: 3, day: 5, hour: 9, minute: 7 })).toBe(
      '2026-03-05T09:07',
    );
  });
});
