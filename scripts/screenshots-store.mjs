// Takes the store listing's screenshots (docs/store-listing.md) at the 1280 × 800 both stores
// ask for, from the real thing: the built extension in Chromium on the demo lesson with a real
// fault. The popup's screens are shown at their real size (380 × 600) over the lesson, where the
// tutor sees them. Run after `npm run build`:
//   node scripts/screenshots-store.mjs
// Writes docs/store/1-prompt.png, 2-walk.png, 3-report.png, 4-incidents.png, 5-welcome.png.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { earlierLessons } from './earlier-lessons.mjs';
import { saveDemoSettings, sleep, withLessonBrowser } from './screenshot-browser.mjs';

const STORE = { width: 1280, height: 800 };
const POPUP = { width: 380, height: 600 };
const dir = path.resolve(import.meta.dirname, '../docs/store');
mkdirSync(dir, { recursive: true });
const storePath = (name) => path.join(dir, name);

await withLessonBrowser(async ({ browser, server, control, extensionId }) => {
  await saveDemoSettings(control);

  const lesson = await browser.newPage();
  await lesson.setViewport(STORE);
  await lesson.goto(server.url);
  await lesson.evaluate(() => window.lifelineDemo.ready);
  await sleep(4000);
  await lesson.bringToFront();
  await lesson.evaluate(() => window.lifelineDemo.faults.theirSoundDrops());
  const steps = await lesson.waitForSelector('aria/Steps…[role="button"]', { timeout: 20_000 });
  await sleep(5200);
  const lessonShot = await lesson.screenshot({ path: storePath('1-prompt.png') });
  console.log('wrote docs/store/1-prompt.png');

  await steps.click();
  const walkTarget = await browser.waitForTarget((t) => t.url().includes('/popup.html?'));
  const walk = await walkTarget.page();
  await walk.setViewport(POPUP);
  await walk.waitForSelector('[data-testid="walk"]');
  await sleep(800);
  await overLesson(lessonShot, await walk.screenshot(), '2-walk.png');

  await walk.click('[data-answer="yes"]');
  await walk.waitForSelector('[data-testid="walk-report"]');
  await walk.type('[data-testid="lesson-ref"]', 'AB');
  await walk.click('.lesson-ref button');
  await sleep(1200);
  await overLesson(lessonShot, await walk.screenshot(), '3-report.png');
  await walk.close();

  const incidents = await browser.newPage();
  await incidents.setViewport(STORE);
  await incidents.goto(`chrome-extension://${extensionId}/incidents.html`);
  await incidents.waitForSelector('[data-testid=summary][data-complete=true]');
  await importEarlierLessons(incidents);
  await incidents.reload();
  await incidents.waitForSelector('[data-testid=summary][data-complete=true]');
  await sleep(800);
  await incidents.screenshot({ path: storePath('4-incidents.png') });
  console.log('wrote docs/store/4-incidents.png');

  const welcome = await browser.newPage();
  await welcome.setViewport(STORE);
  await welcome.goto(`chrome-extension://${extensionId}/welcome.html`);
  await welcome.waitForSelector('h1');
  await sleep(800);
  await welcome.screenshot({ path: storePath('5-welcome.png') });
  console.log('wrote docs/store/5-welcome.png');

  /** A term of earlier lessons, through the page's own Import: the page shows what it is for. */
  async function importEarlierLessons(page) {
    const tmp = mkdtempSync(path.join(tmpdir(), 'lifeline-store-'));
    try {
      const file = path.join(tmp, 'lifeline-incidents.json');
      const lessons = earlierLessons();
      writeFileSync(file, JSON.stringify(lessons, null, 2));
      const input = await page.$('[data-testid=import-file]');
      await input.uploadFile(file);
      const report = await page.waitForSelector(
        '[data-testid=import-report], [data-testid=import-error]',
      );
      const words = await report.evaluate((e) => e.textContent);
      if (!words.includes(`Imported: ${lessons.incidents.length} new`)) {
        throw new Error(`the earlier lessons did not import whole: ${words}`);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }

  /** The popup's screen over the lesson, under the toolbar button it opens from. */
  async function overLesson(background, popup, name) {
    const page = await browser.newPage();
    await page.setViewport(STORE);
    const src = (png) => `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
    await page.setContent(
      `<body style="margin:0;position:relative;width:${STORE.width}px;height:${STORE.height}px">
        <img src="${src(background)}" style="position:absolute;inset:0">
        <img src="${src(popup)}" style="position:absolute;top:8px;right:16px;
          border:1px solid #bbb;border-radius:8px;box-shadow:0 6px 24px rgb(0 0 0 / 35%)">
      </body>`,
    );
    await page.evaluate(() => Promise.all([...document.images].map((i) => i.decode())));
    await page.screenshot({ path: storePath(name) });
    await page.close();
    console.log(`wrote docs/store/${name}`);
  }
});
