import { describe, expect, it, onTestFinished } from 'vitest';
import { waitFor, type LifelineBrowser } from './support/extension';
import { openDemoLesson, type DemoFault, type DemoServer } from './support/demo-lesson';
import { useDemoLessonBrowser } from './support/suite';

/** Each demo fault, the incident it must produce, and the side (undefined: any side is right). */
const FAULTS: [DemoFault, string, string | undefined][] = [
  ['theirSoundDrops', 'no-sound', 'remote'],
  ['myMicLost', 'no-sound', 'local'],
  ['theirVideoDrops', 'no-video', 'remote'],
  ['videoFreezes', 'no-video', undefined],
  ['connectionCut', 'failed-connection', undefined],
  ['whiteboardDown', 'whiteboard-disconnected', undefined],
];

// Every demo fault in real Chromium with the built extension: the right kind and side, and no
// other incident opening beside it. How fast is measured by `npm run bench`, not asserted here;
// the waits below are only generous upper bounds so a broken rule fails instead of hanging.
describe('each demo fault, end to end', () => {
  let lifeline: LifelineBrowser;
  let server: DemoServer;
  useDemoLessonBrowser((l, s) => ([lifeline, server] = [l, s]));

  /** One lesson tab at a time, closed even when a test fails (tab ids are looked up by URL). */
  const openLesson = async () => {
    const lesson = await openDemoLesson(lifeline, server);
    onTestFinished(() => lesson.page.close().catch(() => undefined));
    return lesson;
  };

  it.each(FAULTS)('%s raises %s (side %s) and nothing else', async (fault, kind, side) => {
    const lesson = await openLesson();
    const before = new Set((await lifeline.incidents()).map((i) => i.id));
    const fresh = async () => (await lifeline.incidents()).filter((i) => !before.has(i.id));
    await new Promise((r) => setTimeout(r, 6_000));
    expect(await fresh()).toEqual([]);

    await lesson.fault(fault);
    const incident = await waitFor(async () => (await fresh())[0], {
      timeoutMs: 30_000,
      what: `an incident after ${fault}`,
    });
    expect(incident).toMatchObject({ kind, endedAt: null });
    if (side) expect(incident.side).toBe(side);
    expect(await lesson.badge()).toMatchObject({ text: '!' });

    // Give any wrong rule time to fire too before judging "nothing else".
    await new Promise((r) => setTimeout(r, 6_000));
    expect((await fresh()).map((i) => i.kind)).toEqual([kind]);
    await lesson.restore();
    await waitFor(async () => (await fresh()).every((i) => i.endedAt !== null), {
      timeoutMs: 30_000,
      what: 'the incident to close after the fault is restored',
    });
    expect((await fresh()).map((i) => i.kind)).toEqual([kind]);
  });

  it('takes the app’s own bitrate cap (maxBitrate) for the platform’s: no incident, the popup says so', async () => {
    const lesson = await openLesson();
    const before = new Set((await lifeline.incidents()).map((i) => i.id));
    // Bandwidth rules wait out the estimate's 15 s ramp-up.
    await new Promise((r) => setTimeout(r, 17_000));
    await lesson.fault('bandwidthCapped');
    const popup = await lifeline.browser.newPage();
    onTestFinished(() => popup.close().catch(() => undefined));
    await popup.setViewport({ width: 380, height: 600 });
    await popup.goto(`chrome-extension://${lifeline.extensionId}/popup.html?tabId=${lesson.tabId}`);
    const fact = await popup.waitForSelector('[data-testid=platform-limit]', { timeout: 30_000 });
    expect(await fact!.evaluate((e) => e.textContent)).toMatch(
      /The platform limits your video to (4\d|5\d|6\d)\u00a0kbps\. That is its setting, not your network\./,
    );
    // Held past the 3 of 5 a real limit needs to raise, on a clean link.
    await new Promise((r) => setTimeout(r, 10_000));
    expect((await lifeline.incidents()).filter((i) => !before.has(i.id))).toEqual([]);
    expect(await lesson.badge()).toMatchObject({ text: '' });
    await lesson.restore();
    await popup.waitForSelector('[data-testid=platform-limit]', { hidden: true, timeout: 30_000 });
  });

  it('closes no-video as dismissed when the tutor marks the camera off on purpose', async () => {
    const lesson = await openLesson();
    const before = new Set((await lifeline.incidents()).map((i) => i.id));
    await new Promise((r) => setTimeout(r, 4_000));
    await lesson.fault('theirVideoDrops');
    const incident = await waitFor(
      async () => (await lifeline.incidents()).find((i) => !before.has(i.id)),
      { timeoutMs: 15_000, what: 'the no-video incident' },
    );
    expect(incident.kind).toBe('no-video');
    // What the popup's "camera off on purpose" button sends, from an extension page.
    const popup = await lifeline.browser.newPage();
    await popup.goto(`chrome-extension://${lifeline.extensionId}/popup.html`);
    const reply = await popup.evaluate(
      (tabId: number) => chrome.runtime.sendMessage({ type: 'camera-off-on-purpose', tabId }),
      lesson.tabId,
    );
    expect(reply).toEqual({ ok: true });
    const closed = await waitFor(
      async () => (await lifeline.incidents()).find((i) => i.id === incident.id && i.endedAt),
      { timeoutMs: 5_000, what: 'the incident to close as dismissed' },
    );
    expect(closed).toMatchObject({ dismissed: true });
    await new Promise((r) => setTimeout(r, 6_000));
    expect((await lifeline.incidents()).filter((i) => !before.has(i.id))).toHaveLength(1);
    expect(await lesson.badge()).toMatchObject({ text: '' });
    await popup.close();
  });
});
