/** Marks a window whose `WebSocket` is already wrapped, so a second injection is a no-op. */
export const WS_HOOK_MARK = Symbol.for('lifeline.ws-hook');

export interface SocketPayload {
  type: 'socket';
  id: string;
  /** Host and port only: the path and query may carry session tokens. */
  host: string;
  /**
   * `poll`: after a drop, the board's endpoint (same host and path) answered a long-polling
   * request with 2xx: connected again before, or instead of, a new socket. `check`: 5 s after an
   * unexpected close and 11 s and 20 s after the board is back, so a tab without a call (no
   * samples to move time on) re-judges the drop and closes the incident 10 s clean.
   */
  phase: 'open' | 'close' | 'check' | 'poll';
  /** On `close`: the page called `close()` itself. */
  byPage?: boolean;
  /** On the first `open` or `poll` after a drop: the page's attempts to reach the board since. */
  tries?: number;
  t: number;
}

/** A drop is judged 5 s after it (design.md §3); the nudge comes just after that. */
const CHECK_AFTER_MS = 5_100;
/** A recovery closes the incident after 10 s clean; two nudges leave room for a late message. */
const CLEAR_CHECKS_MS = [11_000, 20_000];

type HookedWindow = typeof globalThis & { [WS_HOOK_MARK]?: true };

/**
 * Wraps the page's `WebSocket` so the health engine learns when a socket opens and when it
 * closes, and whether the page asked for the close: the whiteboard rule needs exactly that. Only
 * sockets that opened are reported; failed attempts to reach a dropped board are only counted,
 * and reported with the connection that brings it back. No message content is read
 * (design.md §10).
 *
 * Like the RTCPeerConnection hook: a `Proxy` keeps `instanceof`, statics (`OPEN`…) and subclassing;
 * `close` is proxied on the prototype so it still reads as native code; nothing here throws into
 * page code.
 *
 * @returns true if this call installed the hook.
 */
export function installWsHook(win: HookedWindow, emit: (payload: SocketPayload) => void): boolean {
  try {
    const Native = win.WebSocket;
    if (typeof Native !== 'function' || win[WS_HOOK_MARK]) return false;
    Object.defineProperty(win, WS_HOOK_MARK, { value: true });
    const addListener = EventTarget.prototype.addEventListener;
    const setTimeoutNative = win.setTimeout.bind(win);
    const now = Date.now;
    const prefix = Math.random().toString(36).slice(2, 8);
    const closedByPage = new WeakSet<WebSocket>();
    /** Hosts whose socket dropped: the dropped socket's path, and attempts to reach it since. */
    const down = new Map<string, [path: string, tries: number]>();
    let created = 0;

    const send = (payload: SocketPayload) => {
      try {
        emit(payload);
      } catch {
        // The hook never throws into the page, whatever the transport does.
      }
    };

    const check = (id: string, host: string) => () =>
      send({ type: 'socket', id, host, phase: 'check', t: now() });

    /** The board at `host` is reachable again: says so once, with the attempts it took. */
    const back = (id: string, host: string, phase: 'open' | 'poll') => {
      const tries = down.get(host)?.[1];
      send({ type: 'socket', id, host, phase, tries, t: now() });
      if (down.delete(host))
        for (const ms of CLEAR_CHECKS_MS) setTimeoutNative(check(id, host), ms);
    };

    const watch = (ws: WebSocket) => {
      const id = `ws-${prefix}-${++created}`;
      const url = new URL(ws.url);
      const host = url.host.slice(0, 255);
      let opened = false;
      addListener.call(ws, 'open', () => {
        opened = true;
        back(id, host, 'open');
      });
      addListener.call(ws, 'close', () => {
        if (!opened) {
          // A failed attempt to reach a dropped board (one that opens is the board back).
          const board = down.get(host);
          if (board) board[1]++;
          return;
        }
        const byPage = closedByPage.has(ws);
        send({ type: 'socket', id, host, phase: 'close', byPage, t: now() });
        if (!byPage) {
          down.set(host, [url.pathname, 0]);
          setTimeoutNative(check(id, host), CHECK_AFTER_MS);
        }
      });
    };

    // Long-polling (socket.io and engine.io poll the same path their socket uses): a request to a
    // dropped board's endpoint is an attempt, a 2xx answer means it is connected. Resource Timing
    // sees every fetch and XMLHttpRequest, failed ones too (status 0), without wrapping either.
    try {
      // Nothing in the callback can throw: a resource entry's name is always an absolute URL.
      new win.PerformanceObserver((list) => {
        if (down.size) {
          for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
            const url = new URL(entry.name);
            const board = down.get(url.host);
            if (board?.[0] !== url.pathname) continue;
            // `responseStatus` is absent where the browser lacks it: an attempt, never an answer.
            if (((entry.responseStatus / 100) | 0) !== 2) board[1]++;
            else back(`ws-${prefix}-${++created}`, url.host, 'poll');
          }
        }
      }).observe({ type: 'resource' });
    } catch {
      // No Resource Timing: only a new socket counts as the board being back.
    }

    /** Replaces a property's value and keeps the rest of it (writable, enumerable…) as it was. */
    const replace = (target: object, name: string, value: unknown) =>
      Object.defineProperty(target, name, {
        ...Object.getOwnPropertyDescriptor(target, name),
        value,
      });

    const proto = Native.prototype;
    replace(
      proto,
      'close',
      new Proxy(proto.close, {
        apply(target, self, args) {
          try {
            if (self instanceof Native) closedByPage.add(self);
          } catch {
            // see send()
          }
          return Reflect.apply(target, self, args);
        },
      }),
    );

    const Wrapped = new Proxy(Native, {
      construct(target, args, newTarget) {
        const ws = Reflect.construct(target, args, newTarget) as WebSocket;
        try {
          watch(ws);
        } catch {
          // The page gets its socket whatever happens to the monitoring.
        }
        return ws;
      },
    });
    replace(proto, 'constructor', Wrapped);
    replace(win, 'WebSocket', Wrapped);
    return true;
  } catch {
    return false;
  }
}
