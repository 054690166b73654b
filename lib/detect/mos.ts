/**
 * A mean opinion score (1 = bad … 4.5 = best a call can score) from network figures, by the
 * simplified ITU-T G.107 E-model that webrtc-issue-detector uses (since 1.17.1 with the one-way
 * delay taken as RTT / 2, design.md §3):
 *
 *   effective latency = RTT/2 + 2 × jitter + 10 ms (codec and buffering)
 *   R = 93.2 − latency/40            while latency < 160 ms
 *   R = 93.2 − (latency − 120)/10    above it (delay starts to hurt conversation)
 *   R −= 2.5 × loss %
 *   MOS = 1 + 0.035 R + 7·10⁻⁶ R (R − 60)(100 − R)
 *
 * It is shown to the tutor and feeds unstable-connection together with the raw figures; a low
 * score alone is a warning, never a failure.
 *
 * @example
 *   mosScore({ rttMs: 40, jitterMs: 5, lossPct: 0 }) // ≈ 4.4
 */
export function mosScore(figures: { rttMs: number; jitterMs: number; lossPct: number }): number {
  const latency = figures.rttMs / 2 + 2 * figures.jitterMs + 10;
  let r = latency < 160 ? 93.2 - latency / 40 : 93.2 - (latency - 120) / 10;
  r -= 2.5 * figures.lossPct;
  if (r <= 0) return 1;
  r = Math.min(r, 100);
  const mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
  return Math.round(Math.min(4.5, Math.max(1, mos)) * 100) / 100;
}
