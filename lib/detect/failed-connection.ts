import { mediaFlatMs, receivingStreams } from './streams';
import { THRESHOLDS } from './thresholds';
import type { CallView, Cause, Verdict } from './verdict';

/**
 * failed-connection (design.md §3): the browser is offline; a connection is `failed`, or
 * `disconnected` for 8 s; or every inbound stream that was receiving has been flat for 2.5 s.
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
    if (c.state === 'disconnected' && now - c.stateSince >= THRESHOLDS.disconnectedMs) {
      return failure('connection-disconnected', c.stateSince);
    }
  }

  // Judge only streams that were receiving: a stream that never started is not an outage.
  const receiving = receivingStreams(view);
  if (receiving.length === 0) return null;
  const lastProgress = Math.max(...receiving.map((s) => s.lastProgressAt));
  if (now - lastProgress >= mediaFlatMs(view)) return failure('media-stopped', lastProgress);
  return null;
}
