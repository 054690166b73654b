// Loads the Firefox build into a real headless Firefox and checks the whole path once: a loopback
// call on a 127.0.0.1 page, the hook's samples (and which getStats figures Firefox leaves out),
// then the other side's connection closed, until Lifeline's in-page prompt appears. Not part of
// `npm test` (Firefox is not a dependency); run it after `npm run build:firefox`:
//   node scripts/firefox-smoke.mjs        (FIREFOX_PATH=… for a Firefox other than Debian's ESR)
// From the prompt it opens the walk, records a step, reads the email draft, and opens the options
// and incidents pages. Exits 1 if any of that fails. Screenshots go to .output/firefox-*.png.
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const ROOT = path.resolve(import.meta.dirname, '..');
const EXTENSION = path.join(ROOT, '.output/firefox-mv3');
const firefox = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].find(
  (p) => p && existsSync(p),
);
if (!firefox)
  throw new Error('No Firefox found: apt-get install firefox-esr, or set FIREFOX_PATH.');
if (!existsSync(path.join(EXTENSION, 'manifest.json'))) {
  throw new Error('No Firefox build: run "npm run build:firefox" first.');
}

// Two connections in one page, each sending the fake camera and microphone to the other.
const PAGE = `<!doctype html><title>Firefox call</title><script>
window.call = (async () => {
  const media = () => navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  const [mine, theirs] = [await media(), await media()];
  const tutor = new RTCPeerConnection();
  const student = new RTCPeerConnection();
  tutor.onicecandidate = (e) => e.candidate && student.addIceCandidate(e.candidate);
  student.onicecandidate = (e) => e.candidate && tutor.addIceCandidate(e.candidate);
  for (const t of mine.getTracks()) tutor.addTrack(t, mine);
  for (const t of theirs.getTracks()) student.addTrack(t, theirs);
  await tutor.setLocalDescription();
  await student.setRemoteDescription(tutor.localDescription);
  await student.setLocalDescription();
  await tutor.setRemoteDescription(student.localDescription);
  window.cutStudent = () => student.close();
})();
</script>`;
const server = http.createServer((_, res) => {
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(PAGE);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath: firefox,
  headless: true,
  extraPrefsFirefox: {
    'media.navigator.streams.fake': true,
    'media.navigator.permission.disabled': true,
  },
});
let ok = false;
try {
  console.log(`${await browser.version()}: installed ${await browser.installExtension(EXTENSION)}`);
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(() => {
    window.hookEvents = [];
    document.addEventListener('lifeline:hook', (e) => window.hookEvents.push(e.detail));
  });
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
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
  // Puppeteer cannot see into the closed shadow root over Firefox's WebDriver BiDi (its ARIA
  // queries need Chromium's accessibility tree), so go the keyboard user's way: the page has
  // nothing else to focus, and "Steps…" is the prompt's second button (the first, for a cut
  // call, is its own offer: "Carry on by phone").
  await callPage.keyboard.press('Tab');
  await callPage.keyboard.press('Tab');
  await callPage.keyboard.press('Enter');
  const walk = await extensionPage('/popup.html');
  await walk.setViewport({ width: 420, height: 900 });
  await walk.waitForSelector('[data-testid="walk"]');
  const title = await walk.$eval('#walk-title', (e) => e.textContent);
  const firstStep = await walk.$eval('[data-step]', (s) => s.getAttribute('data-step'));
  await walk.click('[data-answer="no"]');
  await walk.waitForSelector('[data-testid="walk"][data-screen="step-1"]');
  await walk.click('.ways-on button:last-child');
  await walk.waitForSelector('[data-testid="walk-end"] .outcome-choices button');
  await walk.click('[data-testid="walk-end"] .outcome-choices button');
  await walk.waitForSelector('[data-testid="walk-report"]');
  const subject = await walk.$eval('[data-testid="email-subject"]', (e) => e.textContent);
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

/**
 * The extension page at `pathname` once open. Over BiDi a page opened by the extension keeps
 * reporting about:blank as its address, so each page is asked where it is.
 */
async function extensionPage(pathname) {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith('moz-extension:') && new URL(href).pathname === pathname) return page;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${pathname} did not open within 10 s`);
}
