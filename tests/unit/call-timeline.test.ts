import { describe, expect, it } from 'vitest';
import type { ConnectionTrack } from '@/lib/detect/call-tracker';
import {
  appendBounded,
  pointsSince,
  timelinePointFrom,
  type TimelinePoint,
} from '@/lib/health/call-timeline';
import { mosScore } from '@/lib/detect/mos';

const track = (figures: ConnectionTrack['figures']): ConnectionTrack => ({
  state: 'connected',
  stateSince: 0,
  firstSampleAt: 0,
  lastSampleAt: 0,
  inbound: {},
  outboundBytes: 0,
  figures,
});

describe('timeline points', () => {
  it('sums bitrates and takes the worst loss and RTT across connections', () => {
    const point = timelinePointFrom(
      {
        a: track({ inKbps: 300, outKbps: 500, lossPct: 1, rttMs: 40, jitterMs: 3 }),
        b: track({ inKbps: 100, outKbps: 20, lossPct: 4, rttMs: 120 }),
      },
      1000,
    );
    expect(point).toEqual({
      t: 1000,
      inKbps: 400,
      outKbps: 520,
      lossPct: 4,
      rttMs: 120,
      mos: mosScore({ rttMs: 120, jitterMs: 3, lossPct: 4 }),
    });
  });

  it('gives no quality score while nothing arrives', () => {
    expect(timelinePointFrom({ a: track({ inKbps: 0, rttMs: 20 }) }, 5)).toEqual({
      t: 5,
      inKbps: 0,
      rttMs: 20,
    });
  });

  it('leaves out figures no connection knows', () => {
    expect(timelinePointFrom({ a: track({ inKbps: 10 }) }, 5)).toEqual({ t: 5, inKbps: 10 });
  });

  it('gives nothing before any connection has figures', () => {
    expect(timelinePointFrom({ a: track({}) }, 5)).toBeUndefined();
    expect(timelinePointFrom({}, 5)).toBeUndefined();
  });
});

describe('bounded per-incident points', () => {
  const at = (t: number): TimelinePoint => ({ t, inKbps: t });

  it('appends in time order and ignores a point not after the last', () => {
    let points = appendBounded([], at(1), 10);
    points = appendBounded(points, at(2), 10);
    points = appendBounded(points, at(2), 10);
    points = appendBounded(points, at(1), 10);
    expect(points.map((p) => p.t)).toEqual([1, 2]);
  });

  it('never holds more than the cap, however long the incident', () => {
    let points: TimelinePoint[] = [];
    for (let t = 1; t <= 5000; t++) points = appendBounded(points, at(t), 100);
    expect(points.length).toBeLessThanOrEqual(100);
  });

  it('keeps the first point, the whole span and the latest seconds at full detail', () => {
    let points: TimelinePoint[] = [];
    for (let t = 1; t <= 1000; t++) points = appendBounded(points, at(t), 100);
    const times = points.map((p) => p.t);
    expect(times[0]).toBe(1);
    expect(times.at(-1)).toBe(1000);
    expect(times.slice(-20)).toEqual(Array.from({ length: 20 }, (_, i) => 981 + i));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('takes the window before an incident from the ring', () => {
    expect(pointsSince([at(1), at(5), at(9)], 5).map((p) => p.t)).toEqual([5, 9]);
  });
});
