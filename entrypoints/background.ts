import { browser, type Browser } from 'wxt/browser';
import type { BadgeLook } from '@/lib/badge';
import { createHealthService } from '@/lib/health-service';
import { relayMessageSchema, uiRequestSchema } from '@/lib/messages';
import { createRecordsMaintenance } from '@/lib/records-maintenance';
import { RETENTION_ALARM } from '@/lib/retention';
import { openLifelineDb } from '@/lib/store';
import { stateIconPaths } from '@/lib/state-icons';
import { createTimelineRecorder } from '@/lib/timeline-recorder';

// Wiring only: browser events in, the health service decides, the action API shows the result.
export default defineBackground(() => {
  const db = openLifelineDb();
  const health = createHealthService({
    db,
    timeline: createTimelineRecorder(db),
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
    }
  });

  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading' && change.url !== undefined) void health.onTabNavigated(tabId);
  });
  browser.tabs.onRemoved.addListener((tabId) => void health.onTabRemoved(tabId));
  browser.runtime.onStartup.addListener(() => void health.onBrowserStarted());

  const records = createRecordsMaintenance({ db, sites: browser, now: Date.now });
  browser.runtime.onStartup.addListener(() => void records.syncSites());
  browser.runtime.onInstalled.addListener(() => void records.syncSites());
  browser.permissions.onAdded.addListener(() => void records.syncSites());
  browser.permissions.onRemoved.addListener(() => void records.syncSites());
  // Created once: re-creating it at every worker start would keep pushing the daily purge back.
  void browser.alarms.get(RETENTION_ALARM).then((existing) => {
    if (!existing) {
      return browser.alarms.create(RETENTION_ALARM, { delayInMinutes: 1, periodInMinutes: 1440 });
    }
  });

  void browser.alarms.create('health-sweep', { periodInMinutes: 1 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === 'health-sweep') void health.sweep();
    if (alarm.name === RETENTION_ALARM) void records.purgeExpired();
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
