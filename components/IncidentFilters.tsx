import { INCIDENT_KINDS } from '@/lib/incident';
import type { IncidentFilter } from '@/lib/incident-filters';
import { KIND_TITLES, OUTCOME_WORDS, SIDE_WORDS } from '@/lib/plain-words';

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
        <label>
          Kind
          <select name="kind" value={draft.kind} onChange={set('kind')}>
            <option value="any">Any</option>
            {INCIDENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_TITLES[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Side
          <select name="side" value={draft.side} onChange={set('side')}>
            <option value="any">Any</option>
            {(['local', 'remote', 'unknown'] as const).map((s) => (
              <option key={s} value={s}>
                {SIDE_WORDS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Outcome
          <select name="outcome" value={draft.outcome} onChange={set('outcome')}>
            <option value="any">Any</option>
            <option value="none">Not recorded</option>
            {Object.entries(OUTCOME_WORDS).map(([k, words]) => (
              <option key={k} value={k}>
                {words}
              </option>
            ))}
          </select>
        </label>
        <label>
          Dismissed
          <select name="dismissed" value={draft.dismissed} onChange={set('dismissed')}>
            <option value="any">Either</option>
            <option value="no">Not dismissed</option>
            <option value="yes">Dismissed</option>
          </select>
        </label>
      </fieldset>
    </form>
  );
}
