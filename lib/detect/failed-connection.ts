import { SAMPLE_INTERVAL_MS } from './inbound-streams';
import { callParticipants } from './participants';
import { mediaFlatMs, receivingStreams } from './streams';
import { THRESHOLDS } from './thresholds';
import type { CallView, Cause, Verdict } from './verdict';

/**
 * failed-connection (design.md §3): the browser is offline; a connection is `failed`, its DTLS
 * transport closed or failed, or it is `disconnected` for 8 s; nothing at all has come back on a
 * connection we send video on for 2 s; every inbound stream that was receiving has been flat for
 * 2.5 s; or, in a group call, every stream of one participant stopped while the others' went on.
 *
 * Side: offline, or a network interface change in the 30 s before, is the tutor's own network
 * (local). One participant dropping out, or all of their media stopping while the far end still
 * answers what the tutor sends (RTCP reports keep arriving), is the other side (remote).
 * Otherwise one end cannot tell whose link broke, nor who closed it (the other person or the
 * platform's server): unknown.
 */
export function detectFailedConnection(view: CallView): Verdict | null {
  const { now } = view;
  const failure = (
    cause: Cause,
    since: number,
    theirs = false,
    participants?: Verdict['participants'],
  ): Verdict => {
    const networkChanged =
      view.networkChangedAt !== undefined &&
      since - view.networkChangedAt <= THRESHOLDS.networkChangeBlameMs;
    return {
      kind: 'failed-connection',
      severity: 'failure',
      side: !view.onLine || networkChanged ? 'local' : theirs ? 'remote' : 'unknown',
      cause,
      since,
      confirmed: true,
      ...(participants && participants.of > 1 ? { participants } : {}),
    };
  };

  if (!view.onLine) return failure('browser-offline', view.offlineSince ?? now);

  const connections = Object.values(view.connections);
  for (const c of connections) {
    if (c.state === 'failed') return failure('connection-failed', c.stateSince);
  }
  for (const c of connections) {
    // Chromium leaves `connectionState` at `connected` for seconds after the far end closed DTLS.
    if (c.dtls) {
      // Whose side stays unknown: the far end may be the other person or the platform's server.
      const closed = c.dtls.state === 'closed';
      return failure(closed ? 'far-end-closed' : 'connection-failed', c.dtls.since);
    }
  }
  for (const c of connections) {
    if (c.state === 'disconnected' && now - c.stateSince >= THRESHOLDS.disconnectedMs) {
      return failure('connection-disconnected', c.stateSince);
    }
  }
  // A send-only connection (an SFU's publish path) has no inbound stream to fall flat, but a live
  // far end answers video with RTCP reports and feedback every second. Chromium itself only says
  // `disconnected` after about 7.5 s of silence (docs/detection.md, "Transport death").
  for (const c of connections) {
    if (
      (c.state === 'connected' || c.state === 'disconnected') &&
      c.arrivedAt !== undefined &&
      (c.sentVideoAt ?? 0) - c.arrivedAt >= THRESHOLDS.nothingArrivingMs &&
      now - c.arrivedAt >= THRESHOLDS.nothingArrivingMs
    ) {
      return failure('nothing-arriving', c.arrivedAt);
    }
  }

  // Judge only streams that were receiving: a stream that never started is not an outage.
  const receiving = receivingStreams(view);
  if (receiving.length === 0) return null;
  const participants = callParticipants(view);
  const lastProgress = Math.max(...receiving.map((s) => s.lastProgressAt));
  if (now - lastProgress >= mediaFlatMs(view)) {
    return failure('media-stopped', lastProgress, farEndAnswers(view, lastProgress), {
      affected: participants.of,
      of: participants.of,
    });
  }
  if (participants.lost.length > 0) {
    return failure('participant-lost', Math.min(...participants.lost.map((l) => l.since)), true, {
      affected: participants.lost.reduce((sum, l) => sum + l.count, 0),
      of: participants.of,
    });
  }
  return null;
}

/**
 * Whether the far end still answers what the tutor sends: on a connection we send on, packets
 * (RTCP reports on our media, STUN answers) kept arriving in a sample interval that began after
 * the media stopped. Then the tutor's path works both ways and it is the others' media that
 * stopped; when the tutor's own link is cut, nothing arrives at all.
 */
function farEndAnswers(view: CallView, mediaStoppedAt: number): boolean {
  return Object.values(view.connections).some(
    (c) =>
      c.outboundBytes > 0 &&
      c.arrivedAt !== undefined &&
      c.arrivedAt - SAMPLE_INTERVAL_MS > mediaStoppedAt &&
      view.now - c.arrivedAt < mediaFlatMs(view),
  );
}
