import type { ConnectionTrack } from './call-tracker';
import { callInOutage, latestInterval } from './streams';
import { THRESHOLDS } from './thresholds';
import type { CallView, Cause, Verdict } from './verdict';

/**
 * bandwidth-pressure (design.md §3), a warning judged on each sample and raised when it holds in
 * 3 of the last 5 — or at once when the encoder reported `bandwidth` twice in a row (rather than
 * the design's 50 % of 10 s: a `maxBitrate` cap only shows `bandwidth` 4–7 s after it starts,
 * and the budget is 10 s p95):
 *
 * - outbound: the video encoder reports `qualityLimitationReason` `bandwidth`; or, while sending
 *   video, `availableOutgoingBitrate` is under 500 kbps or under half the call's median, or the
 *   encoder's `targetBitrate` for our video is under 100 kbps → local. The target is not in the
 *   design's list; it is added because it moves within a second of a limit, where the
 *   encoder's `bandwidth` report lags 4–11 s (measured on the demo's cap) against a 10 s budget.
 * - inbound only: incoming video under 128 kbps with loss or freezes → remote.
 *
 * Nothing is judged in a connection's first 15 s: Chromium's estimate starts low and climbs, and
 * the encoder reports `bandwidth` while it does. Other tabs playing media never raise this alone
 * (a tutor may well have music paused in a tab that still shows as audible); when the call is
 * under pressure they become the cause, because closing them is the quickest fix (design.md §5).
 */
export function detectBandwidthPressure(view: CallView): Verdict | null {
  if (callInOutage(view)) return null;
  let outbound: { cause: Cause; since: number } | undefined;
  let inbound: { cause: Cause; since: number } | undefined;
  let limitedTwice = false;

  for (const c of Object.values(view.connections)) {
    if (c.state !== 'connected' || c.connectedAt === undefined) continue;
    if (view.now - c.connectedAt < THRESHOLDS.bandwidthWarmupMs) continue;
    const last = latestInterval(c);
    if (!last) continue;
    const since = last.at - last.ms;
    if (last.bandwidthLimited) {
      const history = c.history ?? [];
      const before = history[history.length - 2];
      // Chromium only reports `bandwidth` once its encoder has adapted to a limit that held for
      // seconds; two reports in a row are sustained already, without 3 of 5 on top (which
      // measured 6.9–11.8 s on the demo's cap against the 10 s budget).
      limitedTwice ||= before?.bandwidthLimited === true && last.at - before.at <= 2_500;
      outbound ??= { cause: 'outgoing-bandwidth-limited', since };
    }
    if (last.sendingVideo && outgoingEstimateLow(c)) {
      outbound ??= { cause: 'outgoing-bandwidth-low', since };
    }
    if (
      last.sendingVideo &&
      last.videoTargetKbps !== undefined &&
      last.videoTargetKbps < THRESHOLDS.minOutgoingVideoTargetKbps
    ) {
      outbound ??= { cause: 'outgoing-bandwidth-limited', since };
    }
    if (
      last.inVideoKbps !== undefined &&
      last.inVideoKbps < THRESHOLDS.minIncomingVideoKbps &&
      ((last.inVideoLossPct ?? 0) >= THRESHOLDS.incomingLossPct || (last.frozenMs ?? 0) > 0)
    ) {
      inbound ??= { cause: 'incoming-bandwidth-low', since };
    }
  }

  const found = outbound ?? inbound;
  if (!found) return null;
  const otherMedia = (view.otherMediaTabs ?? 0) > 0;
  return {
    kind: 'bandwidth-pressure',
    severity: 'warning',
    side: outbound || otherMedia ? 'local' : 'remote',
    cause: otherMedia ? 'other-tabs-playing-media' : found.cause,
    since: found.since,
    confirmed: limitedTwice,
  };
}

function outgoingEstimateLow(c: ConnectionTrack): boolean {
  const kbps = c.figures.availableOutgoingKbps;
  if (kbps === undefined) return false;
  if (kbps < THRESHOLDS.minOutgoingKbps) return true;
  const history = c.availableHistory ?? [];
  if (history.length < THRESHOLDS.outgoingMedianMinSamples) return false;
  return kbps < median(history) * THRESHOLDS.outgoingMedianShare;
}

/** The middle value (upper middle for an even count); the input is not changed. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
