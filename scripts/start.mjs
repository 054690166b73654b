// `npm start`: the first thing a tutor runs. Builds the extension, starts the demo lesson on
// 127.0.0.1, and opens Chromium with Lifeline loaded and the lesson open. Close the browser (or
// press Ctrl+C) to stop everything.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { startDemoServer } from '../demo/server.mjs';
import { findChrome } from './find-chrome.mjs';

const root = path.resolve(import.meta.dirname, '..');
const extensionDir = path.join(root, '.output/chrome-mv3');

const build = spawnSync(path.join(root, 'node_modules/.bin/wxt'), ['build'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0 || !existsSync(path.join(extensionDir, 'manifest.json'))) {
  console.error('The extension did not build; see the messages above.');
  process.exit(1);
}

const executablePath = findChrome();
const demo = await startDemoServer({ port: Number(process.env.PORT) || 5757 });
console.log(`Demo lesson: ${demo.url}`);

const browser = await puppeteer.launch({
  executablePath,
  headless: process.env.HEADLESS === '1',
  pipe: true,
  enableExtensions: [extensionDir],
  defaultViewport: null,
  // A tutor's window, not a test run: no "controlled by automated test software" bar.
  ignoreDefaultArgs: ['--enable-automation'],
  args: [
    // A dedicated profile: the demo may use the camera and play sound without asking each time.
    '--use-fake-ui-for-media-stream',
    '--autoplay-policy=no-user-gesture-required',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--window-size=1360,900',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ...(process.env.LIFELINE_FAKE_MEDIA === '1' ? ['--use-fake-device-for-media-stream'] : []),
  ],
});
const [page] = await browser.pages();
await (page ?? (await browser.newPage())).goto(demo.url);
console.log(
  'Chromium is open with Lifeline and the demo lesson. Pin the lifebuoy from the puzzle-piece ' +
    'menu, then try the fault buttons. Close the browser to stop.',
);

const stop = async () => {
  await browser.close().catch(() => undefined);
  await demo.close();
  process.exit(0);
};
browser.on('disconnected', () => void demo.close().then(() => process.exit(0)));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
