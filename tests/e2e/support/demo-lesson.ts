import type { Page } from 'puppeteer-core';
import { startDemoServer, type DemoServer } from '../../../demo/server.mjs';
import type { LifelineBrowser } from './extension';

export type DemoFault =
  | 'theirSoundDrops'
  | 'myMicLost'
  | 'theirVideoDrops'
  | 'videoFreezes'
  | 'bandwidthCapped'
  | 'connectionCut'
  | 'whiteboardDown';

interface DemoWindow {
  lifelineDemo: {
    ready: Promise<void>;
    faults: Record<DemoFault, () => Promise<void>>;
    restore(): Promise<void>;
  };
}

export { startDemoServer, type DemoServer };

/** Page object for the tutor's lesson tab with the demo call running. */
export interface DemoLesson {
  page: Page;
  tabId: number;
  fault(name: DemoFault): Promise<void>;
  restore(): Promise<void>;
  badge(): Promise<{ text: string; color: string }>;
}

let opened = 0;

/** Opens the demo lesson in a new tab and waits until the call's media is flowing. */
export async function openDemoLesson(
  lifeline: LifelineBrowser,
  server: DemoServer,
): Promise<DemoLesson> {
  const page = await lifeline.browser.newPage();
  // A distinct URL per tab, so tests can tell the extension's view of each tab apart.
  await page.goto(`${server.url}?lesson=${++opened}`);
  await page.evaluate(() => (window as unknown as DemoWindow).lifelineDemo.ready);
  const tabId = await lifeline.tabIdOf(page);
  return {
    page,
    tabId,
    fault: (name) =>
      page.evaluate((n) => (window as unknown as DemoWindow).lifelineDemo.faults[n](), name),
    restore: () => page.evaluate(() => (window as unknown as DemoWindow).lifelineDemo.restore()),
    badge: () => lifeline.badge(tabId),
  };
}
