import type { Side } from '@/lib/shared/incident';
import { callInOutage, latestInterval, settled } from './streams';
import { THRESHOLDS } from './thresholds';
import type { CallView, Cause, Verdict } from './verdict';

/**
 * unstable-connection (design.md §3), a warning raised when it holds in 3 of the last 5 samples:
 * 2+ disconnect episodes in 2 min; or, on a connected connection, loss > 5 %, RTT > 500 ms,
 * audio jitter > 50 ms or MOS < 2.6.
 *
 * Side, from which direction degrades: what we receive (inbound loss, jitter) is the other side's
 * sending or the path to us → remote; what the other side reports losing of ours (remote-inbound
 * loss, jitter) → local. Both directions, or round-trip time (which cannot be split), → unknown.
 * Loss is judged over at least 20 packets, so a DTX-quiet audio stream's one lost packet in three
 * is not "33 % loss".
 */
export function detectUnstableConnection(view: CallView): Verdict | null {
  if (callInOutage(view)) return null;
  let inboundBad = false;
  let outboundBad = false;
  let bothWays = false;
  let cause: Cause | undefined;
  let since = view.now;

  for (const c of Object.values(view.connections)) {
    if ((c.disconnects?.length ?? 0) >= THRESHOLDS.disconnectEpisodes) {
      cause ??= 'repeated-disconnects';
      bothWays = true;
      since = Math.min(since, c.disconnects![0]!);
    }
    if (c.state !== 'connected' || !settled(c, view.now)) continue;
    const f = c.figures;
    const last = latestInterval(c);
    const lossJudged = (last?.inPackets ?? 0) >= THRESHOLDS.lossMinPackets;
    const inLoss = lossJudged && (f.lossPct ?? 0) > THRESHOLDS.lossPct;
    // What the other side reports about our sending is not judged while our microphone is in
    // trouble or settling after it came back: a restarted track resets its RTP timestamps.
    const recovered = c.localRecoveredAt?.audio;
    const ourAudioSettling =
      c.localTrouble?.audio !== undefined ||
      (recovered !== undefined && view.now - recovered < THRESHOLDS.qualityWarmupMs);
    const outLoss = !ourAudioSettling && (f.remoteLossPct ?? 0) > THRESHOLDS.lossPct;
    const inJitter = (f.audioJitterMs ?? 0) > THRESHOLDS.jitterMs;
    const outJitter = !ourAudioSettling && (f.remoteAudioJitterMs ?? 0) > THRESHOLDS.jitterMs;
    const rtt = (f.rttMs ?? 0) > THRESHOLDS.rttMs;
    const lowMos = f.mos !== undefined && f.mos < THRESHOLDS.mos;
    if (!(inLoss || outLoss || inJitter || outJitter || rtt || lowMos)) continue;
    inboundBad ||= inLoss || inJitter;
    outboundBad ||= outLoss || outJitter;
    bothWays ||= rtt;
    cause ??=
      inLoss || outLoss
        ? 'packet-loss'
        : rtt
          ? 'high-delay'
          : inJitter || outJitter
            ? 'jitter'
            : 'low-quality-score';
    if (last) since = Math.min(since, last.at - last.ms);
  }

  if (!cause) return null;
  const side: Side =
    bothWays || (inboundBad && outboundBad)
      ? 'unknown'
      : outboundBad
        ? 'local'
        : inboundBad
          ? 'remote'
          : 'unknown';
  return { kind: 'unstable-connection', severity: 'warning', side, cause, since, confirmed: false };
}
