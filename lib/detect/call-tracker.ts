import type { CallSample, ConnectionState, LocalTrack, MediaKind } from '@/lib/hook/call-sample';
import { readInbound, type InboundInterval, type StreamTrack } from './inbound-streams';
import { THRESHOLDS } from './thresholds';
import { mosScore } from './mos';

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
  /** The sample's `availableOutgoingBitrate`, kbps: what the congestion controller allows now. */
  availableKbps?: number;
  /** The sample's round trip: a queue filling behind a link limit shows here first. */
  rttMs?: number;
  /** What the far end reports losing of what we send, percent (worst stream). */
  remoteLossPct?: number;
  /**
   * Frames a second our video encoder put out (per stream, simulcast layers averaged), while
   * our camera is live, on and not muted; absent otherwise or where the browser does not say.
   */
  sentFps?: number;
  /** Milliseconds the encoder spent on each of those frames, on average. */
  encodeMsPerFrame?: number;
  /** Some outbound video stream reported `qualityLimitationReason` `cpu`. */
  cpuLimited?: boolean;
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
  /** Our video's `framesEncoded` and encode time, summed over its streams, for the deltas. */
  outboundVideoFrames?: number;
  outboundEncodeMs?: number;
  /** When our outbound video bytes last grew. */
  sentVideoAt?: number;
  /**
   * The live screen share this connection sends (the hook flags its outbound streams): their
   * packets, and when they last grew. Absent when no share is attached, or it ended.
   */
  screenShare?: { packets: number; sentAt?: number };
  /** The sample's `arrived` counter: every packet the far end sent, with its STUN answers. */
  arrived?: number;
  /** When `arrived` last moved: the far end was still there. */
  arrivedAt?: number;
  /** The DTLS transport closed (the far end said goodbye) or failed, and since when. */
  dtls?: { state: 'closed' | 'failed'; since: number };
  /** Local tracks being sent that are ended or muted by the system, by kind. */
  localTrouble?: Partial<Record<MediaKind, LocalTrouble>>;
  /** When a local track of each kind last came back from trouble (a restarted microphone). */
  localRecoveredAt?: Partial<Record<MediaKind, number>>;
  figures: ConnectionFigures;
  /** The last `HISTORY_LENGTH` intervals, oldest first. */
  history?: IntervalRecord[];
  /** `availableOutgoingKbps` of the last `AVAILABLE_HISTORY_LENGTH` samples: the call's median. */
  availableHistory?: number[];
  /** Round trips of the last `RTT_HISTORY_LENGTH` samples: their least is the path's own delay. */
  rttHistory?: number[];
}

/** Intervals kept per connection: a 10 s window at 1 Hz, plus slack for late samples. */
export const HISTORY_LENGTH = 12;
/** Samples of available outgoing bitrate kept for the "half its call median" rule: 2 minutes. */
export const AVAILABLE_HISTORY_LENGTH = 120;
/** Round trips kept for the path's floor: a minute, longer than any queue behind a limit lasts. */
export const RTT_HISTORY_LENGTH = 60;
/** Disconnect episodes are counted over this window (design.md §3: 2+ in 2 min). */
export const DISCONNECT_WINDOW_MS = 120_000;

/** What one sample's outbound streams say about what we send, summed or at their worst. */
interface OutboundReadings {
  bytes: number;
  videoBytes: number;
  /** Absent when no video stream reports a limitation reason (Firefox). */
  bandwidthLimited?: boolean;
  cpuLimited?: boolean;
  videoTargetKbps?: number;
  /** Summed over the video streams that report them; `videoStreams` is how many do. */
  videoFrames?: number;
  encodeMs?: number;
  videoStreams: number;
  remoteLossPct?: number;
  remoteJitterMs?: number;
  remoteAudioJitterMs?: number;
  /** Packets of the streams carrying a live screen share; absent when none does. */
  screenPackets?: number;
}

