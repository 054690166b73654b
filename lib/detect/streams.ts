import type { ConnectionTrack } from './call-tracker';
import type { StreamTrack } from './inbound-streams';
import type { MediaKind } from '@/lib/hook/call-sample';
import { THRESHOLDS } from './thresholds';
import type { CallView } from './verdict';

/**
 * Shared readings of a call's inbound streams for the detectors.
 *
 * Only streams that were receiving are judged: a stream that never started (the other side has
 * no camera, an audio-only call, a transceiver added for later) is not an outage.
 */

/** Streams of the tab that have delivered packets at least once. */
export function receivingStreams(view: CallView): StreamTrack[] {
  return Object.values(view.connections).flatMap((c) =>
    Object.values(c.inbound).filter((s) => s.receiving),
  );
}

/** How long media must be flat to count as stopped, under the tutor's sensitivity preset. */
export function mediaFlatMs(view: CallView): number {
  return view.tuning?.mediaFlatMs ?? THRESHOLDS.mediaFlatMs;
}

/**
 * Whether anything still arrives in the call. When nothing does, it is the connection that
 * failed (failed-connection), not one kind of media: the kind rules stay quiet then.
 */
export function callStillReceiving(view: CallView): boolean {
  return receivingStreams(view).some((s) => view.now - s.lastProgressAt < mediaFlatMs(view));
}

/**
 * Whether the call is in an outage: it was receiving, and nothing has arrived for `mediaFlatMs`.
 * That is failed-connection's to report; rules that read a live connection's figures (bandwidth,
 * loss, RTT) stay quiet, because a dead link also drags its estimates down ("a connection cut
 * raises failed-connection and nothing else").
 */
export function callInOutage(view: CallView): boolean {
  return receivingStreams(view).length > 0 && !callStillReceiving(view);
}

/**
 * The moment one kind of media stopped arriving on a connection, if one of its streams of that
 * kind has been flat for `mediaFlatMs` while other media of the call kept arriving for at least
 * `otherMediaAfterMs` after it stopped.
 *
 * A stream that stopped counts less the streams that started as it stopped: an SFU switching a
 * simulcast layer leaves the old stream's counters standing while its replacement flows, and
 * that is no stop. On a bundled connection (Jitsi, Meet) one participant's video stopping while
 * the others' flows is, when fewer videos than sounds remain; a participant ending a screen
 * share beside their camera is not.
 *
 * "Other media kept arriving" (media that was flowing before the stop and went on) is what tells
 * one kind dropping from the whole call being cut:
 * in a cut every stream stops within the same second, and the in-interval estimates of when each
 * stopped differ by a few hundred milliseconds, so a kind is only blamed when something else
 * clearly outlived it.
 */
export function kindStoppedSince(view: CallView, key: string, kind: MediaKind): number | undefined {
  const connection = view.connections[key];
  if (!connection) return undefined;
  const flat = mediaFlatMs(view);
  const streams = Object.values(connection.inbound).filter((s) => s.kind === kind && s.receiving);
  const stopped = streams.filter((s) => view.now - s.lastProgressAt >= flat);
  if (stopped.length === 0) return undefined;
  const last = Math.max(...stopped.map((s) => s.lastProgressAt));
  const flowing = streams.filter((s) => view.now - s.lastProgressAt < flat);
  // Streams that stopped around then, less those that took their place (a simulcast layer's
  // replacement starts as the old one stops).
  const stoppedThen = stopped.filter((s) => s.lastProgressAt >= last - flat).length;
  const replacements = flowing.filter((s) => (s.receivingSince ?? 0) > last - flat).length;
  if (stoppedThen <= replacements) return undefined;
  // Some of the kind still flowing: one participant's stream stopped only when fewer remain
  // than the connection's streams of the other kind (one each per participant). A participant
  // ending a screen share beside their camera leaves as many as before: nothing stopped. Only
  // the other kind that clearly outlived the stop counts: a participant dropping out stops their
  // video within a second of their sound, and until it is flat too it would make one more.
  const otherKind = Object.values(connection.inbound).filter(
    (s) =>
      s.receiving &&
      s.kind !== kind &&
      view.now - s.lastProgressAt < flat &&
      s.lastProgressAt - last >= THRESHOLDS.otherMediaAfterMs,
  ).length;
  if (flowing.length > 0 && flowing.length >= otherKind) return undefined;
  // What must outlive it: the other kind on the same connection when it carries one (on an SFU
  // that is the same participants, whose sound and video stopping together is them dropping out,
  // lib/detect/participants.ts), else any other media of the call. A stopped stream cannot.
  const sameConnection = Object.values(connection.inbound).some(
    (s) => s.receiving && s.kind !== kind,
  );
  const othersOutlived = Object.entries(view.connections).some(
    ([k, c]) =>
      (!sameConnection || k === key) &&
      Object.values(c.inbound).some(
        (s) =>
          s.receiving &&
          // A connection the page opened after the stop (a restarted call) proves nothing.
          (s.receivingSince ?? Infinity) <= last &&
          s.lastProgressAt - last >= THRESHOLDS.otherMediaAfterMs,
      ),
  );
  return othersOutlived ? last : undefined;
}

/** Whether a connection is past the quality rules' warm-up (`qualityWarmupMs` after connecting). */
export function settled(connection: ConnectionTrack, now: number): boolean {
  return (
    connection.connectedAt !== undefined &&
    now - connection.connectedAt >= THRESHOLDS.qualityWarmupMs
  );
}

/** Interval records of a connection within the last `windowMs`, past the warm-up, oldest first. */
export function recentIntervals(connection: ConnectionTrack, now: number) {
  const from = (connection.connectedAt ?? Infinity) + THRESHOLDS.qualityWarmupMs;
  return (connection.history ?? []).filter(
    (r) => now - r.at < THRESHOLDS.windowMs && r.at - r.ms >= from,
  );
}

/** The latest interval, if it ended at the connection's latest sample. */
export function latestInterval(connection: ConnectionTrack) {
  const history = connection.history ?? [];
  const last = history[history.length - 1];
  return last && last.at === connection.lastSampleAt ? last : undefined;
}
