// Takes the pictures for docs/before-the-lesson.md and README.md from the real thing: the built
// extension in Chromium on the demo lesson. Run after `npm run build`:
//   node scripts/screenshots-prepare.mjs
// Writes docs/images/readiness-offer.png, readiness.png, heads-up.png, agreed-plans.png and
// walk-agreed-plan.png. Computer load is DevTools' emulation of Compute Pressure.
import { imagePath, saveDemoSettings, sleep, withLessonBrowser } from './screenshot-browser.mjs';

const POPUP = { width: 380, height: 600, deviceScaleFactor: 2 };
const PAGE = { width: 1280, height: 720 };

async function emulatePressure(page, state) {
  const cdp = await page.createCDPSession();
  await cdp.send('Emulation.setPressureSourceOverrideEnabled', { enabled: true, source: 'cpu' });
  await cdp.send('Emulation.setPressureStateOverride', { source: 'cpu', state });
  return cdp;
}

await withLessonBrowser(async ({ browser, server, extensionId, control, tabIdOf }) => {
  const ask = (request) => control.evaluate((r) => chrome.runtime.sendMessage(r), request);
  await saveDemoSettings(control, { withholdPrefix: '141' });

  // The offer as the call starts, then a heads-up after 20 s of critical load.
  const lesson = await browser.newPage();
  await lesson.setViewport(PAGE);
  const pressure = await emulatePressure(lesson, 'nominal');
  await lesson.goto(server.url);
  await lesson.evaluate(() => window.lifelineDemo.ready);
  await lesson.bringToFront();
  await lesson.waitForSelector('aria/Check now[role="button"]', { timeout: 10_000 });
  await sleep(600);
  await lesson.screenshot({ path: imagePath('readiness-offer.png') });
  console.log('wrote docs/images/readiness-offer.png');
  await pressure.send('Emulation.setPressureStateOverride', { source: 'cpu', state: 'critical' });
  await lesson.waitForSelector('aria/OK[role="button"]', { timeout: 40_000 });
  await sleep(600);
  await lesson.screenshot({ path: imagePath('heads-up.png') });
  console.log('wrote docs/images/heads-up.png');
  await pressure.send('Emulation.setPressureStateOverride', { source: 'cpu', state: 'nominal' });

  // The readiness check at the popup's size, on a computer under serious load.
  const tabId = await tabIdOf(lesson);
  const check = await browser.newPage();
  await check.setViewport(POPUP);
  await emulatePressure(check, 'serious');
  await check.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}&screen=readiness`);
  await check.waitForSelector('.readiness-item');
  await sleep(1500);
  await check.screenshot({ path: imagePath('readiness.png') });
  console.log('wrote docs/images/readiness.png');
  await check.close();

  // A plan agreed with a client, on the options page.
  await ask({
    type: 'save-plan',
    plan: {
      lessonRef: 'AB',
      ways: ['phone', 'typing', 'reschedule'],
      whoContacts: 'tutor',
      messageMayBeLeft: true,
      note: 'Their mum helps with the laptop.',
    },
  });
  const options = await browser.newPage();
  await options.setViewport({ width: 900, height: 900, deviceScaleFactor: 1 });
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const plans = await options.waitForSelector('section.plans [data-plan="AB"]');
  await (await options.$('[data-plan="AB"] ::-p-text(Copy paragraph for the contract)')).click();
  await options.waitForSelector('[data-testid="contract-paragraph"]');
  await sleep(300);
  const section = await options.$('section.plans');
  await section.screenshot({ path: imagePath('agreed-plans.png') });
  console.log('wrote docs/images/agreed-plans.png', Boolean(plans));
  await options.close();

  // The walk for AB's lesson with the plan first.
  await lesson.evaluate(() => window.lifelineDemo.faults.theirSoundDrops());
  const steps = await lesson.waitForSelector('aria/Steps…[role="button"]', { timeout: 20_000 });
  await steps.click();
  const walkTarget = await browser.waitForTarget(
    (t) => t.url().includes('/popup.html?') && t.url().includes('incident='),
  );
  const walk = await walkTarget.page();
  await walk.setViewport(POPUP);
  await walk.waitForSelector('[data-testid="which-lesson"]');
  await walk.select('#which-lesson', 'AB');
  await walk.click('[data-testid="which-lesson"] button[type=submit]');
  await walk.waitForSelector('[data-testid="agreed-plan"]');
  await sleep(800);
  await walk.screenshot({ path: imagePath('walk-agreed-plan.png') });
  console.log('wrote docs/images/walk-agreed-plan.png');
});
