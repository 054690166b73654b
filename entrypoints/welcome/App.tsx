import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { askBackground as ask } from '@/components/ask-background';
import { CheckboxField, LinesField, TextField } from '@/components/FormField';
import { setupGaps } from '@/lib/prepare/setup-gaps';
import { PRACTICE_KIND_WORDS, settingsForPracticeKind } from '@/lib/settings/practice-kind';
import {
  DEFAULT_SETTINGS,
  PRACTICE_KINDS,
  type PracticeKind,
  type Settings,
} from '@/lib/settings/settings';
import {
  formFromSettings,
  settingsFromForm,
  type SettingsErrors,
  type SettingsForm,
} from '@/lib/settings/settings-form';

/** The fields each step shows, so a refused value sends the tutor back to the step that has it. */
const STEP_FIELDS: readonly (readonly string[])[] = [
  ['practiceKind'],
  [
    'organisationName',
    'incidentEmail',
    'organisationPhone.available',
    'organisationPhone.label',
    'organisationPhone.note',
    'ownPhoneAllowed',
    'withholdPrefix',
  ],
  ['approvedPlatforms', 'unapprovedPlatforms', 'replacementWindowDays'],
];
const STEP_TITLES = [
  'What kind of practice is yours?',
  'Your organisation and your phone',
  'Platforms and replacement lessons',
];
type Screen = 0 | 1 | 2 | 'done';

/**
 * The first run (issue 14, point 1): three short steps that set what a failure needs, each saved
 * as it is left, and a practice failure with the real prompt and walk. Lifeline already watches
 * lessons while this page is open; nothing here is needed for that.
 */
