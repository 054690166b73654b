import type {
  CallSample,
  ConnectionState,
  InboundStream,
  LocalTrack,
  OutboundStream,
} from './call-sample';

/** The subset of an `RTCStats` entry we read; every field may be missing in some browser. */
type StatsEntry = Record<string, unknown> & { type: string; id: string };

/** The types of stats entries a sample is made from; the rest of a report is never read. */
export const STATS_READ = [
  'transport',
  'candidate-pair',
  'inbound-rtp',
  'outbound-rtp',
  'remote-inbound-rtp',
  'media-source',
];

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
const round = (v: number | undefined, places = 0): number | undefined =>
  v === undefined ? undefined : Math.round(v * 10 ** places) / 10 ** places;
const times1000 = (v: unknown): number | undefined => {
  const n = num(v);
  return n === undefined ? undefined : n * 1000;
};
/** Bits per second to whole kbps. */
const kbps = (v: unknown): number | undefined => {
  const n = num(v);
  return n === undefined ? undefined : Math.round(n / 1000);
};
const mediaKind = (entry: StatsEntry): 'audio' | 'video' | undefined => {
  const kind = entry.kind ?? entry.mediaType; // `mediaType` is the pre-2020 name Safari still uses
  return kind === 'audio' || kind === 'video' ? kind : undefined;
};
const streamId = (entry: StatsEntry): string => String(entry.ssrc ?? entry.id).slice(0, 64);

/**
 * Turns one `getStats()` report into the compact sample the relay forwards. A stat the browser
 * does not report is left `undefined`, which the JSON the hook sends leaves out: absent means
 * unknown. Only entries of the types in {@link STATS_READ} are looked at.
 *
 * @example
 *   compactStats(await pc.getStats(), { pc: 'a1', t: Date.now(), state: pc.connectionState,
 *     tracks: localTracksOf(pc) })
 */
export function compactStats(
  report: Iterable<StatsEntry>,
  base: { pc: string; t: number; state: ConnectionState; tracks: LocalTrack[] },
  /** Ids of the live screen-share tracks being sent (the hook knows them from getDisplayMedia). */
  shared: string[] = [],
): CallSample {
  const entries = new Map<string, StatsEntry>();
  for (const entry of report) entries.set(entry.id, entry);

  const inbound: InboundStream[] = [];
  const outbound: OutboundStream[] = [];
  let selectedPairId: string | undefined;
  let arrived: number | undefined;
  let dtls: CallSample['dtls'];
  // STUN answers are not in a transport's count; a far end that still answers is there. Summed
  // over every pair: the selected one changes while ICE looks for a way back.
  let answers = 0;
  for (const e of entries.values()) {
    if (e.type === 'candidate-pair') answers += num(e.responsesReceived) ?? 0;
    if (e.type !== 'transport') continue;
    if (typeof e.selectedCandidatePairId === 'string') selectedPairId = e.selectedCandidatePairId;
    // Everything the far end sends counts (media, RTCP reports and feedback, DTLS): on a
    // send-only connection that is all that shows the far end is still there.
    const packets = num(e.packetsReceived);
    if (packets !== undefined) arrived = (arrived ?? 0) + packets;
    if (e.dtlsState === 'closed' || e.dtlsState === 'failed') dtls = e.dtlsState;
  }
  let pair: StatsEntry | undefined = selectedPairId ? entries.get(selectedPairId) : undefined;

  for (const e of entries.values()) {
    const kind = mediaKind(e);
    if (e.type === 'inbound-rtp' && kind) {
      inbound.push({
        id: streamId(e),
        kind,
        packets: num(e.packetsReceived) ?? 0,
        bytes: num(e.bytesReceived) ?? 0,
        lost: num(e.packetsLost),
        jitterMs: round(times1000(e.jitter), 1),
        framesDecoded: num(e.framesDecoded),
        freezeMs: round(times1000(e.totalFreezesDuration)),
        concealedSamples: num(e.concealedSamples),
        silentConcealedSamples: num(e.silentConcealedSamples),
        totalSamples: num(e.totalSamplesReceived),
      });
    } else if (e.type === 'outbound-rtp' && kind) {
      const remote = entries.get(e.remoteId as string);
      const limitation = e.qualityLimitationReason;
      outbound.push({
        id: streamId(e),
        kind,
        // The stream's media source names the track it sends: a share the hook saw handed out.
        screen:
          shared.includes(entries.get(e.mediaSourceId as string)?.trackIdentifier as string) ||
          undefined,
        packets: num(e.packetsSent) ?? 0,
        bytes: num(e.bytesSent) ?? 0,
        qualityLimitation:
          limitation === 'none' ||
          limitation === 'cpu' ||
          limitation === 'bandwidth' ||
          limitation === 'other'
            ? limitation
            : undefined,
        // Frames and encode time: an overloaded computer shows in them (few frames, each slow).
        framesEncoded: num(e.framesEncoded),
        encodeMs: round(times1000(e.totalEncodeTime)),
        // Only video's target is judged (design.md §3 bandwidth rules); audio's would be noise.
        targetKbps: kind === 'video' ? kbps(e.targetBitrate) : undefined,
        remoteFractionLost: num(remote?.fractionLost),
        remoteJitterMs: round(times1000(remote?.jitter), 1),
      });
    } else if (!selectedPairId && e.type === 'candidate-pair' && e.nominated === true) {
      // Firefox has no `transport` stats; its nominated, succeeded pair is the one in use.
      if (e.state === 'succeeded') pair = e;
    }
  }

  return {
    pc: base.pc,
    t: base.t,
    state: base.state,
    rttMs: round(times1000(pair?.currentRoundTripTime)),
    availableOutgoingKbps: kbps(pair?.availableOutgoingBitrate),
    arrived: arrived === undefined ? arrived : arrived + answers,
    dtls,
    inbound,
    outbound,
    tracks: base.tracks,
  };
}
