import type { ConnectionState, LocalTrack } from './call-sample';
import { compactStats } from './compact-stats';
import { createStatsReader, type StatsReportLike } from './stats-reader';
import { createStatsGate, type StatsGate } from './stats-gate';

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

type StatsEntry = Record<string, unknown> & { type: string; id: string };
type PeerConnectionConstructor = typeof RTCPeerConnection;
type Method = (...args: unknown[]) => unknown;
type HookedWindow = typeof globalThis & {
  RTCPeerConnection?: PeerConnectionConstructor;
  RTCRtpSender?: { prototype: object };
  RTCRtpReceiver?: { prototype: object };
  MediaDevices?: { prototype: object };
  webkitRTCPeerConnection?: PeerConnectionConstructor;
  [RTC_HOOK_MARK]?: true;
};

interface Watched {
  id: string;
  polling?: boolean;
  /** Read once while connected: from then on its stats are worth reading at every poll. */
  media?: true;
  /** Chromium caches stats per connection, so each connection's page calls wait on their own. */
  gate: StatsGate;
  /** Reads the entries a sample is made from out of this connection's reports. */
  read: (report: StatsReportLike) => StatsEntry[];
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
 * The page's own `getStats()` on connections, senders and receivers is wrapped too (a `Proxy` per
 * prototype), so it is never answered with a report the hook gathered before the page asked
 * (stats-gate.ts, docs/detection.md "The hook reads stats without changing what the page reads").
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
    const getReceivers = proto.getReceivers;
    const addListener = EventTarget.prototype.addEventListener;
    const setIntervalNative = win.setInterval.bind(win);
    const clearIntervalNative = win.clearInterval.bind(win);
    const setTimeoutNative = win.setTimeout.bind(win);
    const PromiseNative = win.Promise;
    const then = PromiseNative.prototype.then;
    const now = Date.now;
    const performanceNow = win.performance.now.bind(win.performance);
    const intervalMs = options.intervalMs ?? 1000;
    const prefix = Math.random().toString(36).slice(2, 8);
    const watched = new Map<RTCPeerConnection, Watched>();
    let created = 0;
    let timer: ReturnType<typeof setInterval> | undefined;

    const later = (run: () => void, ms: number) =>
      setTimeoutNative(() => {
        try {
          run();
        } catch {
          // see tick()
        }
      }, ms);

    /** Puts `make(native)` in place of a method (or constructor), keeping the property's flags. */
    const swap = (target: object | undefined, name: string, make: (native: Method) => unknown) => {
      const property = Object.getOwnPropertyDescriptor(target ?? {}, name);
      if (typeof property?.value === 'function') {
        Object.defineProperty(target!, name, {
          ...property,
          value: make(property.value as Method),
        });
      }
    };

    const emit = (payload: HookPayload) => {
      try {
        options.emit(payload);
      } catch {
        // The hook never throws into the page, whatever the transport does.
      }
    };

    const heard = new WeakSet<MediaStreamTrack>();
    /** Tracks getDisplayMedia returned: a share is no camera, and ending it is the tutor's choice. */
    const screens = new WeakSet<MediaStreamTrack>();
    const localTracks = (pc: RTCPeerConnection, w: Watched, shared: string[]): LocalTrack[] => {
      const tracks: LocalTrack[] = [];
      for (const sender of getSenders.call(pc)) {
        const track = sender.track;
        if (track && screens.has(track)) {
          if (track.readyState === 'live') shared.push(track.id);
          continue;
        }
        if (!track || (track.kind !== 'audio' && track.kind !== 'video')) continue;
        if (!heard.has(track)) {
          // A device unplugged or cut by the system is reported at once, not at the next tick.
          heard.add(track);
          // One task later, so a page that reads stats in its own handler of the same event
          // gathers first and Lifeline's poll is the one answered from the cache.
          const pollNow = () => later(() => watched.has(pc) && poll(pc, w, true), 0);
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

    const heardTransports = new WeakSet<object>();
    /**
     * A far end that hangs up closes DTLS while `connectionState` stays `connected` for seconds,
     * and no other event says so: each transport's `statechange` samples at once, not at the next
     * tick. Transports appear with negotiation, so each poll looks for new ones.
     */
    const listenToTransports = (pc: RTCPeerConnection, w: Watched) => {
      for (const end of [...getSenders.call(pc), ...getReceivers.call(pc)]) {
        const transport = end.transport;
        if (!transport || heardTransports.has(transport)) continue;
        heardTransports.add(transport);
        addListener.call(transport, 'statechange', () =>
          later(() => watched.has(pc) && poll(pc, w, true), 0),
        );
      }
    };

    const poll = (pc: RTCPeerConnection, w: Watched, event?: boolean) => {
      if (pc.signalingState === 'closed') {
        watched.delete(pc);
        emit({ type: 'closed', pc: w.id, t: now() });
        return;
      }
      const sample = (state: ConnectionState, report: StatsEntry[]) => {
        const shared: string[] = [];
        const tracks = localTracks(pc, w, shared);
        emit({
          type: 'sample',
          sample: compactStats(report, { pc: w.id, t: now(), state, tracks }, shared),
        });
      };
      const first = pc.connectionState as ConnectionState;
      // A connection that has not started negotiating has no stats worth a sample yet.
      if (w.polling || first === 'new') return;
      // Nor media until it has connected, so until a tick has read it connected its samples need
      // no getStats(): that report would answer the page reading its stats as media starts.
      if (!w.media && (event || first !== 'connected')) return sample(first, []);
      w.media = true;
      try {
        listenToTransports(pc, w);
      } catch {
        // A page that redefines `transport` loses the early sample, never the poll.
      }
      w.polling = true;
      let state: ConnectionState;
      w.gate.hook(
        () => {
          state = pc.connectionState as ConnectionState;
          return getStats.call(pc);
        },
        (asked) =>
          asked
            .then((report: RTCStatsReport) => {
              // Closed while the stats were read: `closed` is already sent, and a sample after it
              // would bring the connection back as a ghost that never ends its incident.
              if (watched.has(pc)) sample(state, w.read(report));
            })
            .catch(() => {
              // getStats rejects on a connection closed mid-call; the next tick reports `closed`.
            })
            .finally(() => {
              w.polling = false;
            }),
      );
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
      const w: Watched = {
        id: `${prefix}-${++created}`,
        gate: createStatsGate(performanceNow, later),
        read: createStatsReader(),
      };
      watched.set(pc, w);
      // A state change (above all to `failed`) is reported at once, not at the next tick, one
      // task later for the same reason as a track's `ended`.
      addListener.call(pc, 'connectionstatechange', () =>
        later(() => watched.has(pc) && poll(pc, w, true), 0),
      );
      if (timer === undefined) timer = setIntervalNative(tick, intervalMs);
    };

    // A sender or receiver knows no connection; ask the watched ones which holds it.
    const ownerOf = (list: (this: RTCPeerConnection) => object[], self: unknown) => {
      for (const [pc, w] of watched) if (list.call(pc).includes(self as object)) return w;
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
    swap(proto, 'constructor', () => Wrapped);
    // The page's own getStats() waits out Lifeline's report rather than being answered with it
    // (stats-gate.ts). A Proxy keeps the method's name, length and native toString; a legacy
    // callback call returns no promise, so it goes straight through.
    const owners: [object | undefined, (self: unknown) => Watched | undefined][] = [
      [proto, (self) => watched.get(self as RTCPeerConnection)],
      [win.RTCRtpSender?.prototype, (self) => ownerOf(getSenders, self)],
      [win.RTCRtpReceiver?.prototype, (self) => ownerOf(getReceivers, self)],
    ];
    for (const [target, owner] of owners) {
      swap(
        target,
        'getStats',
        (method) =>
          new Proxy(method, {
            apply(native, self, args) {
              let gate: StatsGate | undefined;
              try {
                gate = typeof args[0] !== 'function' ? owner(self)?.gate : undefined;
              } catch {
                // A call the hook cannot place goes straight through.
              }
              if (!gate?.held()) return Reflect.apply(native, self, args);
              return new PromiseNative((resolve, reject) =>
                gate.page(() => {
                  try {
                    resolve(Reflect.apply(native, self, args));
                  } catch (e) {
                    reject(e);
                  }
                }),
              );
            },
          }),
      );
    }

    swap(win, 'RTCPeerConnection', () => Wrapped);
    if (win.webkitRTCPeerConnection === Native) swap(win, 'webkitRTCPeerConnection', () => Wrapped);

    // Which tracks are screen shares: remembered as getDisplayMedia hands them out. A Proxy keeps
    // the method's name, length and native toString, and the page gets the browser's own promise,
    // failures and all; the hook handles both outcomes, so it leaves no unhandled rejection.
    const mark = (stream: MediaStream) => {
      try {
        for (const track of stream.getVideoTracks()) screens.add(track);
      } catch {
        // A failure, or a stream the hook cannot read: nothing to remember.
      }
    };
    swap(
      win.MediaDevices?.prototype,
      'getDisplayMedia',
      (method) =>
        new Proxy(method, {
          apply(native, self, args) {
            const shared = Reflect.apply(native, self, args);
            // The browser's method always returns its own promise (WebIDL turns errors into
            // rejections), and `then` is the browser's own, captured at start.
            then.call(shared, mark, mark);
            return shared;
          },
        }),
    );
    return true;
  } catch {
    return false;
  }
}
