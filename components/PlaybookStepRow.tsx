import { useEffect, useRef, useState } from 'preact/hooks';
import { OUTCOME_LABELS } from '@/lib/respond/playbook';
import type {
  LineNeed,
  PlaybookStepDefinition,
  StepAction,
  StepSection,
} from '@/lib/respond/playbook-document';
import { linesFromText, wordsOf, type StepWords } from '@/lib/respond/playbook-edits';
import { KIND_TITLES, SIDE_WORDS } from '@/lib/shared/plain-words';
import { LinesField, TextField } from './FormField';

export const SECTION_WORDS: Record<StepSection, string> = {
  'quick-fix': 'Quick fix',
  continue: 'Carry on another way',
  check: 'Check first',
  replace: 'Replacement lesson',
  boundaries: 'Boundaries',
};

const NEED_WORDS: Record<LineNeed, string> = {
  'organisation-phone': 'the organisation has a phone',
  'own-phone': 'your own phone is allowed',
  'withhold-prefix': 'a number-withhold prefix is set',
  'no-withhold-prefix': 'no number-withhold prefix is set',
  'approved-platforms': 'approved platforms are listed',
  'unapproved-platforms': 'platforms to avoid are listed',
};

function actionWords(action: StepAction): string {
  switch (action.type) {
    case 'other-media-tabs':
      return 'Lists the other tabs playing sound or video, to mute or close.';
    case 'reload-call-tab':
      return 'Reloads the lesson tab.';
    case 'check-device':
      return `Opens the browser's ${action.device} settings.`;
    case 'pick-replacement':
      return 'Opens the replacement date picker.';
  }
}

/** "No sound, No video · your side or not known yet" */
export function appliesInWords(step: Pick<PlaybookStepDefinition, 'kinds' | 'sides'>): string {
  const kinds = step.kinds ? step.kinds.map((k) => KIND_TITLES[k]).join(', ') : 'Every failure';
  const sides = step.sides
    ? step.sides.map((s) => SIDE_WORDS[s].toLowerCase()).join(' or ')
    : 'any side';
  return `${kinds} · ${sides}`;
}

interface Props {
  step: PlaybookStepDefinition;
  index: number;
  count: number;
  /** Why saving refused this step, if it did. */
  reasons: string[];
  removable: boolean;
  onEnabled(enabled: boolean): void;
  onMove(by: -1 | 1): void;
  onWords(words: Partial<StepWords>): void;
  onRemove(): void;
}

/** One step of the playbook being edited: on or off, its place, and its words behind "Edit". */
export function PlaybookStepRow(props: Props) {
  const { step, index, count, reasons } = props;
  const words = wordsOf(step);
  // The typed text, kept as typed: lines are read from it, but a new empty line must stay.
  const [linesText, setLinesText] = useState(words.lines.join('\n'));
  const base = `step-${step.id}`;
  const conditional = step.text.flatMap((l) => (typeof l === 'string' ? [] : [l]));
  const title = step.title.trim() || step.id;
  // Opened when saving refused the step, but never closed under the tutor's typing.
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (reasons.length && details.current) details.current.open = true;
  }, [reasons.length]);
  return (
    <li
      class={`playbook-step${step.enabled ? '' : ' step-off'}${reasons.length ? ' step-invalid' : ''}`}
      data-testid="playbook-step"
      data-step-id={step.id}
    >
      <div class="step-head">
        <input
          type="checkbox"
          id={`${base}-on`}
          checked={step.enabled}
          onChange={(e) => props.onEnabled(e.currentTarget.checked)}
        />
        <label for={`${base}-on`} class="step-name">
          <span class="step-number">{index + 1}.</span> {title}
          <span class="step-state">{step.enabled ? '' : ' (turned off)'}</span>
        </label>
        <span class="step-moves">
          <button
            type="button"
            data-move="up"
            aria-label={`Move "${title}" up`}
            disabled={index === 0}
            onClick={() => props.onMove(-1)}
          >
            Move up
          </button>
          <button
            type="button"
            data-move="down"
            aria-label={`Move "${title}" down`}
            disabled={index === count - 1}
            onClick={() => props.onMove(1)}
          >
            Move down
          </button>
        </span>
      </div>
      <p class="hint step-applies">
        {SECTION_WORDS[step.section]} · {appliesInWords(step)}
      </p>
      {reasons.length > 0 && (
        <ul class="field-error step-reasons" data-testid="step-reasons">
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      <details class="step-edit" ref={details}>
        <summary aria-label={`Edit "${title}"`}>Edit</summary>
        <fieldset>
          <legend>Words of "{title}"</legend>
          <TextField
            name={`${base}-title`}
            label="Title"
            value={step.title}
            onInput={(title) => props.onWords({ title })}
          />
          <LinesField
            name={`${base}-lines`}
            label="What the tutor should do, one line each"
            hint={
              conditional.length
                ? 'The lines below with conditions are shown only when they apply.'
                : undefined
            }
            value={linesText}
            onInput={(text) => {
              setLinesText(text);
              props.onWords({ lines: linesFromText(text) });
            }}
          />
          {conditional.map((line, i) => (
            <TextField
              key={i}
              name={`${base}-line-${i}`}
              label={`Line shown only when ${[
                line.sides &&
                  `on ${line.sides.map((s) => SIDE_WORDS[s].toLowerCase()).join(' or ')}`,
                ...(line.needs ?? []).map((n) => NEED_WORDS[n]),
              ]
                .filter(Boolean)
                .join(' and ')}`}
              value={line.text}
              onInput={(text) =>
                props.onWords({
                  conditionalLines: words.conditionalLines.map((t, j) => (j === i ? text : t)),
                })
              }
            />
          ))}
          <LinesField
            name={`${base}-say`}
            label="Words to say, exactly (optional)"
            value={words.say}
            onInput={(say) => props.onWords({ say })}
          />
          <TextField
            name={`${base}-question`}
            label="Question after the step (optional)"
            value={words.question}
            onInput={(question) => props.onWords({ question })}
          />
          {step.yes && (
            <TextField
              name={`${base}-yes`}
              label="Yes answer"
              hint={
                step.yes.outcome
                  ? `Records: ${OUTCOME_LABELS[step.yes.outcome]}.`
                  : 'Goes on to the next step.'
              }
              value={words.yesLabel}
              onInput={(yesLabel) => props.onWords({ yesLabel })}
            />
          )}
          {step.no && (
            <TextField
              name={`${base}-no`}
              label="No answer"
              hint="Goes on to the next step."
              value={words.noLabel}
              onInput={(noLabel) => props.onWords({ noLabel })}
            />
          )}
          {step.action && <p class="hint">This step also {lowerFirst(actionWords(step.action))}</p>}
          {props.removable && (
            <p>
              <button type="button" onClick={props.onRemove}>
                Remove this step
              </button>
            </p>
          )}
        </fieldset>
      </details>
    </li>
  );
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
