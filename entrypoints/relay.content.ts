import { browser } from 'wxt/browser';
import { CALL_SITE_MATCHES } from '@/lib/sites/call-sites';
import { createBackgroundChannel } from '@/lib/relay/background-channel';
import { createHookEventGate } from '@/lib/relay/hook-event-gate';
import { HOOK_EVENT_NAME } from '@/lib/hook/hook-event-name';
import { SAMPLES_PER_MESSAGE } from '@/lib/shared/hook-event-limits';
import { RELAY_PORT_NAME } from '@/lib/shared/relay-port';
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
    const channel = createBackgroundChannel({
      connect: () => browser.runtime.connect({ name: RELAY_PORT_NAME }),
      later: (run, ms) => setTimeout(run, ms),
    });
    const send = (message: RelayWireMessage, needsAnswer = false) => {
      if (!ctx.isInvalid) channel.send(message, needsAnswer);
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
      channel.close();
      document.removeEventListener(HOOK_EVENT_NAME, onHookEvent);
      network?.removeEventListener('change', onNetworkChange);
    });
  },
});
