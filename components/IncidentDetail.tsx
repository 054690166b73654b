import { stepTitle } from '@/lib/respond/playbook';
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { TimelinePoint } from '@/lib/health/call-timeline';
import type { Incident } from '@/lib/shared/incident';
import { OUTCOME_WORDS } from '@/lib/shared/plain-words';
import {
  incidentCauseInWords,
  durationInWords,
  KIND_TITLES,
  localClock,
  SIDE_WORDS,
} from '@/lib/shared/plain-words';
import { IncidentTimeline } from './charts/IncidentTimeline';

const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });

/** One incident: what happened, the call around it as a chart, and the way to its report. */
export function IncidentDetail({
  incident,
  loadPoints,
}: {
  incident: Incident;
  loadPoints(id: string): Promise<{ points: TimelinePoint[]; error?: string }>;
}) {
  const [timeline, setTimeline] = useState<{ points: TimelinePoint[]; error?: string } | null>(
    null,
  );
  useEffect(() => {
    setTimeline(null);
    void loadPoints(incident.id).then(setTimeline, (e: unknown) =>
      setTimeline({ points: [], error: String(e) }),
    );
  }, [incident.id]);

  const m = incident.metrics;
  const figures = [
    ['Worst packet loss', m.worstLossPct, '%'],
    ['Worst round trip', m.worstRttMs, 'ms'],
    ['Worst jitter', m.worstJitterMs, 'ms'],
    ['Lowest receiving', m.minIncomingKbps, 'kbps'],
    ['Lowest sending', m.minOutgoingKbps, 'kbps'],
    ['Lowest quality score', m.lowestMos, ''],
  ].filter(([, v]) => v !== undefined) as [string, number, string][];

  return (
    <article class="incident-detail" data-testid="incident-detail">
      <p>
        <a href="#">← All incidents</a>
      </p>
      <header class="detail-header">
        <div>
          <h2>{KIND_TITLES[incident.kind]}</h2>
          <p>{incidentCauseInWords(incident)}</p>
        </div>
        <a
          class="button primary"
          href={`/popup.html?incident=${encodeURIComponent(incident.id)}&screen=report`}
          target="_blank"
          data-testid="report-link"
        >
          Report email
        </a>
      </header>
      <dl class="facts">
        <dt>Date</dt>
        <dd>{day(incident.startedAt)}</dd>
        <dt>Started</dt>
        <dd>{localClock(incident.startedAt)}</dd>
        <dt>Detected</dt>
        <dd>{localClock(incident.detectedAt)}</dd>
        <dt>Ended</dt>
        <dd>
          {incident.endedAt
            ? `${localClock(incident.endedAt)} (${durationInWords(Date.parse(incident.endedAt) - Date.parse(incident.startedAt))})`
            : 'Still open'}
        </dd>
        <dt>Whose side</dt>
        <dd data-testid="detail-side">{SIDE_WORDS[incident.side]}</dd>
        <dt>Severity</dt>
        <dd>{incident.severity === 'failure' ? 'Failure' : 'Warning'}</dd>
        <dt>Lesson</dt>
        <dd>
          {incident.page.title || incident.page.origin || '—'}
          {incident.lessonRef ? ` (${incident.lessonRef})` : ''}
        </dd>
        <dt>Outcome</dt>
        <dd>
          {incident.dismissed
            ? 'Dismissed'
            : incident.outcome
              ? `${OUTCOME_WORDS[incident.outcome.type]} at ${localClock(incident.outcome.at)}${
                  incident.outcome.replacementAt
                    ? `; replacement ${new Date(incident.outcome.replacementAt).toLocaleString('en-GB')}`
                    : ''
                }`
              : 'Not recorded yet'}
        </dd>
        {figures.map(([label, value, unit]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>
              {value.toLocaleString('en-GB')} {unit}
            </dd>
          </Fragment>
        ))}
      </dl>
      {incident.steps.length > 0 && (
        <>
          <h3>Steps taken</h3>
          <ol class="steps">
            {incident.steps.map((s) => (
              <li key={`${s.id}-${s.at}`}>
                {localClock(s.at)}: {s.title ?? stepTitle(s.id)} (
                {s.result === 'done' ? 'done' : 'skipped'})
              </li>
            ))}
          </ol>
        </>
      )}
      <h3>The call around it</h3>
      {timeline === null ? (
        <p class="hint">Loading the call figures…</p>
      ) : (
        <>
          {timeline.error && (
            <p class="field-error">The call figures could not be read: {timeline.error}</p>
          )}
          <IncidentTimeline incident={incident} points={timeline.points} />
        </>
      )}
    </article>
  );
}
