import { latestInterval, settled } from './streams';
import { THRESHOLDS } from './thresholds';
import type { CallView } from './verdict';

/**
 * The tutor's computer overloaded (issue 12, point 4; seed 004's "unexpected Windows update"):
 * our own video falls to a few frames a second, or Chromium's encoder says `cpu` while each
 * frame takes 100 ms or more, and the computer shows why: the encoder reports `cpu`, or each
 * frame takes it 50 ms or more (20 ms with Compute Pressure `serious` or `critical`: slower than
 * any healthy call). Returns the first bad moment of the latest interval, or nothing.
 *
 * Judged on the latest interval of each connection past its warm-up, only while our camera is
 * live and on (the frame rate is absent otherwise). Never on few frames alone (a still screen
 * share sends a few cheap ones by design) nor on load alone: Compute Pressure at
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
    const slower = (ms: number) => perFrame !== undefined && perFrame >= ms;
    const slowFrames =
      slower(THRESHOLDS.overloadSlowFrameMs) ||
      (underPressure && slower(THRESHOLDS.overloadPressuredFrameMs));
    if (stutters && (last.cpuLimited || slowFrames)) {
      return { since: last.at - last.ms };
    }
  }
  return undefined;
}
