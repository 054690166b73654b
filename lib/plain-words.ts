import type { ConnectionState } from './call-sample';
import type { IncidentKind, Outcome, Side } from './incident';

/** What each kind is called in front of a tutor. */
export const KIND_TITLES: Record<IncidentKind, string> = {
  'failed-connection': 'Call connection failed',
  'unstable-connection': 'Connection unstable',
  'no-sound': 'No sound',
  'no-video': 'No video',
  'bandwidth-pressure': 'Not enough bandwidth',
  'whiteboard-disconnected': 'Whiteboard disconnected',
};

/** Outcomes as a short label, for lists and filters (design.md §5 step 6). */
export const OUTCOME_WORDS: Record<Outcome['type'], string> = {
  continued: 'Continued',
  phone: 'Continued by phone',
  typing: 'Continued by typing',
  rescheduled: 'Rescheduled',
  abandoned: 'Abandoned',
};

/** Causes as the detectors name them, in words a tutor can act on. */
const CAUSES: Record<string, string> = {
  'browser-offline': 'Your computer lost its internet connection.',
  'connection-failed': 'The browser gave up on the call connection.',
  'connection-disconnected': 'The call connection has been down for 8 seconds or more.',
  'media-stopped': 'Nothing is arriving from the other side: no sound and no video.',
};

export function causeInWords(cause: string): string {
  return CAUSES[cause] ?? cause;
}

export const SIDE_WORDS: Record<Side, string> = {
  local: 'Your side',
  remote: "The other person's side",
  unknown: 'Not known yet',
};

export const CONNECTION_STATE_WORDS: Record<ConnectionState, string> = {
  new: 'Starting',
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Interrupted',
  failed: 'Failed',
  closed: 'Ended',
};

/** "1 min 12 s", "45 s", "2 h 3 min": durations as a tutor says them. */
export function durationInWords(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return s % 60 ? `${min} min ${s % 60} s` : `${min} min`;
  return min % 60 ? `${Math.floor(min / 60)} h ${min % 60} min` : `${Math.floor(min / 60)} h`;
}

/** A clock time in the tutor's own time zone, e.g. "14:05:09". */
export function localClock(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleTimeString('en-GB', { timeZone, hour12: false });
}
