import { describe, expect, it } from 'vitest';
import { keepRecentReadings, minutesLeft, type BatteryReading } from '@/lib/prepare/battery-trend';

const MIN = 60_000;
const T0 = Date.parse('2026-12-02T16:00:00Z');

/** Readings as a browser gives them: one per 1 % step, `minutesPerStep` apart, then kept. */
function draining(from: number, steps: number, minutesPerStep: number, charging = false) {
  let kept: BatteryReading[] = [];
  for (let i = 0; i <= steps; i++) {
    const reading = {
      t: T0 + i * minutesPerStep * MIN,
      level: Math.round((from - i * 0.01) * 100) / 100,
      charging,
    };
    kept = keepRecentReadings(kept, reading);
  }
  return kept;
}

describe('battery time left', () => {
  it('is the level over the rate of fall: 1 % a minute from 20 % to 12 % leaves 12 minutes', () => {
    expect(minutesLeft(draining(0.2, 8, 1))).toBeCloseTo(12, 5);
  });

  it('says nothing while charging, or before two steps and five minutes of fall', () => {
    expect(minutesLeft(draining(0.5, 8, 1, true))).toBeNull();
    expect(minutesLeft(draining(0.5, 1, 10))).toBeNull();
    expect(minutesLeft(draining(0.5, 3, 1))).toBeNull();
    expect(minutesLeft([])).toBeNull();
  });

  it('reads a plateau as time: a level that stopped falling gives more minutes, not a wild value', () => {
    const readings = draining(0.3, 6, 1);
    const onTrend = minutesLeft(readings, readings.at(-1)!.t)!;
    const afterPlateau = minutesLeft(readings, readings.at(-1)!.t + 10 * MIN)!;
    expect(onTrend).toBeCloseTo(24, 5);
    expect(afterPlateau).toBeGreaterThan(onTrend);
    expect(Number.isFinite(afterPlateau)).toBe(true);
  });

  it('starts again after the charger was in, or the level jumped up', () => {
    const before = draining(0.9, 10, 0.5);
    const plugged = keepRecentReadings(before, { t: T0 + 6 * MIN, level: 0.8, charging: true });
    const unplugged = keepRecentReadings(plugged, {
      t: T0 + 7 * MIN,
      level: 0.81,
      charging: false,
    });
    expect(minutesLeft(unplugged)).toBeNull();
    const jumped = keepRecentReadings(before, { t: T0 + 6 * MIN, level: 0.95, charging: false });
    expect(minutesLeft(jumped)).toBeNull();
  });

  it('keeps one reading per level, in order, for the last 15 minutes', () => {
    let kept = keepRecentReadings([], { t: T0, level: 0.5, charging: false });
    kept = keepRecentReadings(kept, { t: T0 + MIN, level: 0.5, charging: false });
    expect(kept).toEqual([{ t: T0, level: 0.5, charging: false }]);
    kept = keepRecentReadings(kept, { t: T0 - MIN, level: 0.4, charging: false });
    expect(kept).toHaveLength(1);
    kept = keepRecentReadings(kept, { t: T0 + 20 * MIN, level: 0.49, charging: false });
    expect(kept).toEqual([{ t: T0 + 20 * MIN, level: 0.49, charging: false }]);
  });
});