function readOutbound(outbound: CallSample['outbound']): OutboundReadings {
  const worst = (values: number[]) => (values.length ? Math.max(...values) : undefined);
  const video = outbound.filter((s) => s.kind === 'video');
  const limits = video.filter((s) => s.qualityLimitation);
  const targets = video.flatMap((s) => (s.targetKbps === undefined ? [] : [s.targetKbps]));
  const screens = outbound.filter((s) => s.screen);
  const encoding = video.filter((s) => s.framesEncoded !== undefined);
  return {
    screenPackets: screens.length ? screens.reduce((sum, s) => sum + s.packets, 0) : undefined,
    bytes: outbound.reduce((sum, s) => sum + s.bytes, 0),
    videoBytes: video.reduce((sum, s) => sum + s.bytes, 0),
    bandwidthLimited: limits.length
      ? limits.some((s) => s.qualityLimitation === 'bandwidth')
      : undefined,
    cpuLimited: limits.length ? limits.some((s) => s.qualityLimitation === 'cpu') : undefined,
    videoFrames: encoding.length
      ? encoding.reduce((sum, s) => sum + s.framesEncoded!, 0)
      : undefined,
    encodeMs: encoding.some((s) => s.encodeMs !== undefined)
      ? encoding.reduce((sum, s) => sum + (s.encodeMs ?? 0), 0)
      : undefined,
    videoStreams: encoding.length,
    videoTargetKbps: targets.length ? targets.reduce((sum, v) => sum + v, 0) : undefined,
    remoteLossPct: worst(
      outbound.flatMap((s) =>
        s.remoteFractionLost === undefined ? [] : [s.remoteFractionLost * 100],
      ),
    ),
    remoteJitterMs: worst(
      outbound.flatMap((s) => (s.remoteJitterMs === undefined ? [] : [s.remoteJitterMs])),
    ),
    remoteAudioJitterMs: worst(
      outbound.flatMap((s) =>
        s.kind === 'audio' && s.remoteJitterMs !== undefined ? [s.remoteJitterMs] : [],
      ),
    ),
  };
}

const percent = (part: number, whole: number) => Math.round((part / whole) * 1000) / 10;

/** The interval between the previous sample and this one, for the windowed rules. */
function intervalRecord(
  previous: ConnectionTrack,
  sample: CallSample,
  inb: InboundInterval,
  out: OutboundReadings,
  cameraOn: boolean,
  at: number,
): IntervalRecord {
  const dt = (at - previous.lastSampleAt) / 1000;
  const { videoBytes, videoLost, videoPackets, concealed, played } = inb;
  const frames =
    out.videoFrames === undefined || previous.outboundVideoFrames === undefined
      ? undefined
      : out.videoFrames - previous.outboundVideoFrames;
  // A counter that went down is a new stream (a renegotiation): nothing to compare it with.
  const framesKnown = cameraOn && frames !== undefined && frames >= 0 && out.videoStreams > 0;
  const encodeMs =
    out.encodeMs === undefined || previous.outboundEncodeMs === undefined
      ? undefined
      : out.encodeMs - previous.outboundEncodeMs;
  return dropUndefined({
    at,
    ms: at - previous.lastSampleAt,
    sendingVideo: out.videoBytes > (previous.outboundVideoBytes ?? 0),
    videoTargetKbps: out.videoTargetKbps,
    bandwidthLimited: out.bandwidthLimited,
    inVideoKbps: videoBytes === undefined ? undefined : Math.round((videoBytes * 8) / dt / 1000),
    inVideoLossPct:
      videoLost === undefined || videoPackets + videoLost === 0
        ? undefined
        : percent(videoLost, videoPackets + videoLost),
    frozenMs: inb.frozenMs,
    concealedRatio: played > 0 ? Math.round(((concealed ?? 0) / played) * 1000) / 1000 : undefined,
    inPackets: inb.packets + inb.lost,
    audioLost: inb.audioLost,
    availableKbps: sample.availableOutgoingKbps,
    rttMs: sample.rttMs,
    remoteLossPct: out.remoteLossPct,
    sentFps: framesKnown ? Math.round((frames / out.videoStreams / dt) * 10) / 10 : undefined,
    encodeMsPerFrame:
      framesKnown && frames > 0 && encodeMs !== undefined && encodeMs >= 0
        ? Math.round((encodeMs / frames) * 10) / 10
        : undefined,
    cpuLimited: out.cpuLimited,
  });
}

