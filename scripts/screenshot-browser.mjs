// What both screenshot scripts share: the built extension in headless Chromium, the demo lesson
// server, and a quiet page in the extension's origin for asking the extension things.
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { startDemoServer } from '../demo/server.mjs';
import { CHROMIUM_TEST_FLAGS } from './chromium-flags.mjs';
import { findChrome } from './find-chrome.mjs';
import { closeWelcomeTab } from './welcome-tab.mjs';

const root = path.resolve(import.meta.dirname, '..');

/** Where a README picture goes. */
export const imagePath = (name) => path.join(root, 'docs/images', name);

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The settings every picture shows: a named organisation, its incident address, a tutor. */
export async function saveDemoSettings(control, extra = {}) {
  await control.evaluate(async (more) => {
    const settings = await chrome.runtime.sendMessage({ type: 'get-settings' });
    await chrome.runtime.sendMessage({
      type: 'save-settings',
      settings: {
        ...settings,
        organisationName: 'Westcountry SEN',
        incidentEmail: 'incidents@tutoring.example',
        tutorName: 'Sam Tutor',
        ...more,
      },
    });
  }, extra);
}

/**
 * Starts the demo server and Chromium with the built extension; `run` gets both plus a control
 * page, and everything is closed afterwards whatever happens.
 */
export async function withLessonBrowser(run) {
  const server = await startDemoServer();
  const browser = await puppeteer.launch({
    executablePath: findChrome(),
    headless: true,
    pipe: true,
    enableExtensions: [path.join(root, '.output/chrome-mv3')],
    args: CHROMIUM_TEST_FLAGS,
  });
  try {
    const worker = await browser.waitForTarget((t) => t.type() === 'service_worker');
    const extensionId = new URL(worker.url()).host;
    await closeWelcomeTab(browser, extensionId);
    const control = await browser.newPage();
    await control.goto(`chrome-extension://${extensionId}/icon/16.png`);
    const tabIdOf = (page) =>
      control.evaluate(
        async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id,
        page.url(),
      );
    await run({ browser, server, extensionId, control, tabIdOf });
  } finally {
    await browser.close();
    await server.close();
  }
}
