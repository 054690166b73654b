import { existsSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_TEST_FLAGS } from '../../../scripts/chromium-flags.mjs';
import { findChrome } from '../../../scripts/find-chrome.mjs';

export const EXTENSION_DIR = path.resolve(import.meta.dirname, '../../../.output/chrome-mv3');

export const CHROME_PATH = findChrome();

export interface LifelineBrowser {
  browser: Browser;
  extensionId: string;
  /** Stops the service worker as Chromium does when it idles; it restarts on the next event. */
  stopWorker(): Promise<void>;
  /** The worker's last running status as DevTools reported it: running, stopped, starting… */
  workerStatus(): string;
  /** A page in the extension's origin, for reading what the extension stored. */
  control: Page;
  /**
   * Opens a new control page, after the extension reloaded (an update closes its pages), and
   * returns the worker's id then.
   */
  reopenControl(): Promise<string>;
  /**
   * The welcome page installing opened (issue 14), when asked for with `keepWelcome`. Otherwise
   * it is closed before the test starts, so no test meets a tab it did not open.
   */
  welcome?: Page;
  tabIdOf(page: Page): Promise<number>;
  badge(tabId: number): Promise<{ text: string; color: string }>;
  incidents(): Promise<StoredIncidentRow[]>;
  close(): Promise<void>;
}

export interface StoredIncidentRow {
  id: string;
  kind: string;
  severity: string;
  side: string;
  cause: string;
  startedAt: string;
  detectedAt: string;
  endedAt: string | null;
  dismissed: boolean;
  participants?: { affected: number; of: number };
}

/** Launches headless Chromium with the built extension loaded. */
export async function launchWithExtension({
  extensionDir = EXTENSION_DIR,
  extraArgs = [],
  sound = false,
  keepWelcome = false,
  welcomes = true,
}: {
  /** The unpacked extension to load: the build, unless a test unpacked a store zip. */
  extensionDir?: string;
  extraArgs?: string[];
  /**
   * Let pages play sound: puppeteer mutes headless Chromium, and a muted browser never marks a
   * tab audible. Off by default, so one test's call never counts as another's media tab.
   */
  sound?: boolean;
  keepWelcome?: boolean;
  /** Whether installing opens the welcome page (releases before 0.2.0 had none). */
  welcomes?: boolean;
} = {}): Promise<LifelineBrowser> {
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run "npm run build" first.`);
  }
  const browser = await puppeteer.launch({
    executablePath: CHROME_PATH,
    headless: true,
    pipe: true,
    enableExtensions: [extensionDir],
    args: [...CHROMIUM_TEST_FLAGS, ...extraArgs],
    ...(sound && { ignoreDefaultArgs: ['--mute-audio'] }),
  });
  const workerTarget = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'),
  );
  const extensionId = new URL(workerTarget.url()).host;
  // Every launch is a fresh profile, so a fresh install: the welcome tab always opens. Waited
  // for here, so it can neither steal the focus from a test's page later nor go unnoticed.
  const welcomePage = welcomes
    ? (await (
        await browser.waitForTarget(
          (t) =>
            t.type() === 'page' && t.url() === `chrome-extension://${extensionId}/welcome.html`,
          { timeout: 10_000 },
        )
      ).page())!
    : undefined;
  if (!keepWelcome) await welcomePage?.close();

  // Everything the tests read (tabs, badges, IndexedDB) is read from a quiet page in the
  // extension's origin rather than from the worker: attaching to a worker that is restarting can
  // hold it in "starting" (puppeteer#9995), which would make the worker-restart tests lie. The
  // page is one of the extension's own icons, so it runs no code of ours and sends no messages.
  let control = await browser.newPage();
  await control.goto(`chrome-extension://${extensionId}/icon/16.png`);
  const cdp = await control.createCDPSession();
  await cdp.send('ServiceWorker.enable');
  // Status per worker version, as DevTools reports it. A busy call page wakes the worker within
  // a millisecond of it stopping, so stops are counted as transitions of a version to "stopped"
  // rather than caught by polling the status between them.
  const statuses = new Map<string, string>();
  let stops = 0;
  cdp.on('ServiceWorker.workerVersionUpdated', (event) => {
    for (const v of event.versions) {
      if (!v.scriptURL.startsWith(`chrome-extension://${extensionId}/`)) continue;
      const before = statuses.get(v.versionId);
      statuses.set(v.versionId, v.runningStatus);
      if (v.runningStatus === 'stopped' && before !== undefined && before !== 'stopped') stops++;
    }
  });
  const workerStatus = () =>
    [...statuses.values()].includes('running')
      ? 'running'
      : ([...statuses.values()].at(-1) ?? 'unknown');

  return {
    browser,
    extensionId,
    async stopWorker() {
      const before = stops;
      await cdp.send('ServiceWorker.stopAllWorkers');
      await waitFor(async () => stops > before, {
        timeoutMs: 5000,
        intervalMs: 20,
        what: 'the worker to stop',
      });
    },
    workerStatus,
    async tabIdOf(page) {
      const url = page.url();
      const id = await control.evaluate(async (u: string) => {
        const tabs = await chrome.tabs.query({});
        return tabs.find((t) => t.url === u)?.id;
      }, url);
      if (id === undefined) throw new Error(`No tab found for ${url}`);
      return id;
    },
    async badge(tabId) {
      return control.evaluate(async (id: number) => {
        const text = await chrome.action.getBadgeText({ tabId: id });
        const [r, g, b] = await chrome.action.getBadgeBackgroundColor({ tabId: id });
        const hex =
          `#${[r, g, b].map((n) => n!.toString(16).padStart(2, '0')).join('')}`.toUpperCase();
        return { text, color: hex };
      }, tabId);
    },
    async incidents() {
      return control.evaluate(async () =>
        // Opening a database that does not exist yet would create an empty one and stop the
        // extension's own upgrade from ever running, so look before opening.
        !(await indexedDB.databases()).some((d) => d.name === 'lifeline')
          ? []
          : new Promise<StoredIncidentRow[]>((resolve, reject) => {
              const open = indexedDB.open('lifeline');
              open.onerror = () => reject(open.error);
              open.onsuccess = () => {
                const db = open.result;
                if (!db.objectStoreNames.contains('incidents')) {
                  db.close();
                  return resolve([]);
                }
                const get = db.transaction('incidents').objectStore('incidents').getAll();
                get.onsuccess = () => {
                  db.close();
                  resolve(get.result as StoredIncidentRow[]);
                };
                get.onerror = () => reject(get.error);
              };
            }),
      );
    },
    get control() {
      return control;
    },
    async reopenControl() {
      control = await browser.newPage();
      await waitFor(
        () =>
          control
            .goto(`chrome-extension://${extensionId}/icon/16.png`)
            .then((r) => r?.ok() ?? false),
        { what: 'the extension to load again' },
      );
      return control.evaluate(() => chrome.runtime.id);
    },
    ...(keepWelcome ? { welcome: welcomePage } : {}),
    close: () => browser.close(),
  };
}

/** A plain Chromium, without the extension, for the other participants of a call. */
export const launchPlain = (extraArgs: string[] = []): Promise<Browser> =>
  puppeteer.launch({
    executablePath: CHROME_PATH,
    headless: true,
    pipe: true,
    args: [...CHROMIUM_TEST_FLAGS, ...extraArgs],
  });

/** Polls `probe` until it returns a truthy value or `timeoutMs` passes; returns the value. */
export async function waitFor<T>(
  probe: () => Promise<T>,
  { timeoutMs = 15_000, intervalMs = 100, what = 'condition' } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe().catch(() => undefined);
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`,
  );
}
