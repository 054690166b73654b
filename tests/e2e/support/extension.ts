import { existsSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page, type WebWorker } from 'puppeteer-core';

export const EXTENSION_DIR = path.resolve(import.meta.dirname, '../../../.output/chrome-mv3');

export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Flags every end-to-end run uses: fake camera and microphone, no background network chatter. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
];

export interface LifelineBrowser {
  browser: Browser;
  extensionId: string;
  /** The background service worker as it is now (it changes after each restart). */
  worker(): Promise<WebWorker>;
  /** Stops the service worker as Chromium does when it idles; it restarts on the next event. */
  stopWorker(): Promise<void>;
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
}

/** Launches headless Chromium with the built extension loaded. */
export async function launchWithExtension(): Promise<LifelineBrowser> {
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION_DIR}: run "npm run build" first.`);
  }
  const browser = await puppeteer.launch({
    executablePath: CHROME_PATH,
    headless: true,
    pipe: true,
    enableExtensions: [EXTENSION_DIR],
    args: CHROMIUM_ARGS,
  });
  const workerTarget = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'),
  );
  const extensionId = new URL(workerTarget.url()).host;
  const cdp = await browser.target().createCDPSession();

  const worker = async (): Promise<WebWorker> => {
    const target = await browser.waitForTarget(
      (t) =>
        t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`),
    );
    const w = await target.worker();
    if (!w) throw new Error('The extension service worker has no worker handle');
    return w;
  };

  return {
    browser,
    extensionId,
    worker,
    async stopWorker() {
      await cdp.send('ServiceWorker.enable' as never).catch(() => undefined);
      await cdp.send('ServiceWorker.stopAllWorkers' as never);
    },
    async tabIdOf(page) {
      const url = page.url();
      const w = await worker();
      const id = await w.evaluate(async (u: string) => {
        const tabs = await chrome.tabs.query({});
        return tabs.find((t) => t.url === u)?.id;
      }, url);
      if (id === undefined) throw new Error(`No tab found for ${url}`);
      return id;
    },
    async badge(tabId) {
      const w = await worker();
      return w.evaluate(async (id: number) => {
        const text = await chrome.action.getBadgeText({ tabId: id });
        const [r, g, b] = await chrome.action.getBadgeBackgroundColor({ tabId: id });
        const hex =
          `#${[r, g, b].map((n) => n!.toString(16).padStart(2, '0')).join('')}`.toUpperCase();
        return { text, color: hex };
      }, tabId);
    },
    async incidents() {
      const w = await worker();
      return w.evaluate(
        () =>
          new Promise<StoredIncidentRow[]>((resolve, reject) => {
            const open = indexedDB.open('lifeline');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
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
    close: () => browser.close(),
  };
}

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
