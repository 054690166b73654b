import { useState } from 'preact/hooks';
import { OUTCOME_LABELS } from '@/lib/respond/playbook';
import { STEP_SECTIONS } from '@/lib/respond/playbook-document';
import {
  ALL_SIDES,
  linesFromText,
  YES_OUTCOMES,
  type NewStep,
  type YesOutcome,
} from '@/lib/respond/playbook-edits';
import { INCIDENT_KINDS } from '@/lib/shared/incident';
import { KIND_TITLES, SIDE_WORDS } from '@/lib/shared/plain-words';
import { LinesField, SelectField, TextField } from './FormField';
import { SECTION_WORDS } from './PlaybookStepRow';

const EMPTY: Omit<NewStep, 'lines'> & { lines: string } = {
  title: '',
  lines: '',
  section: 'continue',
  kinds: [...INCIDENT_KINDS],
  sides: [...ALL_SIDES],
  question: '',
  yesLabel: 'Done, next step',
  outcome: null,
  noLabel: '',
};

/**
 * "Add a step": its words, its section, the kinds and sides it is for (all unless narrowed) and
 * what its "yes" records. `onAdd` answers the problems that keep it out, or none once added.
 */
export function PlaybookAddStep({ onAdd }: { onAdd(step: NewStep): string[] }) {
  const [form, setForm] = useState(EMPTY);
  const [problems, setProblems] = useState<string[]>([]);
  const set =
    <K extends keyof typeof form>(key: K) =>
    (value: (typeof form)[K]) =>
      setForm((f) => ({ ...f, [key]: value }));
  const add = () => {
    const found = onAdd({ ...form, lines: linesFromText(form.lines) });
    setProblems(found);
    if (found.length === 0) setForm(EMPTY);
  };

  return (
    <details class="add-step" data-testid="add-step">
      <summary>Add a step</summary>
      <fieldset>
        <legend>New step</legend>
        <TextField name="new-step-title" label="Title" value={form.title} onInput={set('title')} />
        <LinesField
          name="new-step-lines"
          label="What the tutor should do, one line each"
          hint="Words in braces are filled in: {person} becomes the student or the client, {organisation} your organisation's name."
          value={form.lines}
          onInput={set('lines')}
        />
        <SelectField
          name="new-step-section"
          label="Section"
          hint="The step goes after the last step of its section; move it after adding."
          value={form.section}
          options={STEP_SECTIONS.map((s) => [s, SECTION_WORDS[s]] as const)}
          onChange={set('section')}
        />
        <Choices
          legend="For these failures"
          name="new-step-kind"
          options={INCIDENT_KINDS.map((kind) => [kind, KIND_TITLES[kind]] as const)}
          chosen={form.kinds}
          onChange={set('kinds')}
        />
        <Choices
          legend="On these sides"
          name="new-step-side"
          options={ALL_SIDES.map((side) => [side, SIDE_WORDS[side]] as const)}
          chosen={form.sides}
          onChange={set('sides')}
        />
        <TextField
          name="new-step-question"
          label="Question after the step (optional)"
          hint='For example "Did that fix it?"'
          value={form.question}
          onInput={set('question')}
        />
        <TextField
          name="new-step-yes"
          label="Yes answer"
          value={form.yesLabel}
          onInput={set('yesLabel')}
        />
        <SelectField<YesOutcome | 'none'>
          name="new-step-outcome"
          label='When the tutor answers "yes"'
          value={form.outcome ?? 'none'}
          options={[
            ['none', 'Go on to the next step'],
            ...YES_OUTCOMES.map((o) => [o, `End the walk: ${OUTCOME_LABELS[o]}`] as const),
          ]}
          onChange={(v) => set('outcome')(v === 'none' ? null : v)}
        />
        <TextField
          name="new-step-no"
          label="No answer (optional)"
          hint="Leave empty for a step that only informs."
          value={form.noLabel}
          onInput={set('noLabel')}
        />
        {problems.length > 0 && (
          <ul class="field-error" role="alert" data-testid="add-step-problems">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        <p>
          <button type="button" onClick={add}>
            Add this step
          </button>
        </p>
      </fieldset>
    </details>
  );
}

/** A group of checkboxes choosing some of `options`; the order of `chosen` follows `options`. */
function Choices<T extends string>({
  legend,
  name,
  options,
  chosen,
  onChange,
}: {
  legend: string;
  name: string;
  options: readonly (readonly [T, string])[];
  chosen: readonly T[];
  onChange(next: T[]): void;
}) {
  return (
    <fieldset class="choices">
      <legend>{legend}</legend>
      {options.map(([value, words]) => (
        <label key={value} class="choice">
          <input
            type="checkbox"
            name={name}
            value={value}
            checked={chosen.includes(value)}
            onChange={(e) =>
              onChange(
                e.currentTarget.checked
                  ? options.map(([v]) => v).filter((v) => v === value || chosen.includes(v))
                  : chosen.filter((v) => v !== value),
              )
            }
          />
          {words}
        </label>
      ))}
    </fieldset>
  );
}
