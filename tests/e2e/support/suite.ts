import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startDemoServer, type DemoServer } from './demo-lesson';
import { launchWithExtension, type LifelineBrowser } from './extension';
import { servePages } from './static-server';

/**
 * For one describe block: the demo lesson's server and a Chromium with the built extension,
 * handed to `ready` once both run and closed after the block.
 *
 * @example
 *   let lifeline: LifelineBrowser; let server: DemoServer;
 *   useDemoLessonBrowser((l, s) => ([lifeline, server] = [l, s]));
 */
export function useDemoLessonBrowser(
  ready: (lifeline: LifelineBrowser, server: DemoServer) => void,
  options: Parameters<typeof launchWithExtension>[0] = {},
): void {
  let lifeline: LifelineBrowser | undefined;
  let server: DemoServer | undefined;
  beforeAll(async () => {
    server = await startDemoServer();
    lifeline = await launchWithExtension(options);
    ready(lifeline, server);
  });
  afterAll(async () => {
    await lifeline?.close();
    await server?.close();
  });
}

/**
 * For one describe block: a Chromium with the built extension, and before each test a fresh tab
 * on tests/e2e/pages/blank.html (which carries the loopback-call helpers), closed after it.
 */
export function useBlankPage(ready: (page: Page, lifeline: LifelineBrowser) => void): void {
  let lifeline: LifelineBrowser | undefined;
  let pages: Awaited<ReturnType<typeof servePages>> | undefined;
  beforeAll(async () => {
    pages = await servePages();
    lifeline = await launchWithExtension();
  });
  afterAll(async () => {
    await lifeline?.close();
    await pages?.close();
  });
  beforeEach(async () => {
    const page = await lifeline!.browser.newPage();
    await page.goto(`${pages!.url}blank.html`);
    ready(page, lifeline!);
    return () => page.close();
  });
}
