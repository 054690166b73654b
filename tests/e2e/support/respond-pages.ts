import type { ElementHandle, Page } from 'puppeteer-core';
import type { LifelineBrowser } from './extension';
import { waitFor } from './extension';

/**
 * The in-page prompt of a call tab. It sits in a closed shadow root, which page scripts cannot
 * reach; the accessibility tree can, and that is also how a keyboard or screen-reader user finds
 * it, so the test goes through it.
 */
export async function waitForPrompt(page: Page, timeoutMs = 10_000) {
  await page.waitForSelector('aria/Dismiss[role="button"]', { timeout: timeoutMs });
  // Found again on every read: the prompt is rebuilt when the incident escalates, and a card
  // held from before would be a detached one. Its card is the region named "Lifeline".
  const shadow = async () => {
    const card = await page.waitForSelector('aria/Lifeline[role="region"]', { timeout: 5_000 });
    return card!.evaluateHandle((c) => c.getRootNode() as ShadowRoot);
  };
  const inPrompt = async <T>(fn: (root: ShadowRoot) => T) =>
    (await shadow()).evaluate(
      (root, src) => new Function('root', `return (${src})(root)`)(root) as T,
      fn.toString(),
    );
  const fallback = (await (
    await shadow()
  ).evaluateHandle((root) =>
    root.querySelector('[data-action="fallback-steps"]')!,
  )) as ElementHandle<HTMLButtonElement>;
  return {
    fallback,
    headline: () => inPrompt((root) => root.querySelector('.headline')?.textContent ?? ''),
    buttons: () =>
      inPrompt((root) => [...root.querySelectorAll('button')].map((b) => b.textContent ?? '')),
    lines: () =>
      inPrompt((root) => [...root.querySelectorAll('.line')].map((p) => p.textContent ?? '')),
    announced: () =>
      inPrompt((root) =>
        [...root.querySelectorAll('[aria-live]')].map((p) => p.textContent ?? '').join(' | '),
      ),
    /** Presses the prompt's button number `n` with its shortcut, Alt+Shift+n. */
    async shortcut(n: number) {
      await page.keyboard.down('Alt');
      await page.keyboard.down('Shift');
      await page.keyboard.press(`Digit${n}` as 'Digit1');
      await page.keyboard.up('Shift');
      await page.keyboard.up('Alt');
    },
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

/** Page object for the popup's walk, one screen at a time, and its report. */
export function walkPage(page: Page) {
  const text = (selector: string) => page.$eval(selector, (e) => e.textContent ?? '');
  const screen = () => page.$eval('[data-testid="walk"]', (w) => w.getAttribute('data-screen'));
  /** Clicks and waits for the walk to show another screen. */
  const moveWith = async (click: () => Promise<unknown>) => {
    const from = await screen();
    await click();
    await waitFor(async () => (await screen()) !== from, { what: `the walk to leave ${from}` });
  };
  const buttonByText = async (scope: string, label: string) => {
    const [button] = await page.$$(`xpath/.//*[${scope}]//button[normalize-space(.)="${label}"]`);
    if (!button) throw new Error(`No button "${label}" in ${scope}`);
    return button as ElementHandle<HTMLButtonElement>;
  };
  return {
    page,
    title: () => text('#walk-title'),
    screen,
    stepId: () => page.$eval('[data-step]', (s) => s.getAttribute('data-step')),
    progress: () => text('[data-testid="walk-progress"]'),
    /** Opens "All steps", reads the list, and folds it again. */
    async allStepIds() {
      await page.click('.all-steps-toggle');
      const ids = await page.$$eval('[data-step-id]', (steps) =>
        steps.map((s) => s.getAttribute('data-step-id')),
      );
      await page.click('.all-steps-toggle');
      return ids;
    },
    answer: (given: 'yes' | 'no') => moveWith(() => page.click(`[data-answer="${given}"]`)),
    way: async (label: string) =>
      moveWith(async () => (await buttonByText('@aria-label="Ways on"', label)).click()),
    async chooseOutcome(label: string) {
      await (await buttonByText('@data-testid="walk-end"', label)).click();
      await page.waitForSelector('[data-testid="walk-report"]');
    },
    /** The page's size: every screen must fit the popup's 380 × 600 without scrolling. */
    size: () =>
      page.evaluate(() => ({
        height: document.documentElement.scrollHeight,
        width: document.documentElement.scrollWidth,
      })),
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
