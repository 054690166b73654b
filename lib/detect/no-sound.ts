import { callStillReceiving, kindStoppedSince, latestInterval, settled } from './streams';
import { THRESHOLDS } from './thresholds';
import type { CallView, Cause, Verdict } from './verdict';

/**
 * no-sound (design.md §3), in the order a tutor needs to hear about it:
 *
 * 1. The tutor's own microphone track ended (unplugged, taken away) → local, at once; muted by
 *    the system (input cut while the tutor did not press mute) → local, once sustained.
 * 2. Inbound audio flat for 2.5 s on a connection that was receiving it, while other media still
 *    arrives → remote. If nothing at all arrives, that is failed-connection, not no-sound.
 * 3. Audible concealment above 7 % of played audio, with audio packets being lost (choppy sound)
 *    → remote warning, sustained.
 *
 * Never raised for: a stream that never started, Opus DTX (packets slow to one per 400 ms but
 * never stop, and DTX intervals are not judged for concealment), the tutor's own mute button
 * (`enabled = false` sends silence; not trouble), `audioLevel` 0 (it reads 0 whenever the page
 * does not play the audio out, so it is no evidence).
 */
export function detectNoSound(view: CallView): Verdict | null {
  const verdict = (
    severity: Verdict['severity'],
    side: Verdict['side'],
    cause: Cause,
    since: number,
    confirmed: boolean,
  ): Verdict => ({ kind: 'no-sound', severity, side, cause, since, confirmed });
  const connections = Object.values(view.connections);

  for (const c of connections) {
    const trouble = c.localTrouble?.audio;
    if (trouble?.state === 'ended') {
      return verdict('failure', 'local', 'microphone-ended', trouble.since, true);
    }
  }
  for (const c of connections) {
    const trouble = c.localTrouble?.audio;
    if (trouble?.state === 'muted') {
      return verdict('failure', 'local', 'microphone-muted-by-system', trouble.since, false);
    }
  }

  if (!callStillReceiving(view)) return null;
  for (const key of Object.keys(view.connections)) {
    const since = kindStoppedSince(view, key, 'audio');
    if (since !== undefined)
      return verdict('failure', 'remote', 'their-audio-stopped', since, true);
  }

  for (const c of connections) {
    const last = latestInterval(c);
    if (!last || !settled(c, view.now)) continue;
    // Concealment with no audio packet lost is this machine falling behind (recorded on a loaded
    // 2-core machine: 10–45 % concealment with video stalling, no loss), not their sound.
    if ((last.audioLost ?? 0) === 0) continue;
    if (last.concealedRatio !== undefined && last.concealedRatio > THRESHOLDS.concealedRatio) {
      return verdict('warning', 'remote', 'choppy-audio', last.at - last.ms, false);
    }
  }
  return null;
}
