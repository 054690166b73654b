// Takes the pictures for README.md and docs/responding.md from the real thing: the built
// extension in Chromium on the demo lesson, with a real fault. Run after `npm run build`:
//   node scripts/screenshots-respond.mjs
// Writes docs/images/prompt.png, prompt-noted.png, walk-step.png, walk-phone.png,
// walk-report.png and walk-recovered.png, each screen of the walk at the popup's size.
import { imagePath, saveDemoSettings, sleep, withLessonBrowser } from './screenshot-browser.mjs';

const POPUP = { width: 380, height: 600, deviceScaleFactor: 2 };

await withLessonBrowser(async ({ browser, server, control }) => {
  await saveDemoSettings(control);

  const lesson = await browser.newPage();
  await lesson.setViewport({ width: 1280, height: 720 });
  await lesson.goto(server.url);
  await lesson.evaluate(() => window.lifelineDemo.ready);
  await sleep(4000);
  await lesson.bringToFront();
  await lesson.evaluate(() => window.lifelineDemo.faults.theirSoundDrops());
  const steps = await lesson.waitForSelector('aria/Steps…[role="button"]', { timeout: 20_000 });
  await sleep(5200);
  await lesson.screenshot({ path: imagePath('prompt.png') });
  console.log('wrote docs/images/prompt.png');

  await steps.click();
  const walkTarget = await browser.waitForTarget((t) => t.url().includes('/popup.html?'));
  const walk = await walkTarget.page();
  await walk.setViewport(POPUP);
  await walk.waitForSelector('[data-testid="walk"]');
  await sleep(800);
  const shot = async (name) => {
    const height = await walk.evaluate(() => document.documentElement.scrollHeight);
    await walk.screenshot({ path: imagePath(name) });
    console.log(`wrote docs/images/${name} (page ${height} px tall)`);
  };
  await shot('walk-step.png');
  const [phone] = await walk.$$('xpath/.//nav[@aria-label="Ways on"]//button[.="Phone"]');
  await phone.click();
  await sleep(500);
  await shot('walk-phone.png');
  await walk.click('[data-answer="yes"]');
  await walk.waitForSelector('[data-testid="walk-report"]');
  await walk.type('[data-testid="lesson-ref"]', 'AB');
  await walk.click('.lesson-ref button');
  await sleep(1200);
  await shot('walk-report.png');

  // The call comes back: the walk and the prompt both say so.
  await lesson.evaluate(() => window.lifelineDemo.restore());
  await walk.waitForSelector('[data-testid="walk-recovered"]', { timeout: 40_000 });
  await sleep(500);
  await shot('walk-recovered.png');
  await walk.close();

  // The prompt's own offer, on a second fault: one action records "carried on by phone".
  await sleep(3000);
  await lesson.evaluate(() => window.lifelineDemo.faults.theirSoundDrops());
  const offer = await lesson.waitForSelector('aria/Carry on by phone[role="button"]', {
    timeout: 20_000,
  });
  await offer.click();
  await lesson.waitForSelector('aria/Report…[role="button"]');
  await sleep(300);
  await lesson.screenshot({
    path: imagePath('prompt-noted.png'),
    clip: { x: 340, y: 0, width: 600, height: 200 },
  });
  console.log('wrote docs/images/prompt-noted.png');
});
