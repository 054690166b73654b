import { useEffect, useState } from 'preact/hooks';
import { browser, type Browser } from 'wxt/browser';

/**
 * The other tabs playing sound (seeds/004: "Have you … got other browsers open?"), each with
 * Mute and Close. Without the `tabs` permission a tab outside the call sites has no title, so it
 * is named by its place in its window.
 */
export function OtherMediaTabs({ callTabId }: { callTabId: number }) {
  const [tabs, setTabs] = useState<Browser.tabs.Tab[] | null>(null);
  const refresh = async () => {
    const audible = await browser.tabs.query({ audible: true });
    const muted = await browser.tabs.query({ muted: true });
    const seen = new Map([...audible, ...muted].map((t) => [t.id, t]));
    setTabs([...seen.values()].filter((t) => t.id !== undefined && t.id !== callTabId));
  };
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 2000);
    return () => clearInterval(timer);
  }, [callTabId]);

  if (!tabs) return null;
  if (tabs.length === 0) {
    return (
      <p class="muted" data-testid="no-media-tabs">
        No other tab is playing sound right now.
      </p>
    );
  }
  const act = async (work: Promise<unknown>) => {
    await work;
    await refresh();
  };
  return (
    <ul class="media-tabs" data-testid="media-tabs">
      {tabs.map((tab) => (
        <li key={tab.id}>
          <span class="tab-name">
            {tab.title || `Tab ${tab.index + 1} in window ${tab.windowId}`}
          </span>
          <button
            type="button"
            onClick={() => void act(browser.tabs.update(tab.id!, { muted: !tab.mutedInfo?.muted }))}
          >
            {tab.mutedInfo?.muted ? 'Unmute' : 'Mute'}
          </button>
          <button type="button" onClick={() => void act(browser.tabs.remove(tab.id!))}>
            Close
          </button>
        </li>
      ))}
    </ul>
  );
}
