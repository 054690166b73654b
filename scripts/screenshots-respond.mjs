// Takes the pictures for docs/responding.md from the real thing: the built extension in Chromium
// on the demo lesson, with a real fault. Run after `npm run build`:
//   node scripts/screenshots-respond.mjs
// Writes docs/images/prompt.png, walk.png and email-draft.png.
import { imagePath, sleep, withLessonBrowser } from './screenshot-browser.mjs';

await withLessonBrowser(async ({ browser, server, control }) => {
  await control.evaluate(async () => {
    const settings = await chrome.runtime.sendMessage({ type: 'get-settings' });
    await chrome.runtime.sendMessage({
      type: 'save-settings',
      settings: {
        ...settings,
        organisationName: 'Westcountry SEN',
        incidentEmail: 'incidents@tutoring.example',
        tutorName: 'Sam Tutor',
      },
    });
  });

  const lesson = await browser.newPage();
  await lesson.setViewport({ width: 1280, height: 720 });
  await lesson.goto(server.url);
  await lesson.evaluate(() => window.lifelineDemo.ready);
  await sleep(4000);
  await lesson.bringToFront();
  await lesson.setOfflineMode(true);
  const fallback = await lesson.waitForSelector('aria/Fallback steps[role="button"]');
  await sleep(6200);
  await lesson.screenshot({ path: imagePath('prompt.png') });
  console.log('wrote docs/images/prompt.png');

  await fallback.click();
  const walkTarget = await browser.waitForTarget((t) => t.url().includes('/popup.html?'));
  const walk = await walkTarget.page();
  await walk.setViewport({ width: 380, height: 600, deviceScaleFactor: 2 });
  await walk.waitForSelector('[data-testid="walk"]');
  await walk.type('[data-testid="lesson-ref"]', 'AB');
  await walk.click('.lesson-ref button');
  await sleep(1200);
  await walk.click('[data-step="reload-call-tab"] .step-record button.quiet');
  await sleep(1200);
  await walk.click('[data-step="continue-by-phone"] .step-record button');
  await sleep(1200);
  const [phone] = await walk.$$(
    'xpath/.//*[@data-testid="outcome"]//button[.="We carried on by phone"]',
  );
  await phone.click();
  await sleep(2500);
  // The report reads best once the incident is over: back online, 10 s clean, and it ends.
  await lesson.setOfflineMode(false);
  await walk.waitForFunction(
    () =>
      !document.querySelector('[data-testid="email-body"]')?.textContent?.includes('not over yet'),
    { timeout: 30_000 },
  );
  await walk.addStyleTag({ content: '.email-body { max-height: none !important; }' });
  const height = await walk.evaluate(() => document.body.scrollHeight);
  await walk.setViewport({ width: 380, height, deviceScaleFactor: 2 });
  // The top of the walk: quick fixes and "can the lesson continue?", two of them taken.
  const box = await (await walk.$('[data-testid="walk"]')).boundingBox();
  await walk.screenshot({
    path: imagePath('walk.png'),
    clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 1150) },
  });
  console.log('wrote docs/images/walk.png');
  const email = await walk.$('[data-testid="email-draft"]');
  await email.screenshot({ path: imagePath('email-draft.png') });
  console.log('wrote docs/images/email-draft.png');
});
