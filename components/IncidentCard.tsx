import type { Incident } from '@/lib/shared/incident';
import {
  incidentCauseInWords,
  durationInWords,
  KIND_TITLES,
  localClock,
  SIDE_WORDS,
} from '@/lib/shared/plain-words';

/** An open incident: what broke, since when, and whose side it is on. */
export function IncidentCard({ incident, now = Date.now() }: { incident: Incident; now?: number }) {
  const started = Date.parse(incident.startedAt);
  return (
    <section
      class={`incident incident-${incident.severity}`}
      role="status"
      aria-live="polite"
      data-testid="open-incident"
    >
      <h2>{KIND_TITLES[incident.kind]}</h2>
      <p>{incidentCauseInWords(incident)}</p>
      <dl>
        <dt>Since</dt>
        <dd>
          {localClock(incident.startedAt)} ({durationInWords(now - started)})
        </dd>
        <dt>Whose side</dt>
        <dd data-testid="incident-side">{SIDE_WORDS[incident.side]}</dd>
      </dl>
    </section>
  );
}
