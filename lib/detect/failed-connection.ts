import { mediaFlatMs, receivingStreams } from './streams';
import { THRESHOLDS } from './thresholds';
import type { CallView, Cause, Verdict } from './verdict';

/**
 * failed-connection (design.md §3): the browser is offline; a connection is `failed`, its DTLS
 * transport closed or failed, or it is `disconnected` for 8 s; nothing at all has come back on a
 * connection we send video on for 2 s; or every inbound stream that was receiving has been
 * flat for 2.5 s.
 *
 * Side: offline, or a network interface change in the 30 s before, is the tutor's own network
 * (local). Otherwise one end cannot tell whose link broke, so the side is unknown.
 */
export function detectFailedConnection(view: CallView): Verdict | null {
  const { now } = view;
  const failure = (cause: Cause, since: number): Verdict => {
    const networkChanged =
      view.networkChangedAt !== undefined &&
      since - view.networkChangedAt <= THRESHOLDS.networkChangeBlameMs;
    return {
      kind: 'failed-connection',
      severity: 'failure',
      side: !view.onLine || networkChanged ? 'local' : 'unknown',
      cause,
      since,
      confirmed: true,
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
      return failure(
        c.dtls.state === 'closed' ? 'far-end-closed' : 'connection-failed',
        c.dtls.since,
      );
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
  const lastProgress = Math.max(...receiving.map((s) => s.lastProgressAt));
  if (now - lastProgress >= mediaFlatMs(view)) return failure('media-stopped', lastProgress);
  return null;
}
