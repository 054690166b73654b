import type {
  CallSample,
  ConnectionState,
  InboundStream,
  LocalTrack,
  MediaKind,
} from '@/lib/hook/call-sample';
import { THRESHOLDS } from '@/lib/detect/thresholds';
import { mosScore } from '@/lib/detect/mos';

/** What we remember about one inbound stream between samples. */
export interface StreamTrack {
  kind: MediaKind;
  packets: number;
  bytes: number;
  lost?: number;
  framesDecoded?: number;
  freezeMs?: number;
  concealedSamples?: number;
  silentConcealedSamples?: number;
  totalSamples?: number;
  /** Packets a second over the last interval in which it flowed fully; estimates stall starts. */
  packetRate?: number;
  /** When packets last arrived (estimated within the sample interval, see `trackSample`). */
  lastProgressAt: number;
  /** Set once the stream has ever delivered packets: "flat" rules only judge such streams. */
  receiving: boolean;
  /** When it first delivered packets: only media that was already flowing can outlive another. */
  receivingSince?: number;
  /** Frames decoded a second while the picture moved fully (video only). */
  frameRate?: number;
  /** When the decoder last produced a frame, estimated like `lastProgressAt` (video only). */
  lastFrameAt?: number;
  /** Set once a frame has ever been decoded: a frozen picture needs a picture first. */
  decoding?: boolean;
}

/** Per-connection figures a tutor can read, computed from deltas of the last two samples. */
export interface ConnectionFigures {
  rttMs?: number;
  availableOutgoingKbps?: number;
  inKbps?: number;
  outKbps?: number;
  /** Inbound loss over the last interval, in percent; absent when the browser gives no count. */
  lossPct?: number;
  jitterMs?: number;
  /**
   * Jitter of audio alone, inbound and as the other side reports it for ours: the thresholds
   * (Teams, Twilio) are for audio. Video jitter swings with frame bursts: 100 ms on a healthy
   * loopback call under CPU load, while audio stayed under 30 ms (tests/fixtures/healthy.json).
   */
  audioJitterMs?: number;
  remoteAudioJitterMs?: number;
  /** What the other side reports losing of what we send, in percent (worst stream). */
  remoteLossPct?: number;
  remoteJitterMs?: number;
  /** Call-quality score 1..5 (lib/detect/mos.ts), from RTT, jitter and loss; shown, never alarmed alone. */
  mos?: number;
}

/**
 * What one sample interval showed, kept for the rules that judge a window ("bandwidth-limited
 * for most of 10 s", "frozen 30 % of 10 s"). Absent fields were not reported: unknown, not zero.
 */
export interface IntervalRecord {
  at: number;
  ms: number;
  /** Some outbound video stream reported `qualityLimitationReason` `bandwidth`. */
  bandwidthLimited?: boolean;
  /** Outbound video bytes grew in this interval. */
  sendingVideo: boolean;
  /**
   * What the encoder may spend on our video now, summed over its streams (simulcast layers):
   * it falls within a second when a limit starts, where `bandwidthLimited` takes 4–11 s.
   */
  videoTargetKbps?: number;
  /** Sum over inbound video streams that moved packets in this interval. */
  inVideoKbps?: number;
  /** Inbound video loss in this interval, percent. */
  inVideoLossPct?: number;
  /** Freeze time Chromium added to inbound video streams in this interval. */
  frozenMs?: number;
  /** Share of audio played out as audible concealment (not DTX silence), 0..1. */
  concealedRatio?: number;
  /** Inbound audio packets lost in this interval (absent: not reported). */
  audioLost?: number;
  /** Inbound packets received plus lost in this interval: the basis of `figures.lossPct`. */
  inPackets?: number;
}

/** A local microphone or camera being sent that stopped delivering, and since when. */
export interface LocalTrouble {
  /** `ended`: the device is gone or was stopped; `muted`: the system cut its input. */
  state: 'ended' | 'muted';
  since: number;
}

export interface ConnectionTrack {
  state: ConnectionState;
  stateSince: number;
  firstSampleAt: number;
  lastSampleAt: number;
  /**
   * Start of the current `connected` stretch: "the call's first 15 s" count from here, and again
   * after a reconnect, when Chromium's bandwidth estimate climbs back from a low start.
   */
  connectedAt?: number;
  /** Moments the connection went from `connected` to `disconnected`, the last 2 minutes. */
  disconnects?: number[];
  inbound: Record<string, StreamTrack>;
  outboundBytes: number;
  outboundVideoBytes?: number;
  /** Local tracks being sent that are ended or muted by the system, by kind. */
  localTrouble?: Partial<Record<MediaKind, LocalTrouble>>;
  /** When a local track of each kind last came back from trouble (a restarted microphone). */
  localRecoveredAt?: Partial<Record<MediaKind, number>>;
  figures: ConnectionFigures;
  /** The last `HISTORY_LENGTH` intervals, oldest first. */
  history?: IntervalRecord[];
  /** `availableOutgoingKbps` of the last `AVAILABLE_HISTORY_LENGTH` samples: the call's median. */
  availableHistory?: number[];
}

