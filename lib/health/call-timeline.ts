import { z } from 'zod';
import type { ConnectionTrack } from '@/lib/detect/call-tracker';
import { mosScore } from '@/lib/detect/mos';

/**
 * The compact per-second record of a call kept for the incident chart: what came in and went out,
 * loss, round-trip time and the quality score, across all of the tab's connections.
 */
export const timelinePointSchema = z.object({
  /** ms since the epoch */
  t: z.number().min(0),
  inKbps: z.number().min(0).optional(),
  outKbps: z.number().min(0).optional(),
  lossPct: z.number().min(0).max(100).optional(),
  rttMs: z.number().min(0).optional(),
  mos: z.number().min(1).max(5).optional(),
});
export type TimelinePoint = z.infer<typeof timelinePointSchema>;

/** How much of the call before an incident its chart shows (1 Hz samples). */
export const TIMELINE_BEFORE_MS = 120_000;
/**
 * Most points stored per incident. At 1 Hz this holds 2 minutes before and 13 during; a longer
 * incident keeps its whole span at half the resolution each time it fills (`appendBounded`).
 */
export const TIMELINE_MAX_POINTS = 900;
/** Points kept per tab in memory while no incident is open: the "before" window. */
export const TAB_RING_POINTS = 130;

/** Version of a stored `timelines` record; raise it with an upgrade step when the shape changes. */
export const TIMELINE_SCHEMA_VERSION = 1;
/** One incident's stored chart data (IndexedDB store `timelines`, validated on read). */
export const storedTimelineSchema = z.object({
  schemaVersion: z.literal(TIMELINE_SCHEMA_VERSION),
  incidentId: z.string().min(1).max(64),
  points: z.array(timelinePointSchema).max(TIMELINE_MAX_POINTS),
});
export type StoredTimeline = z.infer<typeof storedTimelineSchema>;

/**
 * The tab's call at moment `t` as one point: bitrates summed over connections, loss and RTT the
 * worst of them. No quality score while nothing arrives. Returns undefined when no connection has figures yet (the first sample of each
 * connection has no deltas).
 */
export function timelinePointFrom(
  connections: Record<string, ConnectionTrack>,
  t: number,
): TimelinePoint | undefined {
  const figures = Object.values(connections).map((c) => c.figures);
  const sum = (pick: (f: (typeof figures)[number]) => number | undefined) => {
    const known = figures.map(pick).filter((v): v is number => v !== undefined);
    return known.length ? known.reduce((a, b) => a + b, 0) : undefined;
  };
  const max = (pick: (f: (typeof figures)[number]) => number | undefined) => {
    const known = figures.map(pick).filter((v): v is number => v !== undefined);
    return known.length ? Math.max(...known) : undefined;
  };
  const point: TimelinePoint = { t };
  const inKbps = sum((f) => f.inKbps);
  const outKbps = sum((f) => f.outKbps);
  const lossPct = max((f) => f.lossPct);
  const rttMs = max((f) => f.rttMs);
  const jitterMs = max((f) => f.jitterMs);
  if (inKbps !== undefined) point.inKbps = inKbps;
  if (outKbps !== undefined) point.outKbps = outKbps;
  if (lossPct !== undefined) point.lossPct = Math.min(100, lossPct);
  if (rttMs !== undefined) point.rttMs = rttMs;
  // The E-model scores what is received; with nothing arriving there is nothing to score, and a
  // healthy-looking RTT would otherwise draw a perfect score through an outage.
  const mos =
    inKbps === 0 || rttMs === undefined
      ? undefined
      : mosScore({ rttMs, jitterMs: jitterMs ?? 0, lossPct: lossPct ?? 0 });
  if (mos !== undefined) point.mos = mos;
  return Object.keys(point).length > 1 ? point : undefined;
}

/**
 * Appends a point, keeping at most `max` points: when full, every second point of the older half
 * is dropped, so a long incident keeps its start, its whole span and full detail of the latest
 * moments, in bounded space. Points at or before the last one's time are ignored.
 */
export function appendBounded(
  points: readonly TimelinePoint[],
  point: TimelinePoint,
  max: number,
): TimelinePoint[] {
  const last = points[points.length - 1];
  if (last && point.t <= last.t) return [...points];
  const next = [...points, point];
  if (next.length <= max) return next;
  const half = Math.floor(next.length / 2);
  const thinned = next.slice(0, half).filter((_, i) => i % 2 === 0);
  return [...thinned, ...next.slice(half)];
}

/** The ring's points from `from` on: the "before" window an incident starts its chart with. */
export function pointsSince(points: readonly TimelinePoint[], from: number): TimelinePoint[] {
  return points.filter((p) => p.t >= from);
}
