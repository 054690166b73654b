import { browser, type Browser } from 'wxt/browser';
import { z } from 'zod';
import type { BadgeLook } from '@/lib/health/badge';
import { createHealthService } from '@/lib/health/health-service';
import { notificationId, parseNotificationId } from '@/lib/health/notification-id';
import {
  promptMessageSchema,
  type PromptCommand,
  relayWireSchema,
  uiRequestSchema,
  type UiRequest,
  watchMessageSchema,
} from '@/lib/shared/messages';
import { createPrepareService } from '@/lib/prepare/prepare-service';
import { createPlanService } from '@/lib/prepare/plan-service';
import { createRecordsMaintenance } from '@/lib/records/records-maintenance';
import { createRespondService } from '@/lib/respond/respond-service';
import { RETENTION_ALARM } from '@/lib/records/retention';
import { createDbConnection, DB_NEWS_CHANNEL } from '@/lib/records/db-connection';
import { STORAGE_PROBLEM_WORDS, storageErrorWords } from '@/lib/records/storage-problem';
import { reuseRecent } from '@/lib/shared/reuse-recent';
import { loadSettings, openLifelineDb, storageReport } from '@/lib/records/store';
import { stateIconPaths } from '@/lib/health/state-icons';
import { createTimelineRecorder } from '@/lib/health/timeline-recorder';
import { defineBackground } from 'wxt/utils/define-background';
import { isPracticeIncident } from '@/lib/prepare/practice-incident';
import { incidentSchema } from '@/lib/shared/incident';
import { parseHookEvent } from '@/lib/shared/hook-events';
import type { ChannelAnswer } from '@/lib/relay/background-channel';
import { RELAY_PORT_NAME } from '@/lib/shared/relay-port';
import { monitoredOriginsFrom, RELAY_FILE, tabsToReattach } from '@/lib/sites/site-permissions';

const UNSAVED_WORK_KEY = 'unsavedWork';
const PRACTICE_KEY = 'practiceIncident';

const practiceRecordSchema = z.object({ tabId: z.number().int(), incident: incidentSchema });

