import { useEffect, useRef, useState } from 'preact/hooks';
import {
  checkPlaybook,
  parsePlaybookFile,
  type PlaybookDocument,
} from '@/lib/respond/playbook-document';
import {
  addStep,
  isAddedStep,
  moveStep,
  newStepProblems,
  removeStep,
  rename,
  setEnabled,
  stamped,
  updateWords,
  type NewStep,
} from '@/lib/respond/playbook-edits';
import type { Settings } from '@/lib/settings/settings';
import { askBackground } from './ask-background';
import { downloadText } from './download';
import { TextField } from './FormField';
import { PlaybookAddStep } from './PlaybookAddStep';
import { PlaybookPreview } from './PlaybookPreview';
import { PlaybookStepRow } from './PlaybookStepRow';
import './playbook-editor.css';

/** The background's answer to `get-playbook`. */
interface PlaybookState {
  settings: Settings;
  playbook: PlaybookDocument;
  custom: boolean;
  problems: string[];
}

/** `reasons` name steps of the draft when `ofDraft`, of an imported file otherwise. */
type Status = { text: string; error: boolean; reasons?: string[]; ofDraft?: boolean };

const EXPORT_NAME = 'lifeline-playbook.json';

/** Where in a step's row the focus goes next: a Move button, its first field, its tick box. */
type FocusTarget = 'up' | 'down' | 'field' | 'box';

const editedAt = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short' });

/** "step 3 (close-other-media), title: …" belongs to the third step. */
function reasonsByStep(reasons: readonly string[]): Map<number, string[]> {
  const byStep = new Map<number, string[]>();
  for (const reason of reasons) {
    const n = /^step (\d+)\b/.exec(reason)?.[1];
    if (!n) continue;
    const index = Number(n) - 1;
    byStep.set(index, [...(byStep.get(index) ?? []), reason]);
  }
  return byStep;
}

/**
 * "Your playbook" on the options page (issue #11, point 5): the steps of the playbook lessons
 * follow, to turn on and off, reorder, reword and add to, with a preview of the walk; saved,
 * exported and imported as the one JSON document an organisation sends its tutors.
 *
 * @param settingsSaved changes whenever the settings form saves, since the built-in playbook and
 *   the preview's words follow the settings.
 */
