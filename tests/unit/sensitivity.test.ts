import { describe, expect, it } from 'vitest';
import { THRESHOLDS } from '@/lib/detect/thresholds';
import { describeSensitivity, SENSITIVITY_PRESETS } from '@/lib/detect/sensitivity';
import { SENSITIVITIES } from '@/lib/settings/settings';

describe('sensitivity presets', () => {
  it('makes standard exactly the documented thresholds', () => {
    expect(SENSITIVITY_PRESETS.standard).toEqual({
      raiseCount: THRESHOLDS.raiseCount,
      windowSize: THRESHOLDS.windowSize,
      mediaFlatMs: THRESHOLDS.mediaFlatMs,
    });
  });

  it('orders the presets from least to most eager', () => {
    const [relaxed, standard, sensitive] = SENSITIVITIES.map((s) => SENSITIVITY_PRESETS[s]);
    expect(relaxed!.raiseCount).toBeGreaterThan(standard!.raiseCount);
    expect(sensitive!.raiseCount).toBeLessThan(standard!.raiseCount);
    expect(relaxed!.mediaFlatMs).toBeGreaterThan(standard!.mediaFlatMs);
    expect(sensitive!.mediaFlatMs).toBeLessThan(standard!.mediaFlatMs);
  });

  it('keeps every preset raisable within its window', () => {
    for (const p of Object.values(SENSITIVITY_PRESETS)) {
      expect(p.raiseCount).toBeLessThanOrEqual(p.windowSize);
    }
  });

  it('describes a preset in words', () => {
    expect(describeSensitivity('standard')).toBe(
      'Warns after 3 bad seconds out of 5; calls sound or video lost after 2.5 s with nothing arriving.',
    );
  });
});
