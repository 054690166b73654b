import { browser } from 'wxt/browser';
import { CALL_SITE_MATCHES } from '@/lib/sites/call-sites';
import { createHookEventGate } from '@/lib/relay/hook-event-gate';
import { HOOK_EVENT_NAME } from '@/lib/hook/hook-event-name';
import { SAMPLES_PER_MESSAGE } from '@/lib/shared/hook-event-limits';
import type { RelayWireMessage } from '@/lib/shared/messages';
import { defineContentScript } from 'wxt/utils/define-content-script';

// The isolated-world half of the call tab: it trusts nothing from the page, bounds what the page
// sends (size, rate) and forwards it to the background, which parses it; and it adds what only
// the browser knows (online state, visibility).
export default defineContentScript({
  matches: CALL_SITE_MATCHES,
  runAt: 'document_start',
  allFrames: true,
  main(ctx) {
    const gate = createHookEventGate();
    const send = (message: RelayWireMessage, last = false, tries = 10) => {
      if (ctx.isInvalid) return;
      // The worker may be restarting. The next sample (1 s later) carries the same state, but
      // nothing repeats a connection or socket closing, or a dropped board answering a poll, so
      // one the background did not answer (it answers once committed, or refused) is sent again.
      // Only those: a close is the last word on its key, and an answer only says the board was
      // back by then, so a late or repeated one cannot undo anything.
      const again = () => {
        if (last && tries > 1) setTimeout(() => send(message, last, tries - 1), 1e3);
      };
      browser.runtime.sendMessage(message).then((reply) => reply || again(), again);
    };

    // A tick's samples arrive within milliseconds of each other, one per connection: they go to
    // the background as one message. Anything else goes after them, in the order it happened.
    let samples: string[] = [];
    const flush = () => {
      if (samples.length) {
        send({
          type: 'samples',
          samples,
          onLine: navigator.onLine,
          visible: document.visibilityState === 'visible',
        });
      }
      samples = [];
    };
    const onHookEvent = (event: Event) => {
      const result = gate((event as CustomEvent).detail);
      if (!result.ok) return;
      const hook = result.event;
      if (hook.kind !== 'sample') {
        flush();
        send({ type: 'page-event', event: hook.text }, hook.last);
      } else {
        const queued = samples.push(hook.text);
        if (queued === 1) setTimeout(flush, 50);
        else if (queued === SAMPLES_PER_MESSAGE) flush();
      }
    };
    const onConnectivity = () =>
      send({ type: 'connectivity', onLine: navigator.onLine, t: Date.now() });

    // Network Information, where the browser has it: only a change of interface (Wi-Fi to
    // cellular, cable pulled) counts; its bandwidth estimates change all the time.
    const network = (navigator as { connection?: EventTarget & { type?: string } }).connection;
    let networkType = network?.type;
    const onNetworkChange = () => {
      if (network?.type === networkType) return;
      networkType = network?.type;
      send({ type: 'connectivity', onLine: navigator.onLine, networkChanged: true, t: Date.now() });
    };

    document.addEventListener(HOOK_EVENT_NAME, onHookEvent);
    network?.addEventListener('change', onNetworkChange);
    ctx.addEventListener(window, 'online', onConnectivity);
    ctx.addEventListener(window, 'offline', onConnectivity);
    ctx.onInvalidated(() => {
      document.removeEventListener(HOOK_EVENT_NAME, onHookEvent);
      network?.removeEventListener('change', onNetworkChange);
    });
  },
});
