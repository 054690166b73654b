import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Incident, StepRecord } from '@/lib/shared/incident';
import type { OutcomeRequest } from '@/lib/respond/incident-actions';
import {
  OUTCOME_LABELS,
  walkFor,
  type OutcomeType,
  type PlaybookStep,
  type StepAction,
  type StepSection,
} from '@/lib/respond/playbook';
import { KIND_TITLES, SIDE_WORDS } from '@/lib/shared/plain-words';
import { outcomeInWords } from '@/lib/respond/report-email';
import { BUILT_IN_PLAYBOOKS } from '@/lib/respond/builtin-playbooks';
import type { Settings } from '@/lib/settings/settings';
import { clockTime } from '@/lib/shared/zoned-time';
import { OtherMediaTabs } from './OtherMediaTabs';
import { ReplacementIcs } from './ReplacementIcs';
import { ReplacementPicker } from './ReplacementPicker';

const SECTION_TITLES: Record<StepSection, string> = {
  'quick-fix': 'Quick fixes',
  continue: 'Can the session continue?',
  check: 'Check',
  replace: 'Replacement',
  boundaries: 'Boundaries',
};

/** What the walk asks the background to store on the incident. */
export interface WalkActions {
  recordStep(stepId: string, result: StepRecord['result']): Promise<void>;
  setOutcome(outcome: OutcomeRequest): Promise<void>;
  setLessonRef(ref: string): Promise<void>;
}

interface Props {
  incident: Incident;
  settings: Settings;
  callTabId: number;
  timeZone: string;
  now: number;
  actions: WalkActions;
}

/**
 * The fallback walk for one incident (design.md §5): the playbook's steps for its kind and side,
 * each with its guidance and one-click actions, every step taken stored with its time, and the
 * outcome at the end.
 */
export function FallbackSteps({ incident, settings, callTabId, timeZone, now, actions }: Props) {
  const [error, setError] = useState('');
  const [note, setNote] = useState('');
  const steps = walkFor(incident, BUILT_IN_PLAYBOOKS[settings.playbook], settings, timeZone);
  const sections = [...new Set(steps.map((s) => s.section))];

  const run = (work: () => Promise<unknown>) => async () => {
    try {
      await work();
      setError('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const chooseOutcome = (type: OutcomeType, stepId?: string, stepNote?: string) =>
    run(async () => {
      const text = stepNote ?? note.trim();
      await actions.setOutcome(text ? { type, note: text } : { type });
      if (stepId) await actions.recordStep(stepId, 'done');
    });

  const actionButton = (step: PlaybookStep, action: StepAction) => {
    switch (action.type) {
      case 'other-media-tabs':
        return (
          <OtherMediaTabs
            callTabId={callTabId}
            onAction={() => void run(() => actions.recordStep(step.id, 'done'))()}
          />
        );
      case 'reload-call-tab':
        return (
          <button
            type="button"
            onClick={run(async () => {
              await browser.tabs.reload(callTabId);
              await actions.recordStep(step.id, 'done');
            })}
          >
            Reload the call tab
          </button>
        );
      case 'check-device':
        return (
          <button
            type="button"
            onClick={run(async () => {
              await browser.tabs.create({ url: `chrome://settings/content/${action.device}` });
              await actions.recordStep(step.id, 'done');
            })}
          >
            Open the browser's {action.device} settings
          </button>
        );
      case 'pick-replacement':
        return (
          <ReplacementPicker
            incident={incident}
            settings={settings}
            timeZone={timeZone}
            now={now}
            onAgree={async (replacementAt) =>
              run(async () => {
                await actions.setOutcome({ type: 'rescheduled', replacementAt });
                await actions.recordStep(step.id, 'done');
              })()
            }
          />
        );
    }
  };

  return (
    <section class="walk" aria-labelledby="walk-title" data-testid="walk">
      <h2 id="walk-title">Fallback steps: {KIND_TITLES[incident.kind]}</h2>
      <p class="muted">
        {SIDE_WORDS[incident.side]}. Started {clockTime(Date.parse(incident.startedAt), timeZone)}.
      </p>
      <LessonRef incident={incident} onSave={(ref) => run(() => actions.setLessonRef(ref))()} />
      <p class="error" role="alert" data-testid="walk-error">
        {error}
      </p>
      {sections.map((section) => (
        <div key={section} class="walk-section">
          <h3>{SECTION_TITLES[section]}</h3>
          {steps
            .filter((s) => s.section === section)
            .map((step) => {
              const last = [...incident.steps].reverse().find((r) => r.id === step.id);
              return (
                // A step already taken folds to one line, so the walk shortens as the tutor
                // goes; it can be opened again.
                <details key={step.id} class="step" data-step={step.id} open={!last}>
                  <summary>
                    <h4>{step.title}</h4>
                    {last && (
                      <span class="recorded" data-testid="step-recorded">
                        {last.result === 'done' ? 'Done' : 'Skipped'} at{' '}
                        {clockTime(Date.parse(last.at), timeZone, true)}
                      </span>
                    )}
                  </summary>
                  {step.guidance.map((line) => (
                    <p key={line}>{line}</p>
                  ))}
                  {step.say && <blockquote>“{step.say}”</blockquote>}
                  {step.action && <div class="step-action">{actionButton(step, step.action)}</div>}
                  {step.yes?.outcome && (
                    <div class="step-action">
                      <button
                        type="button"
                        onClick={chooseOutcome(step.yes.outcome, step.id, step.yes.note)}
                      >
                        {step.yes.label}
                      </button>
                    </div>
                  )}
                  {!last && (
                    <div class="step-record">
                      <button
                        type="button"
                        onClick={run(() => actions.recordStep(step.id, 'done'))}
                      >
                        Done
                      </button>
                      <button
                        type="button"
                        class="quiet"
                        onClick={run(() => actions.recordStep(step.id, 'skipped'))}
                      >
                        Skip
                      </button>
                    </div>
                  )}
                </details>
              );
            })}
        </div>
      ))}
      <div class="walk-section outcome" data-testid="outcome">
        <h3>Outcome</h3>
        <p data-testid="outcome-now">
          {incident.outcome
            ? `Recorded: ${outcomeInWords(incident.outcome, timeZone)}.`
            : 'Not recorded yet.'}
        </p>
        {incident.outcome?.replacementAt && (
          <ReplacementIcs
            incident={incident}
            replacementAt={Date.parse(incident.outcome.replacementAt)}
            settings={settings}
            timeZone={timeZone}
          />
        )}
        <label>
          Note (optional)
          <input
            type="text"
            maxLength={2000}
            value={note}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
        </label>
        <div class="outcome-choices">
          {(['continued', 'typing', 'phone', 'abandoned'] as const).map((type) => (
            <button
              key={type}
              type="button"
              aria-pressed={incident.outcome?.type === type}
              onClick={chooseOutcome(type)}
            >
              {OUTCOME_LABELS[type]}
            </button>
          ))}
        </div>
        <p class="muted">To reschedule, agree the time under “Replacement” above.</p>
      </div>
    </section>
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
