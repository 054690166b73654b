import type { Cause } from '@/lib/detect/verdict';
import type { ConnectionState } from '@/lib/hook/call-sample';
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

/** Causes as the detectors name them, in words a tutor can act on (the email turns "your" into "my"). */
const CAUSES: Record<Cause, string> = {
  'browser-offline': 'Your computer lost its internet connection.',
  'connection-failed': 'The browser gave up on the call connection.',
  'connection-disconnected': 'The call connection has been down for 8 seconds or more.',
  'far-end-closed':
    'The other end (the call server or the other person) closed the call connection.',
  'nothing-arriving':
    'Nothing comes back on the call connection any more: the other end (or the call server) stopped answering.',
  'media-stopped': 'Nothing is arriving from the other side: no sound and no video.',
  'participant-lost':
    'Someone dropped out of the group call: nothing of theirs arrives any more, while the others still come through.',
  'microphone-ended': 'Your microphone stopped working (unplugged, or taken by another program).',
  'microphone-muted-by-system': 'Your computer muted your microphone.',
  'their-audio-stopped':
    "The other person's sound stopped arriving; the rest of the call still comes through.",
  'choppy-audio': "The other person's sound is breaking up.",
  'camera-ended': 'Your camera stopped working (unplugged, or taken by another program).',
  'screen-share-stopped':
    'Your screen share stopped reaching the other side, though you are still sharing.',
  'computer-overloaded':
    'Your computer is overloaded: your video is down to a few frames a second. Another program or a system update may be using it.',
  'their-video-stopped':
    "The other person's video stopped arriving; the rest of the call still comes through.",
  'their-video-frozen': "The other person's picture is frozen.",
  'their-video-freezing': "The other person's picture keeps freezing.",
  'packet-loss': 'Parts of the call are getting lost on the way.',
  'high-delay': 'The call is running with a long delay.',
  jitter: 'Sound is arriving unevenly.',
  'low-quality-score': 'The call quality score is low.',
  'repeated-disconnects': 'The call connection keeps dropping and coming back.',
  'outgoing-bandwidth-limited': 'Your internet upload is too slow for your video.',
  'outgoing-bandwidth-low': 'Your internet upload has dropped very low.',
  'incoming-bandwidth-low': 'Too little is arriving from the other side for their video.',
  'other-tabs-playing-media': 'Other tabs playing sound or video are using your bandwidth.',
  'whiteboard-connection-lost': 'The whiteboard lost its connection and has not come back.',
  'whiteboard-reconnecting': 'The whiteboard keeps losing its connection.',
};

/** Every cause a detector names, for documents that refer to one (a playbook step's `causes`). */
export const CAUSE_NAMES = Object.keys(CAUSES) as [Cause, ...Cause[]];

/** A stored cause in words; one from an older or imported record is shown as it is. */
export function causeInWords(cause: string): string {
  return (CAUSES as Record<string, string>)[cause] ?? cause;
}

/** "1 of 3 participants": how much of a group call an incident touches. */
export function participantsInWords(p: { affected: number; of: number }): string {
  return `${p.affected} of ${p.of} participants`;
}

/** An incident's cause in words, with the share of a group call it touched. */
export function incidentCauseInWords(incident: {
  cause: string;
  participants?: { affected: number; of: number };
}): string {
  const words = causeInWords(incident.cause);
  return incident.participants ? `${words} (${participantsInWords(incident.participants)})` : words;
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
