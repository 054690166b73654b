import { browser } from 'wxt/browser';
import { promptCommandSchema, type PromptCommand, type PromptMessage } from '@/lib/shared/messages';
import { promptHeadline } from '@/lib/health/prompt-words';
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

  let shown: { incident: ShownIncident; host: HTMLElement; timer: number } | undefined;

  const send = (incidentId: string, action: PromptMessage['action']) => {
    const message: PromptMessage = { type: 'prompt-action', incidentId, action };
    browser.runtime.sendMessage(message).catch(() => {
      // The worker restarts on the next event; the tutor can still use the toolbar popup.
    });
  };

  const hide = () => {
    if (!shown) return;
    clearInterval(shown.timer);
    shown.host.remove();
    shown = undefined;
  };

  const show = (incident: ShownIncident) => {
    hide();
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
    headline.setAttribute('aria-hidden', 'true');
    const announcement = element('p', 'sr');
    announcement.setAttribute(
      'aria-live',
      incident.severity === 'failure' ? 'assertive' : 'polite',
    );
    const actions = element('div', 'actions');
    actions.append(
      actionButton('fallback-steps', 'Fallback steps', 'primary'),
      ...(incident.kind === 'no-video'
        ? [actionButton('camera-off', 'Camera off on purpose')]
        : []),
      actionButton('dismiss', 'Dismiss'),
    );
    card.append(headline, announcement, actions);
    root.append(style, card);
    const tick = () =>
      (headline.textContent = promptHeadline(incident.kind, incident.side, elapsed()));
    tick();
    root.querySelectorAll('button').forEach((button) =>
      button.addEventListener('click', () => {
        const action = button.dataset.action as PromptMessage['action'];
        send(incident.id, action);
        if (action !== 'fallback-steps') hide();
      }),
    );
    (document.body ?? document.documentElement).append(host);
    // Announced once, after the element is in the page, so screen readers pick it up; the
    // ticking headline beside it is hidden from them so they are not told every second.
    setTimeout(() => {
      announcement.textContent = `Lifeline: ${headline.textContent}`;
    }, 50);
    shown = { incident, host, timer: window.setInterval(tick, 1000) };
  };

  browser.runtime.onMessage.addListener((message: unknown) => {
    const parsed = promptCommandSchema.safeParse(message);
    if (!parsed.success) return;
    const command = parsed.data;
    if (command.type === 'show-prompt') show(command.incident);
    else if (shown?.incident.id === command.incidentId) hide();
  });
});

function element(tag: string, className?: string): HTMLElement {
  const made = document.createElement(tag);
  if (className) made.className = className;
  return made;
}

function actionButton(action: PromptMessage['action'], label: string, className?: string) {
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
