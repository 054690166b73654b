import type { ElementHandle, Page } from 'puppeteer-core';
import type { LifelineBrowser } from './extension';
import { waitFor } from './extension';

/**
 * The in-page prompt of a call tab. It sits in a closed shadow root, which page scripts cannot
 * reach; the accessibility tree can, and that is also how a keyboard or screen-reader user finds
 * it, so the test goes through it.
 */
export async function waitForPrompt(page: Page, timeoutMs = 10_000) {
  const fallback = (await page.waitForSelector('aria/Fallback steps[role="button"]', {
    timeout: timeoutMs,
  })) as ElementHandle<HTMLButtonElement>;
  const inPrompt = <T>(fn: (root: ShadowRoot) => T) =>
    fallback.evaluate((b, src) => {
      const root = b.getRootNode() as ShadowRoot;
      return new Function('root', `return (${src})(root)`)(root) as T;
    }, fn.toString());
  return {
    fallback,
    headline: () => inPrompt((root) => root.querySelector('.headline')?.textContent ?? ''),
    buttons: () =>
      inPrompt((root) => [...root.querySelectorAll('button')].map((b) => b.textContent ?? '')),
    announced: () => inPrompt((root) => root.querySelector('[aria-live]')?.textContent ?? ''),
  };
}

/** The walk window the prompt's "Fallback steps" opens. */
export async function waitForWalkWindow(lifeline: LifelineBrowser, incidentId: string) {
  const target = await lifeline.browser.waitForTarget(
    (t) => t.url().includes('/popup.html?') && t.url().includes(`incident=${incidentId}`),
    { timeout: 10_000 },
  );
  const page = (await target.page())!;
  await page.waitForSelector('[data-testid="walk"]');
  return walkPage(page);
}

/** Page object for the popup's walk and email draft. */
export function walkPage(page: Page) {
  const text = (selector: string) => page.$eval(selector, (e) => e.textContent ?? '');
  return {
    page,
    title: () => text('#walk-title'),
    stepIds: () =>
      page.$$eval('[data-step]', (steps) => steps.map((s) => s.getAttribute('data-step'))),
    async markDone(stepId: string) {
      await page.click(`[data-step="${stepId}"] .step-record button`);
      await page.waitForSelector(`[data-step="${stepId}"] [data-testid="step-recorded"]`);
    },
    async chooseOutcome(label: string) {
      const [button] = await page.$$(`xpath/.//*[@data-testid="outcome"]//button[.="${label}"]`);
      if (!button) throw new Error(`No outcome button "${label}"`);
      await (button as ElementHandle<HTMLButtonElement>).click();
      await waitFor(
        async () => (await text('[data-testid="outcome-now"]')).startsWith('Recorded'),
        {
          what: 'the outcome to be recorded',
        },
      );
    },
    /** Types a time into the date/time picker as the browser's own control would report it. */
    async proposeReplacement(wallTime: string) {
      await page.$eval(
        '[data-testid="replacement-time"]',
        (input, value) => {
          (input as HTMLInputElement).value = value;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        },
        wallTime,
      );
    },
    replacementError: () => text('#replacement-error'),
    canAgree: () =>
      page.$eval(
        '[data-testid="replacement-picker"] > button',
        (b) => !(b as HTMLButtonElement).disabled,
      ),
    async agree() {
      await page.click('[data-testid="replacement-picker"] > button');
      await page.waitForSelector('[data-testid="replacement-ics"]');
    },
    email: async () => ({
      to: await text('[data-testid="email-to"]'),
      subject: await text('[data-testid="email-subject"]'),
      body: await text('[data-testid="email-body"]'),
    }),
  };
}