export function PlaybookEditor({ settingsSaved }: { settingsSaved: number }) {
  const [state, setState] = useState<PlaybookState | null>(null);
  const [draft, setDraft] = useState<PlaybookDocument | null>(null);
  /** Bumped when the draft is replaced wholesale, so the rows drop what was typed in them. */
  const [generation, setGeneration] = useState(0);
  const [status, setStatus] = useState<Status | null>(null);
  const [confirmRestore, setConfirmRestore] = useState(false);
  const [focus, setFocus] = useState<{ id: string; on: FocusTarget } | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const keepOurs = useRef<HTMLButtonElement>(null);
  const dirty = !!state && !!draft && draft !== state.playbook;

  // Closing the tab with changes not saved asks first: an afternoon's edits are easy to lose.
  useEffect(() => {
    if (!dirty) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    addEventListener('beforeunload', ask);
    return () => removeEventListener('beforeunload', ask);
  }, [dirty]);

  // The question takes the focus, on the answer that changes nothing.
  useEffect(() => {
    if (confirmRestore) keepOurs.current?.focus();
  }, [confirmRestore]);

  const load = async (replaceDraft: boolean) => {
    const answer = await askBackground<PlaybookState>({ type: 'get-playbook' });
    setState(answer);
    if (replaceDraft) {
      setDraft(answer.playbook);
      setGeneration((g) => g + 1);
    }
    return answer;
  };

  useEffect(() => {
    load(!dirty).catch((e: unknown) =>
      setStatus({ text: `Could not read the playbook: ${(e as Error).message}`, error: true }),
    );
    // Only when the settings change: unsaved edits are kept, the settings' words refreshed.
  }, [settingsSaved]);

  // The focus goes where the tutor carries on from: the Move button after a move (the row's node
  // moves, which drops the focus), the next row after a removal, the field a refusal names.
  useEffect(() => {
    if (!focus) return;
    const { id, on: which } = focus;
    const row = list.current?.querySelector(`[data-step-id="${id}"]`);
    const target =
      (which === 'field'
        ? row?.querySelector<HTMLElement>('details input, details textarea')
        : null) ??
      (which === 'box' ? row?.querySelector<HTMLElement>('input[type=checkbox]') : null) ??
      row?.querySelector<HTMLElement>(`[data-move="${which}"]:not([disabled])`) ??
      row?.querySelector<HTMLElement>('[data-move]:not([disabled])') ??
      row?.querySelector<HTMLElement>('input');
    target?.focus();
    setFocus(null);
  }, [focus]);

  if (!state || !draft) {
    return status ? <p class="field-error">{status.text}</p> : <p class="hint">Loading…</p>;
  }

  const edit = (next: PlaybookDocument) => {
    setDraft(next);
    setStatus(null);
  };

  const save = async () => {
    const check = checkPlaybook(stamped(draft, new Date()));
    if (!check.ok) {
      setStatus({
        text: 'Not saved. Correct these and save again:',
        error: true,
        reasons: check.reasons,
        ofDraft: true,
      });
      const first = [...reasonsByStep(check.reasons).keys()].sort((a, b) => a - b)[0];
      const id = first === undefined ? undefined : draft.steps[first]?.id;
      if (id) setFocus({ id, on: 'field' });
      return;
    }
    try {
      const saved = await askBackground<PlaybookDocument>({
        type: 'save-playbook',
        playbook: check.playbook,
      });
      setState({ ...state, playbook: saved, custom: true, problems: [] });
      setDraft(saved);
      setStatus({ text: 'Saved. Lessons from now on follow this playbook.', error: false });
    } catch (e) {
      setStatus({ text: (e as Error).message, error: true });
    }
  };

  const restore = async () => {
    setConfirmRestore(false);
    try {
      await askBackground({ type: 'save-playbook', playbook: null });
      const answer = await load(true);
      setStatus({ text: `Back to the built-in playbook: ${answer.playbook.name}.`, error: false });
    } catch (e) {
      setStatus({ text: (e as Error).message, error: true });
    }
  };

  const exportFile = () => {
    const check = checkPlaybook(dirty ? stamped(draft, new Date()) : draft);
    if (!check.ok) {
      setStatus({
        text: 'Not exported. Correct these first:',
        error: true,
        reasons: check.reasons,
        ofDraft: true,
      });
      return;
    }
    downloadText(EXPORT_NAME, 'application/json', `${JSON.stringify(check.playbook, null, 2)}\n`);
    setStatus({
      text: `Exported to ${EXPORT_NAME}${dirty ? ', with the changes not saved yet' : ''}.`,
      error: false,
    });
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const check = parsePlaybookFile(await file.text());
    if (!check.ok) {
      setStatus({
        text: `${file.name} was refused and nothing was changed:`,
        error: true,
        reasons: check.reasons,
      });
      return;
    }
    try {
      const saved = await askBackground<PlaybookDocument>({
        type: 'save-playbook',
        playbook: check.playbook,
      });
      setState({ ...state, playbook: saved, custom: true, problems: [] });
      setDraft(saved);
      setGeneration((g) => g + 1);
      setStatus({
        text: `Imported and saved "${saved.name}": ${saved.steps.length} steps, last edited ${editedAt(saved.updatedAt)}.`,
        error: false,
      });
    } catch (e) {
      setStatus({ text: (e as Error).message, error: true });
    }
  };

  const add = (step: NewStep): string[] => {
    const problems = newStepProblems(step);
    if (problems.length) return problems;
    const { playbook, id } = addStep(draft, step);
    const check = checkPlaybook(playbook);
    if (!check.ok) {
      const index = playbook.steps.findIndex((s) => s.id === id);
      const own = reasonsByStep(check.reasons).get(index);
      if (own?.length) return own.map((r) => r.replace(/^step \d+ \([^)]*\)(, )?/, ''));
    }
    edit(playbook);
    setStatus({ text: `Added "${step.title.trim()}". Save to keep it.`, error: false });
    setFocus({ id, on: 'down' });
    return [];
  };

  const stepReasons = reasonsByStep(status?.ofDraft ? (status.reasons ?? []) : []);
  const saved = state.playbook;

  return (
    <div class="playbook-editor" data-testid="playbook-editor">
      <p data-testid="playbook-source" class="playbook-source">
        {state.custom ? (
          <>
            Lessons follow your organisation's playbook <strong>"{saved.name}"</strong>, last edited{' '}
            {editedAt(saved.updatedAt)}.
          </>
        ) : (
          <>
            Lessons follow the built-in playbook <strong>"{saved.name}"</strong>. Change it below
            and save to make it your organisation's own.
          </>
        )}
      </p>
      {state.problems.length > 0 && (
        <p class="notice" role="alert">
          The saved playbook could not be read, so lessons follow the built-in one:{' '}
          {state.problems.join('; ')}
        </p>
      )}

      <div class="actions playbook-actions">
        <button
          type="button"
          class="primary"
          data-testid="playbook-save"
          onClick={() => void save()}
        >
          Save playbook
        </button>
        <button type="button" data-testid="playbook-export" onClick={exportFile}>
          Export to a file
        </button>
        <label class="file-button">
          Import from a file
          <input
            type="file"
            accept=".json,application/json"
            data-testid="playbook-import-file"
            onChange={(e) => void importFile(e.currentTarget)}
          />
        </label>
        {dirty && (
          <button
            type="button"
            onClick={() => {
              setDraft(state.playbook);
              setGeneration((g) => g + 1);
              setStatus({ text: 'Changes undone.', error: false });
            }}
          >
            Undo changes
          </button>
        )}
        {dirty && (
          <span class="hint" data-testid="playbook-unsaved">
            Changes not saved yet.
          </span>
        )}
        {state.custom && !confirmRestore && (
          <button
            type="button"
            data-testid="playbook-restore"
            onClick={() => setConfirmRestore(true)}
          >
            Go back to the built-in playbook
          </button>
        )}
      </div>
      {confirmRestore && (
        <div class="notice confirm" role="alertdialog" aria-labelledby="restore-question">
          <p id="restore-question">
            Go back to the built-in playbook? Your organisation's playbook is removed from this
            browser. Export it first if you want to keep it.
          </p>
          <button type="button" data-testid="playbook-restore-yes" onClick={() => void restore()}>
            Yes, go back to the built-in one
          </button>{' '}
          <button type="button" ref={keepOurs} onClick={() => setConfirmRestore(false)}>
            No, keep ours
          </button>
        </div>
      )}
      <div aria-live="polite" role="status" data-testid="playbook-status" class="playbook-status">
        {status && (
          <>
            <p class={status.error ? 'field-error' : 'saved'}>{status.text}</p>
            {(status.reasons?.length ?? 0) > 0 && (
              <ul class="field-error" data-testid="playbook-reasons">
                {status.reasons!.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>

      <div class="playbook-columns">
        <div class="playbook-steps-column">
          <TextField
            name="playbook-name"
            label="Name of this playbook"
            hint="Tutors who import the file see this name."
            value={draft.name}
            onInput={(name) => edit(rename(draft, name))}
          />
          <h3 id="playbook-steps-title">Steps, in the order of the walk</h3>
          <p class="hint">
            A tutor sees only the steps turned on that fit what broke and whose side it is.
          </p>
          <ol class="playbook-steps" aria-labelledby="playbook-steps-title" ref={list}>
            {draft.steps.map((step, index) => (
              <PlaybookStepRow
                key={`${generation}-${step.id}`}
                step={step}
                index={index}
                count={draft.steps.length}
                reasons={stepReasons.get(index) ?? []}
                removable={isAddedStep(step.id)}
                onEnabled={(on) => edit(setEnabled(draft, step.id, on))}
                onMove={(by) => {
                  const moved = moveStep(draft, step.id, by);
                  edit(moved);
                  setFocus({ id: step.id, on: by < 0 ? 'up' : 'down' });
                  // The focus stays on the button, so say where the step went.
                  const place = moved.steps.findIndex((s) => s.id === step.id) + 1;
                  setStatus({
                    text: `"${step.title}" is now step ${place} of ${moved.steps.length}. Save to keep it.`,
                    error: false,
                  });
                }}
                onWords={(words) => {
                  setDraft((d) => d && updateWords(d, step.id, words));
                  // Reasons stay beside their steps while they are corrected; "Saved." goes.
                  setStatus((s) => (s?.error ? s : null));
                }}
                onRemove={() => {
                  edit(removeStep(draft, step.id));
                  const next = draft.steps[index + 1] ?? draft.steps[index - 1];
                  if (next) setFocus({ id: next.id, on: 'box' });
                  setStatus({ text: `Removed "${step.title}". Save to keep it.`, error: false });
                }}
              />
            ))}
          </ol>
          <PlaybookAddStep onAdd={add} />
        </div>
        <PlaybookPreview playbook={draft} settings={state.settings} />
      </div>
    </div>
  );
}