export function App() {
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [screen, setScreen] = useState<Screen>(0);
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [saved, setSaved] = useState<Settings | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  /** The refused field to focus once drawn (a new object each time, so a second refusal too). */
  const [refused, setRefused] = useState<{ field: string } | null>(null);
  // Focus follows each new step, so a keyboard or screen-reader user starts at its question.
  useLayoutEffect(() => {
    if (first.current) return void (first.current = false);
    heading.current?.focus();
  }, [screen]);

  // After the step is drawn: the refused field takes the focus, its reason right beside it.
  useLayoutEffect(() => {
    if (refused) document.getElementById(refused.field)?.focus();
  }, [refused]);

  useEffect(() => {
    void ask<Settings>({ type: 'get-settings' }).then(
      (settings) => {
        setForm(formFromSettings(settings));
        setSaved(settings);
      },
      (e: Error) => {
        setForm(formFromSettings(DEFAULT_SETTINGS));
        setStatus({ text: `Could not read your settings: ${e.message}`, error: true });
      },
    );
  }, []);

  if (!form) return <main class="page welcome">Loading…</main>;

  const update = (patch: (f: SettingsForm) => Partial<SettingsForm>) => {
    setForm((f) => (f ? { ...f, ...patch(f) } : f));
    setStatus(null);
  };
  const bind = (
    key: 'organisationName' | 'incidentEmail' | 'withholdPrefix' | 'replacementWindowDays',
  ) => ({
    name: key,
    value: form[key],
    onInput: (value: string) => update(() => ({ [key]: value })),
    error: errors[key],
  });
  const lines = (key: 'approvedPlatforms' | 'unapprovedPlatforms') => ({
    name: key,
    value: form[key],
    onInput: (value: string) => update(() => ({ [key]: value })),
    error: errors[key],
  });
  const setPhone = (patch: Partial<Settings['organisationPhone']>) =>
    update((f) => ({ organisationPhone: { ...f.organisationPhone, ...patch } }));

  const chooseKind = (kind: PracticeKind) =>
    update((f) => {
      const typed = f.approvedPlatforms
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const chosen = formFromSettings(
        settingsForPracticeKind(kind, { ...DEFAULT_SETTINGS, approvedPlatforms: typed }),
      );
      // Only what the kind decides; names and addresses already typed stay.
      return {
        practiceKind: chosen.practiceKind,
        playbook: chosen.playbook,
        lessonReferenceStyle: chosen.lessonReferenceStyle,
        organisationPhone: chosen.organisationPhone,
        ownPhoneAllowed: chosen.ownPhoneAllowed,
        approvedPlatforms: chosen.approvedPlatforms,
      };
    });

  /** Saves everything typed so far; on a refusal, shows why beside the field and goes there. */
  const saveAndGo = async (next: Screen) => {
    if (screen === 0 && !form.practiceKind) {
      setErrors({ practiceKind: 'Choose the kind of practice that is closest to yours.' });
      document.getElementById(`kind-${PRACTICE_KINDS[0]}`)?.focus();
      return;
    }
    const result = settingsFromForm(form);
    const refused = result.ok ? await store(result.settings) : result.errors;
    if (!refused) {
      setErrors({});
      setStatus({ text: 'Saved.', error: false });
      setScreen(next);
      return;
    }
    setErrors(refused);
    setStatus({ text: 'Not saved: correct the field marked in red.', error: true });
    const field = Object.keys(refused)[0] ?? '';
    const step = STEP_FIELDS.findIndex((fields) => fields.includes(field));
    if (step >= 0 && step !== screen) setScreen(step as Screen);
    setRefused({ field });
  };

  /** The background validates again; its refusal ("field: reason") is shown on that field. */
  const store = async (settings: Settings): Promise<SettingsErrors | null> => {
    try {
      setSaved(await ask<Settings>({ type: 'save-settings', settings }));
      return null;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const match = /^([\w.]+): (.*)$/.exec(message);
      if (match?.[1] && match[2]) return { [match[1]]: match[2] };
      setStatus({ text: `Not saved: ${message}`, error: true });
      return { '': message };
    }
  };

  const counselling = form.practiceKind === 'counselling-practice';
  const independent = form.practiceKind === 'independent';

  return (
    <main class="page welcome">
      <header class="page-header">
        <img src="/icon/48.png" alt="" width={32} height={32} />
        <h1>Welcome to Lifeline</h1>
        <a class="header-link" href="/options.html">
          All settings
        </a>
      </header>
      <p class="intro">
        Lifeline is already watching your lessons. Three short steps tell it what to do when one
        breaks: who gets the report, which phone you may use, and where a lesson may move.
      </p>

      <form
        class="card"
        noValidate
        data-testid="welcome-step"
        data-step={String(screen)}
        onSubmit={(e) => {
          e.preventDefault();
          void saveAndGo(
            screen === 'done' ? 'done' : screen === 2 ? 'done' : ((screen + 1) as Screen),
          );
        }}
      >
        {screen !== 'done' && (
          <p class="step-count" data-testid="step-count">
            Step {screen + 1} of 3
          </p>
        )}
        <h2 ref={heading} tabIndex={-1} id="step-title">
          {screen === 'done' ? 'Lifeline is set up' : STEP_TITLES[screen]}
        </h2>

        {screen === 0 && (
          <fieldset
            class="kind-choice"
            aria-describedby={errors.practiceKind ? 'practiceKind-error' : undefined}
          >
            <legend class="sr-only">Kind of practice</legend>
            {PRACTICE_KINDS.map((kind) => (
              <div class="kind" key={kind}>
                <input
                  type="radio"
                  id={`kind-${kind}`}
                  name="practiceKind"
                  value={kind}
                  checked={form.practiceKind === kind}
                  aria-describedby={`kind-${kind}-hint`}
                  onChange={() => chooseKind(kind)}
                />
                <label for={`kind-${kind}`}>{PRACTICE_KIND_WORDS[kind].label}</label>
                <p class="hint" id={`kind-${kind}-hint`}>
                  {PRACTICE_KIND_WORDS[kind].hint}
                </p>
              </div>
            ))}
            {errors.practiceKind && (
              <p
                class="field-error"
                id="practiceKind-error"
                role="alert"
                data-testid="error-practiceKind"
              >
                {errors.practiceKind}
              </p>
            )}
          </fieldset>
        )}

        {screen === 1 && (
          <>
            <TextField
              {...bind('organisationName')}
              label={
                independent
                  ? 'Your business name (optional)'
                  : counselling
                    ? 'Practice name'
                    : 'Organisation name'
              }
            />
            <TextField
              {...bind('incidentEmail')}
              type="email"
              label={
                independent
                  ? 'Where your incident notes go (your own address)'
                  : 'Incident email address'
              }
              hint="Each incident report is addressed here. Reports never go to parents or clients."
            />
            <CheckboxField
              name="organisationPhone.available"
              label={
                counselling
                  ? 'The practice has a work phone I can use'
                  : 'The organisation has a phone I can use for sound'
              }
              checked={form.organisationPhone.available}
              onChange={(available) => setPhone({ available })}
            />
            {form.organisationPhone.available && (
              <TextField
                name="organisationPhone.label"
                label="What that phone is called"
                value={form.organisationPhone.label}
                onInput={(label) => setPhone({ label })}
                error={errors['organisationPhone.label']}
              />
            )}
            <CheckboxField
              name="ownPhoneAllowed"
              label="I may use my own phone with my number withheld"
              checked={form.ownPhoneAllowed}
              onChange={(ownPhoneAllowed) => update(() => ({ ownPhoneAllowed }))}
            />
            <TextField
              {...bind('withholdPrefix')}
              type="tel"
              label="Number-withhold prefix"
              hint="Dialled before the number so yours stays hidden: 141 in the UK, #31# in much of Europe."
            />
          </>
        )}

        {screen === 2 && (
          <>
            <LinesField
              {...lines('approvedPlatforms')}
              label="Approved platforms, one a line"
              hint="Where a lesson may carry on. Lifeline never suggests any other."
            />
            <LinesField
              {...lines('unapprovedPlatforms')}
              label="Never move the lesson to, one a line"
            />
            <TextField
              {...bind('replacementWindowDays')}
              inputMode="numeric"
              label="Replacement lessons within (days)"
              hint="A replacement must fall within this many days of the missed lesson (7: a Thursday lesson up to the Wednesday)."
            />
          </>
        )}

        {screen === 'done' && saved && <Done settings={saved} />}

        <div class="actions">
          {screen !== 0 && screen !== 'done' && (
            <button type="button" onClick={() => setScreen((screen - 1) as Screen)}>
              Back
            </button>
          )}
          {screen !== 'done' && (
            <button type="submit" class="primary">
              {screen === 2 ? 'Save and finish' : 'Save and continue'}
            </button>
          )}
          {screen === 'done' && (
            <button type="button" onClick={() => setScreen(0)}>
              Change my answers
            </button>
          )}
          {status && (
            <span
              class={status.error ? 'field-error' : 'saved'}
              role="status"
              data-testid="save-status"
            >
              {status.text}
            </span>
          )}
        </div>
      </form>

      <Practise />
    </main>
  );
}

