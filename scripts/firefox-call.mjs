// What the Firefox smoke check (scripts/firefox-smoke.mjs) and the Firefox e2e test
// (tests/e2e/firefox.test.ts) share: Debian's Firefox ESR with the built add-on, a loopback call
// page to cut, finding the add-on's pages, which BiDi will not open by address, and the walk.
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

export const FIREFOX_BUILD = path.resolve(import.meta.dirname, '../.output/firefox-mv3');

// Two connections in one page, each sending the fake camera and microphone to the other.
const CALL_PAGE = `<!doctype html><title>Firefox call</title><script>
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

/** Serves the call page on 127.0.0.1 (a call site in the manifest) at a free port. */
export async function serveCallPage() {
  const server = http.createServer((_, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(CALL_PAGE);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

/**
 * Headless Firefox with fake media and the Firefox build installed. Downloads, when a folder is
 * given, are saved there without asking, as a tutor's exports would be.
 */
export async function launchFirefox({ downloads } = {}) {
  const executablePath = [
    process.env.FIREFOX_PATH,
    '/usr/bin/firefox-esr',
    '/usr/bin/firefox',
  ].find((p) => p && existsSync(p));
  if (!executablePath) {
    throw new Error('No Firefox found: apt-get install firefox-esr, or set FIREFOX_PATH.');
  }
  if (!existsSync(path.join(FIREFOX_BUILD, 'manifest.json'))) {
    throw new Error('No Firefox build: run "npm run build:firefox" (npm test makes it).');
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      ...(downloads && {
        'browser.download.folderList': 2,
        'browser.download.dir': downloads,
        'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false,
      }),
    },
  });
  const id = await browser.installExtension(FIREFOX_BUILD);
  return { browser, id };
}

/**
 * The add-on's page at `pathname` once open. Over BiDi a page opened by the add-on keeps
 * reporting about:blank as its address, so each page is asked where it is.
 */
export async function extensionPage(browser, pathname, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith('moz-extension:') && new URL(href).pathname === pathname) return page;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${pathname} did not open within ${timeoutMs / 1000} s`);
}

/**
 * From the prompt of a cut call to the walk's report, as a keyboard user: the prompt's shadow
 * root is closed and BiDi has no accessibility queries, so Tab to "Steps…" (its second button;
 * the first is its own offer, "Carry on by phone") and Enter. One step is answered "no" (so a
 * record is written to Firefox's IndexedDB), the last way on taken and its first outcome chosen.
 */
export async function walkToReport(browser, callPage) {
  // Headless Firefox now and then reports the call's window as not focused when the incident is
  // raised, so Lifeline also shows a notification, and headless Firefox draws that as a window of
  // its own that takes the keyboard. A tutor looking at the call gets the prompt alone.
  await callPage.bringToFront();
  await callPage.keyboard.press('Tab');
  await callPage.keyboard.press('Tab');
  await callPage.keyboard.press('Enter');
  const walk = await extensionPage(browser, '/popup.html');
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
  return { walk, title, firstStep, subject };
}
