import { describe, expect, it } from 'vitest';
import { mosScore } from '@/lib/detect/mos';

describe('call-quality score (MOS)', () => {
  it.each([
    ['a clean local call', { rttMs: 40, jitterMs: 5, lossPct: 0 }, 4.3, 4.5],
    ['a long but clean line', { rttMs: 500, jitterMs: 0, lossPct: 0 }, 3.8, 4.2],
    ['10 % loss', { rttMs: 100, jitterMs: 10, lossPct: 10 }, 3.2, 3.6],
    ['20 % loss', { rttMs: 100, jitterMs: 10, lossPct: 20 }, 1.5, 2.6],
    ['a dead line', { rttMs: 3000, jitterMs: 500, lossPct: 50 }, 1, 1],
  ])('scores %s between %s and %s', (_, figures, low, high) => {
    const score = mosScore(figures);
    expect(score).toBeGreaterThanOrEqual(low);
    expect(score).toBeLessThanOrEqual(high);
  });

  it('never goes above 4.5 or below 1', () => {
    expect(mosScore({ rttMs: 0, jitterMs: 0, lossPct: 0 })).toBeLessThanOrEqual(4.5);
    expect(mosScore({ rttMs: 10_000, jitterMs: 1_000, lossPct: 100 })).toBe(1);
  });

  it('gets worse as delay, jitter or loss grow', () => {
    const base = { rttMs: 100, jitterMs: 10, lossPct: 1 };
    expect(mosScore({ ...base, rttMs: 400 })).toBeLessThan(mosScore(base));
    expect(mosScore({ ...base, jitterMs: 60 })).toBeLessThan(mosScore(base));
    expect(mosScore({ ...base, lossPct: 5 })).toBeLessThan(mosScore(base));
  });
});
