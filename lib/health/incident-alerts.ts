import type { Incident } from '@/lib/shared/incident';
import type { PromptCommand } from '@/lib/shared/messages';
import { KIND_TITLES, SIDE_WORDS } from '@/lib/shared/plain-words';
import type { Settings } from '@/lib/settings/settings';
import { recoveredHeadline } from './prompt-words';
import type { IncidentChange } from './tab-health';

/** Something to show the tutor about a tab's incidents (design.md §4). */
export type Alert =
  PromptCommand | { type: 'notify'; incidentId: string; title: string; message: string };

/**
 * Decides the prompts and notifications for a batch of committed incident changes on one tab:
 * an in-page prompt for every new incident (and again when one becomes a failure), hidden when
 * the incident ends; a system notification only for failures, and only when the call tab is not
 * the one in front of the tutor. Settings can turn either off.
 *
 * When an incident ends, its prompt says the call recovered and offers to close, unless the
 * tutor had dismissed it.
 *
 * @param current the stored incidents the changes refer to, after the commit
 * @param offer the label of the step the prompt may carry out itself for an incident, if any
 */
export function alertsFor(
  changes: IncidentChange[],
  current: (id: string) => Incident | undefined,
  settings: Settings,
  tabFocused: boolean,
  offer: (incident: Incident) => string | undefined = () => undefined,
): Alert[] {
  const alerts: Alert[] = [];
  for (const change of changes) {
    if (change.type === 'close') {
      const ended = current(change.id);
      alerts.push(
        ended && !ended.dismissed
          ? {
              type: 'prompt-recovered',
              incidentId: change.id,
              text: recoveredHeadline(ended.kind, ended.side, ended.cause),
            }
          : { type: 'hide-prompt', incidentId: change.id },
      );
      continue;
    }
    const raised =
      change.type === 'open' || (change.type === 'update' && change.patch.severity === 'failure');
    if (!raised) continue;
    const incident = current(change.type === 'open' ? change.incident.id : change.id);
    // An outcome means the tutor has already acted: an escalation must not put the question back.
    if (!incident || incident.dismissed || incident.endedAt !== null || incident.outcome) continue;
    if (settings.notifications.inPagePrompt) {
      const { id, kind, severity, side, cause, startedAt } = incident;
      const label = offer(incident);
      alerts.push({
        type: 'show-prompt',
        incident: { id, kind, severity, side, cause, startedAt },
        ...(label ? { offer: label } : {}),
      });
    }
    if (incident.severity === 'failure' && !tabFocused && settings.notifications.systemWhenHidden) {
      alerts.push({
        type: 'notify',
        incidentId: incident.id,
        title: `Lifeline: ${KIND_TITLES[incident.kind]}`,
        message: `${SIDE_WORDS[incident.side]}. Click for the fallback steps.`,
      });
    }
  }
  return alerts;
}
