// Runs the demo lesson under a real link fault. Must run inside a private network namespace as
// root (`unshare -n node scripts/netns-lesson.mjs <fault>`), where loopback is the only link and
// can be rate-limited with `tc ... tbf` or taken down with `ip link set lo down` without touching
// the machine's own network. Prints one JSON line: the incidents that opened, when the badge
// changed, and the hook's samples (for tests/fixtures/).
//
//   linkCapped: a 300 kbit token-bucket limit on the link (design.md §3: "a real 300 kbit link
//               limit drops availableOutgoingBitrate to about 250 kbps within 1 s")
//   linkDown:   the link taken down: every packet of the call stops both ways
import { execFileSync } from 'node:child_process';
import { startDemoServer } from '../demo/server.mjs';
import { launch, openLesson, sleep, waitFor } from '../bench/lesson-browser.mjs';
import { LOOPBACK_PEER_FLAGS } from './chromium-flags.mjs';

export const LINK_FAULTS = {
  linkCapped: {
    apply: [
      'tc',
      'qdisc',
      'add',
      'dev',
      'lo',
      'root',
      'tbf',
      'rate',
      '300kbit',
      'burst',
      '32kbit',
      'latency',
      '400ms',
    ],
    restore: ['tc', 'qdisc', 'del', 'dev', 'lo', 'root'],
  },
  linkDown: {
    apply: ['ip', 'link', 'set', 'lo', 'down'],
    restore: ['ip', 'link', 'set', 'lo', 'up'],
  },
};

const RECORD = () => {
  window.__lifelineRecording = [];
  document.addEventListener('lifeline:hook', (e) => window.__lifelineRecording.push(e.detail));
};

const fault = process.argv[2];
const spec = LINK_FAULTS[fault];
if (!spec) {
  console.error(
    `Usage: unshare -n node scripts/netns-lesson.mjs ${Object.keys(LINK_FAULTS).join('|')}`,
  );
  process.exit(2);
}
const observeMs = Number(process.argv[3] ?? 20_000);

execFileSync('ip', ['link', 'set', 'lo', 'up']);
// With loopback alone Chromium counts itself offline (navigator.onLine false): a veth pair gives
// the namespace a network interface, as a real machine has. The call still runs over local
// addresses, which the kernel delivers through loopback, so the faults below still hit it.
for (const args of [
  ['link', 'add', 'lifeline0', 'type', 'veth', 'peer', 'name', 'lifeline1'],
  ['addr', 'add', '10.99.0.1/24', 'dev', 'lifeline0'],
  ['addr', 'add', '10.99.0.2/24', 'dev', 'lifeline1'],
  ['link', 'set', 'lifeline0', 'up'],
  ['link', 'set', 'lifeline1', 'up'],
]) {
  execFileSync('ip', args);
}
const demo = await startDemoServer();
const chromium = await launch({ args: LOOPBACK_PEER_FLAGS });
try {
  const lesson = await openLesson(chromium, demo.url, { beforeLoad: RECORD });
  const tabId = await chromium.tabIdOf(lesson.page);
  // Past the bandwidth estimate's 15 s ramp-up, so the limit is judged like mid-lesson.
  await sleep(18_000);
  // Start from a quiet call: on a loaded machine the call's first seconds can stall, and a fault
  // landing inside an incident that is still clearing would merge into it instead of opening.
  await waitFor(async () => (await chromium.badgeText(tabId)) === '', { timeoutMs: 30_000 });
  const before = await chromium.incidents();
  const openBeforeFault = before.filter((i) => i.endedAt === null).map((i) => i.kind);
  const faultAt = await lesson.page.evaluate(() => Date.now());
  execFileSync(spec.apply[0], spec.apply.slice(1));
  const badgeAt = await waitFor(
    async () => ((await chromium.badgeText(tabId)) === '!' ? Date.now() : 0),
    { timeoutMs: observeMs, intervalMs: 25 },
  );
  await sleep(Math.max(0, faultAt + observeMs - Date.now()));
  execFileSync(spec.restore[0], spec.restore.slice(1));
  const restoredAt = await lesson.page.evaluate(() => Date.now());
  // As a real app would: a call whose connection failed is restarted once the link is back.
  await lesson.restore();
  await sleep(16_000);
  const events = (await lesson.page.evaluate(() => window.__lifelineRecording)).map((d) =>
    JSON.parse(d),
  );
  const incidents = (await chromium.incidents()).filter((i) => !before.some((b) => b.id === i.id));
  process.stdout.write(
    `${JSON.stringify({
      fault,
      faultAt,
      restoredAt,
      badgeMs: badgeAt ? badgeAt - faultAt : null,
      openBeforeFault,
      incidents: incidents.map(
        ({ kind, side, cause, severity, startedAt, detectedAt, endedAt }) => ({
          kind,
          side,
          cause,
          severity,
          startedAt,
          detectedAt,
          endedAt,
        }),
      ),
      chromium: await chromium.browser.version(),
      events,
    })}\n`,
  );
} finally {
  await chromium.close();
  await demo.close();
}
