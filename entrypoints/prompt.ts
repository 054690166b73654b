import { browser } from 'wxt/browser';
import {
  promptCommandSchema,
  type PromptCommand,
  type PromptMessage,
  type WatchMessage,
} from '@/lib/shared/messages';
import { promptHeadline } from '@/lib/health/prompt-words';
import { isPracticeIncident } from '@/lib/prepare/practice-incident';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';

type ShownIncident = Extract<PromptCommand, { type: 'show-prompt' }>['incident'];

// The in-page prompt (design.md §4). Injected on demand by the background with
// scripting.executeScript, so it costs the always-loaded content scripts nothing. It lives in a
// closed shadow root (the page can neither style nor click into it), at the top centre of the
// window, where the major call pages keep no controls (Meet, Zoom, Jitsi and Whereby have them
// at the bottom; Teams at the top right).
export default defineUnlistedScript(() => {
  const installed = Symbol.for('lifeline.prompt');
  const scope = globalThis as { [installed]?: true };
  if (scope[installed]) return;
  scope[installed] = true;
  // An update leaves the old version's cards in the page with dead buttons (their script lost
  // the extension); this version shows the open incidents again in their place.
  for (const old of document.querySelectorAll('lifeline-prompt, lifeline-note')) old.remove();

  let shown:
    { incident: ShownIncident; host: HTMLElement; card: HTMLElement; timer: number } | undefined;

  /** The incident being shown while its card is first built, before `shown` is set. */
  let pending: ShownIncident | undefined;

  // Incidents the tutor has acted on here. An escalation decided just before their choice was
  // stored can still arrive after it, and must not put the question back.
  const handled = new Set<string>();

  const send = (incidentId: string, action: PromptMessage['action']) => {
    const message: PromptMessage = { type: 'prompt-action', incidentId, action };
    browser.runtime.sendMessage(message).catch(() => {
      // The worker restarts on the next event; the tutor can still use the toolbar popup.
    });
  };

  let note: { host: HTMLElement; timer: number; offer: boolean } | undefined;
  const hideNote = () => {
    if (!note) return;
    clearTimeout(note.timer);
    note.host.remove();
    note = undefined;
  };

  const hide = () => {
    if (!shown) return;
    clearInterval(shown.timer);
    shown.host.remove();
    shown = undefined;
  };

  /** The card's buttons, numbered for Alt+Shift+1, 2, 3 so a keyboard user never hunts for them. */
  const fill = (
    card: HTMLElement,
    lines: HTMLElement[],
    buttons: (readonly [PromptMessage['action'] | 'close', string])[],
  ) => {
    const actions = element('div', 'actions');
    buttons.forEach(([action, label], i) => {
      const button = actionButton(action, label, i === 0 ? 'primary' : undefined);
      button.setAttribute('aria-keyshortcuts', `Alt+Shift+${i + 1}`);
      button.title = `Alt+Shift+${i + 1}`;
      actions.append(button);
    });
    // A practice says so on every face of the card, so it is never taken for a real failure.
    const practice = shown?.incident ?? pending;
    const tag = practice && isPracticeIncident(practice.id) ? [practiceTag()] : [];
    card.replaceChildren(...tag, ...lines, actions);
  };

  const announce = (card: HTMLElement, text: string, urgent: boolean) => {
    const practice = shown?.incident ?? pending;
    const who = practice && isPracticeIncident(practice.id) ? 'Lifeline practice' : 'Lifeline';
    const announcement = element('p', 'sr');
    announcement.setAttribute('aria-live', urgent ? 'assertive' : 'polite');
    card.append(announcement);
    // Filled after the element is in the page, so screen readers pick it up.
    setTimeout(() => (announcement.textContent = `${who}: ${text}`), 50);
  };

  const show = (incident: ShownIncident, offer: string | undefined) => {
    hide();
    // Something broke: the offer to check readiness is out of date, a heads-up may explain it.
    if (note?.offer) hideNote();
    pending = incident;
    const host = document.createElement('lifeline-prompt');
    const root = host.attachShadow({ mode: 'closed' });
    const elapsed = () => Math.max(0, Date.now() - Date.parse(incident.startedAt));
    // Built element by element rather than from an HTML string: nothing from a message is ever
    // parsed as markup, and Firefox's add-on linter flags any `innerHTML` assignment.
    const style = document.createElement('style');
    style.textContent = STYLE;
    const card = element('section', `card ${incident.severity}`);
    card.setAttribute('aria-label', 'Lifeline');
    const headline = element('p', 'headline');
    // The ticking headline is hidden from screen readers so they are not told every second.
    headline.setAttribute('aria-hidden', 'true');
    fill(
      card,
      [headline],
      [
        ...(offer ? [['offer', offer] as const] : []),
        ['fallback-steps', offer ? 'Steps…' : 'Fallback steps'],
        // Their camera may be off on purpose; our own camera, share or overloaded computer is not.
        ...(incident.kind === 'no-video' && incident.side === 'remote'
          ? [['camera-off', 'Camera off on purpose'] as const]
          : []),
        ['dismiss', 'Dismiss'],
      ],
    );
    root.append(style, card);
    root.addEventListener('click', (event) => {
      const button = (event.target as Element).closest('button');
      if (!button || !shown) return;
      const action = button.dataset.action as PromptMessage['action'] | 'close';
      if (action === 'close') return hide();
      send(shown.incident.id, action);
      if (action === 'offer') handled.add(shown.incident.id);
      if (action === 'dismiss' || action === 'camera-off') hide();
    });
    const tick = () =>
      (headline.textContent = promptHeadline(
        incident.kind,
        incident.side,
        elapsed(),
        incident.cause,
      ));
    tick();
    (document.body ?? document.documentElement).append(host);
    announce(card, headline.textContent ?? '', incident.severity === 'failure');
    shown = { incident, host, card, timer: window.setInterval(tick, 1000) };
    pending = undefined;
  };

  /** After the offered step: what was recorded and the step's words, e.g. the withhold prefix. */
  const noted = (text: string, lines: string[]) => {
    if (!shown) return;
    clearInterval(shown.timer);
    const said = element('p', 'headline');
    said.textContent = `✓ ${text}`;
    const words = lines.map((line) => {
      const p = element('p', 'line');
      p.textContent = line;
      return p;
    });
    fill(
      shown.card,
      [said, ...words],
      [
        ['fallback-steps', 'Report…'],
        ['close', 'Close'],
      ],
    );
    announce(shown.card, text, false);
  };

  const recovered = (text: string) => {
    if (!shown) return;
    clearInterval(shown.timer);
    shown.card.className = 'card recovered';
    const said = element('p', 'headline');
    said.textContent = `✓ ${text}`;
    fill(
      shown.card,
      [said],
      [
        ['close', 'Close'],
        ['fallback-steps', 'Report…'],
      ],
    );
    announce(shown.card, text, false);
  };

  /**
   * A heads-up or the readiness offer (issue 14): calmer than the prompt, announced politely,
   * gone by itself, and placed under the prompt when one is up, which always comes first.
   */
  const showNote = (command: Extract<PromptCommand, { type: 'show-note' }>) => {
    hideNote();
    const host = document.createElement('lifeline-note');
    const root = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    const card = element('section', 'card note');
    card.setAttribute('aria-label', 'Lifeline note');
    const text = element('p', 'line');
    text.textContent = command.text;
    const actions = element('div', 'actions');
    if (command.offer) {
      actions.append(
        actionButton('check', 'Check now', 'primary'),
        actionButton('dismiss', 'Not now'),
      );
    } else {
      actions.append(actionButton('close', 'OK'));
    }
    card.append(text, actions);
    if (shown) card.style.top = `${Math.round(shown.card.getBoundingClientRect().bottom) + 8}px`;
    root.append(style, card);
    root.addEventListener('click', (event) => {
      const action = (event.target as Element).closest('button')?.dataset.action;
      if (!action) return;
      if (action === 'check' || action === 'dismiss') {
        const message: WatchMessage = { type: 'note-action', noteId: command.noteId, action };
        browser.runtime.sendMessage(message).catch(() => undefined);
      }
      hideNote();
    });
    (document.body ?? document.documentElement).append(host);
    announce(card, command.text, false);
    const offer = command.offer === true;
    note = { host, offer, timer: window.setTimeout(hideNote, offer ? 20_000 : 45_000) };
  };

  // Alt+Shift+digit presses the prompt's buttons. Captured before the page sees it only while a
  // prompt is up, and only for those keys, so the call page keeps every other shortcut.
  window.addEventListener(
    'keydown',
    (event) => {
      if (!shown || !event.altKey || !event.shiftKey || !/^Digit[1-4]$/.test(event.code)) return;
      const button = shown.card.querySelectorAll('button')[Number(event.code.slice(5)) - 1];
      if (!button) return;
      event.preventDefault();
      event.stopPropagation();
      button.click();
    },
    true,
  );

  browser.runtime.onMessage.addListener((message: unknown) => {
    const parsed = promptCommandSchema.safeParse(message);
    if (!parsed.success) return;
    const command = parsed.data;
    if (command.type === 'show-prompt') {
      if (!handled.has(command.incident.id)) show(command.incident, command.offer);
      return;
    }
    if (command.type === 'show-note') return showNote(command);
    if (shown?.incident.id !== command.incidentId) return;
    if (command.type === 'prompt-noted') noted(command.text, command.lines);
    else if (command.type === 'prompt-recovered') recovered(command.text);
    else hide();
  });
});