/** How often the hook samples (lib/hook/install-rtc-hook.ts). */
export const SAMPLE_INTERVAL_MS = 1_000;
/**
 * Two samples further apart than this had the page frozen between them. Measured on the loaded
 * 2-core test machine (load average 20): the demo page froze for 2.5 s and more, which stalled the
 * in-page "student" sender and read as a dropped stream in the sample after the freeze.
 */
export const SAMPLING_GAP_MS = 1_800;
/** Intervals kept per connection: a 10 s window at 1 Hz, plus slack for late samples. */
export const HISTORY_LENGTH = 12;
/** Samples of available outgoing bitrate kept for the "half its call median" rule: 2 minutes. */
export const AVAILABLE_HISTORY_LENGTH = 120;
/** Disconnect episodes are counted over this window (design.md §3: 2+ in 2 min). */
export const DISCONNECT_WINDOW_MS = 120_000;

/**
 * When a counter last moved, estimated inside the interval. A counter only tells us it stopped
 * *somewhere* in the last second; 20 packets at 50 a second means it stopped 0.4 s in. Returns the
 * new moment and the stream's full-flow rate.
 */
function progress(
  before: { count?: number; rate?: number; lastAt?: number } | undefined,
  count: number | undefined,
  previousSampleAt: number,
  at: number,
): { lastAt: number | undefined; rate: number | undefined } {
  if (count === undefined) return { lastAt: before?.lastAt, rate: before?.rate };
  if (!before || before.count === undefined) {
    return { lastAt: count > 0 ? at : before?.lastAt, rate: undefined };
  }
  const delta = count - before.count;
  const dt = (at - previousSampleAt) / 1000;
  if (dt <= 0) return { lastAt: before.lastAt, rate: before.rate };
  if (delta <= 0) {
    // The hook samples every second; a longer gap means this tab's own page was frozen (an
    // overloaded machine). What the network did meanwhile was not observed, so only the last
    // second of the gap counts as flat. A real outage keeps the samples coming every second.
    const observedFrom = at - SAMPLE_INTERVAL_MS;
    const gap = at - previousSampleAt > SAMPLING_GAP_MS;
    return {
      lastAt: gap ? Math.max(before.lastAt ?? observedFrom, observedFrom) : before.lastAt,
      rate: before.rate,
    };
  }
  const rate = delta / dt;
  const expected = before.rate ?? rate;
  if (rate >= expected * 0.8) return { lastAt: at, rate };
  return { lastAt: previousSampleAt + Math.min(1, rate / expected) * dt * 1000, rate: before.rate };
}

function trackStream(
  before: StreamTrack | undefined,
  s: InboundStream,
  previousSampleAt: number,
  at: number,
): StreamTrack {
  const packets = progress(
    before && { count: before.packets, rate: before.packetRate, lastAt: before.lastProgressAt },
    s.packets,
    previousSampleAt,
    at,
  );
  const frames = progress(
    before && { count: before.framesDecoded, rate: before.frameRate, lastAt: before.lastFrameAt },
    s.framesDecoded,
    previousSampleAt,
    at,
  );
  const dPackets = before ? s.packets - before.packets : 0;
  const dFrames =
    before?.framesDecoded !== undefined && s.framesDecoded !== undefined
      ? s.framesDecoded - before.framesDecoded
      : 0;
  return {
    kind: s.kind,
    packets: s.packets,
    bytes: s.bytes,
    lost: s.lost,
    framesDecoded: s.framesDecoded,
    freezeMs: s.freezeMs,
    concealedSamples: s.concealedSamples,
    silentConcealedSamples: s.silentConcealedSamples,
    totalSamples: s.totalSamples,
    packetRate: packets.rate,
    lastProgressAt: packets.lastAt ?? at,
    receiving: (before?.receiving ?? false) || dPackets > 0 || (!before && s.packets > 0),
    receivingSince:
      before?.receivingSince ?? (dPackets > 0 || (!before && s.packets > 0) ? at : undefined),
    frameRate: frames.rate,
    lastFrameAt: frames.lastAt,
    decoding:
      s.framesDecoded === undefined
        ? undefined
        : (before?.decoding ?? false) || dFrames > 0 || (!before && s.framesDecoded > 0),
  };
}

const delta = (now?: number, before?: number) =>
  now === undefined || before === undefined ? undefined : Math.max(0, now - before);

