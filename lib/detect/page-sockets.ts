/**
 * The page's WebSockets as the health engine remembers them: enough to tell "the whiteboard's
 * connection dropped and did not come back" from "the page closed it" or "it reconnected".
 * Only sockets that opened are recorded; a failed attempt to connect is not a drop.
 */
export interface PageSocket {
  /** Frame and hook id, like connection keys. */
  key: string;
  /** Host (and port) only: never the path or query, which may carry tokens. */
  host: string;
  openedAt: number;
  closedAt?: number;
  /** The page itself called `close()`: a deliberate close, never an incident. */
  closedByPage?: boolean;
  /**
   * Not a socket: the board's endpoint answered a long-polling request at `openedAt` (socket.io
   * reconnects by polling first). It proves the board connected then, and never closes.
   */
  polled?: true;
  /** On the first connection after a drop: the page's attempts to reach the board since. */
  tries?: number;
}

export type SocketEvent =
  | { phase: 'open' | 'poll'; key: string; host: string; tries?: number; at: number }
  | { phase: 'close'; key: string; host: string; byPage: boolean; at: number };

/**
 * Closed sockets are forgotten after this long (the longest window a rule looks back, 60 s), once
 * the page closed them itself or a replacement to the same host opened.
 */
export const SOCKET_MEMORY_MS = 60_000;
/** At most this many sockets are kept per tab, so a page opening thousands cannot grow state. */
export const MAX_SOCKETS = 32;

/**
 * Folds one socket event into the list (a new array). A close for a socket never seen open is
 * ignored: it never connected, so nothing was lost.
 */
export function applySocketEvent(sockets: PageSocket[], event: SocketEvent): PageSocket[] {
  let next: PageSocket[];
  if (event.phase !== 'close') {
    const opened: PageSocket = { key: event.key, host: event.host, openedAt: event.at };
    // Settled at once: an answer is a moment, not a socket that could drop.
    if (event.phase === 'poll') Object.assign(opened, { closedAt: event.at, polled: true });
    if (event.tries !== undefined) opened.tries = event.tries;
    next = [...sockets.filter((s) => s.key !== event.key), opened];
  } else {
    next = sockets.map((s) =>
      s.key === event.key && s.closedAt === undefined
        ? { ...s, closedAt: event.at, closedByPage: event.byPage }
        : s,
    );
  }
  // An unexpected close with no replacement yet is kept however old: the whiteboard is still down.
  const settled = (s: PageSocket) =>
    s.closedByPage || s.polled || next.some((o) => o.host === s.host && o.openedAt >= s.closedAt!);
  next = next.filter(
    (s) => s.closedAt === undefined || event.at - s.closedAt < SOCKET_MEMORY_MS || !settled(s),
  );
  while (next.length > MAX_SOCKETS) {
    const oldestClosed = next.findIndex((s) => s.closedAt !== undefined);
    next.splice(oldestClosed >= 0 ? oldestClosed : 0, 1);
  }
  return next;
}

/**
 * Sockets that dropped without the page asking, after being open long enough to count
 * (`establishedMs`): the whiteboard lost a connection it had.
 */
export function unexpectedDrops(sockets: readonly PageSocket[], establishedMs: number) {
  return sockets.filter(
    (s) =>
      s.closedAt !== undefined &&
      !s.closedByPage &&
      !s.polled &&
      s.closedAt - s.openedAt >= establishedMs,
  );
}

/** The first connection to `drop`'s host since it dropped: a new socket or an answered poll. */
export function reconnectionOf(sockets: readonly PageSocket[], drop: PageSocket) {
  return sockets.find((s) => s.host === drop.host && s.openedAt >= drop.closedAt!);
}
