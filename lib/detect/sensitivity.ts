import { THRESHOLDS } from './thresholds';
import type { Settings } from '@/lib/settings/settings';

/** One of the settings' detection sensitivities: relaxed, standard or sensitive. */
export type Sensitivity = Settings['sensitivity'];

/** The detector numbers a sensitivity preset changes; everything else stays as thresholds.ts has it. */
export interface SensitivityPreset {
  /** Sustained rules raise on this many bad seconds out of the last `windowSize`. */
  raiseCount: number;
  windowSize: number;
  /** Incoming sound or video flat this long counts as a drop. */
  mediaFlatMs: number;
}

/**
 * Detection sensitivity as presets over the thresholds (settings "detection sensitivity"):
 * `standard` is exactly `THRESHOLDS`; `relaxed` waits for more evidence (fewer warnings on a
 * shaky but usable line); `sensitive` warns sooner and accepts more false alarms.
 */
export const SENSITIVITY_PRESETS: Record<Sensitivity, SensitivityPreset> = {
  relaxed: { raiseCount: 4, windowSize: 5, mediaFlatMs: 3_500 },
  standard: {
    raiseCount: THRESHOLDS.raiseCount,
    windowSize: THRESHOLDS.windowSize,
    mediaFlatMs: THRESHOLDS.mediaFlatMs,
  },
  sensitive: { raiseCount: 2, windowSize: 5, mediaFlatMs: 2_000 },
};

/** A preset in words for the options page, e.g. "Warns after 3 bad seconds out of 5 …". */
export function describeSensitivity(sensitivity: Sensitivity): string {
  const p = SENSITIVITY_PRESETS[sensitivity];
  const seconds = (ms: number) => `${(ms / 1000).toLocaleString('en-GB')} s`;
  return (
    `Warns after ${p.raiseCount} bad seconds out of ${p.windowSize}; ` +
    `calls sound or video lost after ${seconds(p.mediaFlatMs)} with nothing arriving.`
  );
}
