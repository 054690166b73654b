// Shared by `npm run bench` and scripts/record-fixtures.mjs: a headless Chromium (with or without
// the built extension) running the demo lesson, and what to read from it. Plain JavaScript so the
// scripts run on Node without a build step.
import { existsSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { findChrome } from '../scripts/find-chrome.mjs';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const EXTENSION_DIR = path.join(ROOT, '.output/chrome-mv3');

import { CHROMIUM_TEST_FLAGS } from '../scripts/chromium-flags.mjs';
import { closeWelcomeTab } from '../scripts/welcome-tab.mjs';

/**
 * An extension that does nothing. A Chromium compared against one with Lifeline loads it, so
 * the two differ by Lifeline alone and not also by extensions being enabled at all.
 */
export const BASELINE_EXTENSION_DIR = path.join(import.meta.dirname, 'baseline-extension');

/**
 * Launches Chromium. With `extension: true` the built extension is loaded and the returned
 * object can read the badge and the stored incidents from its service worker; with `baseline`
 * the extension that does nothing is loaded instead.
 */
export async function launch({ extension = true, baseline = false, args = [] } = {}) {
  if (extension && !existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION_DIR}: run "npx wxt build" first.`);
  }
  const browser = await puppeteer.launch({
    executablePath: findChrome(),
    headless: true,
    pipe: true,
    ...(extension && { enableExtensions: [EXTENSION_DIR] }),
    ...(!extension && baseline && { enableExtensions: [BASELINE_EXTENSION_DIR] }),
    args: [...CHROMIUM_TEST_FLAGS, ...args],
  });
  let extensionId;
  if (extension) {
    const target = await browser.waitForTarget(
      (t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'),
    );
    extensionId = new URL(target.url()).host;
    await closeWelcomeTab(browser, extensionId);
  }
  const worker = async () => {
    const target = await browser.waitForTarget(
      (t) =>
        t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`),
    );
    return target.worker();
  };
  return {
    browser,
    async tabIdOf(page) {
      const url = page.url();
      return (await worker()).evaluate(
        async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id,
        url,
      );
    },
    /** The heads-ups Lifeline gave in a tab's call (lib/prepare, kept in session storage). */
    async headsUps(tabId) {
      return (await worker()).evaluate(async (id) => {
        const key = `prep:${id}`;
        return (await chrome.storage.session.get(key))[key]?.headsUps ?? [];
      }, tabId);
    },
    async badgeText(tabId) {
      return (await worker()).evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
    },
    async incidents() {
      return (await worker()).evaluate(
        () =>
          new Promise((resolve, reject) => {
            const open = indexedDB.open('lifeline');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const get = open.result.transaction('incidents').objectStore('incidents').getAll();
              get.onsuccess = () => {
                open.result.close();
                resolve(get.result);
              };
              get.onerror = () => reject(get.error);
            };
          }),
      );
    },
    close: () => browser.close(),
  };
}

/** Opens the demo lesson and waits until its call's media flows. */
export async function openLesson(chromium, url, { beforeLoad } = {}) {
  const page = await chromium.browser.newPage();
  if (beforeLoad) await page.evaluateOnNewDocument(beforeLoad);
  await page.goto(url);
  await page.evaluate(() => window.lifelineDemo.ready);
  return {
    page,
    fault: (name) => page.evaluate((n) => window.lifelineDemo.faults[n](), name),
    restore: () => page.evaluate(() => window.lifelineDemo.restore()),
  };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every `intervalMs` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor(probe, { timeoutMs = 30_000, intervalMs = 50 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    await sleep(intervalMs);
  }
  return undefined;
}

/** Median and 95th percentile (nearest rank) of a list of numbers. */
export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return { n: sorted.length, median: rank(0.5), p95: rank(0.95), max: sorted[sorted.length - 1] };
}
