import type { Cause } from '@/lib/detect/verdict';
import type { IncidentKind, Side } from '@/lib/shared/incident';
import { durationInWords } from '@/lib/shared/plain-words';

/**
 * The in-page prompt's one line (design.md §1): what broke, whose side, and for how long, e.g.
 * "No sound from the other side for 6 s". Kept apart from the popup's words because the prompt
 * is injected into the call tab and should carry as little code as possible.
 */
export function promptHeadline(
  kind: IncidentKind,
  side: Side,
  elapsedMs: number,
  cause?: string,
): string {
  const d = durationInWords(elapsedMs);
  // The camera works; the computer cannot keep up with it (lib/detect/computer-overloaded.ts).
  if (cause === 'computer-overloaded')
    return `Your video is stuttering: the computer is overloaded (${d})`;
  const from = side === 'remote' ? ' from the other side' : '';
  switch (kind) {
    case 'no-sound':
      return side === 'local'
        ? `No sound from your microphone for ${d}`
        : `No sound${from} for ${d}`;
    case 'no-video':
      return side === 'local'
        ? `No video from your ${cause === SHARE ? 'screen share' : 'camera'} for ${d}`
        : `No video${from} for ${d}`;
    case 'failed-connection':
      return side === 'local'
        ? `You are offline: the call has been down for ${d}`
        : `The call connection has been down for ${d}`;
    case 'unstable-connection':
      return `${onSide('The connection is unstable', side)} (${d})`;
    case 'bandwidth-pressure':
      return `${onSide('Not enough bandwidth', side)} (${d})`;
    case 'whiteboard-disconnected':
      return `The whiteboard has been disconnected for ${d}`;
  }
}

const SHARE: Cause = 'screen-share-stopped';

const onSide = (text: string, side: Side) =>
  side === 'local'
    ? `${text} on your side`
    : side === 'remote'
      ? `${text} on the other side`
      : text;

/** The prompt's line once the incident has ended, e.g. "Their sound is back". */
export function recoveredHeadline(kind: IncidentKind, side: Side, cause?: string): string {
  if (cause === 'computer-overloaded') return 'Your video is smooth again';
  switch (kind) {
    case 'no-sound':
      return side === 'local' ? 'Your microphone is working again' : 'Their sound is back';
    case 'no-video':
      return cause === SHARE
        ? 'Your screen share is reaching them again'
        : side === 'local'
          ? 'Your camera is working again'
          : 'Their picture is back';
    case 'failed-connection':
      return 'The call is connected again';
    case 'unstable-connection':
      return 'The connection is steady again';
    case 'bandwidth-pressure':
      return 'The bandwidth is back to normal';
    case 'whiteboard-disconnected':
      return 'The whiteboard is connected again';
  }
}
