import { INCIDENT_KINDS } from '@/lib/shared/incident';
import type { IncidentFilter } from '@/lib/records/incident-filters';
import { KIND_TITLES, OUTCOME_WORDS, SIDE_WORDS } from '@/lib/shared/plain-words';

/** What the filter bar edits: the filter plus the raw date inputs it came from. */
export interface FilterDraft extends Omit<IncidentFilter, 'fromMs' | 'toMs'> {
  from: string;
  to: string;
}

/** The filter bar above the list: date range, kind, side, outcome and dismissed. */
export function IncidentFilters({
  draft,
  onChange,
  disabled,
}: {
  draft: FilterDraft;
  onChange(next: FilterDraft): void;
  /** While the incidents are still being read, filtering part of them would mislead. */
  disabled: boolean;
}) {
  const set =
    <K extends keyof FilterDraft>(key: K) =>
    (e: { currentTarget: { value: string } }) =>
      onChange({ ...draft, [key]: e.currentTarget.value });
  return (
    <form class="filters" aria-label="Filter incidents" onSubmit={(e) => e.preventDefault()}>
      <fieldset disabled={disabled}>
        <label>
          From
          <input type="date" name="from" value={draft.from} onInput={set('from')} />
        </label>
        <label>
          To
          <input type="date" name="to" value={draft.to} onInput={set('to')} />
        </label>
        <Choice
          label="Kind"
          value={draft.kind}
          onChange={set('kind')}
          options={[['any', 'Any'], ...INCIDENT_KINDS.map((k) => [k, KIND_TITLES[k]] as const)]}
        />
        <Choice
          label="Side"
          value={draft.side}
          onChange={set('side')}
          options={[
            ['any', 'Any'],
            ...(['local', 'remote', 'unknown'] as const).map((s) => [s, SIDE_WORDS[s]] as const),
          ]}
        />
        <Choice
          label="Outcome"
          value={draft.outcome}
          onChange={set('outcome')}
          options={[['any', 'Any'], ['none', 'Not recorded'], ...Object.entries(OUTCOME_WORDS)]}
        />
        <Choice
          label="Dismissed"
          value={draft.dismissed}
          onChange={set('dismissed')}
          options={[
            ['any', 'Either'],
            ['no', 'Not dismissed'],
            ['yes', 'Dismissed'],
          ]}
        />
      </fieldset>
    </form>
  );
}

/** One labelled drop-down of the filter bar; its name is the label in lower case. */
function Choice({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange(e: { currentTarget: { value: string } }): void;
  options: readonly (readonly [value: string, words: string])[];
}) {
  return (
    <label>
      {label}
      <select name={label.toLowerCase()} value={value} onChange={onChange}>
        {options.map(([option, words]) => (
          <option key={option} value={option}>
            {words}
          </option>
        ))}
      </select>
    </label>
  );
}
