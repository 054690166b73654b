import { useEffect, useState } from 'preact/hooks';
import { DbStateNotice } from '@/components/DbStateNotice';
import { CheckboxField, LinesField, SelectField, TextField } from '@/components/FormField';
import { MonitoredSites } from '@/components/MonitoredSites';
import { PlaybookEditor } from '@/components/PlaybookEditor';
import { AgreedPlans } from '@/components/AgreedPlans';
import { describeSensitivity } from '@/lib/detect/sensitivity';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/settings';
import {
  formFromSettings,
  settingsFromForm,
  type SettingsErrors,
  type SettingsForm,
} from '@/lib/settings/settings-form';
import { createDbConnection, DB_NEWS_CHANNEL } from '@/lib/records/db-connection';
import { storageErrorWords } from '@/lib/records/storage-problem';
import { loadSettings, openLifelineDb, saveSettings } from '@/lib/records/store';

const db = createDbConnection(
  (events) => openLifelineDb(undefined, events),
  new BroadcastChannel(DB_NEWS_CHANNEL),
);

/** The form's fields that are free text (not a choice, a tick box or a group). */
type TextKey = {
  [K in keyof SettingsForm]: string extends SettingsForm[K] ? K : never;
}[keyof SettingsForm];

/** Saves `settings`, keeping the monitored sites as stored: the background owns that list. */
async function store(settings: Settings): Promise<Settings> {
  const database = await db;
  const { settings: current } = await loadSettings(database);
  return saveSettings(database, { ...settings, monitoredOrigins: current.monitoredOrigins });
}

