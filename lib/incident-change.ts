import type { Incident } from './incident';
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
