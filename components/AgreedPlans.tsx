import { useEffect, useState } from 'preact/hooks';
import { askBackground } from './ask-background';
import { downloadText } from './download';
import {
  AGREED_WAYS,
  planInWords,
  type AgreedWay,
  type ClientPlan,
  type ClientPlanDraft,
} from '@/lib/prepare/client-plan';
import { plansFile } from '@/lib/prepare/plans-file';
import { contractParagraph } from '@/lib/respond/contract-paragraph';
import './agreed-plans.css';
import type { Settings } from '@/lib/settings/settings';

const WAY_LABELS: Record<AgreedWay, string> = {
  phone: 'Phone',
  text: 'A text to set up another time',
  typing: 'Carry on by typing',
  reschedule: 'Reschedule',
};
const EXPORT_NAME = 'lifeline-plans.json';

const EMPTY: ClientPlanDraft = {
  lessonRef: '',
  ways: ['phone', 'typing'],
  whoContacts: 'tutor',
  messageMayBeLeft: false,
  note: '',
};

type Status = { text: string; error: boolean; reasons?: string[] } | null;

/**
 * The plans agreed with each client for when the technology fails (seeds 000 and 002), by lesson
 * reference, with the paragraph for the client's contract. No contact details: the background
 * refuses a note that holds a phone number or an email address.
 */
