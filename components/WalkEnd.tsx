import { useState } from 'preact/hooks';
import { OUTCOME_LABELS, type OutcomeType } from '@/lib/respond/playbook';

const ENDINGS = ['abandoned', 'continued', 'typing', 'phone'] as const;

/**
 * The walk's last screen: every step was tried or skipped, so the tutor says how the session
 * ended. Abandoning comes first: seeds/004 says that if none of the steps were possible, the
 * session is abandoned, and that is not the tutor's fault.
 */
export function WalkEnd({ onChoose }: { onChoose(type: OutcomeType, note?: string): void }) {
  const [note, setNote] = useState('');
  return (
    <div class="walk-end" data-testid="walk-end">
      <p>
        If none of the steps worked, the session is abandoned. That is not your fault: report it and
        the organisation takes it from there.
      </p>
      <label>
        Note for the report (optional)
        <input
          type="text"
          maxLength={2000}
          value={note}
          onInput={(e) => setNote(e.currentTarget.value)}
        />
      </label>
      <div class="outcome-choices">
        {ENDINGS.map((type, i) => (
          <button
            key={type}
            type="button"
            class={i === 0 ? 'primary' : ''}
            onClick={() => onChoose(type, note.trim() || undefined)}
          >
            {OUTCOME_LABELS[type]}
          </button>
        ))}
      </div>
    </div>
  );
}
