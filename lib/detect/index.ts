import type { IncidentKind } from '@/lib/shared/incident';
import { detectBandwidthPressure } from './bandwidth-pressure';
import { detectFailedConnection } from './failed-connection';
import { detectNoSound } from './no-sound';
import { detectNoVideo } from './no-video';
import { detectUnstableConnection } from './unstable-connection';
import { callParticipants } from './participants';
import { detectWhiteboardDisconnected } from './whiteboard-disconnected';
import type { CallView, Detector, Verdict } from './verdict';

/** The detectors the health engine runs on every evaluation, one per incident kind. */
export const DETECTORS: Record<IncidentKind, Detector> = {
  'failed-connection': detectFailedConnection,
  'unstable-connection': detectUnstableConnection,
  'no-sound': detectNoSound,
  'no-video': detectNoVideo,
  'bandwidth-pressure': detectBandwidthPressure,
  'whiteboard-disconnected': detectWhiteboardDisconnected,
};

/**
 * Causes that are symptoms of too little bandwidth: when the link is that narrow, packets are
 * lost, delay and jitter grow, the picture freezes and sound breaks up. One cause, one incident:
 * the tutor reads "Not enough bandwidth" (whose fallback steps fix it), with the worst loss and
 * delay in its figures, rather than four incidents for one problem. A stream that stopped, a
 * device that ended or a connection that failed is never a symptom and always reported.
 * (Recorded: a 300 kbit link limit, tests/fixtures/linkCapped.json.)
 */
const BANDWIDTH_SYMPTOMS = new Set([
  'packet-loss',
  'high-delay',
  'jitter',
  'low-quality-score',
  'choppy-audio',
  'their-video-frozen',
  'their-video-freezing',
]);

/**
 * Causes an overloaded computer explains when it is what makes our video stutter: a starved
 * machine sends and reads packets late, so the bandwidth estimate falls, delay and jitter grow
 * and the quality score drops, though the network is fine. The incident then says "your computer
 * is overloaded", whose quick fix (close programs, a system update) is the one that works,
 * rather than blaming the network. A starved video target with a rising round trip is the same
 * starved machine (lib/detect/send-limit.ts reads the round trip as a queue). Packet loss and
 * repeated drops are the network's and always raised.
 */
const OVERLOAD_SYMPTOMS = new Set([
  'outgoing-bandwidth-low',
  'outgoing-bandwidth-limited',
  'high-delay',
  'jitter',
  'low-quality-score',
]);

/**
 * Every detector's verdict at one moment, after removing what another verdict explains.
 *
 * @example
 *   const verdicts = judgeCall(callViewOf(state, now));
 *   verdicts['no-sound'] // Verdict | null
 */
export function judgeCall(view: CallView): Record<IncidentKind, Verdict | null> {
  const verdicts = Object.fromEntries(
    Object.entries(DETECTORS).map(([kind, detect]) => [kind, detect(view)]),
  ) as Record<IncidentKind, Verdict | null>;
  if (verdicts['no-video']?.cause === 'computer-overloaded') {
    for (const kind of ['unstable-connection', 'bandwidth-pressure'] as const) {
      const v = verdicts[kind];
      if (v && OVERLOAD_SYMPTOMS.has(v.cause)) verdicts[kind] = null;
    }
  }
  if (verdicts['bandwidth-pressure']) {
    for (const kind of ['unstable-connection', 'no-sound', 'no-video'] as const) {
      const v = verdicts[kind];
      if (v && BANDWIDTH_SYMPTOMS.has(v.cause)) verdicts[kind] = null;
    }
  }
  return inGroupCall(view, verdicts);
}

/** One remote participant's media: their sound or video stopping is theirs alone. */
const ONE_PARTICIPANT = new Set(['their-audio-stopped', 'their-video-stopped']);

/**
 * A participant who dropped out is one incident (failed-connection, `participant-lost`), not
 * also their sound and their video stopping; in a group call, one participant's sound or video
 * stopping says it is 1 of how many.
 */
function inGroupCall(
  view: CallView,
  verdicts: Record<IncidentKind, Verdict | null>,
): Record<IncidentKind, Verdict | null> {
  const dropped = verdicts['failed-connection']?.cause === 'participant-lost';
  let of: number | undefined;
  for (const kind of ['no-sound', 'no-video'] as const) {
    const v = verdicts[kind];
    if (!v || !ONE_PARTICIPANT.has(v.cause)) continue;
    if (dropped) {
      verdicts[kind] = null;
      continue;
    }
    of ??= callParticipants(view).of;
    if (of > 1) verdicts[kind] = { ...v, participants: { affected: 1, of } };
  }
  return verdicts;
}
