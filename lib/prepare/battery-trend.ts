/** One Battery Status reading from the call tab (`navigator.getBattery()`). */
export interface BatteryReading {
  /** Epoch ms. */
  t: number;
  /** 0..1 */
  level: number;
  charging: boolean;
}

/** Readings older than this say nothing about the rate now (a laptop's drain follows its load). */
export const TREND_SPAN_MS = 15 * 60_000;
const MAX_READINGS = 200;
/**
 * Browsers report the level in 1 % steps (Chromium rounds to 0.01; Firefox's, where exposed, too),
 * so an estimate needs at least two steps of fall, and five minutes, before it means anything: at
 * a 1 % step, one step in one minute could be anything from 0.5 to 2 % a minute.
 */
const MIN_FALL = 0.02;
const MIN_SPAN_MS = 5 * 60_000;

/**
 * The readings worth keeping after `reading`: the last 15 minutes, at most 200, and a reading
 * the same as the one before it only updates the time (a plateau is one point per level).
 */
export function keepRecentReadings(
  readings: readonly BatteryReading[],
  reading: BatteryReading,
  now: number = reading.t,
): BatteryReading[] {
  const last = readings.at(-1);
  const same = last && last.level === reading.level && last.charging === reading.charging;
  // Out of order (a worker restart replaying, a page clock jumping): the newer story stands.
  if (last && reading.t < last.t) return [...readings];
  const kept = same ? readings.slice(0, -1) : [...readings];
  // A plateau keeps its first time: the level has been there since then.
  kept.push(same ? { ...reading, t: last.t } : reading);
  return kept.filter((r) => now - r.t <= TREND_SPAN_MS).slice(-MAX_READINGS);
}

/**
 * Minutes until the battery is empty, from how fast its level fell while discharging (a
 * least-squares line through the readings since it was last unplugged, or since the level last
 * jumped up), or `null` when charging or when the readings do not yet say (under 2 % of fall or
 * 5 minutes).
 *
 * A plateau is time too: the line runs to the latest reading's time, so a level that stopped
 * falling gives a longer estimate rather than the last steep one.
 */
export function minutesLeft(readings: readonly BatteryReading[], now?: number): number | null {
  const last = readings.at(-1);
  if (!last || last.charging) return null;
  let start = readings.length - 1;
  while (start > 0) {
    const before = readings[start - 1]!;
    if (before.charging || before.level < readings[start]!.level) break;
    start--;
  }
  const run = readings.slice(start);
  const points = run.map((r) => ({ x: r.t, y: r.level }));
  // The current level has held since its reading: count that time too.
  const until = Math.max(now ?? last.t, last.t);
  if (until > last.t) points.push({ x: until, y: last.level });
  const first = run[0]!;
  if (first.level - last.level < MIN_FALL || until - first.t < MIN_SPAN_MS) return null;
  const slopePerMs = leastSquaresSlope(points);
  if (slopePerMs >= 0) return null;
  return last.level / -slopePerMs / 60_000;
}

function leastSquaresSlope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - meanX) * (p.y - meanY);
    den += (p.x - meanX) ** 2;
  }
  return den === 0 ? 0 : num / den;
}