function Done({ settings }: { settings: Settings }) {
  const gaps = setupGaps(settings);
  return (
    <div class="done" data-testid="welcome-done">
      {gaps.length === 0 ? (
        <p>Everything a failure needs is set. Lifeline stays quiet until a lesson breaks.</p>
      ) : (
        <>
          <p>Saved. Still missing, and named in the toolbar popup until it is set:</p>
          <ul>
            {gaps.map((gap) => (
              <li key={gap.key}>{gap.words}</li>
            ))}
          </ul>
        </>
      )}
      <p>
        Everything else (detection, notifications, your playbook, how long incidents are kept) is on
        the <a href="/options.html">settings page</a>.
      </p>
    </div>
  );
}

/** Loads the real in-page prompt into this page once; the background then talks to it. */
let promptLoaded: Promise<void> | undefined;
function loadPrompt(): Promise<void> {
  promptLoaded ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = browser.runtime.getURL('/prompt.js');
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('The prompt could not be loaded.'));
    document.head.append(script);
  });
  return promptLoaded;
}

/**
 * "Practise a failure": the real prompt appears at the top of this page for a made-up failure,
 * and its buttons open the real walk. The background keeps the practice in session memory only.
 */
function Practise() {
  const [said, setSaid] = useState<{ text: string; error: boolean } | null>(null);
  const practise = async () => {
    try {
      await loadPrompt();
      await ask({ type: 'start-practice' });
      setSaid({
        text: 'The practice prompt is at the top of the page. Alt+Shift+1, 2 and 3 press its buttons.',
        error: false,
      });
    } catch (e) {
      setSaid({
        text: `The practice could not start: ${e instanceof Error ? e.message : String(e)}`,
        error: true,
      });
    }
  };
  return (
    <section class="card practise" aria-labelledby="practise-title">
      <h2 id="practise-title">Practise a failure</h2>
      <p>
        See what happens when a lesson breaks before one does: the prompt appears at the top of this
        page just as it would over your call, and <strong>Steps…</strong> walks you through the
        fallback steps. A practice is marked as practice everywhere, and nothing of it is stored,
        counted or sent.
      </p>
      <div class="actions">
        <button
          type="button"
          class="primary"
          data-testid="practise"
          onClick={() => void practise()}
        >
          Practise a failure
        </button>
        {said && (
          <span
            class={said.error ? 'field-error' : 'saved'}
            role="status"
            data-testid="practise-status"
          >
            {said.text}
          </span>
        )}
      </div>
    </section>
  );
}
