/** See firefox-call.mjs. */
import type { Browser, Page } from 'puppeteer-core';

export const FIREFOX_BUILD: string;
export function serveCallPage(): Promise<{ url: string; close(): void }>;
export function launchFirefox(options?: {
  downloads?: string;
}): Promise<{ browser: Browser; id: string }>;
export function extensionPage(
  browser: Browser,
  pathname: string,
  timeoutMs?: number,
): Promise<Page>;
export function walkToReport(
  browser: Browser,
  callPage: Page,
): Promise<{ walk: Page; title: string | null; firstStep: string | null; subject: string | null }>;
