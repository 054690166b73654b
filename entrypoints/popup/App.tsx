import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { CallStatus } from '@/components/CallStatus';
import { IncidentCard } from '@/components/IncidentCard';
import { MonitorSite } from '@/components/MonitorSite';
import { PopupLinks } from '@/components/PopupLinks';
import type { TabStatus } from '@/lib/tab-status';
import type { UiRequest } from '@/lib/messages';

/** The tab this popup describes: `?tabId=` (tests, links from other pages) or the active tab. */
async function targetTabId(): Promise<number | undefined> {
  const fromUrl = Number(new URLSearchParams(location.search).get('tabId'));
  if (Number.isInteger(fromUrl) && fromUrl > 0) return fromUrl;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

export function App() {
  const [status, setStatus] = useState<TabStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = async () => {
      try {
        const tabId = await targetTabId();
        if (tabId === undefined) throw new Error('No tab to describe.');
        const request: UiRequest = { type: 'get-tab-status', tabId };
        const next = (await browser.runtime.sendMessage(request)) as TabStatus;
        if (!stopped) {
          setStatus(next);
          setError(null);
        }
      } catch (e) {
        if (!stopped) setError(e instanceof Error ? e.message : String(e));
      }
      if (!stopped) timer = setTimeout(refresh, 1000);
    };
    void refresh();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  return (
    <main class={`popup look-${status?.look ?? 'healthy'}`}>
      <header class="popup-header">
        <img src={`/state/${status?.look ?? 'healthy'}-32.png`} alt="" width={24} height={24} />
        <h1>Lifeline</h1>
      </header>
      {error && <p class="error">Lifeline could not read this tab: {error}</p>}
      {!status && !error && <p class="muted">Checking this tab…</p>}
      {status && !status.inCall && (
        <p class="muted" data-testid="no-call">
          No call in this tab yet. Lifeline starts watching as soon as the page starts a call.
        </p>
      )}
      {status && !status.inCall && <MonitorSite />}
      {status?.inCall && (
        <>
          {status.open.map((incident) => (
            <IncidentCard key={incident.id} incident={incident} />
          ))}
          {status.open.length === 0 && (
            <p class="all-well" data-testid="all-well">
              This call looks healthy.
            </p>
          )}
          <CallStatus status={status} />
        </>
      )}
      <PopupLinks />
    </main>
  );
}