/**
 * Folds one sample into the connection's track (a new object; the input is not changed): stream
 * progress, the figures a tutor reads, and one `IntervalRecord` for the windowed rules.
 */
export function trackSample(
  previous: ConnectionTrack | undefined,
  sample: CallSample,
  at: number,
): ConnectionTrack {
  const inbound: Record<string, StreamTrack> = {};
  const previousAt = previous?.lastSampleAt ?? at;
  const dt = (at - previousAt) / 1000;
  let inBytes = 0;
  let inPackets = 0;
  let inLost = 0;
  let lossKnown = false;
  let jitterMs: number | undefined;
  let audioJitterMs: number | undefined;
  let videoBytes: number | undefined;
  let videoPackets = 0;
  let videoLost: number | undefined;
  let frozenMs: number | undefined;
  let concealed: number | undefined;
  let audioLost: number | undefined;
  let played = 0;

  for (const s of sample.inbound) {
    const key = `${s.kind}:${s.id}`;
    const before = previous?.inbound[key];
    const stream = trackStream(before, s, previousAt, at);
    inbound[key] = stream;
    if (s.jitterMs !== undefined) jitterMs = Math.max(jitterMs ?? 0, s.jitterMs);
    if (s.jitterMs !== undefined && s.kind === 'audio') {
      audioJitterMs = Math.max(audioJitterMs ?? 0, s.jitterMs);
    }
    if (!before) continue;
    const dPackets = Math.max(0, s.packets - before.packets);
    const dLost = delta(s.lost, before.lost);
    inBytes += Math.max(0, s.bytes - before.bytes);
    inPackets += dPackets;
    if (dLost !== undefined) {
      lossKnown = true;
      inLost += dLost;
    }
    if (s.kind === 'video') {
      if (dPackets > 0) {
        videoBytes = (videoBytes ?? 0) + Math.max(0, s.bytes - before.bytes);
        videoPackets += dPackets;
        if (dLost !== undefined) videoLost = (videoLost ?? 0) + dLost;
      }
      const dFrozen = delta(s.freezeMs, before.freezeMs);
      if (dFrozen !== undefined) frozenMs = (frozenMs ?? 0) + dFrozen;
    } else {
      // Opus DTX sends a packet every 400 ms instead of every 20 ms; concealment in such an
      // interval is the silence being filled in, so only intervals at a talking rate are judged.
      const talking =
        before.packetRate !== undefined && dt > 0 && dPackets / dt >= before.packetRate * 0.5;
      if (dLost !== undefined) audioLost = (audioLost ?? 0) + dLost;
      const dConcealed = delta(s.concealedSamples, before.concealedSamples);
      const dSilent = delta(s.silentConcealedSamples, before.silentConcealedSamples) ?? 0;
      const dTotal = delta(s.totalSamples, before.totalSamples);
      if (talking && dConcealed !== undefined && dTotal !== undefined && dTotal > 0) {
        concealed = (concealed ?? 0) + Math.max(0, dConcealed - dSilent);
        played += dTotal;
      }
    }
  }

  const outboundBytes = sample.outbound.reduce((sum, s) => sum + s.bytes, 0);
  const outboundVideoBytes = sample.outbound
    .filter((s) => s.kind === 'video')
    .reduce((sum, s) => sum + s.bytes, 0);
  const limits = sample.outbound.filter((s) => s.kind === 'video' && s.qualityLimitation);
  const videoTargets = sample.outbound.flatMap((s) =>
    s.kind === 'video' && s.targetKbps !== undefined ? [s.targetKbps] : [],
  );
  const remoteLoss = sample.outbound.flatMap((s) =>
    s.remoteFractionLost === undefined ? [] : [s.remoteFractionLost * 100],
  );
  const remoteJitter = sample.outbound.flatMap((s) =>
    s.remoteJitterMs === undefined ? [] : [s.remoteJitterMs],
  );
  const remoteAudioJitter = sample.outbound.flatMap((s) =>
    s.kind === 'audio' && s.remoteJitterMs !== undefined ? [s.remoteJitterMs] : [],
  );
  const figures: ConnectionFigures = {
    rttMs: sample.rttMs,
    availableOutgoingKbps: sample.availableOutgoingKbps,
    jitterMs,
    audioJitterMs,
    remoteAudioJitterMs: remoteAudioJitter.length ? Math.max(...remoteAudioJitter) : undefined,
    remoteLossPct: remoteLoss.length ? Math.max(...remoteLoss) : undefined,
    remoteJitterMs: remoteJitter.length ? Math.max(...remoteJitter) : undefined,
  };
  let history = previous?.history ?? [];
  if (previous && dt > 0) {
    figures.inKbps = Math.round((inBytes * 8) / dt / 1000);
    figures.outKbps = Math.round(
      (Math.max(0, outboundBytes - previous.outboundBytes) * 8) / dt / 1000,
    );
    if (lossKnown && inPackets + inLost > 0) {
      figures.lossPct = Math.round((inLost / (inPackets + inLost)) * 1000) / 10;
    }
    const record: IntervalRecord = {
      at,
      ms: at - previousAt,
      sendingVideo: outboundVideoBytes > (previous.outboundVideoBytes ?? 0),
      videoTargetKbps: videoTargets.length
        ? videoTargets.reduce((sum, v) => sum + v, 0)
        : undefined,
      bandwidthLimited: limits.length
        ? limits.some((s) => s.qualityLimitation === 'bandwidth')
        : undefined,
      inVideoKbps: videoBytes === undefined ? undefined : Math.round((videoBytes * 8) / dt / 1000),
      inVideoLossPct:
        videoLost === undefined || videoPackets + videoLost === 0
          ? undefined
          : Math.round((videoLost / (videoPackets + videoLost)) * 1000) / 10,
      frozenMs,
      concealedRatio:
        played > 0 ? Math.round(((concealed ?? 0) / played) * 1000) / 1000 : undefined,
      inPackets: inPackets + inLost,
      audioLost,
    };
    history = [...history, dropUndefined(record)].slice(-HISTORY_LENGTH);
  }
  if (sample.state === 'connected' && figures.rttMs !== undefined) {
    // One lost packet of three in a DTX-quiet second is not 33 % loss; see THRESHOLDS.
    const inLossJudged = inPackets + inLost >= THRESHOLDS.lossMinPackets;
    figures.mos = mosScore({
      rttMs: figures.rttMs,
      jitterMs: figures.audioJitterMs ?? figures.jitterMs ?? 0,
      lossPct: Math.max(inLossJudged ? (figures.lossPct ?? 0) : 0, figures.remoteLossPct ?? 0),
    });
  }

  const wentDown = previous?.state === 'connected' && sample.state === 'disconnected';
  const disconnects = [...(previous?.disconnects ?? []), ...(wentDown ? [at] : [])].filter(
    (t) => at - t < DISCONNECT_WINDOW_MS,
  );
  const availableHistory =
    sample.availableOutgoingKbps === undefined
      ? previous?.availableHistory
      : [...(previous?.availableHistory ?? []), sample.availableOutgoingKbps].slice(
          -AVAILABLE_HISTORY_LENGTH,
        );

  return dropUndefined({
    state: sample.state,
    stateSince: previous && previous.state === sample.state ? previous.stateSince : at,
    firstSampleAt: previous?.firstSampleAt ?? at,
    lastSampleAt: at,
    connectedAt:
      sample.state !== 'connected'
        ? previous?.connectedAt
        : previous?.state === 'connected' && previous.connectedAt !== undefined
          ? previous.connectedAt
          : at,
    disconnects: disconnects.length ? disconnects : undefined,
    inbound,
    outboundBytes,
    outboundVideoBytes,
    localTrouble: localTrouble(previous?.localTrouble, sample.tracks, at),
    localRecoveredAt: localRecoveredAt(previous, sample.tracks, at),
    figures: dropUndefined(figures),
    history,
    availableHistory,
  });
}

