/**
 * A call-quality score from 1 (bad) to 4.5 (excellent), the ITU-T G.107 E-model in the simplified
 * form webrtc-issue-detector uses, with one-way delay taken as RTT / 2 (design.md §3). It is shown
 * on charts, never alarmed on alone. Returns undefined when RTT is not known.
 *
 * @example qualityScore({ rttMs: 80, jitterMs: 5, lossPct: 0 }) // 4.39, the best a call scores
 */
export function qualityScore(figures: {
  rttMs?: number;
  jitterMs?: number;
  lossPct?: number;
}): number | undefined {
  if (figures.rttMs === undefined) return undefined;
  const effectiveLatency = figures.rttMs / 2 + (figures.jitterMs ?? 0) * 2 + 10;
  let r =
    effectiveLatency < 160 ? 93.2 - effectiveLatency / 40 : 93.2 - (effectiveLatency - 120) / 10;
  r -= (figures.lossPct ?? 0) * 2.5;
  if (r <= 0) return 1;
  const mos = 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
  return Math.round(Math.min(4.5, Math.max(1, mos)) * 100) / 100;
}