// Wiring only: browser events in, the health service decides, the action API shows the result.
export default defineBackground(() => {
  const db = createDbConnection(
    (events) => openLifelineDb(undefined, events),
    new BroadcastChannel(DB_NEWS_CHANNEL),
  );
  const prepare = createPrepareService({
    // Session storage: the notes of today's calls outlive a stopped worker, never the browser.
    store: {
      read: async (tabId) => (await browser.storage.session.get(prepKey(tabId)))[prepKey(tabId)],
      write: (tabId, prep) =>
        prep
          ? browser.storage.session.set({ [prepKey(tabId)]: prep })
          : browser.storage.session.remove(prepKey(tabId)),
    },
    startWatching: async (tabId) => {
      await browser.scripting.executeScript({
        target: { tabId, frameIds: [0] },
        files: ['/watch.js'],
      });
    },
    showNote: (tabId, note) => sendPrompt(tabId, { type: 'show-note', ...note }),
    inPageNotes: async () => (await loadSettings(await db)).settings.notifications.inPagePrompt,
    incidentOpen: async (tabId) =>
      (await health.tabStatus(tabId)).open.some((i) => i.endedAt === null),
    now: Date.now,
  });
  const plans = createPlanService({ db, now: Date.now });
  const health = createHealthService({
    db,
    before: (tabId, startedAtMs) => prepare.before(tabId, startedAtMs),
    timeline: createTimelineRecorder(db),
    sensitivity: async () => (await loadSettings(await db)).settings.sensitivity,
    now: Date.now,
    newId: () => crypto.randomUUID(),
    showTabLook: (tabId, look) => showTabLook(tabId, look),
    onIncidentChanges: (tabId, changes) => void respond.onIncidentChanges(tabId, changes),
    // Session storage is memory only, readable by extension pages alone, and outlives a stopped
    // worker: what the full disk refused is not lost when the browser stops an idle worker.
    unsavedWork: {
      read: async () => (await browser.storage.session.get(UNSAVED_WORK_KEY))[UNSAVED_WORK_KEY],
      write: (work) =>
        work
          ? browser.storage.session.set({ [UNSAVED_WORK_KEY]: work })
          : browser.storage.session.remove(UNSAVED_WORK_KEY),
    },
  });
  const respond = createRespondService({
    db,
    now: Date.now,
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    isTabFocused,
    sendPrompt,
    notify: async (tabId, incidentId, title, message) => {
      await browser.notifications.create(notificationId(tabId, incidentId), {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title,
        message,
        priority: 2,
        // Firefox has no notification buttons; clicking the notification itself works everywhere.
        ...(import.meta.env.FIREFOX ? {} : { buttons: [{ title: 'Fallback steps' }] }),
      });
    },
    openWalk,
    openIncidentIds: async (tabId) => (await health.tabStatus(tabId)).open.map((i) => i.id),
    markCameraOffOnPurpose: (tabId) => health.markCameraOffOnPurpose(tabId),
    reloadTab: (tabId) => browser.tabs.reload(tabId),
    incident: (id) => health.incident(id),
    isUnsaved: (id) => health.isUnsaved(id),
    // Session storage, like the unsaved work: never IndexedDB, so a practice is never a record.
    practice: {
      read: async () => {
        const stored: unknown = (await browser.storage.session.get(PRACTICE_KEY))[PRACTICE_KEY];
        const parsed = practiceRecordSchema.safeParse(stored);
        return parsed.success ? parsed.data : undefined;
      },
      write: (record) => browser.storage.session.set({ [PRACTICE_KEY]: record }),
    },
    newId: () => crypto.randomUUID(),
  });

  const fromOurExtensionPage = (sender: Browser.runtime.MessageSender) =>
    sender.id === browser.runtime.id && !!sender.url?.startsWith(browser.runtime.getURL('/'));

  // The relays' ports (lib/relay/background-channel.ts): one per call frame, its messages in the
  // order the page's events happened. The tab and frame come from the port's sender, never the body.
  // A port's sender is as the tab was when it opened, so titles are kept as they change.
  const titles = new Map<number, string>();
  browser.runtime.onConnect.addListener((port) => {
    const sender = port.sender;
    const tabId = sender?.tab?.id;
    if (port.name !== RELAY_PORT_NAME || !sender || tabId === undefined) return;
    if (sender.id !== browser.runtime.id || fromOurExtensionPage(sender)) return port.disconnect();
    const frameId = sender.frameId ?? 0;
    const origin = safeOrigin(sender.url ?? sender.tab?.url ?? '');
    if (!titles.has(tabId)) titles.set(tabId, sender.tab?.title ?? '');
    port.onMessage.addListener((message: unknown) => {
      const parsed = relayWireSchema.safeParse(message);
      if (!parsed.success) return;
      const relayed = parsed.data;
      const page = { origin, title: (titles.get(tabId) ?? '').slice(0, 300) };
      if (relayed.type === 'samples') {
        const { onLine, visible } = relayed;
        for (const text of relayed.samples) {
          // The page's text, unparsed by the relay: one that is not a sample is dropped alone.
          const event = parseHookEvent(text);
          if (event?.type !== 'sample') continue;
          const { sample } = event;
          const applied = { type: 'sample', sample, onLine, visible } as const;
          void health.onRelayMessage(tabId, frameId, applied, page).catch(() => undefined);
          const at = Math.min(Date.now(), sample.t);
          void prepare.onSample(tabId, sample, at).catch(warn);
        }
        return;
      }
      const event = relayed.type === 'page-event' ? parseHookEvent(relayed.event) : relayed;
      const id = relayed.type === 'page-event' ? relayed.id : undefined;
      // Answered once committed, or refused (a forged close is not sent again as if unheard).
      const answer = () => {
        if (id === undefined) return;
        try {
          port.postMessage({ answered: id } satisfies ChannelAnswer);
        } catch {
          // The relay's frame is gone; so is what it would send again.
        }
      };
      if (!event || event.type === 'sample') return answer();
      health.onRelayMessage(tabId, frameId, event, page).then(answer, warn);
    });
  });

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (sender.id !== browser.runtime.id) return;
    if (sender.tab?.id !== undefined && !fromOurExtensionPage(sender)) {
      const prompt = promptMessageSchema.safeParse(message);
      if (prompt.success) void respond.onPromptAction(sender.tab.id, prompt.data).catch(warn);
      const watched = watchMessageSchema.safeParse(message);
      if (!watched.success) return;
      const reading = watched.data;
      if (reading.type !== 'note-action') {
        void prepare.onWatchMessage(sender.tab.id, reading).catch(warn);
        if (reading.type === 'pressure') {
          void health.onPressure(sender.tab.id, reading.state).catch(warn);
        }
      } else if (reading.action === 'check') {
        void openReadiness(sender.tab.id).catch(warn);
      }
      return;
    }
    if (!fromOurExtensionPage(sender)) return;
    // The real prompt, loaded by the welcome page for a practice incident, and its start.
    const tabId = sender.tab?.id;
    const prompt = promptMessageSchema.safeParse(message);
    if (prompt.success) {
      if (tabId !== undefined) void respond.onPromptAction(tabId, prompt.data).catch(warn);
      return;
    }
    const request = uiRequestSchema.safeParse(message);
    if (!request.success) return Promise.resolve({ error: 'Unknown request' });
    // Every refusal reaches the page as words: a DOMException (IndexedDB's) is no Error, and the
    // page would read only the browser's "promise rejected without an Error".
    return unlessUpdateBlocked(answer(request.data, tabId)).catch((e: unknown) => ({
      error: errorText(e),
    }));
  });

  // Every stored incident is read for this: with thousands of them, a popup opened again within
  // minutes must not wait behind a fresh read (records do not go bad that fast).
  const recentStorageReport = reuseRecent(5 * 60_000, () => db.then(storageReport));
  const answer = (request: UiRequest, tabId: number | undefined): Promise<unknown> => {
    switch (request.type) {
      case 'start-practice':
        if (tabId === undefined) return Promise.resolve({ error: 'Practice needs a tab.' });
        return respond.startPractice(tabId).catch((e: unknown) => ({ error: errorText(e) }));
      case 'get-tab-status':
        return health.tabStatus(request.tabId);
      case 'camera-off-on-purpose':
        return health.markCameraOffOnPurpose(request.tabId).then(() => ({ ok: true }));
      case 'storage-report':
        return recentStorageReport();
      case 'get-plans':
        return plans.list();
      case 'save-plan':
        return plans.save(request.plan).catch((e: unknown) => ({ error: errorText(e) }));
      case 'delete-plan':
        return plans.remove(request.lessonRef).catch((e: unknown) => ({ error: errorText(e) }));
      case 'import-plans':
        return plans.importFile(request.text).catch((e: unknown) => ({ error: errorText(e) }));
      case 'get-call-prep':
        return prepare.view(request.tabId);
      case 'save-readiness':
        return prepare
          .saveReadiness(request.tabId, request.items)
          .catch((e: unknown) => ({ error: errorText(e) }));
      default:
        return respond.onUiRequest(request).catch((e: unknown) => ({ error: errorText(e) }));
    }
  };

  /** While an older Lifeline page holds up the upgrade, the pages hear why instead of waiting. */
  const unlessUpdateBlocked = (work: Promise<unknown>) =>
    db.state() === 'open'
      ? work
      : Promise.race([
          work,
          db.whenBlocked().then(() => ({ error: STORAGE_PROBLEM_WORDS['update-blocked'] })),
        ]);

  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.title !== undefined && titles.has(tabId)) titles.set(tabId, change.title);
    if (change.status === 'loading' && change.url !== undefined) {
      void health.onTabNavigated(tabId);
      void prepare.onTabNavigated(tabId);
    }
    if (change.audible !== undefined) {
      void browser.tabs
        .query({ audible: true })
        .then((tabs) =>
          health.onAudibleTabs(tabs.flatMap((t) => (t.id === undefined ? [] : [t.id]))),
        );
    }
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    titles.delete(tabId);
    void health.onTabRemoved(tabId);
    void prepare.onTabRemoved(tabId);
  });
  browser.runtime.onStartup.addListener(() => void health.onBrowserStarted());

  const openFromNotification = (id: string) => {
    const target = parseNotificationId(id);
    if (!target) return;
    void browser.notifications.clear(id);
    void openWalk(target.tabId, target.incidentId);
  };
  browser.notifications.onClicked.addListener(openFromNotification);
  browser.notifications.onButtonClicked?.addListener((id) => openFromNotification(id));

  const records = createRecordsMaintenance({ db, sites: browser, now: Date.now });
  browser.runtime.onStartup.addListener(() => void records.syncSites());
  browser.runtime.onInstalled.addListener(() => void records.syncSites());
  // First run only (issue 14): an update must not open it again over a tutor's lesson.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install')
      void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
    // Updated mid-lesson: the call tabs' relays and prompts were cut off with the old version.
    if (reason === 'update') void reattachOpenCalls((tabId) => respond.restorePrompts(tabId));
  });
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

