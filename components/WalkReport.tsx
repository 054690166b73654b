import { useState } from 'preact/hooks';
import type { Incident } from '@/lib/shared/incident';
import { outcomeInWords } from '@/lib/respond/report-email';
import type { Settings } from '@/lib/settings/settings';
import { EmailDraft } from './EmailDraft';
import { ReplacementIcs } from './ReplacementIcs';
import { isPracticeIncident } from '@/lib/prepare/practice-incident';

/** After the outcome: what was recorded, the lesson reference, the email and the client message. */
export function WalkReport({
  incident,
  settings,
  timeZone,
  now,
  onChange,
  onLessonRef,
}: {
  incident: Incident;
  settings: Settings;
  timeZone: string;
  now: number;
  onChange(): void;
  onLessonRef(ref: string): void;
}) {
  return (
    <div class="walk-report" data-testid="walk-report">
      <p class="outcome-now" data-testid="outcome-now">
        <span aria-hidden="true">✓ </span>
        {incident.outcome
          ? `${isPracticeIncident(incident.id) ? 'Practised' : 'Recorded'}: ${outcomeInWords(incident.outcome, timeZone)}.`
          : 'No outcome recorded yet.'}{' '}
        <button type="button" class="link" onClick={onChange}>
          Change
        </button>
      </p>
      {isPracticeIncident(incident.id) ? (
        <PracticeDone />
      ) : (
        <>
          {incident.outcome?.replacementAt && (
            <ReplacementIcs
              incident={incident}
              replacementAt={Date.parse(incident.outcome.replacementAt)}
              settings={settings}
              timeZone={timeZone}
            />
          )}
          <LessonRef incident={incident} onSave={onLessonRef} />
          <EmailDraft incident={incident} settings={settings} timeZone={timeZone} now={now} />
        </>
      )}
    </div>
  );
}

/** In place of the email: a practice is not an incident, so there is nothing to report. */
function PracticeDone() {
  return (
    <div class="practice-done" data-testid="practice-done">
      <p>
        <strong>This was practice.</strong> Nothing was stored and there is no email to send. In a
        real lesson, this screen has the incident email to your organisation, already written.
      </p>
      <button type="button" class="primary" onClick={() => window.close()}>
        Close the practice
      </button>
    </div>
  );
}

function LessonRef({ incident, onSave }: { incident: Incident; onSave(ref: string): void }) {
  const [value, setValue] = useState(incident.lessonRef ?? '');
  return (
    <form
      class="lesson-ref"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(value);
      }}
    >
      <label>
        Lesson reference (initials or code)
        <input
          type="text"
          maxLength={12}
          value={value}
          placeholder="AB"
          data-testid="lesson-ref"
          onInput={(e) => setValue(e.currentTarget.value)}
        />
      </label>
      <button type="submit">Save</button>
    </form>
  );
}
