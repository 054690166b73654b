import type { CallView } from '@/lib/detect/verdict';
import { reconnectionOf, unexpectedDrops } from '@/lib/detect/page-sockets';
import { THRESHOLDS } from '@/lib/detect/thresholds';
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
 * A whiteboard's figures at one moment: how long its connection has been (or was) down, from the
 * drop to the first new socket or answered poll to the same host (or to now), in seconds to a
 * tenth, and the page's attempts to reach it meanwhile, once it is back (the hook counts them).
 * Works without a call: these are the only figures a whiteboard-only page has.
 */
export function whiteboardFigures(view: CallView): IncidentMetrics {
  const sockets = view.sockets ?? [];
  let downMs: number | undefined;
  let tries: number | undefined;
  for (const drop of unexpectedDrops(sockets, THRESHOLDS.socketEstablishedMs)) {
    const back = reconnectionOf(sockets, drop);
    downMs = Math.max(downMs ?? 0, (back?.openedAt ?? view.now) - drop.closedAt!);
    if (back?.tries !== undefined) tries = Math.max(tries ?? 0, back.tries);
  }
  return dropUndefined({
    downSeconds: downMs === undefined ? undefined : Math.round(downMs / 100) / 10,
    reconnectAttempts: tries,
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
    downSeconds: hi(worst.downSeconds, now.downSeconds),
    reconnectAttempts: hi(worst.reconnectAttempts, now.reconnectAttempts),
  });
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