function element(tag: string, className?: string): HTMLElement {
  const made = document.createElement(tag);
  if (className) made.className = className;
  return made;
}

function practiceTag(): HTMLElement {
  const tag = element('p', 'practice');
  tag.textContent = 'Practice: nothing is recorded';
  return tag;
}

function actionButton(
  action: PromptMessage['action'] | 'close' | 'check',
  label: string,
  className?: string,
) {
  const made = element('button', className);
  made.setAttribute('type', 'button');
  made.dataset.action = action;
  made.textContent = label;
  return made;
}

const STYLE = `
:host { all: initial; }
.card {
  position: fixed; top: 12px; left: 50%; transform: translateX(-50%);
  z-index: 2147483647; box-sizing: border-box; width: max-content; max-width: min(440px, 92vw);
  padding: 10px 14px; border-radius: 10px; border-left: 6px solid #D93025;
  background: #fff; color: #1f1f1f; box-shadow: 0 4px 16px rgba(0,0,0,.25);
  font: 14px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
}
.card.warning { border-left-color: #F29900; }
.card.recovered { border-left-color: #1A7F64; }
.card.note { border-left-color: #1a73e8; background: #f4f8fe; box-shadow: 0 2px 10px rgba(0,0,0,.18); }
.line { margin: 0 0 6px; }
.practice {
  display: inline-block; margin: 0 0 6px; padding: 1px 8px; border-radius: 4px;
  background: #E8F0FE; color: #174EA6; font-weight: 600; font-size: 13px;
}
.headline { margin: 0 0 8px; font-weight: 600; font-size: 15px; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; }
button {
  font: inherit; padding: 5px 12px; border-radius: 6px; cursor: pointer;
  border: 1px solid #dadce0; background: #fff; color: #1f1f1f;
}
button.primary { background: #1a73e8; border-color: #1a73e8; color: #fff; }
button:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); margin: 0; }
`;
