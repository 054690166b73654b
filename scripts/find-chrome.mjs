import { existsSync } from 'node:fs';

/**
 * The browser to run: CHROME_PATH if set, else Debian's Chromium, else an installed Chrome or
 * Chromium in the usual places. Throws with what to do if there is none.
 */
export function findChrome() {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    process.env.LOCALAPPDATA && `${process.env.LOCALAPPDATA}\\Chromium\\Application\\chrome.exe`,
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      'No Chromium or Chrome found. Install one (Debian: apt-get install chromium) or set CHROME_PATH.',
    );
  }
  return found;
}
