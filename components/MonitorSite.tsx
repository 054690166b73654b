import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { originMatchPattern, siteFromInput, watchedByDefault } from '@/lib/sites/site-permissions';

type State =
  | { step: 'hidden' }
  | { step: 'offer'; origin: string }
  | { step: 'added'; origin: string; tabId: number }
  | { step: 'refused'; origin: string };

/**
 * "Monitor this site" in the popup (design.md §8): offered when the current tab is a web site
 * Lifeline does not watch. The tab's address is readable here only because the tutor clicked
 * the toolbar button (`activeTab`); the browser then asks to allow that one site.
 */
export function MonitorSite() {
  const [state, setState] = useState<State>({ step: 'hidden' });

  useEffect(() => {
    void (async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (!tab?.url) return;
      const site = siteFromInput(tab.url);
      if ('error' in site || !/^https?:/.test(tab.url) || watchedByDefault(site.origin)) return;
      const granted = await browser.permissions.contains({
        origins: [originMatchPattern(site.origin)],
      });
      if (!granted) setState({ step: 'offer', origin: site.origin });
    })();
  }, []);

  if (state.step === 'hidden') return null;
  const monitor = async () => {
    if (state.step !== 'offer' && state.step !== 'refused') return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    const granted = await browser.permissions.request({
      origins: [originMatchPattern(state.origin)],
    });
    setState(
      granted && tab?.id !== undefined
        ? { step: 'added', origin: state.origin, tabId: tab.id }
        : { step: 'refused', origin: state.origin },
    );
  };
  return (
    <section class="monitor-site" data-testid="monitor-site">
      {state.step === 'added' ? (
        <>
          <p>Lifeline now watches {state.origin}. Reload the page to start watching this call.</p>
          <button type="button" onClick={() => void browser.tabs.reload(state.tabId)}>
            Reload the page
          </button>
        </>
      ) : (
        <>
          <p>
            Lifeline does not watch {state.origin}.
            {state.step === 'refused' && ' The browser did not allow it.'}
          </p>
          <button type="button" onClick={() => void monitor()}>
            Monitor this site
          </button>
        </>
      )}
    </section>
  );
}
