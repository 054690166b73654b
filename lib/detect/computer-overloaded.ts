import { latestInterval, settled } from './streams';
import { THRESHOLDS } from './thresholds';
import type { CallView } from './verdict';

/**
 * The tutor's computer overloaded (issue 12, point 4; seed 004's "unexpected Windows update"):
 * our own video falls to a few frames a second, or Chromium's encoder says `cpu` while each
 * frame takes 100 ms or more, and the computer shows why: the encoder reports `cpu`, it is busy
 * 70 % of the time or more, or Compute Pressure is `serious` or `critical`. Returns the first
 * bad moment of the latest interval, or nothing.
 *
 * Judged on the latest interval of each connection past its warm-up, only while our camera is
 * live and on (the frame rate is absent otherwise). Never on load alone: Compute Pressure at
 * `critical` with our video at full rate is a busy computer coping, and `cpu` with a healthy
 * frame rate is Chromium scaling the picture down to keep it smooth, which is its job. When
 * the encoder says `bandwidth` the few frames are the network's (bandwidth-pressure).
 */
export function ourVideoOverloaded(view: CallView): { since: number } | undefined {
  const pressure = view.pressure;
  const underPressure =
    pressure !== undefined &&
    (pressure.state === 'serious' || pressure.state === 'critical') &&
    view.now - pressure.at <= THRESHOLDS.pressureFreshMs;
  for (const c of Object.values(view.connections)) {
    if (c.state !== 'connected' || !settled(c, view.now)) continue;
    const last = latestInterval(c);
    if (last?.sentFps === undefined || last.bandwidthLimited) continue;
    const perFrame = last.encodeMsPerFrame;
    const stutters =
      last.sentFps < THRESHOLDS.overloadFps ||
      (last.cpuLimited === true &&
        perFrame !== undefined &&
        perFrame >= THRESHOLDS.overloadEncodeMsPerFrame);
    const encoderBusy =
      perFrame !== undefined && (perFrame * last.sentFps) / 1000 >= THRESHOLDS.overloadEncodeShare;
    if (stutters && (last.cpuLimited || encoderBusy || underPressure)) {
      return { since: last.at - last.ms };
    }
  }
  return undefined;
}
