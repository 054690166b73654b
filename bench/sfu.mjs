// Detection latency on a real SFU call (issue 12, "transport death"): Debian's Janus on 127.0.0.1
// (scripts/janus.mjs), the tutor's tab (built extension) publishing on a send-only connection to
// a student who only watches (a plain Chromium). Each run gets a fresh server and tabs; the fault
// is timed from the moment the test causes it to the badge showing "!", read every 25 ms.
import { launch, sleep, summarize, waitFor } from './lesson-browser.mjs';
import { joinRoom } from './sfu-room.mjs';
import { serveTestPages } from './test-pages.mjs';
import { ROOMS, startJanus } from '../scripts/janus.mjs';

export const name = 'sfu';
export const title = 'SFU call: transport death and a participant dropping out';

const FAULTS = [
  {
    fault: 'server killed (SIGKILL)',
    cause: 'nothing-arriving',
    budgetMs: 4_000,
    act: (janus) => janus.kill(),
  },
  {
    fault: 'server closes the publish connection (DTLS close)',
    cause: 'far-end-closed',
    budgetMs: 1_000,
    act: (_janus, tutor) => tutor.hangup(),
  },
  {
    fault: 'one of three students stops sending, without leaving',
    cause: 'participant-lost',
    budgetMs: 4_000,
    group: true,
    act: (_janus, _tutor, students) => students[0].stopSending(),
  },
];

export async function run({ runs = 5, log = console.log } = {}) {
  const pages = await serveTestPages();
  const chromium = await launch();
  const others = await launch({ extension: false });
  const rows = [];
  const starts = [];
  try {
    for (const spec of FAULTS) {
      const latencies = [];
      const chromiumSays = [];
      const wrong = [];
      for (let i = 0; i < runs; i++) {
        const janus = await startJanus();
        starts.push(janus.startMs);
        try {
          const room = { room: ROOMS.open };
          // A watching student for transport death; three publishing students for a group.
          const students = [];
          for (const n of spec.group ? [1, 2, 3] : [1]) {
            students.push(
              await joinRoom(others.browser, pages.url, janus.wsUrl, {
                ...room,
                name: `student-${n}`,
                publish: !!spec.group,
                watch: !spec.group,
              }),
            );
          }
          const tutor = await joinRoom(chromium.browser, pages.url, janus.wsUrl, {
            ...room,
            name: 'tutor',
          });
          if (spec.group) await tutor.subscribedTo(3);
          else await students[0].subscribedTo(1);
          const tabId = await chromium.tabIdOf(tutor.page);
          await sleep(6_000);
          const before = new Set((await chromium.incidents()).map((x) => x.id));
          const startedAt = Date.now();
          await spec.act(janus, tutor, students);
          const seen = await waitFor(async () => (await chromium.badgeText(tabId)) === '!', {
            timeoutMs: 30_000,
            intervalMs: 25,
          });
          const latency = Date.now() - startedAt;
          const fresh = (await chromium.incidents()).filter((x) => !before.has(x.id));
          const hit = fresh.find((x) => x.kind === 'failed-connection');
          if (seen && hit?.cause === spec.cause) latencies.push(latency);
          else wrong.push(hit?.cause ?? fresh[0]?.kind ?? 'none');
          // What Chromium itself says, for comparison: `disconnected` on the publish connection
          // (never, in a group where only one student stopped).
          const down =
            !spec.group &&
            (await waitFor(
              () =>
                tutor.page.evaluate(() => window.sfu.connections().publisher === 'disconnected'),
              { timeoutMs: 20_000, intervalMs: 50 },
            ));
          if (down) chromiumSays.push(Date.now() - startedAt);
          log(`  ${spec.fault} run ${i + 1}: ${seen ? `${latency} ms` : 'not detected'}`);
          await tutor.page.close();
          for (const student of students) await student.page.close();
        } finally {
          await janus.stop();
        }
      }
      const stats = latencies.length ? summarize(latencies) : undefined;
      rows.push({
        ...spec,
        stats,
        chromium: chromiumSays.length ? summarize(chromiumSays) : undefined,
        wrong,
        ok: wrong.length === 0 && stats !== undefined && stats.p95 <= spec.budgetMs,
      });
    }
  } finally {
    await chromium.close();
    await others.close();
    await pages.close();
  }
  const ms = (v) => (v === undefined ? '–' : `${(v / 1000).toFixed(2)} s`);
  const start = summarize(starts);
  const markdown = [
    `Each fault caused ${runs} times on a fresh Janus 1.1.2 videoroom call (the tutor's tab with the`,
    'built extension publishing audio and video on a send-only connection; a watching student in a',
    'plain Chromium, or for the group three publishing students the tutor receives on a connection',
    'each), timed from the fault to the badge showing "!". "Chromium disconnected" is when the',
    "page's own `connectionState` said `disconnected`, where the old 8 s rule started counting.",
    '',
    '| fault | cause raised | median | p95 | budget (p95) | Chromium `disconnected` (median) | result |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.fault} | ${r.cause} | ${ms(r.stats?.median)} | ${ms(r.stats?.p95)} | ${ms(r.budgetMs)} | ${ms(r.chromium?.median)} | ${r.ok ? 'ok' : `MISSED${r.wrong.length ? ` (${r.wrong.join(', ')})` : ''}`} |`,
    ),
    '',
    `Janus start to answering its API: median ${start.median} ms, max ${start.max} ms (${start.n} starts).`,
  ].join('\n');
  return { rows, ok: rows.every((r) => r.ok), markdown };
}
