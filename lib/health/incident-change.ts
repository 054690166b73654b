import type { Incident } from '@/lib/shared/incident';
import { mergeWorstMetrics } from './incident-metrics';
import type { IncidentChange } from './tab-health';

/**
 * An incident after one change from the health engine, the same whether the change is applied to
 * the stored record or, while nothing can be saved, to the copy kept in memory.
 */
export function applyIncidentChange<T extends Incident>(
  current: T,
  change: Exclude<IncidentChange, { type: 'open' }>,
): T {
  if (change.type === 'update') return { ...current, ...change.patch };
  if (change.type === 'observe') {
    return { ...current, metrics: mergeWorstMetrics(current.metrics, change.metrics) };
  }
  return { ...current, endedAt: change.endedAt };
}

/**
 * Incident `id` as it stands after the health engine's changes that could not be saved yet:
 * `stored` (if it was saved before) with every later change applied in order.
 */
export function withUnsavedChanges(
  id: string,
  stored: Incident | undefined,
  unsaved: readonly IncidentChange[],
): Incident | undefined {
  let incident = stored;
  for (const change of unsaved) {
    if (change.type === 'open') {
      if (change.incident.id === id) incident = change.incident;
    } else if (change.id === id && incident) {
      incident = applyIncidentChange(incident, change);
    }
  }
  return incident;
}

/**
 * `changes` with every observation of one incident folded into one, after the rest: while the
 * storage is full the health engine observes each open incident every second, and the list kept
 * in memory must grow with what happens (incidents opening, changing, closing), not with time.
 * Observations keep the worst figures whatever their order, so folding them changes nothing that
 * `withUnsavedChanges` or a later save would show.
 */
export function compactIncidentChanges(changes: readonly IncidentChange[]): IncidentChange[] {
  const observed = new Map<string, Extract<IncidentChange, { type: 'observe' }>>();
  const rest: IncidentChange[] = [];
  for (const change of changes) {
    if (change.type !== 'observe') {
      rest.push(change);
      continue;
    }
    const earlier = observed.get(change.id);
    observed.set(
      change.id,
      earlier ? { ...change, metrics: mergeWorstMetrics(earlier.metrics, change.metrics) } : change,
    );
  }
  return [...rest, ...observed.values()];
}
