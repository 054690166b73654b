import type { Incident, IncidentKind, Outcome, Side } from '@/lib/shared/incident';

/** What the incidents page's filter bar holds; `undefined` or `'any'` lets everything through. */
export interface IncidentFilter {
  /** Incidents that started at or after this moment (ms since the epoch). */
  fromMs?: number;
  /** Incidents that started before this moment. */
  toMs?: number;
  kind: IncidentKind | 'any';
  side: Side | 'any';
  /** An outcome type, `none` for incidents without an outcome yet. */
  outcome: Outcome['type'] | 'none' | 'any';
  dismissed: 'any' | 'yes' | 'no';
}

/** The filter that lets every incident through. */
export const NO_FILTER: IncidentFilter = {
  kind: 'any',
  side: 'any',
  outcome: 'any',
  dismissed: 'any',
};

/** Whether one incident passes the filter. */
export function matchesFilter(incident: Incident, filter: IncidentFilter): boolean {
  if (filter.kind !== 'any' && incident.kind !== filter.kind) return false;
  if (filter.side !== 'any' && incident.side !== filter.side) return false;
  if (filter.dismissed !== 'any' && incident.dismissed !== (filter.dismissed === 'yes')) {
    return false;
  }
  if (filter.outcome !== 'any') {
    const type = incident.outcome?.type ?? 'none';
    if (type !== filter.outcome) return false;
  }
  if (filter.fromMs !== undefined || filter.toMs !== undefined) {
    const started = Date.parse(incident.startedAt);
    if (filter.fromMs !== undefined && started < filter.fromMs) return false;
    if (filter.toMs !== undefined && started >= filter.toMs) return false;
  }
  return true;
}

/** The incidents that pass the filter, in their given order. */
export function filterIncidents(
  incidents: readonly Incident[],
  filter: IncidentFilter,
): Incident[] {
  return incidents.filter((i) => matchesFilter(i, filter));
}

/**
 * A `<input type="date">` value as the local midnight that starts that day, in ms; `endOfDay`
 * gives the next midnight, so a range "to 21 Nov" includes all of 21 Nov. Empty or malformed
 * input gives undefined (no bound).
 */
export function localDayBoundary(value: string, endOfDay = false): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const day = new Date(y, m - 1, d + (endOfDay ? 1 : 0));
  return Number.isNaN(day.getTime()) ? undefined : day.getTime();
}
