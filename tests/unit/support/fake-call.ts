import type { CallSample, ConnectionState, LocalTrack, MediaKind } from '@/lib/hook/call-sample';
import type { Incident } from '@/lib/shared/incident';
import {
  newTabHealth,
  reduceTabHealth,
  type HealthInput,
  type IncidentChange,
  type TabHealth,
} from '@/lib/health/tab-health';

/** Rates of one inbound stream; counters integrate them over time like Chromium's getStats. */
export interface InboundRates {
  kind: MediaKind;
  packetsPerSec: number;
  kbps: number;
  lostPerSec?: number;
  framesPerSec?: number;
  freezeMsPerSec?: number;
  /** Audio: samples played per second, and those concealed (audible / silent). */
  samplesPerSec?: number;
  concealedPerSec?: number;
  silentConcealedPerSec?: number;
  jitterMs?: number;
}

export interface OutboundRates {
  kind: MediaKind;
  packetsPerSec: number;
  kbps: number;
  qualityLimitation?: 'none' | 'cpu' | 'bandwidth' | 'other';
  targetKbps?: number;
  remoteFractionLost?: number;
  remoteJitterMs?: number;
  /** The stream carries a live screen share (the hook's flag). */
  screen?: true;
  /** Video: frames encoded a second and the encoder's time per frame (absent: not reported). */
  framesPerSec?: number;
  encodeMsPerFrame?: number;
}

const talkingAudio = (): InboundRates => ({
  kind: 'audio',
  packetsPerSec: 50,
  kbps: 40,
  lostPerSec: 0,
  samplesPerSec: 48_000,
  concealedPerSec: 0,
  silentConcealedPerSec: 0,
  jitterMs: 3,
});
const movingVideo = (): InboundRates => ({
  kind: 'video',
  packetsPerSec: 120,
  kbps: 1200,
  lostPerSec: 0,
  framesPerSec: 30,
  freezeMsPerSec: 0,
  jitterMs: 4,
});

/**
 * A connection whose getStats counters advance at rates the test sets, so a test reads like the
 * call: `call.inbound.audio.packetsPerSec = 0` is "their sound drops".
 */
export class FakeConnection {
  state: ConnectionState = 'connected';
  rttMs: number | undefined = 20;
  availableOutgoingKbps: number | undefined = 2_500;
  /** Packets of any kind the far end sends (media, RTCP, STUN answers); unset: not reported. */
  arrivedPerSec: number | undefined;
  inbound: Record<string, InboundRates>;
  outbound: Record<string, OutboundRates>;
  tracks: LocalTrack[] = [
    { kind: 'audio', readyState: 'live', muted: false, enabled: true },
    { kind: 'video', readyState: 'live', muted: false, enabled: true },
  ];
  private counters = new Map<string, Record<string, number>>();
  private lastAt: number | undefined;

  constructor(
    readonly pc = 'pc-1',
    options: { audioOnly?: boolean } = {},
  ) {
    this.inbound = options.audioOnly
      ? { audio: talkingAudio() }
      : { audio: talkingAudio(), video: movingVideo() };
    this.outbound = options.audioOnly
      ? { audio: { kind: 'audio', packetsPerSec: 50, kbps: 40 } }
      : {
          audio: { kind: 'audio', packetsPerSec: 50, kbps: 40 },
          video: {
            kind: 'video',
            packetsPerSec: 120,
            kbps: 1200,
            qualityLimitation: 'none',
            targetKbps: 1500,
          },
        };
    if (options.audioOnly) this.tracks = this.tracks.filter((t) => t.kind === 'audio');
  }

  private advance(id: string, rates: Record<string, number | undefined>, dt: number) {
    const c = this.counters.get(id) ?? {};
    for (const [key, rate] of Object.entries(rates)) {
      if (typeof rate === 'number') c[key] = (c[key] ?? 0) + rate * dt;
    }
    this.counters.set(id, c);
    return c;
  }

