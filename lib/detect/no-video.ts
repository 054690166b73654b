import {
  callStillReceiving,
  kindStoppedSince,
  mediaFlatMs,
  recentIntervals,
  settled,
} from './streams';
import { THRESHOLDS } from './thresholds';
import { ourVideoOverloaded } from './computer-overloaded';
import type { CallView, Cause, Verdict } from './verdict';

/**
 * no-video (design.md §3):
 *
 * 1. The tutor's own camera track ended → local, at once. A live screen share whose packets
 *    stopped for 2.5 s while the connection is up and the far end still there → local
 *    (`screen-share-stopped`); a share the tutor ended or took off the call is no longer sent.
 * 2. Inbound video packets flat for 2.5 s on a connection that was receiving video, while other
 *    media still arrives → remote (`their-video-stopped`).
 * 3. Packets have arrived for 2.5 s but no frame was decoded in that time, on a stream that was
 *    showing a picture → remote (`their-video-frozen`). Counted from when packets resumed, as
 *    after an outage the decoder waits for a key frame (the link-down e2e test, on a loaded machine).
 * 4. Our own video falls to a few frames a second and the computer is overloaded → local
 *    warning, 3 of 5 (`computer-overloaded`, lib/detect/computer-overloaded.ts).
 * 5. Frozen more than 30 % of the last 10 s (Chromium's `totalFreezesDuration`) → remote warning,
 *    3 of 5.
 *
 * Never raised for: a stream that never started, an audio-only call (no video streams), a
 * camera turned off with `enabled = false` (black frames keep flowing), a resolution change
 * (frames keep being decoded), a call still connecting. A camera turned off on purpose by
 * other means is marked so by the tutor, which mutes this rule for the call (lib/health/tab-health.ts).
 */
export function detectNoVideo(view: CallView): Verdict | null {
  const verdict = (
    severity: Verdict['severity'],
    side: Verdict['side'],
    cause: Cause,
    since: number,
  ): Verdict => ({ kind: 'no-video', severity, side, cause, since, confirmed: true });
  const connections = Object.values(view.connections);

  for (const c of connections) {
    const trouble = c.localTrouble?.video;
    if (trouble?.state === 'ended')
      return verdict('failure', 'local', 'camera-ended', trouble.since);
  }
  for (const c of connections) {
    const sentAt = c.screenShare?.sentAt;
    // On a dead link the sender's counts keep growing (design.md §3), and a far end that stopped
    // answering is failed-connection's; `arrived` is absent where the browser has no transport stats.
    const farEndThere = c.arrivedAt === undefined || view.now - c.arrivedAt < mediaFlatMs(view);
    if (
      sentAt !== undefined &&
      c.state === 'connected' &&
      farEndThere &&
      view.now - sentAt >= mediaFlatMs(view)
    ) {
      return verdict('failure', 'local', 'screen-share-stopped', sentAt);
    }
  }

  // A publish connection receives nothing, and its video can still stutter.
  if (!callStillReceiving(view)) return overloaded(view);
  for (const key of Object.keys(view.connections)) {
    const since = kindStoppedSince(view, key, 'video');
    if (since !== undefined) return verdict('failure', 'remote', 'their-video-stopped', since);
  }

  for (const c of connections) {
    if (!settled(c, view.now)) continue;
    for (const s of Object.values(c.inbound)) {
      if (s.kind !== 'video' || !s.decoding || s.lastFrameAt === undefined) continue;
      const packetsFlowing = view.now - s.lastProgressAt < mediaFlatMs(view);
      const waitingSince = Math.max(s.lastFrameAt, s.flowingSince ?? s.lastFrameAt);
      if (packetsFlowing && view.now - waitingSince >= mediaFlatMs(view)) {
        return verdict('failure', 'remote', 'their-video-frozen', s.lastFrameAt);
      }
    }
  }

  const overload = overloaded(view);
  if (overload) return overload;

  for (const c of connections) {
    const window = recentIntervals(c, view.now);
    const frozen = window.reduce((sum, r) => sum + (r.frozenMs ?? 0), 0);
    if (frozen > THRESHOLDS.frozenShare * THRESHOLDS.windowMs) {
      // Held 3 of 5 like the bandwidth warning, which a narrow link raises a second or two after
      // the picture starts freezing and which then explains it (lib/detect/index.ts).
      return {
        ...verdict('warning', 'remote', 'their-video-freezing', window[0]!.at - window[0]!.ms),
        confirmed: false,
      };
    }
  }
  return null;
}

/**
 * Our own picture stuttering because the computer cannot keep up (computer-overloaded.ts): after
 * their video stopping or frozen (failures), before their freezing, which an overloaded computer
 * also causes (it decodes late too). A warning, held 3 of 5: the picture still moves.
 */
function overloaded(view: CallView): Verdict | null {
  const overload = ourVideoOverloaded(view);
  if (!overload) return null;
  return {
    kind: 'no-video',
    severity: 'warning',
    side: 'local',
    cause: 'computer-overloaded',
    since: overload.since,
    confirmed: false,
  };
}
