import type { CallView } from '@/lib/detect/verdict';
import type { IncidentMetrics } from '@/lib/shared/incident';

/** The call's key figures at one moment, across all of the tab's connections. */
export function metricsNow(view: CallView): IncidentMetrics {
  const figures = Object.values(view.connections).map((c) => c.figures);
  const max = (values: (number | undefined)[]) => {
    const known = values.filter((v): v is number => v !== undefined);
    return known.length ? Math.max(...known) : undefined;
  };
  const sum = (values: (number | undefined)[]) => {
    const known = values.filter((v): v is number => v !== undefined);
    return known.length ? known.reduce((a, b) => a + b, 0) : undefined;
  };
  const scores = figures.flatMap((f) => (f.mos === undefined ? [] : [f.mos]));
  return dropUndefined({
    worstLossPct: max(figures.map((f) => f.lossPct)),
    worstRttMs: max(figures.map((f) => f.rttMs)),
    worstJitterMs: max(figures.map((f) => f.jitterMs)),
    minIncomingKbps: sum(figures.map((f) => f.inKbps)),
    minOutgoingKbps: sum(figures.map((f) => f.outKbps)),
    lowestMos: scores.length ? Math.min(...scores) : undefined,
  });
}

/**
 * Keeps the worst of each figure seen during an incident: highest loss, RTT and jitter, lowest
 * bitrates and quality score. These are what the report quotes (design.md §6).
 */
export function mergeWorstMetrics(worst: IncidentMetrics, now: IncidentMetrics): IncidentMetrics {
  const hi = (a?: number, b?: number) =>
    a === undefined ? b : b === undefined ? a : Math.max(a, b);
  const lo = (a?: number, b?: number) =>
    a === undefined ? b : b === undefined ? a : Math.min(a, b);
  return dropUndefined({
    worstLossPct: hi(worst.worstLossPct, now.worstLossPct),
    worstRttMs: hi(worst.worstRttMs, now.worstRttMs),
    worstJitterMs: hi(worst.worstJitterMs, now.worstJitterMs),
    minIncomingKbps: lo(worst.minIncomingKbps, now.minIncomingKbps),
    minOutgoingKbps: lo(worst.minOutgoingKbps, now.minOutgoingKbps),
    lowestMos: lo(worst.lowestMos, now.lowestMos),
  });
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
