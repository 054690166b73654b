/**
 * An iCalendar (RFC 5545) file for one agreed replacement session, so the tutor can add the time
 * to their own calendar in one click. Times are written in UTC, which every calendar converts to
 * its own zone, so no VTIMEZONE block is needed.
 */

export interface CalendarEvent {
  /** Globally unique and stable: the same incident's replacement replaces, not duplicates. */
  uid: string;
  start: number;
  durationMinutes: number;
  summary: string;
  description: string;
  /** When the file was written (DTSTAMP). */
  now: number;
}

/** `20261128T100000Z` */
export function icsUtcTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks. */
export function escapeIcsText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line to at most 75 octets per physical line (RFC 5545 §3.1), never splitting a
 * UTF-8 character; continuation lines start with one space.
 */
export function foldIcsLine(line: string): string {
  const encoder = new TextEncoder();
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = out.length === 0 ? 75 : 74; // continuation lines spend one octet on the space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/**
 * The `.ics` text for one event, CRLF line endings as the RFC requires.
 *
 * @example replacementEventIcs({ uid: 'abc@lifeline', start, durationMinutes: 60,
 *   summary: 'Replacement lesson (AB)', description: '…', now: Date.now() })
 */
export function replacementEventIcs(event: CalendarEvent): string {
  if (!Number.isInteger(event.durationMinutes) || event.durationMinutes < 1) {
    throw new RangeError(`A session lasts at least a minute, got ${event.durationMinutes}`);
  }
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Lifeline//Replacement session//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${escapeIcsText(event.uid)}`,
    `DTSTAMP:${icsUtcTime(event.now)}`,
    `DTSTART:${icsUtcTime(event.start)}`,
    `DTEND:${icsUtcTime(event.start + event.durationMinutes * 60_000)}`,
    `SUMMARY:${escapeIcsText(event.summary)}`,
    `DESCRIPTION:${escapeIcsText(event.description)}`,
    // seeds/004: a replacement is this once, never a permanent change, so no RRULE.
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldIcsLine).join('\r\n') + '\r\n';
}
