import { THRESHOLDS } from './thresholds';
import type { CallView, Verdict } from './verdict';
import { reconnectionOf, unexpectedDrops } from './page-sockets';

/**
 * whiteboard-disconnected (design.md §3): a page WebSocket that had been open 5 s or more closed
 * without the page asking, and no socket to the same host has opened since, 5 s on → failure.
 * Three or more such drops to one host within 60 s, even if each reconnected → warning (the
 * whiteboard keeps losing strokes).
 *
 * Side: local if the browser is offline; otherwise a server or the path to it, unknown.
 */
export function detectWhiteboardDisconnected(view: CallView): Verdict | null {
  const sockets = view.sockets ?? [];
  const side = view.onLine ? 'unknown' : 'local';
  const drops = unexpectedDrops(sockets, THRESHOLDS.socketEstablishedMs);

  for (const drop of drops) {
    // A replacement that drops in turn is judged as a drop of its own. Any socket to the same
    // host counts, whatever its URL, and so does the board answering long-polling.
    const replaced = reconnectionOf(sockets, drop) !== undefined;
    if (!replaced && view.now - drop.closedAt! >= THRESHOLDS.socketReplaceMs) {
      return {
        kind: 'whiteboard-disconnected',
        severity: 'failure',
        side,
        cause: 'whiteboard-connection-lost',
        since: drop.closedAt!,
        confirmed: true,
      };
    }
  }

  const byHost = new Map<string, number[]>();
  for (const s of sockets) {
    if (s.closedAt === undefined || s.closedByPage || s.polled) continue;
    if (view.now - s.closedAt >= THRESHOLDS.socketDropWindowMs) continue;
    byHost.set(s.host, [...(byHost.get(s.host) ?? []), s.closedAt]);
  }
  for (const times of byHost.values()) {
    if (times.length >= THRESHOLDS.socketDrops) {
      return {
        kind: 'whiteboard-disconnected',
        severity: 'warning',
        side,
        cause: 'whiteboard-reconnecting',
        since: Math.min(...times),
        confirmed: false,
      };
    }
  }
  return null;
}
