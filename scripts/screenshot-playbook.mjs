// Takes docs/playbook.md's picture of the playbook editor from the built extension: the options
// page at a laptop's size, one step's words open, the preview for lost sound on their side.
// Run after `npm run build`: node scripts/screenshot-playbook.mjs
import { imagePath, sleep, withLessonBrowser } from './screenshot-browser.mjs';

const out = process.argv[2] ?? imagePath('playbook-editor.png');

await withLessonBrowser(async ({ browser, extensionId }) => {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 1000, deviceScaleFactor: 1 });
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.waitForSelector('[data-testid=playbook-step]');
  // A step turned off and one opened for editing, as an organisation would be mid-way.
  await page.click('[data-step-id="wait-for-rejoin"] input[type=checkbox]');
  await page.click('[data-step-id="close-other-media"] summary');
  await page.select('#preview-kind', 'no-sound');
  await page.select('#preview-side', 'remote');
  await sleep(300);
  // What the organisation sees on screen once scrolled to the section, not the whole long list.
  await page.$eval('section.playbook', (s) => s.scrollIntoView());
  await sleep(200);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
});
