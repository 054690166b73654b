import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Incident, StepRecord } from '@/lib/shared/incident';
import type { OutcomeRequest } from '@/lib/respond/incident-actions';
import type { PlaybookStep } from '@/lib/respond/playbook';
import {
  answer,
  back,
  openingScreen,
  progress,
  waysOn,
  type Answer,
  type WalkScreen,
} from '@/lib/respond/walk';
import type { Settings } from '@/lib/settings/settings';
import { clockTime } from '@/lib/shared/zoned-time';
import type { ClientPlan } from '@/lib/prepare/client-plan';
import { AgreedPlanBanner } from './AgreedPlanBanner';
import { StepActionControl } from './StepActionControl';
import { WalkBanner } from './WalkBanner';
import { WalkEnd } from './WalkEnd';
import { WalkReport } from './WalkReport';
import { WalkStep } from './WalkStep';

/** What the walk asks the background to store on the incident. */
export interface WalkActions {
  recordStep(stepId: string, result: StepRecord['result']): Promise<void>;
  setOutcome(outcome: OutcomeRequest): Promise<void>;
  setLessonRef(ref: string): Promise<void>;
}

interface Props {
  incident: Incident;
  steps: PlaybookStep[];
  settings: Settings;
  callTabId: number;
  timeZone: string;
  now: number;
  actions: WalkActions;
  /** Opens on the report rather than where the walk was, e.g. from the incidents page. */
  startOnReport?: boolean;
  /** The plans agreed with clients; the one for this lesson leads the walk. */
  plans?: ClientPlan[];
}

/**
 * The guided walk for one incident (design.md §5): one screen at a time, the incident on top,
 * each answer stored with its time, then the outcome and the report. Focus moves to each new
 * screen's heading; Escape goes back.
 */
