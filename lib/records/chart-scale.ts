/**
 * The arithmetic behind the incidents page's SVG charts, kept apart from the markup so it can be
 * tested: scales, a "nice" axis top, and line paths that break where a figure is unknown.
 */

/** Maps `[d0, d1]` onto `[r0, r1]` linearly; a zero-width domain maps to the middle. */
export function linearScale(
  [d0, d1]: readonly [number, number],
  [r0, r1]: readonly [number, number],
): (value: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (value) => r0 + (value - d0) * k;
}

/**
 * A round axis maximum at or above `value`: 1, 2, 2.5 or 5 times a power of ten (so 730 → 1000,
 * 180 → 200, 23 → 25). Zero or less gives 1, so an empty chart still has an axis.
 */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (value <= step * power + 1e-9 * power) return step * power;
  }
  return 10 * power;
}

/**
 * An SVG path through the points that have a value, starting a new segment (`M`) after any gap:
 * a missing figure is unknown, and drawing a line across it would invent data.
 */
export function linePath<P>(
  points: readonly P[],
  value: (p: P) => number | undefined,
  x: (p: P) => number,
  y: (v: number) => number,
): string {
  let path = '';
  let pen = false;
  for (const p of points) {
    const v = value(p);
    if (v === undefined) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${round(x(p))},${round(y(v))}`;
    pen = true;
  }
  return path;
}

const round = (n: number) => Math.round(n * 10) / 10;
