import { useState } from 'preact/hooks';
import type { Incident } from '@/lib/shared/incident';
import { durationInWords, KIND_TITLES, OUTCOME_WORDS, SIDE_WORDS } from '@/lib/shared/plain-words';

const ROW = 44;
const VIEW = 440;
const OVERSCAN = 6;

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

/**
 * The incidents, newest first, in a scrolling window that renders only the rows in view: the
 * page must open in 300 ms with 10,000 incidents (design.md §9).
 */
export function IncidentList({ incidents }: { incidents: Incident[] }) {
  const [scrollTop, setScrollTop] = useState(0);
  if (incidents.length === 0) {
    return (
      <p class="hint" data-testid="no-incidents">
        No incidents match. Incidents appear here as Lifeline detects them during lessons.
      </p>
    );
  }
  const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN);
  const last = Math.min(incidents.length, Math.ceil((scrollTop + VIEW) / ROW) + OVERSCAN);
  return (
    <div
      class="incident-list"
      style={{ height: `${Math.min(VIEW, incidents.length * ROW)}px` }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      tabIndex={0}
      aria-label={`${incidents.length} incidents`}
    >
      <ul style={{ height: `${incidents.length * ROW}px` }}>
        {incidents.slice(first, last).map((incident, i) => {
          const index = first + i;
          const ended = incident.endedAt ? Date.parse(incident.endedAt) : undefined;
          return (
            <li
              key={incident.id}
              style={{ top: `${index * ROW}px`, height: `${ROW}px` }}
              aria-setsize={incidents.length}
              aria-posinset={index + 1}
              data-testid="incident-row"
            >
              <a href={`#incident=${encodeURIComponent(incident.id)}`} class="row-link">
                <span class={`sev sev-${incident.severity}`} aria-hidden="true" />
                <span class="row-when">{when(incident.startedAt)}</span>
                <span class="row-kind">{KIND_TITLES[incident.kind]}</span>
                <span class={`row-side side-${incident.side}`}>{SIDE_WORDS[incident.side]}</span>
                <span class="row-duration">
                  {ended === undefined
                    ? 'ongoing'
                    : durationInWords(ended - Date.parse(incident.startedAt))}
                </span>
                <span class="row-outcome">
                  {incident.dismissed
                    ? 'Dismissed'
                    : incident.outcome
                      ? OUTCOME_WORDS[incident.outcome.type]
                      : '—'}
                </span>
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
