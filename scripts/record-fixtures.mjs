// Records tests/fixtures/*.json: the hook's own 1 Hz samples (and socket events) from the demo
// lesson in headless Chromium with the built extension, through each fault and its restore.
// Run `npx wxt build && node scripts/record-fixtures.mjs [fault…]`. Link faults (linkCapped,
// linkDown) need root: they run in a private network namespace via scripts/netns-lesson.mjs.
//
// A fixture holds what the extension saw, nothing more: sample counters are getStats values as
// the hook compacts them, times are the page clock. tests/unit/fixtures.test.ts replays them
// through the real engine.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { Server as SocketIoServer } from 'socket.io';
import { startDemoServer } from '../demo/server.mjs';
import { launch, openLesson, ROOT, sleep } from '../bench/lesson-browser.mjs';
import { saveFixture } from './fixture-file.mjs';

/** What each recording is, what it must raise (null: nothing), and how long to watch. */
export const RECORDINGS = {
  healthy: { expect: null, warmupMs: 0, faultMs: 90_000 },
  offline: {
    expect: { kind: 'failed-connection', side: 'local' },
    warmupMs: 8_000,
    faultMs: 6_000,
  },
  connectionCut: { expect: { kind: 'failed-connection' }, warmupMs: 8_000, faultMs: 10_000 },
  theirSoundDrops: {
    expect: { kind: 'no-sound', side: 'remote' },
    warmupMs: 8_000,
    faultMs: 10_000,
  },
  myMicLost: { expect: { kind: 'no-sound', side: 'local' }, warmupMs: 8_000, faultMs: 10_000 },
  theirVideoDrops: {
    expect: { kind: 'no-video', side: 'remote' },
    warmupMs: 8_000,
    faultMs: 10_000,
  },
  videoFreezes: { expect: { kind: 'no-video' }, warmupMs: 8_000, faultMs: 10_000 },
  // A maxBitrate the page sets: a steady cap on a clean link, the platform's (no incident).
  bandwidthCapped: {
    expect: null,
    warmupMs: 18_000,
    faultMs: 16_000,
  },
  whiteboardDown: { expect: { kind: 'whiteboard-disconnected' }, warmupMs: 8_000, faultMs: 12_000 },
  // A whiteboard-only page (no call) with the real socket.io client; its server is stopped at
  // faultAt and listens again on the same port at restoredAt. The client reconnects by itself
  // (long-polling first, then a WebSocket on a new URL), and the incident must close.
  whiteboardReconnects: {
    expect: { kind: 'whiteboard-disconnected' },
    socketIo: true,
    warmupMs: 8_000,
    faultMs: 10_000,
  },
  // Chromium's estimate climbs back by about 20 kbps a second once the limit is gone, so the
  // call is still short of bandwidth when the recording ends: the incident stays open.
  linkCapped: {
    expect: { kind: 'bandwidth-pressure', side: 'local', closesAfterRestore: false },
    namespace: true,
  },
  linkDown: { expect: { kind: 'failed-connection' }, namespace: true },
};

const RECORD = () => {
  window.__lifelineRecording = [];
  document.addEventListener('lifeline:hook', (e) => window.__lifelineRecording.push(e.detail));
};

const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(RECORDINGS);

