// A healthy call, twice at once: the demo lesson in a Chromium with the extension and in one
// without, side by side for the same minutes, so both see the same machine load. From it:
// incidents opened and heads-ups given on a call where nothing is wrong (budget 0 each), and the
// page's CPU time with the hook against without it (budget ≤ 1.03×, design.md §9).
import { readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { launch, openLesson, sleep } from './lesson-browser.mjs';

export const name = 'healthy-call';
export const title = 'Healthy call: false incidents and page CPU';

/** CPU seconds (user + system) of a process, from /proc (Linux). */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ)
}

/**
 * The renderer processes of one browser that host web pages (not the extension's own renderer):
 * the lesson tab's process is the only page open, so this is "the page's CPU", every thread of it
 * (WebRTC's network and codec threads included, not only JavaScript).
 */
export function pageRenderers(browserPid) {
  const parentOf = new Map();
  const cmdlineOf = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      cmdlineOf.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, 'utf8'));
    } catch {
      // The process ended while we looked.
    }
  }
  const descends = (pid) => {
    for (let p = pid; p > 1; p = parentOf.get(p) ?? 0) if (p === browserPid) return true;
    return false;
  };
  return [...cmdlineOf.entries()]
    .filter(([pid, cmd]) => descends(pid) && cmd.includes('--type=renderer'))
    .filter(([, cmd]) => !cmd.includes('--extension-process'))
    .map(([pid]) => pid);
}

/** Reads the page's main-thread task time (CDP Performance domain), enabled once per page. */
async function mainThreadClock(page) {
  const session = await page.createCDPSession();
  await session.send('Performance.enable');
  return async () => {
    const { metrics } = await session.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  };
}

/**
 * Video frames the page's call has encoded and decoded so far, both ends (the demo runs both in
 * the page). WebRTC scales its encoding to the CPU it gets, so two calls side by side on a busy
 * machine do not do the same work; CPU per frame compares like with like.
 */
const videoFrames = (page) =>
  page.evaluate(async () => {
    let frames = 0;
    for (const pc of [window.lifelineDemo.tutorPc(), window.lifelineDemo.studentPc()]) {
      if (!pc) continue;
      (await pc.getStats()).forEach((s) => {
        if (s.kind !== 'video') return;
        if (s.type === 'outbound-rtp') frames += s.framesEncoded ?? 0;
        if (s.type === 'inbound-rtp') frames += s.framesDecoded ?? 0;
      });
    }
    return frames;
  });

export async function run({ demoUrl, minutes = 5, log = console.log }) {
  const withExt = await launch({ extension: true });
  const without = await launch({ extension: false, baseline: true });
  try {
    const sides = [];
    for (const chromium of [withExt, without]) {
      for (const p of await chromium.browser.pages()) await p.close();
      const lesson = await openLesson(chromium, demoUrl);
      sides.push({ chromium, lesson, pids: [], mainThread: await mainThreadClock(lesson.page) });
    }
    // Let both calls settle (the bandwidth estimate ramps up) before the measured window.
    await sleep(20_000);
    const before = new Set((await withExt.incidents()).map((i) => i.id));
    for (const side of sides) {
      side.pids = pageRenderers(side.chromium.browser.process().pid);
      side.cpu0 = side.pids.reduce((s, pid) => s + cpuSeconds(pid), 0);
      side.main0 = await side.mainThread();
      side.frames0 = await videoFrames(side.lesson.page);
    }
    const windowMs = minutes * 60_000;
    for (let left = windowMs; left > 0; left -= 60_000) {
      await sleep(Math.min(60_000, left));
      log(`  healthy call: ${Math.round((windowMs - left + Math.min(60_000, left)) / 1000)} s`);
    }
    for (const side of sides) {
      side.cpu = side.pids.reduce((s, pid) => s + cpuSeconds(pid), 0) - side.cpu0;
      side.main = (await side.mainThread()) - side.main0;
      side.frames = (await videoFrames(side.lesson.page)) - side.frames0;
    }
    const incidents = (await withExt.incidents()).filter((i) => !before.has(i.id));
    const [ext, plain] = sides;
    const headsUps = await withExt.headsUps(await withExt.tabIdOf(ext.lesson.page));
    const rawRatio = ext.cpu / plain.cpu;
    const ratio = ext.cpu / ext.frames / (plain.cpu / plain.frames);
    const mainRatio = ext.main / plain.main;
    const ok = incidents.length === 0 && headsUps.length === 0 && ratio <= 1.03;
    const perKFrames = (side) => `${((side.cpu / side.frames) * 1000).toFixed(2)} s`;
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    const markdown = [
      `The demo lesson's call for ${minutes} minutes in two headless Chromiums at once, one with the`,
      'built extension and one with only an extension that does nothing (bench/baseline-extension),',
      'after 20 s to settle. Machine load average at the end',
      `(1, 5, 15 min): ${load}, on ${cpus().length} cores. The budget is judged per video frame`,
      'the call handled: WebRTC lowers its encoding when it gets less CPU, so two calls side by',
      'side do not do the same work, and their raw CPU ratio moves by a few percent between runs.',
      '',
      '| measure | with Lifeline | without | ratio | budget | result |',
      '|---|---|---|---|---|---|',
      `| false incidents | ${incidents.length}${incidents.length ? ` (${incidents.map((i) => `${i.kind}: ${i.cause}`).join(', ')})` : ''} | – | – | 0 | ${incidents.length === 0 ? 'ok' : 'MISSED'} |`,
      `| heads-ups (issue 14) | ${headsUps.length}${headsUps.length ? ` (${headsUps.map((h) => h.kind).join(', ')})` : ''} | – | – | 0 | ${headsUps.length === 0 ? 'ok' : 'MISSED'} |`,
      `| video frames encoded and decoded | ${ext.frames} | ${plain.frames} | ${(ext.frames / plain.frames).toFixed(3)}× | (shown) | – |`,
      `| page renderer CPU, all threads | ${ext.cpu.toFixed(2)} s | ${plain.cpu.toFixed(2)} s | ${rawRatio.toFixed(3)}× | (shown) | – |`,
      `| page renderer CPU per 1000 video frames | ${perKFrames(ext)} | ${perKFrames(plain)} | ${ratio.toFixed(3)}× | ≤ 1.03× | ${ratio <= 1.03 ? 'ok' : 'MISSED'} |`,
      `| page main thread (CDP TaskDuration) | ${ext.main.toFixed(2)} s | ${plain.main.toFixed(2)} s | ${mainRatio.toFixed(3)}× | (shown) | – |`,
    ].join('\n');
    return {
      ok,
      markdown,
      incidents: incidents.length,
      headsUps: headsUps.length,
      ratio,
      rawRatio,
      mainRatio,
    };
  } finally {
    await withExt.close();
    await without.close();
  }
}
