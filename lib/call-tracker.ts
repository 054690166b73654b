import type { CallSample, ConnectionState, MediaKind } from './call-sample';

/** What we remember about one inbound stream between samples. */
export interface StreamTrack {
  kind: MediaKind;
  packets: number;
  bytes: number;
  lost?: number;
  framesDecoded?: number;
  /** Packets a second over the last interval in which it flowed fully; estimates stall starts. */
  packetRate?: number;
  /** When packets last arrived (estimated within the sample interval, see `trackSample`). */
  lastProgressAt: number;
  /** Set once the stream has ever delivered packets: "flat" rules only judge such streams. */
  receiving: boolean;
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
}

export interface ConnectionTrack {
  state: ConnectionState;
  stateSince: number;
  firstSampleAt: number;
  lastSampleAt: number;
  inbound: Record<string, StreamTrack>;
  outboundBytes: number;
  figures: ConnectionFigures;
}

/**
 * Folds one sample into the connection's track (a new object; the input is not changed).
 *
 * Packet counters only tell us that packets stopped *somewhere* in the last interval. To judge
 * "flat for N s" without waiting a whole extra second, the moment they stopped is estimated from
 * how many packets arrived against the stream's recent rate: 20 packets at 50 a second means they
 * stopped 0.4 s into the interval.
 */
export function trackSample(
  previous: ConnectionTrack | undefined,
  sample: CallSample,
  at: number,
): ConnectionTrack {
  const inbound: Record<string, StreamTrack> = {};
  const dt = previous ? (at - previous.lastSampleAt) / 1000 : 0;
  let inBytes = 0;
  let inPackets = 0;
  let inLost = 0;
  let lossKnown = false;
  let jitterMs: number | undefined;

  for (const s of sample.inbound) {
    const key = `${s.kind}:${s.id}`;
    const before = previous?.inbound[key];
    const dPackets = before ? Math.max(0, s.packets - before.packets) : 0;
    let lastProgressAt = before?.lastProgressAt ?? at;
    let packetRate = before?.packetRate;
    if (before && dPackets > 0 && dt > 0) {
      const rate = dPackets / dt;
      const expected = packetRate ?? rate;
      if (rate >= expected * 0.8) {
        lastProgressAt = at;
        packetRate = rate;
      } else {
        lastProgressAt = previous!.lastSampleAt + Math.min(1, rate / expected) * dt * 1000;
      }
    } else if (!before && s.packets > 0) {
      lastProgressAt = at;
    }
    inbound[key] = {
      kind: s.kind,
      packets: s.packets,
      bytes: s.bytes,
      lost: s.lost,
      framesDecoded: s.framesDecoded,
      packetRate,
      lastProgressAt,
      receiving: (before?.receiving ?? false) || dPackets > 0 || (!before && s.packets > 0),
    };
    if (before) {
      inBytes += Math.max(0, s.bytes - before.bytes);
      inPackets += dPackets;
      if (s.lost !== undefined && before.lost !== undefined) {
        lossKnown = true;
        inLost += Math.max(0, s.lost - before.lost);
      }
    }
    if (s.jitterMs !== undefined) jitterMs = Math.max(jitterMs ?? 0, s.jitterMs);
  }

  const outboundBytes = sample.outbound.reduce((sum, s) => sum + s.bytes, 0);
  const figures: ConnectionFigures = {
    rttMs: sample.rttMs,
    availableOutgoingKbps: sample.availableOutgoingKbps,
    jitterMs,
  };
  if (previous && dt > 0) {
    figures.inKbps = Math.round((inBytes * 8) / dt / 1000);
    figures.outKbps = Math.round(
      (Math.max(0, outboundBytes - previous.outboundBytes) * 8) / dt / 1000,
    );
    if (lossKnown && inPackets + inLost > 0) {
      figures.lossPct = Math.round((inLost / (inPackets + inLost)) * 1000) / 10;
    }
  }

  return {
    state: sample.state,
    stateSince: previous && previous.state === sample.state ? previous.stateSince : at,
    firstSampleAt: previous?.firstSampleAt ?? at,
    lastSampleAt: at,
    inbound,
    outboundBytes,
    figures,
  };
}
