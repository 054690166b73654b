/**
 * Every number the detectors use, in one place, with where it comes from. docs/detection.md
 * explains each; change them there and here together.
 */
export const THRESHOLDS = {
  /**
   * "Every inbound stream flat" (design.md §3 starts at 3 s). Chromium's receiver sees packets
   * stop within 0.5 s of an outage and we sample once a second, so a 4 s p95 budget (design.md §9)
   * leaves 2.5 s of confirmed silence: 2.5 + up to 1 s to the next sample + 0.5 s. Opus DTX never
   * goes this long without a packet.
   */
  mediaFlatMs: 2_500,
  /** `connectionState` `disconnected` this long counts as failed (design.md §3). */
  disconnectedMs: 8_000,
  /** Recovery: this long with no bad verdict closes the incident (design.md §3). */
  clearAfterMs: 10_000,
  /** Sustained rules raise on this many bad evaluations out of the last `windowSize`. */
  raiseCount: 3,
  windowSize: 5,
  /** Evaluations closer together than this share one slot in the 3-of-5 window. */
  evaluationSpacingMs: 900,
  /** A call tab silent this long has ended; its open incidents close at its last sample. */
  callGoneMs: 120_000,
} as const;
