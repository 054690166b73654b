import { browser, type Browser } from 'wxt/browser';
import type { BadgeLook } from '@/lib/badge';
import { createHealthService } from '@/lib/health-service';
import { relayMessageSchema, uiRequestSchema } from '@/lib/messages';
import { openLifelineDb } from '@/lib/store';
import { stateIconPaths } from '@/lib/state-icons';

// Wiring only: browser events in, the health service decides, the action API shows the result.
export default defineBackground(() => {
  const health = createHealthService({
    db: openLifelineDb(),
    now: Date.now,
    newId: () => crypto.randomUUID(),
    showTabLook: (tabId, look) => showTabLook(tabId, look),
  });

  const fromOurExtensionPage = (sender: Browser.runtime.MessageSender) =>
    sender.id === browser.runtime.id && !!sender.url?.startsWith(browser.runtime.getURL('/'));

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (sender.id !== browser.runtime.id) return;
    if (sender.tab?.id !== undefined && !fromOurExtensionPage(sender)) {
      const parsed = relayMessageSchema.safeParse(message);
      if (!parsed.success) return;
      const url = sender.url ?? sender.tab.url ?? '';
      void health.onRelayMessage(sender.tab.id, sender.frameId ?? 0, parsed.data, {
        origin: safeOrigin(url),
        title: (sender.tab.title ?? '').slice(0, 300),
      });
      return;
    }
    if (!fromOurExtensionPage(sender)) return;
    const request = uiRequestSchema.safeParse(message);
    if (!request.success) return Promise.resolve({ error: 'Unknown request' });
    switch (request.data.type) {
      case 'get-tab-status':
        return health.tabStatus(request.data.tabId);
      case 'camera-off-on-purpose':
        return health.markCameraOffOnPurpose(request.data.tabId).then(() => ({ ok: true }));
    }
  });

  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading' && change.url !== undefined) void health.onTabNavigated(tabId);
    if (change.audible !== undefined) {
      void browser.tabs
        .query({ audible: true })
        .then((tabs) =>
          health.onAudibleTabs(tabs.flatMap((t) => (t.id === undefined ? [] : [t.id]))),
        );
    }
  });
  browser.tabs.onRemoved.addListener((tabId) => void health.onTabRemoved(tabId));
  browser.runtime.onStartup.addListener(() => void health.onBrowserStarted());

  void browser.alarms.create('health-sweep', { periodInMinutes: 1 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === 'health-sweep') void health.sweep();
  });
});

async function showTabLook(tabId: number, look: BadgeLook) {
  await Promise.all([
    browser.action.setBadgeText({ tabId, text: look.text }),
    look.color ? browser.action.setBadgeBackgroundColor({ tabId, color: look.color }) : null,
    browser.action.setIcon({ tabId, path: stateIconPaths(look.look) }),
  ]);
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
