import { useState } from 'preact/hooks';
import { walkFor } from '@/lib/respond/playbook';
import type { PlaybookDocument } from '@/lib/respond/playbook-document';
import type { Settings } from '@/lib/settings/settings';
import { INCIDENT_KINDS, type IncidentKind, type Side } from '@/lib/shared/incident';
import { KIND_TITLES, SIDE_WORDS } from '@/lib/shared/plain-words';
import { SelectField } from './FormField';

const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The walk a tutor would get for one kind of failure on one side, from the playbook as edited
 * (saved or not) and the current settings, as if it had just started.
 */
export function PlaybookPreview({
  playbook,
  settings,
}: {
  playbook: PlaybookDocument;
  settings: Settings;
}) {
  const [kind, setKind] = useState<IncidentKind>('no-sound');
  const [side, setSide] = useState<Side>('remote');
  const steps = walkFor(
    { kind, side, startedAt: new Date().toISOString() },
    playbook,
    settings,
    timeZone,
  );
  return (
    <fieldset class="playbook-preview" data-testid="playbook-preview">
      <legend>Preview of the walk</legend>
      <p class="hint">
        What a tutor is walked through, one step at a time, including changes not saved yet.
      </p>
      <div>
        <SelectField<IncidentKind>
          name="preview-kind"
          label="When this breaks"
          value={kind}
          options={INCIDENT_KINDS.map((k) => [k, KIND_TITLES[k]] as const)}
          onChange={setKind}
        />
        <SelectField<Side>
          name="preview-side"
          label="On whose side"
          value={side}
          options={(['local', 'remote', 'unknown'] as const).map(
            (s) => [s, SIDE_WORDS[s]] as const,
          )}
          onChange={setSide}
        />
      </div>
      {steps.length === 0 ? (
        <p class="notice" data-testid="preview-empty">
          No step is turned on for this. The tutor would only see the way to end the session.
        </p>
      ) : (
        <ol class="preview-steps" aria-label={`${steps.length} steps`}>
          {steps.map((step, i) => (
            <li key={step.id} data-testid="preview-step" data-step-id={step.id}>
              <span class="preview-count">
                {i + 1} of {steps.length}
              </span>
              <strong class="preview-title">{step.title}</strong>
              <span class="preview-line">{step.guidance[0]}</span>
            </li>
          ))}
        </ol>
      )}
    </fieldset>
  );
}
