import { sendLimit } from './send-limit';
import { callInOutage, latestInterval } from './streams';
import { THRESHOLDS } from './thresholds';
import type { CallView, Cause, Verdict } from './verdict';

/**
 * bandwidth-pressure (design.md §3), a warning judged on each sample and raised when it holds in
 * 3 of the last 5:
 *
 * - outbound: the link limits what we send (lib/detect/send-limit.ts `congested`): the estimate
 *   (`availableOutgoingBitrate`) under 500 kbps or under half the call's median, or our video's
 *   encoder target under 100 kbps, with a rising round trip, losses or a falling estimate in the
 *   last seconds → local. A steady limit on a clean link is the platform's policy, shown as a
 *   fact (`platformLimitKbps`) and never raised.
 * - inbound only: incoming video under 128 kbps with loss or freezes → remote.
 *
 * Nothing is judged in a connection's first 15 s: Chromium's estimate starts low and climbs.
 * Other tabs playing media never raise this alone (a tutor may well have music paused in a tab
 * that still shows as audible); when the call is under pressure they become the cause, because
 * closing them is the quickest fix (design.md §5).
 */
export function detectBandwidthPressure(view: CallView): Verdict | null {
  if (callInOutage(view)) return null;
  let outbound: { cause: Cause; since: number } | undefined;
  let inbound: { cause: Cause; since: number } | undefined;

  for (const c of Object.values(view.connections)) {
    const limit = sendLimit(c, view.now);
    if (limit?.type === 'congested') {
      outbound ??= {
        cause: limit.estimateLow ? 'outgoing-bandwidth-low' : 'outgoing-bandwidth-limited',
        since: limit.since,
      };
    }
    if (c.state !== 'connected' || c.connectedAt === undefined) continue;
    if (view.now - c.connectedAt < THRESHOLDS.bandwidthWarmupMs) continue;
    const last = latestInterval(c);
    if (
      last?.inVideoKbps !== undefined &&
      last.inVideoKbps < THRESHOLDS.minIncomingVideoKbps &&
      ((last.inVideoLossPct ?? 0) >= THRESHOLDS.incomingLossPct || (last.frozenMs ?? 0) > 0)
    ) {
      inbound ??= { cause: 'incoming-bandwidth-low', since: last.at - last.ms };
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
    confirmed: false,
  };
}

/**
 * The platform's own limit on what the tutor sends, in kbps, when one holds the call steady on a
 * clean link (lib/detect/send-limit.ts `policy`): the popup says so as a fact.
 */
export function platformLimitKbps(view: CallView): number | undefined {
  for (const c of Object.values(view.connections)) {
    const limit = sendLimit(c, view.now);
    if (limit?.type === 'policy') return limit.kbps;
  }
  return undefined;
}
