import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openDemoLesson,
  startDemoServer,
  type DemoLesson,
  type DemoServer,
} from './support/demo-lesson';
import { launchWithExtension, waitFor, type LifelineBrowser } from './support/extension';

// A tutor with four lessons open (or a counsellor with a supervision call beside a session): each
// tab has its own state and its own badge, and a fault in one never shows in another.
describe('four call tabs at once', () => {
  let lifeline: LifelineBrowser;
  let server: DemoServer;
  let lessons: DemoLesson[];

  beforeAll(async () => {
    server = await startDemoServer();
    lifeline = await launchWithExtension();
    lessons = [];
    for (let i = 0; i < 4; i++) lessons.push(await openDemoLesson(lifeline, server));
  });
  afterAll(async () => {
    await lifeline?.close();
    await server?.close();
  });

  const status = (tabId: number) =>
    lifeline.control.evaluate(
      (id) => chrome.runtime.sendMessage({ type: 'get-tab-status', tabId: id }),
      tabId,
    ) as Promise<{ inCall: boolean; connections: number; look: string; onLine: boolean }>;

  it('keeps separate states and badges', async () => {
    const [offline, cut, healthyA, healthyB] = lessons as [
      DemoLesson,
      DemoLesson,
      DemoLesson,
      DemoLesson,
    ];
    expect(new Set(lessons.map((l) => l.tabId)).size).toBe(4);

    await offline.page.setOfflineMode(true);
    await cut.fault('connectionCut');
    await waitFor(
      async () => (await offline.badge()).text === '!' && (await cut.badge()).text === '!',
      {
        what: 'both faulty tabs to turn red',
      },
    );

    expect(await status(offline.tabId)).toMatchObject({ onLine: false, look: 'failure' });
    expect(await status(cut.tabId)).toMatchObject({ onLine: true, look: 'failure' });
    for (const healthy of [healthyA, healthyB]) {
      expect(await healthy.badge()).toMatchObject({ text: '' });
      expect(await status(healthy.tabId)).toMatchObject({
        inCall: true,
        connections: 1,
        look: 'healthy',
      });
    }

    const incidents = await lifeline.incidents();
    expect(incidents.map((i) => i.cause).sort()).toEqual(['browser-offline', 'far-end-closed']);
    expect(incidents.find((i) => i.cause === 'browser-offline')).toMatchObject({ side: 'local' });

    await offline.page.setOfflineMode(false);
    await cut.restore();
    await waitFor(async () => (await lifeline.incidents()).every((i) => i.endedAt !== null), {
      timeoutMs: 25_000,
      what: 'both incidents to close',
    });
    for (const lesson of lessons) expect(await lesson.badge()).toMatchObject({ text: '' });
  });
});
