// A three-hour lesson, time-compressed, through the built extension in Chromium: does the
// background's memory and what it stores stay bounded however long the call lasts (hardening)?
//
// The call is bench/long-call-sequence.mjs's (the recorded healthy call with recorded faults
// spliced in, one sample a second, 10,800 samples of one connection). It enters the way a real
// call's samples do: a page on 127.0.0.1 dispatches the hook's `lifeline:hook` events, the relay
// content script validates and rate-limits them, and the background takes them from the relay.
// The background trusts a sample's own time only up to 5 s back (MAX_SAMPLE_AGE_MS in
// lib/health/health-service.ts), so three hours of samples need three hours of the background's clock:
// before the worker's script runs, DevTools replaces its `Date.now` with a clock the bench sets
// (as fake timers do in a unit test). The extension's code is the built one, unchanged.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, ROOT, sleep } from './lesson-browser.mjs';
import { THREE_HOURS, threeHourCall } from './long-call-sequence.mjs';

export const name = 'long-call';
export const title = 'Long call: background memory and stored samples over three hours';

/** The background trusts a sample's time up to 5 s back, so a batch spans at most 5 samples. */
const BATCH = 5;
/** Samples a second sent, under the relay's gate of 50 (lib/relay/hook-event-gate.ts). */
const RATE = 48;
/** A checkpoint every 30 simulated minutes. */
const CHECKPOINT_EVERY = 1_800;
/** Worker heap growth from the first hour's end to the call's end that still counts as flat. */
const FLAT_HEAP_BYTES = 1024 * 1024;

/** Serves one blank page: a call site the content scripts run on (`http://127.0.0.1/*`). */
async function servePage() {
  const server = http.createServer((_, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end('<!doctype html><title>Long lesson</title><p>A three-hour lesson, replayed.</p>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

/**
 * Restarts the extension's service worker with a clock the bench sets, installed before any of the
 * worker's code runs, and returns a handle that evaluates in it. Puppeteer resumes every worker
 * it attaches to at once, so it is first told to leave service workers alone; this session
 * attaches instead, paused at start, installs the clock and lets the worker run.
 */
async function workerWithVirtualClock(browser, wake) {
  const control = await browser.newPage();
  const sw = await control.createCDPSession();
  await sw.send('ServiceWorker.enable');
  let stopped = false;
  sw.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    if (versions.some((v) => v.runningStatus === 'stopped')) stopped = true;
  });

  const root = await browser.target().createCDPSession();
  const connection = root.connection();
  let resolveWorker;
  const clocked = new Promise((resolve) => (resolveWorker = resolve));
  root.on('Target.attachedToTarget', ({ sessionId, targetInfo, waitingForDebugger }) => {
    if (!waitingForDebugger) {
      // The worker already running: let go, so that its restart is attached anew, paused.
      void root.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      return;
    }
    const session = connection.session(sessionId);
    void (async () => {
      if (targetInfo.url.endsWith('/background.js')) {
        await session.send('Runtime.evaluate', {
          expression: `(() => {
            const realNow = Date.now;
            let virtual;
            Date.now = () => virtual ?? realNow();
            globalThis.__lifelineBenchClock = (t) => { virtual = t; };
          })()`,
        });
        resolveWorker(session);
      }
      await session.send('Runtime.runIfWaitingForDebugger');
    })();
  });
  // Puppeteer's own auto-attach (its TargetManager) with service workers left out.
  await connection.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: true,
    flatten: true,
    filter: [{ type: 'page', exclude: true }, { type: 'service_worker', exclude: true }, {}],
  });
  await root.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: true,
    flatten: true,
    filter: [{ type: 'service_worker' }],
  });
  await sw.send('ServiceWorker.stopAllWorkers');
  for (let waited = 0; !stopped; waited += 50) {
    if (waited > 10_000) throw new Error('The service worker did not stop.');
    await sleep(50);
  }
  await wake();
  const session = await Promise.race([
    clocked,
    sleep(20_000).then(() => {
      throw new Error('The service worker did not restart with the bench clock.');
    }),
  ]);
  await control.close();
  return {
    session,
    async evaluate(fn, ...args) {
      const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
        expression: `(${fn})(...${JSON.stringify(args)})`,
        awaitPromise: true,
        returnByValue: true,
      });
      if (exceptionDetails) {
        throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      }
      return result.value;
    },
  };
}

