// Takes the README's pictures from the real thing: the built extension in Chromium on the demo
// lesson. Run after `npm run build`: node scripts/screenshots.mjs
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { startDemoServer } from '../demo/server.mjs';
import { CHROMIUM_TEST_FLAGS } from './chromium-flags.mjs';
import { findChrome } from './find-chrome.mjs';

const root = path.resolve(import.meta.dirname, '..');
const out = (name) => path.join(root, 'docs/images', name);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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
  const lesson = await browser.newPage();
  await lesson.setViewport({ width: 1280, height: 800 });
  await lesson.goto(server.url);
  await lesson.evaluate(() => window.lifelineDemo.ready);
  await sleep(4000);
  const tabId = await lesson
    .evaluate(() => 0)
    .then(async () => {
      const control = await browser.newPage();
      await control.goto(`chrome-extension://${extensionId}/icon/16.png`);
      const id = await control.evaluate(
        async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id,
        lesson.url(),
      );
      await control.close();
      return id;
    });

  const popup = await browser.newPage();
  await popup.setViewport({ width: 340, height: 420, deviceScaleFactor: 2 });
  const shoot = async (name) => {
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
    await popup.waitForSelector('.call-status');
    await sleep(1500);
    const height = await popup.evaluate(() => document.body.scrollHeight);
    await popup.setViewport({ width: 340, height, deviceScaleFactor: 2 });
    await popup.screenshot({ path: out(name) });
    console.log(`wrote docs/images/${name}`);
  };
  await shoot('popup-healthy.png');
  await lesson.setOfflineMode(true);
  await sleep(2500);
  await shoot('popup-failure.png');
  await lesson.setOfflineMode(false);
} finally {
  await browser.close();
  await server.close();
}
