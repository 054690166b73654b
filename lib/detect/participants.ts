import type { MediaKind } from '@/lib/hook/call-sample';
import type { ConnectionTrack } from './call-tracker';
import type { StreamTrack } from './inbound-streams';
import { mediaFlatMs } from './streams';
import { THRESHOLDS } from './thresholds';
import type { CallView } from './verdict';

/** The other people in the call, as their media shows them to the tutor. */
export interface CallParticipants {
  /** Remote participants whose media has reached the tutor: flowing now, or lost. */
  of: number;
  /** Participants all of whose media stopped while someone else's went on, with when. */
  lost: { connection: string; count: number; since: number }[];
}

/**
 * Counts the call's remote participants and those who dropped out, per transceiver stream.
 *
 * An SFU sends each participant on a connection of their own (Janus, mediasoup's default) or
 * bundles them all as transceivers of one connection (Jitsi, Meet). Either way a participant is
 * one audio and one video stream, and stats do not say which audio goes with which video, so a
 * connection holds as many participants as its larger count of streams of one kind, and a
 * participant dropped out when as many streams of each kind stopped together. A stream only
 * counts as stopped against those that were flowing just before it stopped: an SFU switching a
 * simulcast layer leaves the old stream's counters standing while its replacement flows.
 */
export function callParticipants(view: CallView): CallParticipants {
  const flat = mediaFlatMs(view);
  let of = 0;
  const lost: CallParticipants['lost'] = [];
  for (const [key, c] of Object.entries(view.connections)) {
    const kinds = (['audio', 'video'] as const).map((kind) => kindCount(c, kind, view.now, flat));
    const present = kinds.filter((k) => k.count > 0);
    if (present.length === 0) continue;
    of += Math.max(...present.map((k) => k.count));
    const count = Math.min(...present.map((k) => k.lost));
    if (count > 0)
      lost.push({ connection: key, count, since: Math.max(...present.map((k) => k.since)) });
  }
  // Dropped out while the rest of the call went on; when everything stopped together, it is the
  // connection that failed (lib/detect/failed-connection.ts judges that).
  const outlived = lost.filter((l) =>
    Object.values(view.connections).some((c) =>
      Object.values(c.inbound).some(
        (s) =>
          s.receiving &&
          view.now - s.lastProgressAt < flat &&
          (s.receivingSince ?? Infinity) <= l.since &&
          s.lastProgressAt - l.since >= THRESHOLDS.otherMediaAfterMs,
      ),
    ),
  );
  return { of, lost: outlived };
}

/** Streams of one kind on a connection: how many participants they make, and how many stopped. */
function kindCount(
  c: ConnectionTrack,
  kind: MediaKind,
  now: number,
  flat: number,
): { count: number; lost: number; since: number } {
  const streams = Object.values(c.inbound).filter((s) => s.kind === kind && s.receiving);
  const flowing = streams.filter((s) => now - s.lastProgressAt < flat);
  const stopped = streams.filter((s) => now - s.lastProgressAt >= flat);
  if (stopped.length === 0) return { count: flowing.length, lost: 0, since: 0 };
  const since = Math.max(...stopped.map((s) => s.lastProgressAt));
  const aliveBefore = streams.filter((s) => wasFlowingAt(s, since, flat));
  return {
    count: Math.max(aliveBefore.length, flowing.length),
    lost: Math.max(0, aliveBefore.length - flowing.length),
    since,
  };
}

/** The stream had been flowing for a while at `at` (not a replacement that started just then). */
function wasFlowingAt(s: StreamTrack, at: number, flat: number): boolean {
  return (s.receivingSince ?? Infinity) <= at - flat && s.lastProgressAt >= at - flat;
}