export function App() {
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  /** Counts saves, so the playbook editor follows the playbook and words the settings name. */
  const [settingsSaved, setSettingsSaved] = useState(0);

  useEffect(() => {
    void db.then(loadSettings).then(
      ({ settings, problems }) => {
        setForm(formFromSettings(settings));
        setProblems(problems);
      },
      (e: unknown) =>
        setStatus({ text: `Could not read the settings: ${storageErrorWords(e)}`, error: true }),
    );
  }, []);

  if (!form) {
    return (
      <main class="page">
        <DbStateNotice db={db} />
        {status ? <p class="field-error">{status.text}</p> : null}
      </main>
    );
  }

  // Functional updates: two inputs in one task must not overwrite each other's edit.
  const update = (patch: (f: SettingsForm) => Partial<SettingsForm>) => {
    setForm((f) => (f ? { ...f, ...patch(f) } : f));
    setStatus(null);
  };
  const set =
    <K extends keyof SettingsForm>(key: K) =>
    (value: SettingsForm[K]) =>
      update(() => ({ [key]: value }) as Partial<SettingsForm>);
  /** What every plain text field shares: its name, its value, its edits and its error. */
  const bind = (key: TextKey) => ({
    name: key,
    value: form[key],
    onInput: set(key),
    error: errors[key],
  });
  const setPhone = (patch: Partial<Settings['organisationPhone']>) =>
    update((f) => ({ organisationPhone: { ...f.organisationPhone, ...patch } }));
  const setNotifications = (patch: Partial<Settings['notifications']>) =>
    update((f) => ({ notifications: { ...f.notifications, ...patch } }));

  const save = async (e: Event) => {
    e.preventDefault();
    const result = settingsFromForm(form);
    if (!result.ok) {
      setErrors(result.errors);
      setStatus({ text: 'Not saved: correct the fields marked in red.', error: true });
      const first = Object.keys(result.errors)[0];
      if (first) document.getElementById(first)?.focus();
      return;
    }
    try {
      const saved = await store(result.settings);
      setForm(formFromSettings(saved));
      setErrors({});
      setProblems([]);
      setStatus({ text: 'Saved.', error: false });
      setSettingsSaved((n) => n + 1);
    } catch (error) {
      setStatus({ text: `Not saved: ${storageErrorWords(error)}`, error: true });
    }
  };

  const restoreDefaults = async () => {
    const saved = await store(DEFAULT_SETTINGS);
    setForm(formFromSettings(saved));
    setErrors({});
    setProblems([]);
    setStatus({ text: 'Defaults restored and saved.', error: false });
    setSettingsSaved((n) => n + 1);
  };

  return (
    <main class="page options">
      <header class="page-header">
        <img src="/icon/48.png" alt="" width={32} height={32} />
        <h1>Lifeline settings</h1>
        <a class="header-link" href="/incidents.html">
          Incidents
        </a>
      </header>
      <DbStateNotice db={db} />
      {problems.length > 0 && (
        <p class="notice" role="alert">
          Some saved settings could not be read and were reset to their defaults:{' '}
          {problems.join('; ')}. Check them and save.
        </p>
      )}
      <form onSubmit={(e) => void save(e)} noValidate>
        <fieldset>
          <legend>Organisation and reports</legend>
          <TextField {...bind('organisationName')} label="Organisation name" />
          <TextField
            {...bind('incidentEmail')}
            type="email"
            label="Incident email address"
            hint="Incident reports are addressed here. They go to the organisation only, never to parents."
          />
          <TextField {...bind('tutorName')} label="Your name, as reports are signed" />
          <SelectField
            name="lessonReferenceStyle"
            label="Name lessons in reports by"
            hint="Never a full name: reports are email."
            value={form.lessonReferenceStyle}
            options={[
              ['initials', "The student's initials"],
              ['code', 'A lesson code'],
            ]}
            onChange={set('lessonReferenceStyle')}
          />
        </fieldset>

        <fieldset>
          <legend>Fallback by phone</legend>
          <CheckboxField
            name="organisationPhone.available"
            label="The organisation has a phone I can use for sound"
            checked={form.organisationPhone.available}
            onChange={(available) => setPhone({ available })}
          />
          <TextField
            name="organisationPhone.label"
            label="What the phone is called"
            value={form.organisationPhone.label}
            onInput={(label) => setPhone({ label })}
            error={errors['organisationPhone.label']}
          />
          <TextField
            name="organisationPhone.note"
            label="Note about the phone"
            value={form.organisationPhone.note}
            onInput={(note) => setPhone({ note })}
            error={errors['organisationPhone.note']}
          />
          <CheckboxField
            name="ownPhoneAllowed"
            label="I may use my own phone with my number withheld"
            checked={form.ownPhoneAllowed}
            onChange={set('ownPhoneAllowed')}
          />
          <TextField
            {...bind('withholdPrefix')}
            type="tel"
            label="Number-withhold prefix"
            hint="Dialled before the number so yours stays hidden: 141 in the UK, #31# in much of Europe."
          />
        </fieldset>

        <fieldset>
          <legend>Platforms</legend>
          <LinesField {...bind('approvedPlatforms')} label="Approved platforms, one a line" />
          <LinesField
            {...bind('unapprovedPlatforms')}
            label="Never move the lesson to, one a line"
          />
        </fieldset>

        <fieldset>
          <legend>Lessons</legend>
          <TextField
            {...bind('replacementWindowDays')}
            inputMode="numeric"
            label="Replacement lessons within (days)"
            hint="A replacement must fall within this many days of the missed lesson."
          />
          <SelectField
            name="playbook"
            label="Fallback steps for"
            hint="The built-in playbook, and the words it uses (student or client). Once you save your own playbook below, lessons follow that one instead."
            value={form.playbook}
            options={[
              ['tutoring', 'Tutoring'],
              ['counselling', 'Counselling'],
            ]}
            onChange={set('playbook')}
          />
        </fieldset>

        <fieldset>
          <legend>Detection and alerts</legend>
          <SelectField
            name="sensitivity"
            label="Detection sensitivity"
            hint={describeSensitivity(form.sensitivity)}
            value={form.sensitivity}
            options={[
              ['relaxed', 'Relaxed: fewer warnings'],
              ['standard', 'Standard'],
              ['sensitive', 'Sensitive: warns sooner'],
            ]}
            onChange={set('sensitivity')}
          />
          <CheckboxField
            name="notifications.inPagePrompt"
            label="Show a prompt on the lesson tab when something breaks"
            checked={form.notifications.inPagePrompt}
            onChange={(inPagePrompt) => setNotifications({ inPagePrompt })}
          />
          <CheckboxField
            name="notifications.systemWhenHidden"
            label="Show a system notification for failures when the lesson tab is hidden"
            checked={form.notifications.systemWhenHidden}
            onChange={(systemWhenHidden) => setNotifications({ systemWhenHidden })}
          />
        </fieldset>

        <fieldset>
          <legend>Records</legend>
          <TextField
            {...bind('retentionDays')}
            inputMode="numeric"
            label="Keep incidents for (days)"
            hint="Older incidents are deleted once a day. Export them first if you need them."
          />
        </fieldset>

        <div class="actions">
          <button type="submit" class="primary">
            Save
          </button>
          <button type="button" onClick={() => void restoreDefaults()}>
            Restore defaults
          </button>
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

      <section class="card playbook" aria-labelledby="playbook-title">
        <h2 id="playbook-title">Your playbook</h2>
        <p class="hint">
          The steps a tutor is walked through when a lesson breaks. Turn steps on or off, put them
          in order, change their words or add your own; then save, or export the file to send to
          your tutors.
        </p>
        <PlaybookEditor settingsSaved={settingsSaved} />
      </section>

      <section class="card plans" aria-labelledby="plans-title">
        <h2 id="plans-title">Agreed plans</h2>
        <p class="hint">
          What you agreed with each client for when the technology fails: the walk puts it first for
          their lesson. Name clients by initials or a code only, and keep their phone numbers
          somewhere safe and printed, not here.
        </p>
        <AgreedPlans />
      </section>

      <section class="sites" aria-labelledby="sites-title">
        <h2 id="sites-title">Monitored sites</h2>
        <p class="hint">
          Add the site your lessons run on if Lifeline does not watch it yet. The browser asks you
          to allow that one site.
        </p>
        <MonitoredSites />
      </section>
    </main>
  );
}
