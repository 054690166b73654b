import type { InboundStream, MediaKind } from '@/lib/hook/call-sample';

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
  /**
   * When packets started arriving again after a sample in which none did: after an outage the
   * decoder waits for a key frame, so "packets but no frames" only counts from here.
   */
  flowingSince?: number;
  /** Frames decoded a second while the picture moved fully (video only). */
  frameRate?: number;
  /** When the decoder last produced a frame, estimated like `lastProgressAt` (video only). */
  lastFrameAt?: number;
  /** Set once a frame has ever been decoded: a frozen picture needs a picture first. */
  decoding?: boolean;
}

/** What all inbound streams of one connection delivered in one sample interval, summed. */
export interface InboundInterval {
  /** Each stream's track after this sample, by `kind:id`. */
  streams: Record<string, StreamTrack>;
  bytes: number;
  packets: number;
  lost: number;
  /** Some stream reported a loss count: without one, loss is unknown rather than zero. */
  lossKnown: boolean;
  jitterMs?: number;
  audioJitterMs?: number;
  /** Video streams that moved packets in this interval: their bytes, packets and losses. */
  videoBytes?: number;
  videoPackets: number;
  videoLost?: number;
  frozenMs?: number;
  /** Audible concealment (not DTX silence) and samples played, over talking intervals only. */
  concealed?: number;
  played: number;
  audioLost?: number;
}

/** How often the hook samples (lib/hook/install-rtc-hook.ts). */
export const SAMPLE_INTERVAL_MS = 1_000;
/**
 * Two samples further apart than this had the page frozen between them. Measured on the loaded
 * 2-core test machine (load average 20): the demo page froze for 2.5 s and more, which stalled the
 * in-page "student" sender and read as a dropped stream in the sample after the freeze.
 */
export const SAMPLING_GAP_MS = 1_800;

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
    flowingSince:
      dPackets > 0 || (!before && s.packets > 0) ? (before?.flowingSince ?? at) : undefined,
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
 * Folds one sample's inbound streams into their tracks and sums what they delivered since the
 * previous sample. A stream seen for the first time contributes no interval: it has no "before".
 */
export function readInbound(
  previous: Record<string, StreamTrack> | undefined,
  inboundStreams: readonly InboundStream[],
  previousAt: number,
  at: number,
): InboundInterval {
  const dt = (at - previousAt) / 1000;
  const streams: Record<string, StreamTrack> = {};
  const sum: InboundInterval = {
    streams,
    bytes: 0,
    packets: 0,
    lost: 0,
    lossKnown: false,
    videoPackets: 0,
    played: 0,
  };
  for (const s of inboundStreams) {
    const key = `${s.kind}:${s.id}`;
    const before = previous?.[key];
    streams[key] = trackStream(before, s, previousAt, at);
    if (s.jitterMs !== undefined) sum.jitterMs = Math.max(sum.jitterMs ?? 0, s.jitterMs);
    if (s.jitterMs !== undefined && s.kind === 'audio') {
      sum.audioJitterMs = Math.max(sum.audioJitterMs ?? 0, s.jitterMs);
    }
    if (!before) continue;
    const dPackets = Math.max(0, s.packets - before.packets);
    const dLost = delta(s.lost, before.lost);
    sum.bytes += Math.max(0, s.bytes - before.bytes);
    sum.packets += dPackets;
    if (dLost !== undefined) {
      sum.lossKnown = true;
      sum.lost += dLost;
    }
    if (s.kind === 'video') {
      if (dPackets > 0) {
        sum.videoBytes = (sum.videoBytes ?? 0) + Math.max(0, s.bytes - before.bytes);
        sum.videoPackets += dPackets;
        if (dLost !== undefined) sum.videoLost = (sum.videoLost ?? 0) + dLost;
      }
      const dFrozen = delta(s.freezeMs, before.freezeMs);
      if (dFrozen !== undefined) sum.frozenMs = (sum.frozenMs ?? 0) + dFrozen;
    } else {
      // Opus DTX sends a packet every 400 ms instead of every 20 ms; concealment in such an
      // interval is the silence being filled in, so only intervals at a talking rate are judged.
      const talking =
        before.packetRate !== undefined && dt > 0 && dPackets / dt >= before.packetRate * 0.5;
      if (dLost !== undefined) sum.audioLost = (sum.audioLost ?? 0) + dLost;
      const dConcealed = delta(s.concealedSamples, before.concealedSamples);
      const dSilent = delta(s.silentConcealedSamples, before.silentConcealedSamples) ?? 0;
      const dTotal = delta(s.totalSamples, before.totalSamples);
      if (talking && dConcealed !== undefined && dTotal !== undefined && dTotal > 0) {
        sum.concealed = (sum.concealed ?? 0) + Math.max(0, dConcealed - dSilent);
        sum.played += dTotal;
      }
    }
  }
  return sum;
}
