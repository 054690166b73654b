/** Marks a window whose `WebSocket` is already wrapped, so a second injection is a no-op. */
export const WS_HOOK_MARK = Symbol.for('lifeline.ws-hook');

export interface SocketPayload {
  type: 'socket';
  id: string;
  /** Host and port only: the path and query may carry session tokens. */
  host: string;
  /** `check`: 5 s after an unexpected close, so a tab without a call re-judges the drop. */
  phase: 'open' | 'close' | 'check';
  /** On `close`: the page called `close()` itself. */
  byPage?: boolean;
  t: number;
}

/** A drop is judged 5 s after it (design.md §3); the nudge comes just after that. */
const CHECK_AFTER_MS = 5_100;

type HookedWindow = typeof globalThis & { [WS_HOOK_MARK]?: true };

/**
 * Wraps the page's `WebSocket` so the health engine learns when a socket opens and when it
 * closes, and whether the page asked for the close: the whiteboard rule needs exactly that. Only
 * sockets that opened are reported, so failed reconnect attempts cost nothing. No message content
 * is read (design.md §10).
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
    let created = 0;

    const send = (payload: SocketPayload) => {
      try {
        emit(payload);
      } catch {
        // The hook never throws into the page, whatever the transport does.
      }
    };

    const watch = (ws: WebSocket) => {
      const id = `ws-${prefix}-${++created}`;
      let host = '';
      let opened = false;
      try {
        host = new URL(ws.url).host.slice(0, 255);
      } catch {
        return;
      }
      addListener.call(ws, 'open', () => {
        opened = true;
        send({ type: 'socket', id, host, phase: 'open', t: now() });
      });
      addListener.call(ws, 'close', () => {
        if (!opened) return;
        const byPage = closedByPage.has(ws);
        send({ type: 'socket', id, host, phase: 'close', byPage, t: now() });
        if (!byPage) {
          setTimeoutNative(
            () => send({ type: 'socket', id, host, phase: 'check', t: now() }),
            CHECK_AFTER_MS,
          );
        }
      });
    };

    const proto = Native.prototype;
    const close = proto.close;
    Object.defineProperty(proto, 'close', {
      ...Object.getOwnPropertyDescriptor(proto, 'close'),
      value: new Proxy(close, {
        apply(target, self, args) {
          try {
            if (self instanceof Native) closedByPage.add(self);
          } catch {
            // see send()
          }
          return Reflect.apply(target, self, args);
        },
      }),
    });

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
    Object.defineProperty(proto, 'constructor', {
      value: Wrapped,
      writable: true,
      configurable: true,
      enumerable: false,
    });
    const descriptor = Object.getOwnPropertyDescriptor(win, 'WebSocket');
    Object.defineProperty(win, 'WebSocket', { ...descriptor, value: Wrapped });
    return true;
  } catch {
    return false;
  }
}