/** The figures a tutor reads for this connection now, MOS included. */
function connectionFigures(
  previous: ConnectionTrack | undefined,
  sample: CallSample,
  inb: InboundInterval,
  out: OutboundReadings,
  dt: number,
): ConnectionFigures {
  const figures: ConnectionFigures = {
    rttMs: sample.rttMs,
    availableOutgoingKbps: sample.availableOutgoingKbps,
    jitterMs: inb.jitterMs,
    audioJitterMs: inb.audioJitterMs,
    remoteAudioJitterMs: out.remoteAudioJitterMs,
    remoteLossPct: out.remoteLossPct,
    remoteJitterMs: out.remoteJitterMs,
  };
  if (previous && dt > 0) {
    figures.inKbps = Math.round((inb.bytes * 8) / dt / 1000);
    figures.outKbps = Math.round((Math.max(0, out.bytes - previous.outboundBytes) * 8) / dt / 1000);
    if (inb.lossKnown && inb.packets + inb.lost > 0) {
      figures.lossPct = percent(inb.lost, inb.packets + inb.lost);
    }
  }
  if (sample.state === 'connected' && figures.rttMs !== undefined) {
    // One lost packet of three in a DTX-quiet second is not 33 % loss; see THRESHOLDS.
    const inLossJudged = inb.packets + inb.lost >= THRESHOLDS.lossMinPackets;
    figures.mos = mosScore({
      rttMs: figures.rttMs,
      jitterMs: figures.audioJitterMs ?? figures.jitterMs ?? 0,
      lossPct: Math.max(inLossJudged ? (figures.lossPct ?? 0) : 0, figures.remoteLossPct ?? 0),
    });
  }
  return dropUndefined(figures);
}

/**
 * Folds one sample into the connection's track (a new object; the input is not changed): stream
 * progress (lib/detect/inbound-streams.ts), the figures a tutor reads, one `IntervalRecord` for
 * the windowed rules, and the connection's own state and disconnect episodes.
 */
export function trackSample(
  previous: ConnectionTrack | undefined,
  sample: CallSample,
  at: number,
): ConnectionTrack {
  const previousAt = previous?.lastSampleAt ?? at;
  const dt = (at - previousAt) / 1000;
  const inb = readInbound(previous?.inbound, sample.inbound, previousAt, at);
  const out = readOutbound(sample.outbound);
  const history =
    previous && dt > 0
      ? [
          ...(previous.history ?? []),
          intervalRecord(previous, sample, inb, out, cameraOn(sample.tracks), at),
        ].slice(-HISTORY_LENGTH)
      : (previous?.history ?? []);

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

  const rttHistory =
    sample.rttMs === undefined
      ? previous?.rttHistory
      : [...(previous?.rttHistory ?? []), sample.rttMs].slice(-RTT_HISTORY_LENGTH);

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
    inbound: inb.streams,
    outboundBytes: out.bytes,
    outboundVideoBytes: out.videoBytes,
    outboundVideoFrames: out.videoFrames,
    outboundEncodeMs: out.encodeMs,
    sentVideoAt: out.videoBytes > (previous?.outboundVideoBytes ?? 0) ? at : previous?.sentVideoAt,
    screenShare: screenShare(previous?.screenShare, out.screenPackets, at),
    arrived: sample.arrived,
    arrivedAt:
      sample.arrived !== undefined && sample.arrived !== (previous?.arrived ?? 0)
        ? at
        : previous?.arrivedAt,
    dtls: sample.dtls && {
      state: sample.dtls,
      since: previous?.dtls?.state === sample.dtls ? previous.dtls.since : at,
    },
    localTrouble: localTrouble(previous?.localTrouble, sample.tracks, at),
    localRecoveredAt: localRecoveredAt(previous, sample.tracks, at),
    figures: connectionFigures(previous, sample, inb, out, dt),
    history,
    availableHistory,
    rttHistory,
  });
}

/**
 * A share's packets and when they last grew. Growth is counted only from the second sample that
 * sees the share: a share put on a sender that already sent (a camera replaced by the screen)
 * starts with that sender's count, and a share that never sent is not one that stopped.
 */
function screenShare(
  previous: ConnectionTrack['screenShare'],
  packets: number | undefined,
  at: number,
): ConnectionTrack['screenShare'] {
  if (packets === undefined) return undefined;
  const sentAt = previous && packets > previous.packets ? at : previous?.sentAt;
  return sentAt === undefined ? { packets } : { packets, sentAt };
}

/**
 * Whether the tutor's camera is being sent and meant to show: a camera switched off
 * (`enabled = false`) still sends a black frame now and then, which is not a frame rate.
 */
function cameraOn(tracks: LocalTrack[]): boolean {
  return tracks.some((t) => t.kind === 'video' && t.readyState === 'live' && t.enabled && !t.muted);
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
