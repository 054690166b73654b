import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentExportSchema } from '@/lib/records/export-format';
import type { Settings } from '@/lib/settings/settings';
import { launchWithExtension, waitFor, type LifelineBrowser } from './support/extension';
import { rawDb } from './support/raw-db';
import { openIncidents } from './support/records-pages';
import { waitForPrompt, walkPage } from './support/respond-pages';

/** The walk window a practice prompt opened, found by its practice incident id. */
async function practiceWalk(lifeline: LifelineBrowser, seen: Set<string>) {
  const target = await lifeline.browser.waitForTarget(
    (t) =>
      t.url().includes('/popup.html?') &&
      t.url().includes('incident=practice-') &&
      !seen.has(t.url()),
    { timeout: 10_000 },
  );
  seen.add(target.url());
  const page = (await target.page())!;
  await page.waitForSelector('[data-testid="walk"]');
  return walkPage(page);
}

/** Replaces a field's value as the tutor would: select what is there, type over it. */
async function fill(page: Page, id: string, value: string) {
  const input = (await page.$(`[id="${id}"]`))!;
  await input.click({ count: 3 });
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyA');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  if (value) await input.type(value);
}

const step = (page: Page) =>
  page.$eval('[data-testid="welcome-step"]', (f) => f.getAttribute('data-step'));

/** Presses the step's submit button and waits for the next step (or an error on this one). */
async function submit(page: Page) {
  await page.click('[data-testid="welcome-step"] button[type=submit]');
}