  sample(at: number): CallSample {
    const dt = this.lastAt === undefined ? 1 : (at - this.lastAt) / 1000;
    this.lastAt = at;
    const flowing = this.state === 'connected' ? 1 : 0;
    const inbound = Object.entries(this.inbound).map(([id, r]) => {
      const c = this.advance(
        `in:${id}`,
        {
          packets: r.packetsPerSec * flowing,
          bytes: ((r.kbps * 1000) / 8) * flowing,
          lost: (r.lostPerSec ?? 0) * flowing,
          frames: r.framesPerSec === undefined ? undefined : r.framesPerSec * flowing,
          freeze: r.freezeMsPerSec,
          total: r.samplesPerSec === undefined ? undefined : r.samplesPerSec,
          concealed:
            r.samplesPerSec === undefined
              ? undefined
              : flowing
                ? (r.concealedPerSec ?? 0) + (r.silentConcealedPerSec ?? 0)
                : r.samplesPerSec,
          silent: r.samplesPerSec === undefined ? undefined : (r.silentConcealedPerSec ?? 0),
        },
        dt,
      );
      return {
        id,
        kind: r.kind,
        packets: Math.floor(c.packets!),
        bytes: Math.floor(c.bytes!),
        lost: Math.floor(c.lost!),
        jitterMs: r.jitterMs,
        ...(r.framesPerSec !== undefined && {
          framesDecoded: Math.floor(c.frames!),
          freezeMs: Math.floor(c.freeze!),
        }),
        ...(r.samplesPerSec !== undefined && {
          concealedSamples: Math.floor(c.concealed!),
          silentConcealedSamples: Math.floor(c.silent!),
          totalSamples: Math.floor(c.total!),
        }),
      };
    });
    const outbound = Object.entries(this.outbound).map(([id, r]) => {
      const c = this.advance(
        `out:${id}`,
        {
          packets: r.packetsPerSec,
          bytes: (r.kbps * 1000) / 8,
          frames: r.framesPerSec,
          encodeMs:
            r.framesPerSec === undefined ? undefined : r.framesPerSec * (r.encodeMsPerFrame ?? 0),
        },
        dt,
      );
      return {
        id,
        kind: r.kind,
        ...(r.screen && { screen: r.screen }),
        packets: Math.floor(c.packets!),
        bytes: Math.floor(c.bytes!),
        ...(r.qualityLimitation && { qualityLimitation: r.qualityLimitation }),
        ...(r.targetKbps !== undefined && { targetKbps: r.targetKbps }),
        ...(r.remoteFractionLost !== undefined && { remoteFractionLost: r.remoteFractionLost }),
        ...(r.remoteJitterMs !== undefined && { remoteJitterMs: r.remoteJitterMs }),
        ...(r.framesPerSec !== undefined && {
          framesEncoded: Math.floor(c.frames!),
          encodeMs: Math.round(c.encodeMs!),
        }),
      };
    });
    return {
      pc: this.pc,
      t: at,
      state: this.state,
      ...(this.rttMs !== undefined && { rttMs: this.rttMs }),
      ...(this.availableOutgoingKbps !== undefined && {
        availableOutgoingKbps: this.availableOutgoingKbps,
      }),
      ...(this.arrivedPerSec !== undefined && {
        arrived: Math.floor(this.advance('arrived', { n: this.arrivedPerSec }, dt).n!),
      }),
      inbound,
      outbound,
      tracks: this.tracks.map((t) => ({ ...t })),
    };
  }
}

export const T0 = Date.UTC(2026, 10, 21, 10, 0, 0);
const PAGE = { origin: 'http://127.0.0.1:8080', title: 'Lesson' };

/**
 * Drives the real health engine (lib/health/tab-health.ts) with inputs and remembers every incident
 * change, so tests assert on incidents the tutor would see.
 */
export class EngineHarness {
  state: TabHealth;
  changes: IncidentChange[] = [];
  now = T0;
  onLine = true;
  private ids = 0;

  constructor() {
    this.state = newTabHealth(1, T0);
  }

  apply(input: HealthInput) {
    const { state, changes } = reduceTabHealth(this.state, input, () => `inc-${++this.ids}`);
    this.state = state;
    this.changes.push(...changes);
  }

  sample(sample: CallSample, key = `0:${sample.pc}`, at = this.now) {
    this.apply({ type: 'sample', key, sample, onLine: this.onLine, page: PAGE, at });
  }

  /** Advances `seconds` one second at a time, one sample per connection each second. */
  run(seconds: number, ...connections: FakeConnection[]) {
    for (let i = 0; i < seconds; i++) {
      this.now += 1000;
      for (const c of connections) this.sample(c.sample(this.now));
    }
  }

  /** Incidents opened so far, with later updates and closes applied. */
  incidents(): Incident[] {
    const byId = new Map<string, Incident>();
    for (const change of this.changes) {
      if (change.type === 'open') byId.set(change.incident.id, { ...change.incident });
      const current = change.type === 'open' ? undefined : byId.get(change.id);
      if (!current) continue;
      if (change.type === 'update') Object.assign(current, change.patch);
      if (change.type === 'close') current.endedAt = change.endedAt;
    }
    return [...byId.values()];
  }

  /** kind/side/cause of every incident, for compact assertions. */
  summary() {
    return this.incidents().map((i) => ({ kind: i.kind, side: i.side, cause: i.cause }));
  }

  /** Seconds from `faultAt` to when the incident of `kind` was detected. */
  latencyOf(kind: Incident['kind'], faultAt: number): number | undefined {
    const incident = this.incidents().find((i) => i.kind === kind);
    return incident ? (Date.parse(incident.detectedAt) - faultAt) / 1000 : undefined;
  }
}
