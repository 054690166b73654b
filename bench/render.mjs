// First-render timing of the extension's pages in real Chromium (design.md §9):
//   incidents page with 10,000 incidents, first screen ≤ 300 ms; popup first render ≤ 150 ms.
// Run alone with `node bench/render.mjs` after `npx wxt build`, or import `measureRenderTimes`.
//
// "First screen" is the moment, after navigation starts, that the page's first useful content
// is in the DOM: the incidents page's summary and first list rows, the popup's tab status. A
// MutationObserver installed before any page script notes it with a performance mark
// `lifeline:first-screen`, so nothing in the product is instrumented for the benchmark.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_TEST_FLAGS } from '../scripts/chromium-flags.mjs';
import { findChrome } from '../scripts/find-chrome.mjs';
import { seedInPage, syntheticIncidents } from './synthetic-incidents.mjs';
import { closeWelcomeTab } from '../scripts/welcome-tab.mjs';

const EXTENSION_DIR = path.resolve(import.meta.dirname, '../.output/chrome-mv3');
const CHROME_PATH = findChrome();

export const RENDER_BUDGETS = { incidentsFirstScreenMs: 300, popupFirstRenderMs: 150 };

/** Installed before page scripts: marks `lifeline:<name>` the first moment its selector matches. */
function markWhenShown(selectors) {
  const pending = new Map(Object.entries(selectors));
  const observer = new MutationObserver(() => {
    for (const [name, selector] of pending) {
      if (document.querySelector(selector)) {
        performance.mark(`lifeline:${name}`);
        pending.delete(name);
      }
    }
    if (pending.size === 0) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
}

/** Loads `url` once and returns when (ms after navigation start) each selector first matched. */
async function timesShown(browser, url, selectors) {
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(markWhenShown, selectors);
  await page.goto(url);
  const names = Object.keys(selectors);
  const handle = await page.waitForFunction(
    (names) => {
      const marks = names.map((n) => performance.getEntriesByName(`lifeline:${n}`)[0]?.startTime);
      return marks.every((m) => m !== undefined) && marks;
    },
    { timeout: 30_000, polling: 50 },
    names,
  );
  const marks = await handle.jsonValue();
  await page.close();
  return Object.fromEntries(names.map((n, i) => [n, marks[i]]));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x * 10) / 10;

/**
 * Measures both pages `runs` times each (after one warm-up load each) and returns the timings
 * in ms with their medians, worst values and whether the median is within budget.
 */
export async function measureRenderTimes({ runs = 7, incidents = 10_000 } = {}) {
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION_DIR}: run "npx wxt build" first.`);
  }
  const browser = await puppeteer.launch({
    executablePath: CHROME_PATH,
    headless: true,
    pipe: true,
    enableExtensions: [EXTENSION_DIR],
    args: CHROMIUM_TEST_FLAGS,
  });
  try {
    const worker = await browser.waitForTarget(
      (t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'),
    );
    const base = `chrome-extension://${new URL(worker.url()).host}`;
    await closeWelcomeTab(browser, new URL(worker.url()).host);

    const seeder = await browser.newPage();
    await seeder.goto(`${base}/options.html`);
    await seeder.evaluate(seedInPage, syntheticIncidents(incidents));
    await seeder.close();

    const tab = await browser.newPage();
    await tab.goto('about:blank');
    const sw = await worker.worker();
    const tabId = await sw.evaluate(async () => {
      const tabs = await chrome.tabs.query({});
      return tabs.find((t) => t.url === 'about:blank')?.id;
    });

    const measure = async (url, selectors) => {
      await timesShown(browser, url, selectors); // warm-up: code cache, worker awake
      const runsByName = Object.fromEntries(Object.keys(selectors).map((n) => [n, []]));
      for (let i = 0; i < runs; i++) {
        const shown = await timesShown(browser, url, selectors);
        for (const [name, ms] of Object.entries(shown)) runsByName[name].push(round(ms));
      }
      return runsByName;
    };
    const incidentsPage = await measure(`${base}/incidents.html`, {
      // The newest incidents listed, the total counted: the first screen.
      'first-screen': '[data-testid=summary] ~ .incident-list [data-testid=incident-row]',
      // Every incident read, the charts drawn and the filters usable.
      'charts-ready': '[data-testid=summary][data-complete=true] svg',
    });
    const popupMs = (
      await measure(`${base}/popup.html?tabId=${tabId}`, {
        'first-screen': '[data-testid=no-call], .call-status, .error',
      })
    )['first-screen'];
    const incidentsMs = incidentsPage['first-screen'];
    const chartsMs = incidentsPage['charts-ready'];
    return {
      incidents: {
        count: incidents,
        runsMs: incidentsMs,
        medianMs: median(incidentsMs),
        worstMs: Math.max(...incidentsMs),
        budgetMs: RENDER_BUDGETS.incidentsFirstScreenMs,
        withinBudget: median(incidentsMs) <= RENDER_BUDGETS.incidentsFirstScreenMs,
        chartsReady: {
          runsMs: chartsMs,
          medianMs: median(chartsMs),
          worstMs: Math.max(...chartsMs),
        },
      },
      popup: {
        runsMs: popupMs,
        medianMs: median(popupMs),
        worstMs: Math.max(...popupMs),
        budgetMs: RENDER_BUDGETS.popupFirstRenderMs,
        withinBudget: median(popupMs) <= RENDER_BUDGETS.popupFirstRenderMs,
      },
    };
  } finally {
    await browser.close();
  }
}

/** The `npm run bench` section (scripts/bench.mjs). */
export const name = 'render';
export const title = 'Page render times';
export async function run() {
  const r = await measureRenderTimes();
  const row = (what, m, budget) =>
    `| ${what} | ${m.medianMs} ms | ${m.worstMs} ms | ${budget ?? '–'} | ${
      budget === undefined ? '–' : m.withinBudget ? 'ok' : 'MISSED'
    } |`;
  const markdown = [
    `Each page opened ${r.popup.runsMs.length} times after one warm-up, in headless Chromium with the built`,
    `extension, timed from navigation to the first meaningful content; ${r.incidents.count.toLocaleString('en-GB')}`,
    'synthetic incidents stored for the incidents page.',
    '',
    '| what | median | worst | budget | result |',
    '| --- | --- | --- | --- | --- |',
    row(
      `incidents page, first screen (${r.incidents.count} incidents)`,
      r.incidents,
      `${r.incidents.budgetMs} ms`,
    ),
    row('incidents page, every incident read and charts drawn', r.incidents.chartsReady),
    row('popup, first render', r.popup, `${r.popup.budgetMs} ms`),
  ].join('\n');
  return { ok: r.incidents.withinBudget && r.popup.withinBudget, markdown };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await measureRenderTimes();
  const line = (name, r) =>
    `${name}: median ${r.medianMs} ms, worst ${r.worstMs} ms (budget ${r.budgetMs} ms, ` +
    `${r.withinBudget ? 'within' : 'OVER'}); runs ${r.runsMs.join(', ')}`;
  console.log(
    line(`incidents page, ${result.incidents.count} incidents, first screen`, result.incidents),
  );
  const charts = result.incidents.chartsReady;
  console.log(
    `incidents page, all incidents read and charts drawn: median ${charts.medianMs} ms, worst ${charts.worstMs} ms (no budget); runs ${charts.runsMs.join(', ')}`,
  );
  console.log(line('popup first render', result.popup));
  console.log(JSON.stringify(result));
  process.exitCode = result.incidents.withinBudget && result.popup.withinBudget ? 0 : 1;
}