async function isTabFocused(tabId: number): Promise<boolean> {
  const tab = await browser.tabs.get(tabId);
  if (!tab.active) return false;
  // Compared with the last focused window rather than read from `focused`, which headless and
  // some window managers report as true for several windows at once.
  const window = await browser.windows.getLastFocused();
  return window.id === tab.windowId && window.focused;
}

/**
 * Starts the relay again in every open tab of a watched site, so the page's hook, which an
 * update does not stop, reaches the new background (lib/sites/site-permissions.ts); then
 * `reattached` puts back what else the tab had (its open incidents' prompt).
 */
async function reattachOpenCalls(reattached: (tabId: number) => Promise<void>) {
  const [tabs, { origins = [] }] = await Promise.all([
    browser.tabs.query({}),
    browser.permissions.getAll(),
  ]);
  for (const tabId of tabsToReattach(tabs, monitoredOriginsFrom(origins))) {
    // A tab that cannot be scripted (an error page, one closing) has no call to carry on.
    await browser.scripting
      .executeScript({ target: { tabId, allFrames: true }, files: [`/${RELAY_FILE}`] })
      .then(() => reattached(tabId))
      .catch(() => undefined);
  }
}

/** The prompt is injected only when there is something to show (content-script budget, §9). */
async function sendPrompt(tabId: number, command: PromptCommand) {
  // The welcome page loads the prompt itself: extension pages cannot be scripted.
  if (
    (command.type === 'show-prompt' && !isPracticeIncident(command.incident.id)) ||
    command.type === 'show-note'
  ) {
    await browser.scripting.executeScript({
      target: { tabId, frameIds: [0] },
      files: ['/prompt.js'],
    });
  } else {
    // Nothing to hide in a tab that never had a prompt injected.
    const noPrompt = () => undefined;
    return void (await browser.tabs.sendMessage(tabId, command, { frameId: 0 }).catch(noPrompt));
  }
  await browser.tabs.sendMessage(tabId, command, { frameId: 0 });
}

/** The walk for one incident, in a popup-sized window (the toolbar popup cannot be given one). */
async function openWalk(tabId: number, incidentId: string) {
  const query = new URLSearchParams({ tabId: String(tabId), incident: incidentId });
  await browser.windows.create({
    url: browser.runtime.getURL(`/popup.html?${query}`),
    type: 'popup',
    width: 420,
    height: 680,
  });
}

/** The readiness check for the call in `tabId`, in a popup-sized window (from the page's note). */
async function openReadiness(tabId: number) {
  const query = new URLSearchParams({ tabId: String(tabId), screen: 'readiness' });
  await browser.windows.create({
    url: browser.runtime.getURL(`/popup.html?${query}`),
    type: 'popup',
    width: 420,
    height: 680,
  });
}

function prepKey(tabId: number) {
  return `prep:${tabId}`;
}

function errorText(error: unknown): string {
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    return issue ? `${issue.path.join('.')}: ${issue.message}` : 'Invalid input.';
  }
  return storageErrorWords(error);
}

function warn(error: unknown) {
  console.warn('Lifeline:', error);
}
