import { describe, expect, it } from 'vitest';
import {
  checkReplacementInstant,
  checkReplacementTime,
  lastAllowedReplacementDate,
} from '@/lib/respond/replacement-window';
import { isoDate, longDate } from '@/lib/shared/zoned-time';

const at = (iso: string) => Date.parse(iso);

describe('lastAllowedReplacementDate', () => {
  it.each([
    // [what, lesson instant, zone, window, last date, end of that day as UTC]
    [
      'a Thursday lesson → the Wednesday',
      '2026-11-26T16:00:00Z',
      'Europe/London',
      7,
      '2026-12-02',
      '2026-12-02T23:59:59.999Z',
    ],
    [
      'across a month end',
      '2026-01-29T16:00:00Z',
      'Europe/London',
      7,
      '2026-02-04',
      '2026-02-04T23:59:59.999Z',
    ],
    [
      'across a year end',
      '2026-12-31T10:00:00Z',
      'Europe/London',
      7,
      '2027-01-06',
      '2027-01-06T23:59:59.999Z',
    ],
    [
      'across 29 February in a leap year',
      '2028-02-24T16:00:00Z',
      'Europe/London',
      7,
      '2028-03-01',
      '2028-03-01T23:59:59.999Z',
    ],
    [
      'into summer time (clocks forward 29 March)',
      '2026-03-26T18:00:00Z',
      'Europe/London',
      7,
      '2026-04-01',
      '2026-04-01T22:59:59.999Z',
    ],
    [
      'out of summer time (clocks back 25 October)',
      '2026-10-22T16:00:00Z',
      'Europe/London',
      7,
      '2026-10-28',
      '2026-10-28T23:59:59.999Z',
    ],
    [
      'ending on the 23-hour day itself',
      '2026-03-23T18:00:00Z',
      'Europe/London',
      7,
      '2026-03-29',
      '2026-03-29T22:59:59.999Z',
    ],
    [
      'ending on the 25-hour day itself',
      '2026-10-19T16:00:00Z',
      'Europe/London',
      7,
      '2026-10-25',
      '2026-10-25T23:59:59.999Z',
    ],
    [
      'the same instant is already Friday in Sydney',
      '2026-11-26T23:30:00Z',
      'Australia/Sydney',
      7,
      '2026-12-03',
      '2026-12-03T12:59:59.999Z',
    ],
    [
      'and still Thursday in Los Angeles',
      '2026-11-26T23:30:00Z',
      'America/Los_Angeles',
      7,
      '2026-12-02',
      '2026-12-03T07:59:59.999Z',
    ],
    [
      'a late-evening lesson in London is still that day',
      '2026-07-02T22:30:00Z',
      'Europe/London',
      7,
      '2026-07-08',
      '2026-07-08T22:59:59.999Z',
    ],
    [
      'a one-day window is the lesson day only',
      '2026-11-26T16:00:00Z',
      'Europe/London',
      1,
      '2026-11-26',
      '2026-11-26T23:59:59.999Z',
    ],
    [
      'a 14-day window from settings',
      '2026-11-26T16:00:00Z',
      'Europe/London',
      14,
      '2026-12-09',
      '2026-12-09T23:59:59.999Z',
    ],
    // Chile moves its clocks at midnight: 7 September 2026 starts normally, so 6 Sept ends at 03:59:59.999Z.
    [
      'where the next day starts at 01:00 (Santiago)',
      '2026-08-31T18:00:00Z',
      'America/Santiago',
      6,
      '2026-09-05',
      '2026-09-06T03:59:59.999Z',
    ],
  ] as const)('%s', (_what, lesson, zone, days, lastDate, endsAt) => {
    const window = lastAllowedReplacementDate(at(lesson), days, zone);
    expect(isoDate(window.lastDate)).toBe(lastDate);
    expect(new Date(window.endsAt).toISOString()).toBe(endsAt);
  });

  it('names a Thursday lesson’s last day as the Wednesday', () => {
    const window = lastAllowedReplacementDate(at('2026-11-26T16:00:00Z'), 7, 'Europe/London');
    expect(longDate(window.lessonDate)).toBe('Thursday 26 November 2026');
    expect(longDate(window.lastDate)).toBe('Wednesday 2 December 2026');
  });

  it.each([0, -1, 2.5, Number.NaN])('refuses a window of %s days', (days) => {
    expect(() =>
      lastAllowedReplacementDate(at('2026-11-26T16:00:00Z'), days, 'Europe/London'),
    ).toThrow(RangeError);
  });

  it('refuses an unknown time zone', () => {
    expect(() => lastAllowedReplacementDate(0, 7, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('checkReplacementTime', () => {
  const thursday = {
    lessonAt: at('2026-11-26T16:00:00Z'),
    windowDays: 7,
    timeZone: 'Europe/London',
    now: at('2026-11-26T16:10:00Z'),
  };

  it.each([
    ['later the same day', '2026-11-26T18:30', '2026-11-26T18:30:00.000Z'],
    ['on the Saturday', '2026-11-28T10:00', '2026-11-28T10:00:00.000Z'],
    ['at the last minute of the Wednesday', '2026-12-02T23:59', '2026-12-02T23:59:00.000Z'],
  ])('accepts a time %s', (_what, proposed, instant) => {
    const check = checkReplacementTime(proposed, thursday);
    expect(check).toEqual({ ok: true, at: at(instant) });
  });

  it.each([
    ['the Thursday after', '2026-12-03T00:00', 'after-window'],
    ['a month later', '2026-12-26T16:00', 'after-window'],
    ['earlier today, already gone', '2026-11-26T15:00', 'in-the-past'],
    ['text that is not a time', 'next Tuesday', 'unreadable'],
    ['a day that does not exist', '2026-02-30T10:00', 'unreadable'],
    ['an empty field', '', 'unreadable'],
  ])('refuses %s', (_what, proposed, reason) => {
    const check = checkReplacementTime(proposed, thursday);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toBe(reason);
  });

  it('says which day is the last one when a time is too late', () => {
    const check = checkReplacementTime('2026-12-03T09:00', thursday);
    expect(!check.ok && check.message).toBe(
      'Too late: a replacement must be within 7 days of the lesson, so on or before Wednesday 2 December 2026.',
    );
  });

  it('refuses a time before the lesson when the walk is opened ahead of it', () => {
    const check = checkReplacementTime('2026-11-26T15:00', {
      ...thursday,
      now: at('2026-11-26T14:00:00Z'),
    });
    expect(!check.ok && check.reason).toBe('before-lesson');
  });

  it('refuses a time skipped when the clocks go forward', () => {
    const check = checkReplacementTime('2026-03-29T01:30', {
      lessonAt: at('2026-03-26T18:00:00Z'),
      windowDays: 7,
      timeZone: 'Europe/London',
      now: at('2026-03-26T18:30:00Z'),
    });
    expect(!check.ok && check.reason).toBe('no-such-time');
  });

  it('reads a time that happens twice as the first of them (still summer time)', () => {
    const check = checkReplacementTime('2026-10-25T01:30', {
      lessonAt: at('2026-10-22T16:00:00Z'),
      windowDays: 7,
      timeZone: 'Europe/London',
      now: at('2026-10-22T16:30:00Z'),
    });
    expect(check).toEqual({ ok: true, at: at('2026-10-25T00:30:00Z') });
  });

  it('reads the wall time in the tutor’s zone, not UTC', () => {
    const check = checkReplacementTime('2026-11-30T17:00', {
      lessonAt: at('2026-11-26T16:00:00Z'),
      windowDays: 7,
      timeZone: 'America/New_York',
      now: at('2026-11-26T16:10:00Z'),
    });
    expect(check).toEqual({ ok: true, at: at('2026-11-30T22:00:00Z') });
  });
});

describe('checkReplacementInstant', () => {
  const lesson = {
    lessonAt: at('2026-11-26T16:00:00Z'),
    windowDays: 7,
    timeZone: 'Europe/London',
    now: at('2026-11-26T16:10:00Z'),
  };

  it.each([
    ['2026-12-02T23:59:59.999Z', true],
    ['2026-12-03T00:00:00.000Z', false],
    ['2026-11-26T16:05:00.000Z', false],
    ['2026-11-26T16:30:00.000Z', true],
  ])('%s allowed: %s', (instant, ok) => {
    expect(checkReplacementInstant(at(instant), lesson).ok).toBe(ok);
  });
});