const demo = await startDemoServer();
const chromium = await launch();
try {
  for (const name of names) {
    const spec = RECORDINGS[name];
    if (!spec) throw new Error(`Unknown recording ${name}`);
    if (spec.namespace) {
      const run = spawnSync('unshare', ['-n', 'node', 'scripts/netns-lesson.mjs', name], {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      });
      if (run.status !== 0) {
        console.error(`${name}: skipped, needs root for a network namespace\n${run.stderr}`);
        continue;
      }
      const out = JSON.parse(run.stdout);
      saveFixture(name, {
        recorded: `${new Date().toISOString().slice(0, 10)}, ${out.chromium}, demo lesson in a private network namespace (unshare -n) by scripts/netns-lesson.mjs: ${name === 'linkCapped' ? 'tc tbf 300kbit on loopback' : 'ip link set lo down'} at faultAt, removed at restoredAt`,
        fault: name,
        expect: spec.expect,
        faultAt: out.faultAt,
        restoredAt: out.restoredAt,
        events: out.events,
      });
      continue;
    }
    if (spec.socketIo) {
      saveFixture(name, await recordSocketIoBoard(name, spec));
      continue;
    }
    const lesson = await openLesson(chromium, demo.url, { beforeLoad: RECORD });
    await sleep(spec.warmupMs);
    const faultAt = await lesson.page.evaluate(() => Date.now());
    const extra = [];
    if (name === 'offline') {
      await lesson.page.setOfflineMode(true);
      extra.push({ type: 'connectivity', onLine: false, t: faultAt });
    } else if (name !== 'healthy') {
      await lesson.fault(name);
    }
    await sleep(spec.faultMs);
    const restoredAt = await lesson.page.evaluate(() => Date.now());
    if (name === 'offline') {
      await lesson.page.setOfflineMode(false);
      extra.push({ type: 'connectivity', onLine: true, t: restoredAt });
    } else if (name !== 'healthy') {
      await lesson.restore();
    }
    if (name !== 'healthy') await sleep(16_000);
    const events = (await lesson.page.evaluate(() => window.__lifelineRecording))
      .map((d) => JSON.parse(d))
      .concat(extra)
      .sort((a, b) => eventTime(a) - eventTime(b));
    saveFixture(name, {
      recorded: `${new Date().toISOString().slice(0, 10)}, ${await chromium.browser.version()}, demo lesson by scripts/record-fixtures.mjs: ${
        name === 'healthy'
          ? 'a healthy call, no fault'
          : name === 'offline'
            ? 'DevTools offline emulation (page.setOfflineMode) at faultAt, off at restoredAt'
            : `lifelineDemo.faults.${name}() at faultAt, lifelineDemo.restore() at restoredAt`
      }`,
      fault: name,
      expect: spec.expect,
      faultAt: name === 'healthy' ? null : faultAt,
      restoredAt: name === 'healthy' ? null : restoredAt,
      events,
    });
    await lesson.page.close();
  }
} finally {
  await chromium.close();
  await demo.close();
}

/**
 * A real socket.io server on 127.0.0.1 that also serves the whiteboard page and the real client
 * (`/socket.io/socket.io.min.js`). `stop()` closes every connection, as a crashed server would.
 */
async function startSocketIoBoard(port = 0) {
  const http = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<!doctype html><title>Whiteboard</title><script src="/socket.io/socket.io.min.js"></script>' +
        '<script>window.board = io({ reconnectionDelayMax: 5000 });</script>',
    );
  });
  const io = new SocketIoServer(http);
  await new Promise((resolve) => http.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${http.address().port}/`,
    port: http.address().port,
    async stop() {
      http.closeAllConnections();
      await io.close();
    },
  };
}

async function recordSocketIoBoard(name, spec) {
  let board = await startSocketIoBoard();
  const page = await chromium.browser.newPage();
  try {
    await page.evaluateOnNewDocument(RECORD);
    await page.goto(board.url);
    await sleep(spec.warmupMs);
    const faultAt = await page.evaluate(() => Date.now());
    await board.stop();
    await sleep(spec.faultMs);
    const restoredAt = await page.evaluate(() => Date.now());
    board = await startSocketIoBoard(board.port);
    await sleep(25_000);
    const events = (await page.evaluate(() => window.__lifelineRecording))
      .map((d) => JSON.parse(d))
      .sort((a, b) => eventTime(a) - eventTime(b));
    return {
      recorded: `${new Date().toISOString().slice(0, 10)}, ${await chromium.browser.version()}, a whiteboard-only page (no call) with socket.io-client 4.8 by scripts/record-fixtures.mjs: its socket.io server stopped at faultAt, listening again on the same port at restoredAt`,
      fault: name,
      expect: spec.expect,
      faultAt,
      restoredAt,
      events,
    };
  } finally {
    await page.close();
    await board.stop();
  }
}

function eventTime(e) {
  return e.type === 'sample' ? e.sample.t : e.t;
}
