import type { Incident, Side } from '@/lib/shared/incident';
import { incidentCauseInWords, durationInWords, KIND_TITLES } from '@/lib/shared/plain-words';
import { clockTime } from '@/lib/shared/zoned-time';
import { isPracticeIncident } from '@/lib/prepare/practice-incident';

/** Short enough that the top line stays one line in the popup. */
const BANNER_SIDE: Record<Side, string> = {
  local: 'your side',
  remote: 'their side',
  unknown: 'side not known',
};

/**
 * The walk's top line, on every screen: what broke, whose side, and for how long, or that the
 * call has recovered, with "We carried on" as the outcome in one click while none is recorded.
 */
export function WalkBanner({
  incident,
  now,
  timeZone,
  onCarriedOn,
}: {
  incident: Incident;
  now: number;
  timeZone: string;
  onCarriedOn(): void;
}) {
  const started = Date.parse(incident.startedAt);
  const ended = incident.endedAt === null ? null : Date.parse(incident.endedAt);
  return (
    <div
      class={`walk-banner ${ended === null ? `banner-${incident.severity}` : 'banner-recovered'}`}
      data-testid="walk-banner"
    >
      {isPracticeIncident(incident.id) && (
        <p class="practice-tag" data-testid="practice-tag">
          Practice: nothing is recorded or sent
        </p>
      )}
      <p class="banner-line">
        <strong>{KIND_TITLES[incident.kind]}</strong>
        <span aria-hidden="true"> · </span>
        <span class="sr-only">, </span>
        {BANNER_SIDE[incident.side]}
        <span aria-hidden="true"> · </span>
        <span class="sr-only">, for </span>
        {durationInWords((ended ?? now) - started)}
      </p>
      <p class="banner-cause" data-testid="walk-cause">
        {incidentCauseInWords(incident)}
      </p>
      {ended !== null && (
        <div class="recovered" role="status" data-testid="walk-recovered">
          <p>
            <span aria-hidden="true">✓ </span>The call recovered at {clockTime(ended, timeZone)}.
          </p>
          {!incident.outcome && (
            <button type="button" class="primary" onClick={onCarriedOn}>
              We carried on
            </button>
          )}
        </div>
      )}
    </div>
  );
}
