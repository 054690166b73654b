import {
  pointsSince,
  TAB_RING_POINTS,
  TIMELINE_BEFORE_MS,
  timelinePointFrom,
  type TimelinePoint,
} from './call-timeline';
import { appendTimeline, type LifelineDatabase } from '@/lib/records/store';
import {
  openIncidentIds,
  type HealthInput,
  type IncidentChange,
  type TabHealth,
} from './tab-health';

/**
 * Keeps each call tab's last two minutes of figures in memory and, while an incident is open,
 * writes them to that incident's chart data: the window before it when it opens, then one point a
 * second while it lasts. Only the figures the health engine already computed are used, so the
 * reducer stays untouched. After a worker restart the "before" window starts empty, which costs
 * a picture, never a record.
 */
export function createTimelineRecorder(db: PromiseLike<LifelineDatabase>) {
  const rings = new Map<number, TimelinePoint[]>();

  return {
    /** Called by the health service after each committed input of `tabId`. */
    async record(tabId: number, input: HealthInput, state: TabHealth, changes: IncidentChange[]) {
      if (input.type !== 'sample') return;
      const point = timelinePointFrom(state.connections, input.at);
      if (!point) return;
      const ring = [...(rings.get(tabId) ?? []), point].slice(-TAB_RING_POINTS);
      rings.set(tabId, ring);

      const opened = new Set(changes.flatMap((c) => (c.type === 'open' ? [c.incident.id] : [])));
      const database = await db;
      for (const id of openIncidentIds(state)) {
        const before = opened.has(id)
          ? pointsSince(ring, Date.parse(startOf(changes, id)) - TIMELINE_BEFORE_MS)
          : [point];
        await appendTimeline(database, id, before);
      }
    },
    forget(tabId: number) {
      rings.delete(tabId);
    },
  };
}
/** The recorder the health service feeds (`createTimelineRecorder`). */
export type TimelineRecorder = ReturnType<typeof createTimelineRecorder>;

function startOf(changes: IncidentChange[], id: string): string {
  for (const c of changes)
    if (c.type === 'open' && c.incident.id === id) return c.incident.startedAt;
  return new Date(0).toISOString();
}