export function Walk({
  incident,
  steps,
  settings,
  callTabId,
  timeZone,
  now,
  actions,
  startOnReport = false,
  plans = [],
}: Props) {
  const [screen, setScreen] = useState<WalkScreen>(() =>
    startOnReport ? { type: 'report' } : openingScreen(steps, incident),
  );
  const [error, setError] = useState('');
  const [showAll, setShowAll] = useState(false);
  // What was just stored, for screen readers: focus has already moved on to the next heading.
  const [said, setSaid] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  // In the same task as the new screen, so nothing (a test, a screen reader) sees it unfocused.
  useLayoutEffect(() => heading.current?.focus(), [screen]);

  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setError('');
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return false;
    }
  };
  const give = (index: number, given: Answer) =>
    void run(async () => {
      const effect = answer(steps, index, given);
      await actions.recordStep(effect.record.stepId, effect.record.result);
      if (effect.outcome) await actions.setOutcome(effect.outcome);
      setSaid(`${steps[index]?.title}: ${given === 'skip' ? 'skipped' : 'recorded'}.`);
      setScreen(effect.next);
    });
  const finish = (outcome: OutcomeRequest, stepId?: string) =>
    void run(async () => {
      await actions.setOutcome(outcome);
      if (stepId) await actions.recordStep(stepId, 'done');
      setSaid('Outcome recorded.');
      setScreen({ type: 'report' });
    });

  const step = screen.type === 'step' ? steps[screen.index] : undefined;
  const title =
    step?.title ?? (screen.type === 'end' ? 'How did the session end?' : 'Send the report');
  const count = progress(steps, screen);
  const plan = plans.find((p) => p.lessonRef === incident.lessonRef);
  const ways = waysOn(steps, plan);
  const previous = back(steps, screen);

  return (
    <section
      class="walk"
      aria-labelledby="walk-title"
      data-testid="walk"
      data-screen={screen.type === 'step' ? `step-${screen.index}` : screen.type}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !previous) return;
        e.preventDefault();
        setScreen(previous);
      }}
    >
      <WalkBanner
        incident={incident}
        now={now}
        timeZone={timeZone}
        onCarriedOn={() => finish({ type: 'continued' })}
      />
      {screen.type !== 'report' && (
        <AgreedPlanBanner
          plan={plan}
          plans={plans}
          lessonRef={incident.lessonRef}
          ways={ways}
          onLessonRef={(ref) => void run(() => actions.setLessonRef(ref))}
          onWay={(way) => setScreen(way.to)}
        />
      )}
      {count && (
        <p class="walk-progress" data-testid="walk-progress">
          {count}
        </p>
      )}
      <h2 id="walk-title" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <p class="sr-only" role="status" data-testid="walk-said">
        {said}
      </p>
      <p class="error" role="alert" data-testid="walk-error">
        {error}
      </p>
      {step && screen.type === 'step' && (
        <WalkStep
          key={step.id}
          step={step}
          onAnswer={(given) => give(screen.index, given)}
          action={
            step.action && (
              <StepActionControl
                action={step.action}
                incident={incident}
                settings={settings}
                callTabId={callTabId}
                timeZone={timeZone}
                now={now}
                run={(work) => void run(work)}
                onAgreeReplacement={async (replacementAt) =>
                  finish({ type: 'rescheduled', replacementAt }, step.id)
                }
              />
            )
          }
        />
      )}
      {screen.type === 'end' && (
        <WalkEnd onChoose={(type, note) => finish(note ? { type, note } : { type })} />
      )}
      {screen.type === 'report' && (
        <WalkReport
          incident={incident}
          settings={settings}
          timeZone={timeZone}
          now={now}
          onChange={() => setScreen({ type: 'end' })}
          onLessonRef={(ref) => void run(() => actions.setLessonRef(ref))}
        />
      )}
      {screen.type !== 'report' && (
        <>
          <div class="walk-nav">
            <button
              type="button"
              disabled={!previous}
              onClick={() => previous && setScreen(previous)}
            >
              Back
            </button>
            {screen.type === 'step' && (
              <button type="button" class="quiet" onClick={() => give(screen.index, 'skip')}>
                Skip
              </button>
            )}
            <button
              type="button"
              class="link all-steps-toggle"
              aria-expanded={showAll}
              aria-controls="all-steps"
              onClick={() => setShowAll(!showAll)}
            >
              All steps ({steps.length})
            </button>
          </div>
          <nav class="ways-on" aria-label="Ways on">
            {ways.map((way) => (
              <button
                key={way.label}
                type="button"
                class={way.agreed ? 'way agreed' : 'way'}
                aria-current={sameScreen(way.to, screen) ? 'step' : undefined}
                onClick={() => setScreen(way.to)}
              >
                {way.label}
              </button>
            ))}
          </nav>
        </>
      )}
      {showAll && (
        <AllSteps
          steps={steps}
          incident={incident}
          timeZone={timeZone}
          onJump={(index) => {
            setShowAll(false);
            setScreen({ type: 'step', index });
          }}
        />
      )}
    </section>
  );
}

const sameScreen = (a: WalkScreen, b: WalkScreen) =>
  a.type === b.type && (a.type !== 'step' || (b.type === 'step' && a.index === b.index));

/** Today's full list, shown on request: to see what is coming, or go back to one. */
function AllSteps({
  steps,
  incident,
  timeZone,
  onJump,
}: {
  steps: PlaybookStep[];
  incident: Incident;
  timeZone: string;
  onJump(index: number): void;
}) {
  return (
    <div class="all-steps" id="all-steps" data-testid="all-steps">
      <ol>
        {steps.map((step, index) => {
          const last = [...incident.steps].reverse().find((r) => r.id === step.id);
          return (
            <li key={step.id} data-step-id={step.id}>
              <button type="button" class="link" onClick={() => onJump(index)}>
                {step.title}
              </button>
              {last && (
                <span class="recorded" data-testid="step-recorded">
                  {' '}
                  {last.result === 'done' ? 'done' : 'skipped'} at{' '}
                  {clockTime(Date.parse(last.at), timeZone, true)}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
