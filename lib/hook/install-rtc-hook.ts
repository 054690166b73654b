import type { ConnectionState, LocalTrack } from './call-sample';
import { compactStats } from './compact-stats';

/** Marks a window whose `RTCPeerConnection` is already wrapped, so a second injection is a no-op. */
export const RTC_HOOK_MARK = Symbol.for('lifeline.rtc-hook');

export type HookPayload =
  | { type: 'sample'; sample: ReturnType<typeof compactStats> }
  | { type: 'closed'; pc: string; t: number };

export interface RtcHookOptions {
  emit(payload: HookPayload): void;
  /** How often each open connection is polled; design.md §2 says once a second. */
  intervalMs?: number;
}

type PeerConnectionConstructor = typeof RTCPeerConnection;
type HookedWindow = typeof globalThis & {
  RTCPeerConnection?: PeerConnectionConstructor;
  webkitRTCPeerConnection?: PeerConnectionConstructor;
  [RTC_HOOK_MARK]?: true;
};

interface Watched {
  id: string;
  polling: boolean;
}

/**
 * Wraps the page's `RTCPeerConnection` so every connection the page makes is polled with one
 * `getStats()` a second and reported through `options.emit`.
 *
 * The wrapper is a `Proxy` over the native constructor, so `instanceof`, `prototype`, the static
 * `generateCertificate`, the optional second constructor argument and `class X extends
 * RTCPeerConnection` all behave as before (design.md §2). Everything the hook does after
 * construction runs inside try/catch and on the browser's own methods captured here, so a page
 * that later patches `getStats` or throws from its own handlers is neither affected nor able to
 * make the hook throw into page code.
 *
 * @returns true if this call installed the hook; false if there was nothing to wrap or it was
 *   already installed.
 */
export function installRtcHook(win: HookedWindow, options: RtcHookOptions): boolean {
  try {
    const Native = win.RTCPeerConnection;
    if (typeof Native !== 'function' || win[RTC_HOOK_MARK]) return false;
    Object.defineProperty(win, RTC_HOOK_MARK, { value: true });

    const proto = Native.prototype;
    const getStats = proto.getStats;
    const getSenders = proto.getSenders;
    const addListener = EventTarget.prototype.addEventListener;
    const setIntervalNative = win.setInterval.bind(win);
    const clearIntervalNative = win.clearInterval.bind(win);
    const now = Date.now;
    const intervalMs = options.intervalMs ?? 1000;
    const prefix = Math.random().toString(36).slice(2, 8);
    const watched = new Map<RTCPeerConnection, Watched>();
    let created = 0;
    let timer: ReturnType<typeof setInterval> | undefined;

    const emit = (payload: HookPayload) => {
      try {
        options.emit(payload);
      } catch {
        // The hook never throws into the page, whatever the transport does.
      }
    };

    const heard = new WeakSet<MediaStreamTrack>();
    const localTracks = (pc: RTCPeerConnection, w: Watched): LocalTrack[] => {
      const tracks: LocalTrack[] = [];
      for (const sender of getSenders.call(pc)) {
        const track = sender.track;
        if (!track || (track.kind !== 'audio' && track.kind !== 'video')) continue;
        if (!heard.has(track)) {
          // A device unplugged or cut by the system is reported at once, not at the next tick.
          heard.add(track);
          const pollNow = () => {
            try {
              if (watched.has(pc)) poll(pc, w);
            } catch {
              // see tick()
            }
          };
          addListener.call(track, 'ended', pollNow);
          addListener.call(track, 'mute', pollNow);
        }
        tracks.push({
          kind: track.kind,
          readyState: track.readyState,
          muted: track.muted,
          enabled: track.enabled,
        });
      }
      return tracks;
    };

    const poll = (pc: RTCPeerConnection, w: Watched) => {
      if (pc.signalingState === 'closed') {
        watched.delete(pc);
        emit({ type: 'closed', pc: w.id, t: now() });
        return;
      }
      // A connection that has not started negotiating has no stats worth a sample yet.
      if (w.polling || pc.connectionState === 'new') return;
      w.polling = true;
      const state = pc.connectionState as ConnectionState;
      getStats
        .call(pc)
        .then((report: RTCStatsReport) => {
          // Closed while the stats were read: `closed` is already sent, and a sample after it
          // would bring the connection back as a ghost that never ends its incident.
          if (!watched.has(pc)) return;
          emit({
            type: 'sample',
            sample: compactStats(
              report.values() as Iterable<Record<string, unknown> & { type: string; id: string }>,
              { pc: w.id, t: now(), state, tracks: localTracks(pc, w) },
            ),
          });
        })
        .catch(() => {
          // getStats rejects on a connection closed mid-call; the next tick reports `closed`.
        })
        .finally(() => {
          w.polling = false;
        });
    };

    const tick = () => {
      try {
        for (const [pc, w] of watched) poll(pc, w);
        if (watched.size === 0 && timer !== undefined) {
          clearIntervalNative(timer);
          timer = undefined;
        }
      } catch {
        // Never let a timer callback throw into the page's error handlers.
      }
    };

    const watch = (pc: RTCPeerConnection) => {
      if (watched.has(pc)) return;
      const w: Watched = { id: `${prefix}-${++created}`, polling: false };
      watched.set(pc, w);
      // A state change (above all to `failed`) is reported at once, not at the next tick.
      addListener.call(pc, 'connectionstatechange', () => {
        try {
          if (watched.has(pc)) poll(pc, w);
        } catch {
          // see tick()
        }
      });
      if (timer === undefined) timer = setIntervalNative(tick, intervalMs);
    };

    const Wrapped = new Proxy(Native, {
      construct(target, args, newTarget) {
        const pc = Reflect.construct(target, args, newTarget) as RTCPeerConnection;
        try {
          watch(pc);
        } catch {
          // The page gets its connection whatever happens to the monitoring.
        }
        return pc;
      },
    });

    // Pages compare `pc.constructor === RTCPeerConnection`; keep that true.
    Object.defineProperty(proto, 'constructor', {
      value: Wrapped,
      writable: true,
      configurable: true,
      enumerable: false,
    });
    const descriptor = Object.getOwnPropertyDescriptor(win, 'RTCPeerConnection');
    Object.defineProperty(win, 'RTCPeerConnection', { ...descriptor, value: Wrapped });
    if (win.webkitRTCPeerConnection === Native) {
      const legacy = Object.getOwnPropertyDescriptor(win, 'webkitRTCPeerConnection');
      Object.defineProperty(win, 'webkitRTCPeerConnection', { ...legacy, value: Wrapped });
    }
    return true;
  } catch {
    return false;
  }
}
