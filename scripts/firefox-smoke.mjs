// Loads the Firefox build into a real headless Firefox and checks the whole path once: a loopback
// call on a 127.0.0.1 page, the hook's samples (and which getStats figures Firefox leaves out),
// then the other side's connection closed, until Lifeline's in-page prompt appears. `npm test`
// checks the same path (tests/e2e/firefox.test.ts); this prints what Firefox's stats hold and
// takes the pictures. Run it after `npm run build:firefox`:
//   node scripts/firefox-smoke.mjs        (FIREFOX_PATH=… for a Firefox other than Debian's ESR)
// From the prompt it opens the walk, records a step, reads the email draft, and opens the options
// and incidents pages. Exits 1 if any of that fails. Screenshots go to .output/firefox-*.png.
import path from 'node:path';
import {
  extensionPage as findPage,
  launchFirefox,
  serveCallPage,
  walkToReport,
} from './firefox-call.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const server = await serveCallPage();
const { browser, id } = await launchFirefox();
const extensionPage = (pathname) => findPage(browser, pathname);
let ok = false;
try {
  console.log(`${await browser.version()}: installed ${id}`);
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(() => {
    window.hookEvents = [];
    document.addEventListener('lifeline:hook', (e) => window.hookEvents.push(e.detail));
  });
  await page.goto(server.url);
  await page.evaluate(() => window.call.then(() => true));
  await new Promise((resolve) => setTimeout(resolve, 12_000));

  const samples = await page.evaluate(() =>
    window.hookEvents.map((d) => JSON.parse(d)).filter((e) => e.type === 'sample'),
  );
  console.log(
    `hook: ${samples.length} samples from ${new Set(samples.map((s) => s.sample.pc)).size} connections`,
  );
  const fields = (list) => [...new Set(list.flatMap((o) => Object.keys(o)))].sort().join(', ');
  const last = samples.map((e) => e.sample).filter((s) => s.state === 'connected');
  console.log(`sample: ${fields(last)}`);
  console.log(`inbound: ${fields(last.flatMap((s) => s.inbound))}`);
  console.log(`outbound: ${fields(last.flatMap((s) => s.outbound))}`);

  const cutAt = Date.now();
  await page.evaluate(() => window.cutStudent());
  while (!ok && Date.now() - cutAt < 20_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    ok = await page.evaluate(() => document.querySelector('lifeline-prompt') !== null);
  }
  console.log(
    ok
      ? `prompt shown ${((Date.now() - cutAt) / 1000).toFixed(1)} s after the connection was cut`
      : 'NO prompt within 20 s of the connection being cut',
  );
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await page.screenshot({ path: path.join(ROOT, '.output/firefox-smoke.png') });
  if (ok) ok = await checkPages(page);
} finally {
  await browser.close();
  server.close();
}
process.exit(ok ? 0 : 1);

/**
 * From the prompt on: its "Fallback steps" opens the walk, where a step is recorded (so the
 * records are written to Firefox's IndexedDB) and the email is drafted; then the options and
 * incidents pages are opened from the walk's own address. Each is saved as a screenshot.
 */
async function checkPages(callPage) {
  const shot = (p, name) => p.screenshot({ path: path.join(ROOT, `.output/firefox-${name}.png`) });
  const { walk, title, firstStep, subject } = await walkToReport(browser, callPage);
  await walk.setViewport({ width: 420, height: 900 });
  console.log(`walk: "${title}", step ${firstStep} recorded; email subject "${subject}"`);
  await shot(walk, 'walk');

  // BiDi will not navigate to moz-extension: addresses; the popup's own links open them.
  await walk.click('.popup-links a[href="/options.html"]');
  const options = await extensionPage('/options.html');
  await options.waitForSelector('#incidentEmail');
  await shot(options, 'options');
  await walk.click('.popup-links a[href="/incidents.html"]');
  const incidents = await extensionPage('/incidents.html');
  await incidents.setViewport({ width: 1100, height: 900 });
  await incidents.waitForSelector('[data-testid=summary][data-complete=true]');
  const rows = await incidents.$$eval('[data-testid=incident-row]', (r) => r.length);
  console.log(`options page shown; incidents page lists ${rows} incident(s)`);
  await shot(incidents, 'incidents');
  return rows >= 1;
}
