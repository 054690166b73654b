import { median } from './median';
import type { ConnectionTrack, IntervalRecord } from './call-tracker';
import { latestInterval } from './streams';
import { THRESHOLDS } from './thresholds';

/**
 * What holds down what the tutor sends on one connection, if anything does.
 *
 * - `congested`: the link itself is the limit. A limit (estimate or video target low) with
 *   evidence of a queue or losses in the last seconds: the round trip rose above the call's own
 *   floor, the far end reports losing our packets, or the congestion controller's estimate fell.
 *   Measured behind a real 300 kbit `tbf` limit (tests/fixtures/linkCapped.json): the estimate
 *   fell from 3734 to 89 kbps, the round trip rose to 937 ms, the far end lost 84 %, and once
 *   settled the estimate kept swinging by a third (116–189 kbps) with round-trip spikes.
 * - `policy`: the platform's limit, not the network's. The limit holds steady (within a quarter)
 *   with no such evidence: a room's REMB cap holds the estimate at exactly its value (Janus, a
 *   128 kbps room), a `maxBitrate` or SDP `b=AS` holds the video target flat while the estimate
 *   stays high (tests/fixtures/bandwidthCapped.json: 50–60 kbps under an estimate of 3564).
 * - `recovering`: limited, but neither: the link is clean and the estimate climbing back. Chromium
 *   keeps reporting `qualityLimitationReason: bandwidth` for about 25 s after a limit is lifted,
 *   so that reason is never judged here; the estimate and the round trip are.
 */
export type SendLimit =
  | { type: 'congested'; estimateLow: boolean; since: number }
  | { type: 'policy'; kbps: number }
  | { type: 'recovering' };

export function sendLimit(c: ConnectionTrack, now: number): SendLimit | undefined {
  if (c.state !== 'connected' || c.connectedAt === undefined) return undefined;
  if (now - c.connectedAt < THRESHOLDS.bandwidthWarmupMs) return undefined;
  const last = latestInterval(c);
  if (!last?.sendingVideo) return undefined;
  const estimateLow = outgoingEstimateLow(c);
  const targetLow =
    last.videoTargetKbps !== undefined &&
    last.videoTargetKbps < THRESHOLDS.minOutgoingVideoTargetKbps;
  if (!estimateLow && !targetLow) return undefined;

  const history = c.history ?? [];
  const recentlyLost = history.some(
    (r) =>
      now - r.at < THRESHOLDS.congestionEvidenceMs &&
      (r.remoteLossPct ?? 0) >= THRESHOLDS.congestionLossPct,
  );
  const steady = steadyLimit(history, estimateLow);
  if (steady !== undefined && !recentlyLost) return { type: 'policy', kbps: steady };

  const floor = c.rttHistory?.length ? Math.min(...c.rttHistory) : undefined;
  const evidence = history.find(
    (r, i) =>
      now - r.at < THRESHOLDS.congestionEvidenceMs && congested(r, history.slice(0, i), floor),
  );
  if (evidence) return { type: 'congested', estimateLow, since: evidence.at - evidence.ms };
  return { type: 'recovering' };
}

/**
 * The limit's value when it has held steady over the last intervals: the estimate itself when
 * that is what is low (a far end's REMB pins it exactly, where congestion control never sits
 * still), else our video's target (a `maxBitrate`, within a quarter as the encoder adapts).
 * Round-trip spikes do not count against it: on the loaded 2-core test machine a healthy capped
 * room showed a 292 ms spike while its estimate never left 128 kbps.
 */
function steadyLimit(history: IntervalRecord[], estimateLow: boolean): number | undefined {
  const recent = history.slice(-THRESHOLDS.policySteadyIntervals);
  const values = recent.flatMap((r) => {
    const v = estimateLow ? r.availableKbps : r.videoTargetKbps;
    return v === undefined || !r.sendingVideo ? [] : [v];
  });
  if (values.length < THRESHOLDS.policySteadyIntervals) return undefined;
  const middle = median(values);
  const spread = Math.max(...values) - Math.min(...values);
  const allowed = estimateLow ? THRESHOLDS.policyEstimateSpread : THRESHOLDS.policyTargetSpread;
  return spread <= middle * allowed ? middle : undefined;
}

/**
 * A queue filling (the round trip above the path's floor of the last minute), our packets lost,
 * or the estimate falling from its recent peak, in this interval.
 */
function congested(r: IntervalRecord, before: IntervalRecord[], rttFloor?: number): boolean {
  if (r.rttMs !== undefined && rttFloor !== undefined) {
    if (r.rttMs >= rttFloor + THRESHOLDS.congestionRttRiseMs) return true;
  }
  if ((r.remoteLossPct ?? 0) >= THRESHOLDS.congestionLossPct) return true;
  const estimates = before.flatMap((b) => (b.availableKbps === undefined ? [] : [b.availableKbps]));
  return (
    r.availableKbps !== undefined &&
    estimates.length > 0 &&
    r.availableKbps <= Math.max(...estimates) * (1 - THRESHOLDS.congestionEstimateFall)
  );
}

/** The estimate under 500 kbps, or under half the call's median once there are enough samples. */
function outgoingEstimateLow(c: ConnectionTrack): boolean {
  const kbps = c.figures.availableOutgoingKbps;
  if (kbps === undefined) return false;
  if (kbps < THRESHOLDS.minOutgoingKbps) return true;
  const history = c.availableHistory ?? [];
  if (history.length < THRESHOLDS.outgoingMedianMinSamples) return false;
  return kbps < median(history) * THRESHOLDS.outgoingMedianShare;
}
