import { CALL_SITE_MATCHES } from '@/lib/sites/call-sites';
import { HOOK_EVENT_NAME } from '@/lib/hook/hook-event-name';
import { installRtcHook } from '@/lib/hook/install-rtc-hook';
import { installWsHook } from '@/lib/hook/install-ws-hook';
import { defineContentScript } from 'wxt/utils/define-content-script';

// Runs in the page's own world before any page script, so every connection the page creates goes
// through the wrapper. It must not import `wxt/browser`: there is no extension API in this world.
export default defineContentScript({
  matches: CALL_SITE_MATCHES,
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  main() {
    const dispatch = document.dispatchEvent.bind(document);
    const stringify = JSON.stringify;
    const emit = (payload: unknown) =>
      dispatch(new CustomEvent(HOOK_EVENT_NAME, { detail: stringify(payload) }));
    installRtcHook(window, { emit });
    installWsHook(window, emit);
  },
});
