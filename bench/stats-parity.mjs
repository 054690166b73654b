// `npm run bench` section: what the hook costs a page's own getStats() (issue 13). Chromium
// answers every getStats() within ~50 ms of a gathering with that report, so the hook holds a
// page's call that arrives while its own report is in the cache until the report is out. Timed
// in two Chromiums, one with the built extension and one without, on tests/e2e/pages/stats-parity
// (the page the parity test drives): a page polling at random moments, the moments right after
// a connection connects and a remote track unmutes, and (with the extension) the worst moment, a
// call the instant the hook's sample arrives.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { launch, ROOT } from './lesson-browser.mjs';

export const name = 'stats-parity';
export const title = 'Page getStats() delay';
/** Chromium's cache lifetime (lib/hook/stats-gate.ts) plus timer slack on a loaded machine. */
const BUDGET_MS = 60;
const STALE_MS = -1;

async function servePages() {
  const root = path.join(ROOT, 'tests/e2e/pages');
  const server = createServer(async (req, res) => {
    const file = path.join(root, path.normalize(new URL(req.url, 'http://x').pathname));
    try {
      const type = file.endsWith('.js') ? 'text/javascript' : 'text/html';
      res.writeHead(200, { 'content-type': type }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
const worst = (xs) => Math.max(...xs);
const stale = (ages) => ages.filter((a) => a < STALE_MS).length;

/** Runs every measurement in one browser; `extension` adds the worst-moment one. */
async function measure(extension, pagesUrl) {
  const chromium = await launch({ extension });
  try {
    const page = await chromium.browser.newPage();
    await page.goto(`${pagesUrl}stats-parity.html`);
    const scenario = (n) => page.evaluate((s) => window.runScenario(s, 30), n);
    return {
      steady: await page.evaluate(() => window.runSteady(150)),
      unmute: await scenario('receiver.getStats() after the remote track unmutes'),
      connected: await scenario('pc.getStats() inside connectionstatechange to connected'),
      afterHook: extension ? await page.evaluate(() => window.runAfterHook(15)) : undefined,
    };
  } finally {
    await chromium.close();
  }
}

export async function run() {
  const pages = await servePages();
  let withLifeline;
  let without;
  try {
    withLifeline = await measure(true, pages.url);
    without = await measure(false, pages.url);
  } finally {
    pages.close();
  }
  const ms = (v) => (v === undefined ? '–' : `${v.toFixed(1)} ms`);
  const rows = [
    ['page polls at random moments (150 calls)', 'steady'],
    ['receiver.getStats() as the remote track unmutes (30 calls)', 'unmute'],
    ['pc.getStats() inside `connected` (30 calls)', 'connected'],
    ['the instant the hook’s sample arrives (15 calls)', 'afterHook'],
  ].map(([label, key]) => {
    const w = withLifeline[key];
    const wo = without[key];
    return {
      label,
      cells: [
        ms(median(w.ms)),
        ms(worst(w.ms)),
        wo ? ms(median(wo.ms)) : '–',
        wo ? ms(worst(wo.ms)) : '–',
        `${stale(w.ages)} / ${wo ? stale(wo.ages) : '–'}`,
      ],
      worstAdded: worst(w.ms) - (wo ? median(wo.ms) : 0),
      stale: stale(w.ages),
    };
  });
  const worstAdded = Math.max(...rows.map((r) => r.worstAdded));
  const ok = rows.every((r) => r.stale === 0) && worstAdded <= BUDGET_MS;
  const markdown = [
    'How long a page’s own `getStats()` takes to resolve, with the built extension and without,',
    'and how many reports were gathered before the call (older than the call by more than 1 ms:',
    'answered from a cached report). Two headless Chromiums one after the other, loopback calls on',
    'tests/e2e/pages/stats-parity.html.',
    '',
    '| page’s call | median with | worst with | median without | worst without | stale with / without |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.label} | ${r.cells.join(' | ')} |`),
    '',
    `Worst added delay (worst with, less median without): ${ms(worstAdded)}; budget ${BUDGET_MS} ms`,
    `(one 50 ms cache lifetime and timer slack): ${ok ? 'ok' : 'MISSED'}. Stale reports must be 0.`,
  ].join('\n');
  return { ok, markdown };
}