/** In the worker: opens the extension's database once more, for the bench to read. */
async function openStored() {
  globalThis.__benchDb ??= await new Promise((resolve, reject) => {
    const open = indexedDB.open('lifeline');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

/** In the worker: waits until the tab's stored state has taken the sample of time `t`. */
async function committed(tabId, t) {
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    const state = await new Promise((resolve, reject) => {
      const get = globalThis.__benchDb.transaction('health').objectStore('health').get(tabId);
      get.onsuccess = () => resolve(get.result);
      get.onerror = () => reject(get.error);
    });
    if (state && state.lastSampleAt >= t) return true;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return false;
}

/** In the worker: what is stored, by store and per incident, and the origin's storage use. */
async function stored(tabId) {
  const db = globalThis.__benchDb;
  const all = (store) =>
    new Promise((resolve, reject) => {
      const get = db.transaction(store).objectStore(store).getAll();
      get.onsuccess = () => resolve(get.result);
      get.onerror = () => reject(get.error);
    });
  const [incidents, timelines, health] = await Promise.all(
    ['incidents', 'timelines', 'health'].map(all),
  );
  const points = new Map(timelines.map((t) => [t.incidentId, t.points.length]));
  const state = health.find((h) => h.tabId === tabId);
  return {
    incidents: incidents
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
      .map((i) => ({
        kind: i.kind,
        side: i.side,
        startedAt: i.startedAt,
        endedAt: i.endedAt,
        points: points.get(i.id) ?? 0,
      })),
    timelineRecords: timelines.length,
    timelinePoints: timelines.reduce((sum, t) => sum + t.points.length, 0),
    mostPoints: Math.max(0, ...points.values()),
    healthRecords: health.length,
    recordBytes: [...incidents, ...timelines, ...health].reduce(
      (sum, r) => sum + JSON.stringify(r).length,
      0,
    ),
    stateBytes: state ? JSON.stringify(state).length : 0,
    usage: (await navigator.storage.estimate()).usage,
  };
}

/** A constant's value as written in lib/ (the bench runs the built extension, not the sources). */
function constantIn(file, constant) {
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  const match = source.match(new RegExp(`export const ${constant} = ([\\d_]+);`));
  return match ? Number(match[1].replaceAll('_', '')) : undefined;
}

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(2);
const kb = (bytes) => (bytes / 1024).toFixed(1);
const clock = (seconds) =>
  `${Math.floor(seconds / 3600)}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}`;

export async function run({ log = console.log } = {}) {
  const { samples, episodes } = threeHourCall('long-1');
  const site = await servePage();
  const chromium = await launch({ extension: true });
  const started = Date.now();
  try {
    const page = await chromium.browser.newPage();
    await page.goto(site.url);
    const dispatch = (events) =>
      page.evaluate((details) => {
        for (const detail of details) {
          document.dispatchEvent(new CustomEvent('lifeline:hook', { detail }));
        }
      }, events);
    // Any event wakes the worker; a socket "check" changes nothing in a tab that has no call yet.
    const wake = () =>
      dispatch([JSON.stringify({ type: 'socket', id: 'wake', host: 'x', phase: 'check', t: 0 })]);
    const worker = await workerWithVirtualClock(chromium.browser, wake);
    const tabId = await worker.evaluate(
      async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id,
      site.url,
    );
    const T0 = Math.floor(Date.now() / 1000) * 1000;

    const checkpoints = [];
    const checkpoint = async (at) => {
      await worker.session.send('HeapProfiler.collectGarbage');
      const heap = await worker.session.send('Runtime.getHeapUsage');
      const store = await worker.evaluate(stored, tabId);
      checkpoints.push({ at, heap: heap.usedSize, ...store });
      log(
        `  long call ${clock(at)}: heap ${mb(heap.usedSize)} MB, ${store.incidents.length} incidents, ${store.timelinePoints} chart points`,
      );
    };
    await worker.evaluate((t) => globalThis.__lifelineBenchClock(t), T0);
    await worker.evaluate(openStored);
    await checkpoint(0);

    const sendStarted = Date.now();
    // A token bucket like the relay's, slower and shallower: catching up after a slow moment
    // must not burst past the gate, which would drop samples.
    let tokens = BATCH;
    let refilledAt = sendStarted;
    for (let i = 0; i < samples.length; i += BATCH) {
      const batch = samples.slice(i, i + BATCH).map((sample, k) => ({
        type: 'sample',
        sample: { ...sample, t: T0 + (i + k) * 1000 },
      }));
      const last = batch.at(-1).sample.t;
      for (;;) {
        const now = Date.now();
        tokens = Math.min(2 * BATCH, tokens + ((now - refilledAt) / 1000) * RATE);
        refilledAt = now;
        if (tokens >= batch.length) break;
        await sleep(((batch.length - tokens) / RATE) * 1000);
      }
      tokens -= batch.length;
      await worker.evaluate((t) => globalThis.__lifelineBenchClock(t), last);
      await dispatch(batch.map((e) => JSON.stringify(e)));
      if (!(await worker.evaluate(committed, tabId, last))) {
        throw new Error(`The background did not take sample ${i + BATCH} within 10 s.`);
      }
      const done = i + batch.length;
      if (done % CHECKPOINT_EVERY === 0) await checkpoint(done);
    }
    const sendSeconds = (Date.now() - sendStarted) / 1000;

    const first = checkpoints[0];
    const hour = checkpoints.find((c) => c.at === 3_600);
    const end = checkpoints.at(-1);
    const maxPoints = constantIn('lib/health/call-timeline.ts', 'TIMELINE_MAX_POINTS');
    const ringPoints = constantIn('lib/health/call-timeline.ts', 'TAB_RING_POINTS');
    const history = constantIn('lib/detect/call-tracker.ts', 'HISTORY_LENGTH');
    const available = constantIn('lib/detect/call-tracker.ts', 'AVAILABLE_HISTORY_LENGTH');
    const heapGrowth =
      Math.max(...checkpoints.filter((c) => c.at >= 3_600).map((c) => c.heap)) - hour.heap;
    const heapFlat = heapGrowth <= FLAT_HEAP_BYTES;
    const pointsBounded = checkpoints.every((c) => c.mostPoints <= maxPoints);
    const stateFlat = end.stateBytes <= 1.25 * checkpoints[1].stateBytes;
    const allClosed = end.incidents.every((i) => i.endedAt !== null);
    const ok = heapFlat && pointsBounded && stateFlat && allClosed;
    const duration = (i) =>
      Math.round(
        (Date.parse(i.endedAt ?? new Date(T0 + THREE_HOURS * 1000).toISOString()) -
          Date.parse(i.startedAt)) /
          1000,
      );
    const markdown = [
      `${samples.length.toLocaleString('en')} samples of one connection (three hours at the hook's one a second:`,
      'the recorded healthy call with recorded faults spliced in, bench/long-call-sequence.mjs) sent',
      `through the relay of a page on 127.0.0.1 to the built extension's background, in ${Math.round(sendSeconds)} s`,
      `(${Math.round(samples.length / sendSeconds)} samples a second, each batch of ${BATCH} taken and stored before the next;`,
      "the relay lets 50 a second through). The background's clock advances one second per sample:",
      "DevTools sets the worker's `Date.now` before its script runs; the extension's code is the built one.",
      'The pure engine over the same call at one sample a second: tests/unit/long-call.test.ts.',
      `Worker heap is V8's used heap after a forced garbage collection (CDP \`Runtime.getHeapUsage\`);`,
      "records are counted and sized as JSON from the extension's IndexedDB; storage used is",
      "`navigator.storage.estimate()` for the extension's origin.",
      '',
      '| simulated time | worker heap | records: incidents, chart data, tab states | chart points (most for one incident) | records as JSON | of which tab state | storage used (estimate) |',
      '|---|---|---|---|---|---|---|',
      ...checkpoints.map(
        (c) =>
          `| ${clock(c.at)} | ${mb(c.heap)} MB | ${c.incidents.length}, ${c.timelineRecords}, ${c.healthRecords} | ${c.timelinePoints} (${c.mostPoints}) | ${kb(c.recordBytes)} KB | ${kb(c.stateBytes)} KB | ${kb(c.usage)} KB |`,
      ),
      '',
      "The storage estimate swings with LevelDB's write log and its compactions: every sample rewrites",
      `the tab state, and while an incident is open its chart data too (up to ${maxPoints} points), each`,
      'second. The records themselves, as JSON, grow only with incidents.',
      '',
      `| check | measured | bound | result |`,
      '|---|---|---|---|',
      `| worker heap growth, 1:00 to 3:00 | ${heapGrowth >= 0 ? '+' : ''}${mb(heapGrowth)} MB | ≤ ${mb(FLAT_HEAP_BYTES)} MB | ${heapFlat ? 'ok' : 'MISSED'} |`,
      `| chart points stored for one incident | ${Math.max(...checkpoints.map((c) => c.mostPoints))} | ≤ ${maxPoints} (\`TIMELINE_MAX_POINTS\`) | ${pointsBounded ? 'ok' : 'MISSED'} |`,
      `| tab state record, 0:30 to 3:00 | ${kb(checkpoints[1].stateBytes)} → ${kb(end.stateBytes)} KB | ≤ 1.25× | ${stateFlat ? 'ok' : 'MISSED'} |`,
      `| incidents still open at the end | ${end.incidents.filter((i) => i.endedAt === null).length} | 0 | ${allClosed ? 'ok' : 'MISSED'} |`,
      '',
      `Bounds the code enforces: chart data ≤ ${maxPoints} points per incident (a longer incident is thinned,`,
      `\`appendBounded\` in lib/health/call-timeline.ts), ${ringPoints} points per tab in memory for the window before an`,
      `incident (\`TAB_RING_POINTS\`), ${history} intervals and ${available} bitrate readings per connection in the tab`,
      `state (\`HISTORY_LENGTH\`, \`AVAILABLE_HISTORY_LENGTH\` in lib/detect/call-tracker.ts). Chart data is written only`,
      'while an incident is open; a healthy hour adds nothing to storage.',
      '',
      `Faults replayed (${episodes.length}) and the incidents they opened:`,
      '',
      '| fault | at | held | incident | side | lasted | chart points |',
      '|---|---|---|---|---|---|---|',
      ...episodes.map((e, n) => {
        const incident = end.incidents[n];
        return `| ${e.fault} | ${clock(e.faultAt)} | ${e.hold} s | ${incident?.kind ?? '–'} | ${incident?.side ?? '–'} | ${incident ? `${duration(incident)} s` : '–'} | ${incident?.points ?? '–'} |`;
      }),
      ...(end.incidents.length > episodes.length
        ? [
            '',
            `Other incidents: ${end.incidents
              .slice(episodes.length)
              .map((i) => `${i.kind} at ${i.startedAt}`)
              .join(', ')}.`,
          ]
        : []),
      '',
      `Heap at the start (worker just restarted, nothing stored): ${mb(first.heap)} MB; whole run ${Math.round((Date.now() - started) / 1000)} s.`,
    ].join('\n');
    return { ok, markdown, checkpoints };
  } finally {
    await chromium.close();
    site.close();
  }
}
