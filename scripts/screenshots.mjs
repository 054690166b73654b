// Takes the README's pictures from the real thing: the built extension in Chromium on the demo
// lesson. Run after `npm run build`: node scripts/screenshots.mjs
import { imagePath, sleep, withLessonBrowser } from './screenshot-browser.mjs';

await withLessonBrowser(async ({ browser, server, extensionId, tabIdOf }) => {
  const lesson = await browser.newPage();
  await lesson.setViewport({ width: 1280, height: 800 });
  await lesson.goto(server.url);
  await lesson.evaluate(() => window.lifelineDemo.ready);
  await sleep(4000);
  // The README's first picture: the demo lesson itself, with its fault panel.
  await lesson.screenshot({ path: new URL('../demo/screenshot.png', import.meta.url).pathname });
  console.log('wrote demo/screenshot.png');
  const tabId = await tabIdOf(lesson);

  const popup = await browser.newPage();
  await popup.setViewport({ width: 380, height: 420, deviceScaleFactor: 2 });
  const shoot = async (name) => {
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
    await popup.waitForSelector('.call-status');
    await sleep(1500);
    const height = await popup.evaluate(() => document.body.scrollHeight);
    await popup.setViewport({ width: 380, height, deviceScaleFactor: 2 });
    await popup.screenshot({ path: imagePath(name) });
    console.log(`wrote docs/images/${name}`);
  };
  await shoot('popup-healthy.png');
  await lesson.setOfflineMode(true);
  await sleep(2500);
  await shoot('popup-failure.png');
  await lesson.setOfflineMode(false);
});