// Issue 14, point 1, in real Chromium: installing opens the welcome page, its three steps store
// the settings through the background, and a practice failure shows the real prompt and walk
// while nothing of it reaches the records, the export or the incidents page.
describe('first run', () => {
  let lifeline: LifelineBrowser;
  let welcome: Page;
  beforeAll(async () => {
    lifeline = await launchWithExtension({ keepWelcome: true });
    welcome = lifeline.welcome!;
  });
  afterAll(() => lifeline?.close());

  const settings = () =>
    lifeline.control.evaluate(
      () => chrome.runtime.sendMessage({ type: 'get-settings' }) as Promise<Settings>,
    );

  it('installing opens the welcome page, once', async () => {
    expect(welcome.url()).toBe(`chrome-extension://${lifeline.extensionId}/welcome.html`);
    await welcome.waitForSelector('[data-testid="welcome-step"][data-step="0"]');
    expect(await welcome.$eval('#step-title', (h) => h.textContent)).toBe(
      'What kind of practice is yours?',
    );
    // Monitoring does not wait for setup: nothing is set yet, and the popup says what is missing.
    const popup = await lifeline.browser.newPage();
    await popup.goto(
      `chrome-extension://${lifeline.extensionId}/popup.html?tabId=${await lifeline.tabIdOf(welcome)}`,
    );
    const gaps = await popup.waitForSelector('[data-testid="setup-gaps"]');
    expect(await gaps!.evaluate((g) => g.textContent)).toContain('No incident address');
    await popup.close();

    // A worker the browser stopped and started again is not an install: no second welcome tab.
    await lifeline.stopWorker();
    await lifeline.control.evaluate(() => chrome.runtime.sendMessage({ type: 'get-settings' }));
    await new Promise((r) => setTimeout(r, 500));
    const welcomes = (await lifeline.browser.pages()).filter((p) =>
      p.url().endsWith('/welcome.html'),
    );
    expect(welcomes).toHaveLength(1);
  });

  it('filling the three steps by keyboard stores the settings, with refusals beside the field', async () => {
    await welcome.bringToFront();
    // Step 1 asks before it moves on.
    await submit(welcome);
    await welcome.waitForSelector('[data-testid="error-practiceKind"]');
    await welcome.focus('#kind-tutoring-organisation');
    await welcome.keyboard.press('ArrowDown'); // radio group: the arrow chooses the next kind
    expect(
      await welcome.$eval('#kind-counselling-practice', (r) => (r as HTMLInputElement).checked),
    ).toBe(true);
    await welcome.keyboard.press('Enter'); // submits the step
    await waitFor(async () => (await step(welcome)) === '1', { what: 'step 2' });
    // Focus moved to the new step's question.
    expect(await welcome.evaluate(() => document.activeElement?.id)).toBe('step-title');
    expect((await settings()).practiceKind).toBe('counselling-practice');

    await fill(welcome, 'organisationName', 'Harbour Counselling');
    await fill(welcome, 'incidentEmail', 'not an address');
    await submit(welcome);
    const error = await welcome.waitForSelector('[data-testid="error-incidentEmail"]');
    expect(await error!.evaluate((e) => e.textContent)).toContain('Enter an email address');
    await waitFor(
      async () => (await welcome.evaluate(() => document.activeElement?.id)) === 'incidentEmail',
      { what: 'the refused field to take the focus' },
    );
    expect(await step(welcome)).toBe('1');
    await fill(welcome, 'incidentEmail', 'incidents@harbour.example');
    await fill(welcome, 'withholdPrefix', '#31#');
    await submit(welcome);
    await waitFor(async () => (await step(welcome)) === '2', { what: 'step 3' });

    await fill(welcome, 'approvedPlatforms', 'Harbour Rooms');
    await fill(welcome, 'replacementWindowDays', '10');
    await submit(welcome);
    await welcome.waitForSelector('[data-testid="welcome-done"]');

    expect(await settings()).toMatchObject({
      practiceKind: 'counselling-practice',
      playbook: 'counselling',
      lessonReferenceStyle: 'code',
      organisationName: 'Harbour Counselling',
      incidentEmail: 'incidents@harbour.example',
      organisationPhone: { available: true, label: "The practice's work phone" },
      ownPhoneAllowed: true,
      withholdPrefix: '#31#',
      approvedPlatforms: ['Harbour Rooms'],
      replacementWindowDays: 10,
    });
    // Set up: the popup no longer names anything missing.
    const popup = await lifeline.browser.newPage();
    await popup.goto(
      `chrome-extension://${lifeline.extensionId}/popup.html?tabId=${await lifeline.tabIdOf(welcome)}`,
    );
    await popup.waitForSelector('[data-testid="no-call"]');
    await new Promise((r) => setTimeout(r, 500));
    expect(await popup.$('[data-testid="setup-gaps"]')).toBeNull();
    await popup.close();
  });

  it('a practice incident is never stored as a real one', async () => {
    const walks = new Set<string>();
    await welcome.bringToFront();

    // 1. The prompt's own offer, then its report: practice, and no email to send.
    await welcome.click('[data-testid="practise"]');
    const prompt = await waitForPrompt(welcome);
    expect(await prompt.buttons()).toEqual(['Carry on by phone', 'Steps…', 'Dismiss']);
    expect(await prompt.headline()).toMatch(/^No sound from the other side/);
    await waitFor(async () => (await prompt.announced()).includes('Lifeline practice: '), {
      what: 'the practice announcement',
    });
    await prompt.shortcut(1);
    await waitFor(async () => (await prompt.buttons()).includes('Report…'), {
      what: 'the prompt to say what it practised',
    });
    expect(await prompt.headline()).toBe('✓ Practised: we carried on by phone');
    expect((await prompt.lines()).join(' ')).toContain('dial #31# before their number');
    await prompt.shortcut(1);
    const report = await practiceWalk(lifeline, walks);
    await report.page.waitForSelector('[data-testid="practice-done"]');
    expect(await report.page.$eval('[data-testid="practice-tag"]', (t) => t.textContent)).toBe(
      'Practice: nothing is recorded or sent',
    );
    expect(await report.page.$('[data-testid="email-to"]')).toBeNull();
    await report.page.close();

    // 2. A new practice through "Steps…": the real walk, steps answered, an outcome chosen.
    await welcome.click('[data-testid="practise"]');
    const again = await waitForPrompt(welcome);
    await again.fallback.click();
    const walk = await practiceWalk(lifeline, walks);
    expect(await walk.page.$('[data-testid="practice-tag"]')).not.toBeNull();
    expect(await walk.progress()).toMatch(/^Step 1 of \d+$/);
    await walk.answer('no');
    expect(await walk.progress()).toMatch(/^Step 2 of \d+$/);
    await walk.way('Abandon');
    await walk.chooseOutcome('The session was abandoned');
    await walk.page.waitForSelector('[data-testid="practice-done"]');
    expect(await walk.page.$('[data-testid="email-to"]')).toBeNull();
    await walk.page.close();

    // The walk did record, in the session's memory only: the steps and the outcome are there.
    const kept = await lifeline.control.evaluate(
      async () => (await chrome.storage.session.get('practiceIncident')).practiceIncident,
    );
    expect(kept).toMatchObject({
      incident: { id: expect.stringMatching(/^practice-/), outcome: { type: 'abandoned' } },
    });
    expect((kept as { incident: { steps: unknown[] } }).incident.steps.length).toBeGreaterThan(0);

    // Nothing of either practice is a record: no incident, no timeline, an empty export, and
    // the incidents page shows none.
    expect(await lifeline.incidents()).toEqual([]);
    expect(await rawDb(lifeline.control).all('timelines')).toEqual([]);
    const incidents = await openIncidents(lifeline);
    expect(await incidents.total()).toBe(0);
    expect(await incidents.rows()).toBe(0);
    const exported = incidentExportSchema.parse(
      JSON.parse((await incidents.download('Export JSON')).text),
    );
    expect(exported.incidents).toEqual([]);
    await incidents.page.close();
  });
});
