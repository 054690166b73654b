import { describe, expect, it } from 'vitest';
import { escapeIcsText, foldIcsLine, icsUtcTime, replacementEventIcs } from '@/lib/respond/ics';

describe('replacement .ics', () => {
  const ics = replacementEventIcs({
    uid: 'inc-1-replacement@lifeline.invalid',
    start: Date.parse('2026-12-01T17:00:00Z'),
    durationMinutes: 60,
    summary: 'Replacement lesson (AB)',
    description:
      'Replaces the lesson of Thursday 26 November 2026.\nThis lesson only, not a permanent change.',
    now: Date.parse('2026-11-26T16:10:00Z'),
  });

  it('writes one event with UTC start, end and stamp, CRLF line endings', () => {
    expect(ics).toBe(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Lifeline//Replacement session//EN',
        'CALSCALE:GREGORIAN',
        'METHOD:PUBLISH',
        'BEGIN:VEVENT',
        'UID:inc-1-replacement@lifeline.invalid',
        'DTSTAMP:20261126T161000Z',
        'DTSTART:20261201T170000Z',
        'DTEND:20261201T180000Z',
        'SUMMARY:Replacement lesson (AB)',
        'DESCRIPTION:Replaces the lesson of Thursday 26 November 2026.\\nThis lesson ',
        ' only\\, not a permanent change.',
        'TRANSP:OPAQUE',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
  });

  it('has no repeat rule: a replacement is for this once', () => {
    expect(ics).not.toContain('RRULE');
  });

  it('ends across midnight and month ends in UTC', () => {
    const text = replacementEventIcs({
      uid: 'x',
      start: Date.parse('2026-11-30T23:30:00Z'),
      durationMinutes: 45,
      summary: 's',
      description: 'd',
      now: 0,
    });
    expect(text).toContain('DTEND:20261201T001500Z');
    expect(text).toContain('DTSTAMP:19700101T000000Z');
  });

  it.each([0, -30, 1.5])('refuses a duration of %s minutes', (durationMinutes) => {
    expect(() =>
      replacementEventIcs({
        uid: 'x',
        start: 0,
        durationMinutes,
        summary: '',
        description: '',
        now: 0,
      }),
    ).toThrow(RangeError);
  });

  it.each([
    ['a; b, c\\d', 'a\\; b\\, c\\\\d'],
    ['line one\nline two\r\nthree', 'line one\\nline two\\nthree'],
  ])('escapes %j', (text, escaped) => {
    expect(escapeIcsText(text)).toBe(escaped);
  });

  it('folds long lines at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'é'.repeat(80)}`;
    const physical = foldIcsLine(line).split('\r\n');
    const encoder = new TextEncoder();
    expect(physical.length).toBeGreaterThan(1);
    for (const [i, part] of physical.entries()) {
      expect(encoder.encode(part).length).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(' ')).toBe(true);
    }
    expect(physical.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
  });

  it('writes UTC times without separators', () => {
    expect(icsUtcTime(Date.parse('2027-01-06T09:05:07.900Z'))).toBe('20270106T090507Z');
  });
});