export function AgreedPlans() {
  const [plans, setPlans] = useState<ClientPlan[] | null>(null);
  const [unreadable, setUnreadable] = useState(0);
  const [draft, setDraft] = useState<ClientPlanDraft>(EMPTY);
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [paragraph, setParagraph] = useState<{ for: string; text: string } | null>(null);

  const load = async () => {
    const read = await askBackground<{ plans: ClientPlan[]; unreadable: number }>({
      type: 'get-plans',
    });
    setPlans(read.plans);
    setUnreadable(read.unreadable);
  };
  useEffect(() => {
    load().catch((e: Error) => setStatus({ text: e.message, error: true }));
  }, []);

  const save = async (event: Event) => {
    event.preventDefault();
    try {
      const saved = await askBackground<ClientPlan>({ type: 'save-plan', plan: draft });
      if (editing && editing !== saved.lessonRef) {
        await askBackground({ type: 'delete-plan', lessonRef: editing });
      }
      await load();
      setDraft(EMPTY);
      setEditing(null);
      setStatus({ text: `Saved the plan for ${saved.lessonRef}.`, error: false });
    } catch (e) {
      setStatus({ text: (e as Error).message, error: true });
    }
  };

  const remove = async (lessonRef: string) => {
    await askBackground({ type: 'delete-plan', lessonRef });
    await load();
    if (editing === lessonRef) {
      setEditing(null);
      setDraft(EMPTY);
    }
    setStatus({ text: `Deleted the plan for ${lessonRef}.`, error: false });
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const result = await askBackground<{ imported: number } | { problems: string[] }>({
      type: 'import-plans',
      text: await file.text(),
    });
    if ('problems' in result) {
      setStatus({
        text: `${file.name} was refused and nothing was changed:`,
        error: true,
        reasons: result.problems,
      });
      return;
    }
    await load();
    setStatus({
      text: `Imported ${result.imported} plan${result.imported === 1 ? '' : 's'} from ${file.name}.`,
      error: false,
    });
  };

  const showParagraph = async (plan?: ClientPlan) => {
    // Read now, so the paragraph follows settings saved a moment ago on this page.
    const settings = await askBackground<Settings>({ type: 'get-settings' });
    const text = contractParagraph(settings, plan);
    setParagraph({ for: plan?.lessonRef ?? '', text });
    try {
      await navigator.clipboard.writeText(text);
      setStatus({ text: 'The paragraph is copied: paste it into the contract.', error: false });
    } catch {
      setStatus({ text: 'Select the paragraph below and copy it.', error: false });
    }
  };

  const toggleWay = (way: AgreedWay, on: boolean) =>
    setDraft({
      ...draft,
      ways: on
        ? [...draft.ways.filter((w) => w !== way), way]
        : draft.ways.filter((w) => w !== way),
    });
  const move = (way: AgreedWay, by: -1 | 1) => {
    const ways = [...draft.ways];
    const at = ways.indexOf(way);
    const to = at + by;
    if (at < 0 || to < 0 || to >= ways.length) return;
    [ways[at], ways[to]] = [ways[to]!, ways[at]!];
    setDraft({ ...draft, ways });
  };

  return (
    <div class="agreed-plans" data-testid="agreed-plans">
      {unreadable > 0 && (
        <p class="notice" role="alert">
          {unreadable} saved plan{unreadable === 1 ? '' : 's'} could not be read and{' '}
          {unreadable === 1 ? 'is' : 'are'} left as {unreadable === 1 ? 'it was' : 'they were'}.
        </p>
      )}
      {plans && plans.length === 0 && (
        <p class="hint" data-testid="no-plans">
          No plans yet. Add one for each client once you have agreed it with them.
        </p>
      )}
      {plans && plans.length > 0 && (
        <ul class="plan-list">
          {plans.map((plan) => (
            <li key={plan.lessonRef} data-plan={plan.lessonRef}>
              <strong>{plan.lessonRef}</strong>
              <ol>
                {planInWords(plan).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ol>
              <div class="actions">
                <button
                  type="button"
                  onClick={() => {
                    setEditing(plan.lessonRef);
                    setDraft({
                      lessonRef: plan.lessonRef,
                      ways: plan.ways,
                      whoContacts: plan.whoContacts,
                      messageMayBeLeft: plan.messageMayBeLeft,
                      note: plan.note,
                    });
                  }}
                >
                  Edit<span class="sr-only"> the plan for {plan.lessonRef}</span>
                </button>
                <button type="button" onClick={() => void showParagraph(plan)}>
                  Copy paragraph for the contract
                  <span class="sr-only"> of {plan.lessonRef}</span>
                </button>
                <button type="button" onClick={() => void remove(plan.lessonRef)}>
                  Delete<span class="sr-only"> the plan for {plan.lessonRef}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}

      <form class="plan-form" onSubmit={(e) => void save(e)} aria-labelledby="plan-form-title">
        <h3 id="plan-form-title">{editing ? `Change the plan for ${editing}` : 'Add a plan'}</h3>
        <div class="field">
          <label for="plan-ref">Lesson reference (initials or a code)</label>
          <input
            id="plan-ref"
            value={draft.lessonRef}
            maxLength={12}
            autocomplete="off"
            onInput={(e) => setDraft({ ...draft, lessonRef: e.currentTarget.value })}
          />
        </div>
        <fieldset class="field">
          <legend>If the technology fails, we agreed (in this order)</legend>
          <ul class="plan-ways">
            {[...draft.ways, ...AGREED_WAYS.filter((w) => !draft.ways.includes(w))].map((way) => {
              const chosen = draft.ways.indexOf(way);
              return (
                <li key={way}>
                  <label>
                    <input
                      type="checkbox"
                      name="plan-way"
                      value={way}
                      checked={chosen >= 0}
                      onChange={(e) => toggleWay(way, e.currentTarget.checked)}
                    />{' '}
                    {chosen >= 0 ? `${chosen + 1}. ` : ''}
                    {WAY_LABELS[way]}
                  </label>
                  {chosen >= 0 && (
                    <>
                      <button
                        type="button"
                        class="small"
                        disabled={chosen === 0}
                        onClick={() => move(way, -1)}
                      >
                        Up<span class="sr-only"> {WAY_LABELS[way]}</span>
                      </button>
                      <button
                        type="button"
                        class="small"
                        disabled={chosen === draft.ways.length - 1}
                        onClick={() => move(way, 1)}
                      >
                        Down<span class="sr-only"> {WAY_LABELS[way]}</span>
                      </button>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        </fieldset>
        <fieldset class="field">
          <legend>Who phones or texts whom</legend>
          <label>
            <input
              type="radio"
              name="who-contacts"
              checked={draft.whoContacts === 'tutor'}
              onChange={() => setDraft({ ...draft, whoContacts: 'tutor' })}
            />{' '}
            I contact them
          </label>{' '}
          <label>
            <input
              type="radio"
              name="who-contacts"
              checked={draft.whoContacts === 'client'}
              onChange={() => setDraft({ ...draft, whoContacts: 'client' })}
            />{' '}
            They contact me
          </label>
        </fieldset>
        <div class="field field-checkbox">
          <input
            id="plan-message"
            type="checkbox"
            checked={draft.messageMayBeLeft}
            onChange={(e) => setDraft({ ...draft, messageMayBeLeft: e.currentTarget.checked })}
          />
          <label for="plan-message">A message may be left</label>
        </div>
        <div class="field">
          <label for="plan-note">Note (optional; no phone numbers or addresses)</label>
          <textarea
            id="plan-note"
            rows={2}
            maxLength={300}
            value={draft.note}
            onInput={(e) => setDraft({ ...draft, note: e.currentTarget.value })}
          />
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            Save plan
          </button>
          {editing && (
            <button
              type="button"
              onClick={() => {
                setEditing(null);
                setDraft(EMPTY);
              }}
            >
              Cancel
            </button>
          )}
        </div>
      </form>

      <div class="actions plan-file-actions">
        <button type="button" onClick={() => void showParagraph()}>
          Copy a general paragraph for contracts
        </button>
        <button
          type="button"
          disabled={!plans?.length}
          onClick={() => {
            downloadText(
              EXPORT_NAME,
              'application/json',
              `${JSON.stringify(plansFile(plans ?? [], Date.now()), null, 2)}\n`,
            );
            setStatus({ text: `Exported to ${EXPORT_NAME}.`, error: false });
          }}
        >
          Export plans
        </button>
        <label class="file-button">
          Import plans
          <input
            type="file"
            accept=".json,application/json"
            data-testid="plans-import-file"
            onChange={(e) => void importFile(e.currentTarget)}
          />
        </label>
      </div>
      {status && (
        <div
          class={status.error ? 'field-error' : 'saved'}
          role="status"
          data-testid="plans-status"
        >
          {status.text}
          {status.reasons && (
            <ul>
              {status.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {paragraph && (
        <div class="field">
          <label for="contract-paragraph">
            For the contract{paragraph.for ? ` of ${paragraph.for}` : ''}
          </label>
          <textarea
            id="contract-paragraph"
            data-testid="contract-paragraph"
            rows={6}
            readOnly
            value={paragraph.text}
          />
        </div>
      )}
    </div>
  );
}
