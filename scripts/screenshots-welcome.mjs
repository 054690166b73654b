// The picture of the first-run welcome page for README.md and docs/before-the-lesson.md, from the
// built extension in Chromium. Run after `npm run build`: node scripts/screenshots-welcome.mjs
import { imagePath, sleep, withLessonBrowser } from './screenshot-browser.mjs';

await withLessonBrowser(async ({ browser, extensionId }) => {
  const page = await browser.newPage();
  await page.setViewport({ width: 900, height: 760, deviceScaleFactor: 1 });
  await page.goto(`chrome-extension://${extensionId}/welcome.html`);
  await sleep(800);
  await page.screenshot({ path: imagePath('welcome.png') });
  console.log('wrote docs/images/welcome.png');
});
