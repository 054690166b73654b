import { describe, expect, it } from 'vitest';
import { linearScale, linePath, niceCeiling } from '@/lib/records/chart-scale';

describe('chart scales', () => {
  it('maps a domain onto a range, inverted for SVG y', () => {
    const y = linearScale([0, 100], [200, 0]);
    expect([y(0), y(50), y(100)]).toEqual([200, 100, 0]);
  });

  it('puts everything in the middle for a single value', () => {
    expect(linearScale([5, 5], [0, 10])(5)).toBe(5);
  });

  it.each([
    [0, 1],
    [-3, 1],
    [0.3, 0.5],
    [1, 1],
    [1.2, 2],
    [23, 25],
    [180, 200],
    [730, 1000],
    [2500, 2500],
    [2501, 5000],
  ])('rounds an axis top of %d up to %d', (value, top) => {
    expect(niceCeiling(value)).toBe(top);
  });
});

describe('line paths', () => {
  const pts = [
    { t: 0, v: 10 },
    { t: 1, v: 20 },
    { t: 2, v: undefined },
    { t: 3, v: 5 },
    { t: 4, v: 0 },
  ];
  const path = (points: typeof pts) =>
    linePath(
      points,
      (p) => p.v,
      (p) => p.t * 10,
      (v) => 100 - v,
    );

  it('draws through known values and breaks at unknown ones', () => {
    expect(path(pts)).toBe('M0,90L10,80M30,95L40,100');
  });

  it('draws nothing when nothing is known', () => {
    expect(path([{ t: 0, v: undefined }])).toBe('');
  });
});