/**
 * Which local tracks stopped delivering. `enabled = false` is the tutor's own mute button and is
 * not trouble; `muted` is the system cutting the input (device taken by another app, OS privacy
 * switch), and `ended` is a device unplugged or a track stopped.
 */
function localTrouble(
  previous: ConnectionTrack['localTrouble'],
  tracks: LocalTrack[],
  at: number,
): ConnectionTrack['localTrouble'] {
  const out: Partial<Record<MediaKind, LocalTrouble>> = {};
  for (const kind of ['audio', 'video'] as const) {
    const ofKind = tracks.filter((t) => t.kind === kind);
    const state = ofKind.some((t) => t.readyState === 'ended')
      ? 'ended'
      : ofKind.some((t) => t.muted && t.enabled)
        ? 'muted'
        : undefined;
    if (!state) continue;
    const before = previous?.[kind];
    out[kind] = { state, since: before?.state === state ? before.since : at };
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * Remembers when a local track recovered: the other side's report on a restarted track jumps (its
 * RTP timestamps restart), which must not read as an unstable connection.
 */
function localRecoveredAt(
  previous: ConnectionTrack | undefined,
  tracks: LocalTrack[],
  at: number,
): ConnectionTrack['localRecoveredAt'] {
  const now = localTrouble(previous?.localTrouble, tracks, at);
  const out: Partial<Record<MediaKind, number>> = { ...previous?.localRecoveredAt };
  for (const kind of ['audio', 'video'] as const) {
    if (previous?.localTrouble?.[kind] && !now?.[kind]) out[kind] = at;
  }
  return Object.keys(out).length ? out : undefined;
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
