import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openDemoLesson,
  startDemoServer,
  type DemoLesson,
  type DemoServer,
} from './support/demo-lesson';
import { launchWithExtension, type LifelineBrowser } from './support/extension';
import { servePages } from './support/static-server';

interface HostileWindow {
  hostile: {
    wrongShapes(): number;
    flood(perSecond: number, seconds: number): Promise<{ sent: number; ms: number }>;
    reachForExtensionData(id: string): Promise<Record<string, unknown>>;
    claimAnotherTab(tabId: number): void;
  };
}

// A page nobody here controls forges the hook's events and reaches for extension data while a
// real lesson runs in another tab (design.md §2: the worst a page can do is affect its own tab).
describe('a hostile page', () => {
  let lifeline: LifelineBrowser;
  let server: DemoServer;
  let pages: Awaited<ReturnType<typeof servePages>>;
  let lesson: DemoLesson;
  let hostile: Page;
  let hostileTab: number;

  beforeAll(async () => {
    server = await startDemoServer();
    pages = await servePages();
    lifeline = await launchWithExtension();
    lesson = await openDemoLesson(lifeline, server);
    hostile = await lifeline.browser.newPage();
    await hostile.goto(`${pages.url}hostile.html`);
    hostileTab = await lifeline.tabIdOf(hostile);
  });
  afterAll(async () => {
    await lifeline?.close();
    await server?.close();
    await pages?.close();
  });

  const status = (tabId: number) =>
    lifeline.control.evaluate(
      (id) => chrome.runtime.sendMessage({ type: 'get-tab-status', tabId: id }),
      tabId,
    ) as Promise<{ inCall: boolean; connections: number }>;

  it('has its malformed events dropped: nothing is tracked for it', async () => {
    const sent = await hostile.evaluate(() =>
      (window as unknown as HostileWindow).hostile.wrongShapes(),
    );
    expect(sent).toBe(10);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await status(hostileTab)).toMatchObject({ inCall: false });
    expect(await lifeline.incidents()).toEqual([]);
  });

  it('cannot speak for another tab: a claimed tab id is ignored, the sender’s tab is used', async () => {
    await hostile.evaluate(
      (id) => (window as unknown as HostileWindow).hostile.claimAnotherTab(id),
      lesson.tabId,
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(await status(lesson.tabId)).toMatchObject({ inCall: true, connections: 1 });
    expect(await status(hostileTab)).toMatchObject({ inCall: true, connections: 1 });
    expect(await lesson.badge()).toMatchObject({ text: '' });
  });

  it('cannot flood the extension: the lesson tab stays answered and untouched', async () => {
    const flood = hostile.evaluate(() =>
      (window as unknown as HostileWindow).hostile.flood(10_000, 4),
    );
    // While 10,000 forged events a second arrive, the extension still answers about the lesson.
    await new Promise((r) => setTimeout(r, 1500));
    const asked = Date.now();
    expect(await status(lesson.tabId)).toMatchObject({ inCall: true, connections: 1 });
    console.log(`status answered in ${Date.now() - asked} ms during the flood`);
    const { sent, ms } = await flood;
    console.log(`forged events sent: ${sent} in ${Math.round(ms)} ms`);

    // Its forged "failed" samples can mark only its own tab; the lesson tab stays healthy.
    const incidents = await lifeline.incidents();
    expect(
      incidents.every(
        (i) =>
          (i as unknown as { page: { origin: string } }).page.origin === new URL(pages.url).origin,
      ),
    ).toBe(true);
    expect(await lesson.badge()).toMatchObject({ text: '' });
    const lessonStatus = await status(lesson.tabId);
    expect(lessonStatus).toMatchObject({ inCall: true, connections: 1 });
  });

  it('cannot read settings or incidents', async () => {
    const found = await hostile.evaluate(
      (id) => (window as unknown as HostileWindow).hostile.reachForExtensionData(id),
      lifeline.extensionId,
    );
    expect(found).toEqual({
      chromeRuntime: 'undefined',
      fetchManifest: 'blocked',
      databases: [],
      localStorage: [],
    });
  });
});
