import { SIDES } from '@/lib/shared/incident-kinds';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_PLAYBOOKS } from '@/lib/respond/builtin-playbooks';
import { walkFor } from '@/lib/respond/playbook';
import { buildIncidentExport } from '@/lib/records/export-format';
import { INCIDENT_KINDS, type Incident } from '@/lib/shared/incident';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/settings';
import { anIncident } from '../support/incidents';
import { openDemoLesson, type DemoServer } from './support/demo-lesson';
import { waitFor, type LifelineBrowser } from './support/extension';
import { openIncidents } from './support/records-pages';
import { waitForPrompt, walkPage } from './support/respond-pages';
import { useDemoLessonBrowser } from './support/suite';

const POPUP = { width: 380, height: 600 };
const TZ = Intl.DateTimeFormat().resolvedOptions().timeZone;
const SETTINGS: Settings = { ...DEFAULT_SETTINGS, incidentEmail: 'incidents@tutoring.example' };

/** Tabs forward until `selector` has the focus, then presses Enter: the keyboard alone. */
async function pressByKeyboard(page: Page, selector: string) {
  for (let tabs = 0; tabs < 40; tabs++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

// Issue 11 end to end: the walk one screen at a time, by keyboard alone, for every kind and
// side both playbooks cover, from its first step to an outcome and the email, each screen
// within the popup's 380 × 600; and from the prompt itself, the phone in one action.
describe('the guided walk', () => {
  let lifeline: LifelineBrowser;
  let demo: DemoServer;
  useDemoLessonBrowser((l, s) => ([lifeline, demo] = [l, s]));

  const saveSettings = (settings: Settings) =>
    lifeline.control.evaluate(
      (s) => chrome.runtime.sendMessage({ type: 'save-settings', settings: s }),
      settings,
    );
  const stored = async (id: string) =>
    (await lifeline.incidents()).find((i) => i.id === id) as unknown as Incident;

  it('records "carried on by phone" for lost sound in one action from the prompt, by keyboard', async () => {
    await saveSettings(SETTINGS);
    const before = new Set((await lifeline.incidents()).map((i) => i.id));
    const lesson = await openDemoLesson(lifeline, demo);
    await lesson.page.bringToFront();
    await lesson.fault('theirSoundDrops');
    const prompt = await waitForPrompt(lesson.page, 20_000);
    expect(await prompt.buttons()).toEqual(['Carry on by phone', 'Steps…', 'Dismiss']);
    const incident = await waitFor(
      async () => (await lifeline.incidents()).find((i) => !before.has(i.id)),
      { what: 'the stored incident' },
    );

    const pressed = Date.now();
    await prompt.shortcut(1);
    const recorded = await waitFor(
      async () => {
        const now = await stored(incident.id);
        return now.outcome ? now : undefined;
      },
      { what: 'the outcome from the prompt' },
    );
    expect(recorded.outcome).toEqual({ type: 'phone', at: expect.any(String) });
    expect(Date.parse(recorded.outcome!.at)).toBeGreaterThanOrEqual(pressed - 1000);
    expect(recorded.steps).toEqual([
      {
        id: 'continue-by-phone',
        at: expect.any(String),
        result: 'done',
        title: 'Carry on with sound over the phone',
      },
    ]);
    // The prompt says what it recorded and gives the step's words: the number to withhold.
    await waitFor(async () => (await prompt.buttons()).includes('Report…'), {
      what: 'the prompt to say what it recorded',
    });
    expect(await prompt.headline()).toBe('✓ Recorded: we carried on by phone');
    expect((await prompt.lines()).join(' ')).toContain('dial 141 before their number');

    // "Report…" opens the walk on its report: the email, already saying how it ended.
    await prompt.shortcut(1);
    const target = await lifeline.browser.waitForTarget(
      (t) => t.url().includes('/popup.html?') && t.url().includes(`incident=${incident.id}`),
    );
    const walk = walkPage((await target.page())!);
    await walk.page.waitForSelector('[data-testid="walk-report"]');
    expect((await walk.email()).subject).toMatch(/: continued by phone$/);
    await walk.page.close();

    // The call recovers: the prompt says so and offers to close.
    await lesson.restore();
    await waitFor(async () => (await prompt.headline()) === '✓ Their sound is back', {
      timeoutMs: 30_000,
      what: 'the prompt to say the sound is back',
    });
    expect(await prompt.buttons()).toEqual(['Close', 'Report…']);
    await prompt.shortcut(1);
    await waitFor(async () => (await lesson.page.$('lifeline-prompt')) === null, {
      what: 'the prompt to close',
    });
    await lesson.page.close();
  });

  for (const playbook of ['tutoring', 'counselling'] as const) {
    it(`${playbook}: every kind and side, step by step by keyboard, each screen within 380 × 600`, async () => {
      const settings: Settings = { ...SETTINGS, playbook };
      await saveSettings(settings);
      const startedAt = new Date(Date.now() - 5 * 60_000).toISOString();
      const cases = INCIDENT_KINDS.flatMap((kind) =>
        SIDES.map((side) =>
          anIncident({
            id: `walk-${playbook}-${kind}-${side}`,
            kind,
            side,
            startedAt,
            detectedAt: startedAt,
            endedAt: null,
          }),
        ),
      );
      const incidents = await openIncidents(lifeline);
      const imported = await incidents.importFile(
        'walks.json',
        JSON.stringify(buildIncidentExport(cases, new Date())),
      );
      expect(imported.id).toBe('import-report');
      await incidents.page.close();

      const page = await lifeline.browser.newPage();
      await page.setViewport(POPUP);
      const tallest = { height: 0, width: 0, where: '' };
      const measure = async (where: string) => {
        const size = await walkPage(page).size();
        if (size.height > tallest.height) Object.assign(tallest, size, { where });
        expect(size.width, `${where} is wider than the popup`).toBeLessThanOrEqual(POPUP.width);
      };
      for (const incident of cases) {
        const expected = walkFor(incident, BUILT_IN_PLAYBOOKS[playbook], settings, TZ);
        await page.goto(
          `chrome-extension://${lifeline.extensionId}/popup.html?incident=${incident.id}`,
        );
        const walk = walkPage(page);
        await page.waitForSelector('[data-testid="walk"][data-screen="step-0"]');
        const began = Date.now();
        for (const [index, step] of expected.entries()) {
          await page.waitForSelector(`[data-screen="step-${index}"] [data-step="${step.id}"]`);
          // Focus is on the new step's heading, so a screen reader reads it first.
          expect(await focusedId(page)).toBe('walk-title');
          expect(await walk.title()).toBe(step.title);
          expect(await walk.progress()).toBe(`Step ${index + 1} of ${expected.length}`);
          await measure(`${incident.id} step ${step.id}`);
          if (index === 1) {
            // Escape goes back, and focus follows.
            await page.keyboard.press('Escape');
            await page.waitForSelector('[data-screen="step-0"]');
            expect(await focusedId(page)).toBe('walk-title');
            await pressByKeyboard(
              page,
              expected[0]!.no ? '[data-answer="no"]' : '[data-answer="yes"]',
            );
            await page.waitForSelector('[data-screen="step-1"]');
          }
          const answer = step.no ? 'no' : 'yes';
          await pressByKeyboard(page, `[data-answer="${answer}"]`);
        }
        await page.waitForSelector('[data-testid="walk-end"]');
        await measure(`${incident.id} end`);
        const [abandon] = await page.$$(
          'xpath/.//*[@data-testid="walk-end"]//button[.="The session was abandoned"]',
        );
        await abandon!.focus();
        await page.keyboard.press('Enter');
        await page.waitForSelector('[data-testid="walk-report"]');
        await measure(`${incident.id} report`);
        const ended = Date.now();

        const kept = await stored(incident.id);
        // Escape took the tutor back once: the first step is stored twice, as it was answered.
        expect(kept.steps.map((s) => s.id)).toEqual(
          expected.length > 1
            ? [expected[0]!.id, expected[0]!.id, ...expected.slice(1).map((s) => s.id)]
            : expected.map((s) => s.id),
        );
        for (const step of kept.steps) {
          expect(Date.parse(step.at)).toBeGreaterThanOrEqual(began - 1000);
          expect(Date.parse(step.at)).toBeLessThanOrEqual(ended + 1000);
          expect(step.title).toBe(expected.find((s) => s.id === step.id)!.title);
        }
        expect(kept.outcome?.type).toBe('abandoned');
        const email = await walk.email();
        expect(email.to).toBe('incidents@tutoring.example');
        for (const step of expected) expect(email.body).toContain(step.title);
        expect(email.body).toContain('Outcome: abandoned');
      }
      expect(
        tallest.height,
        `the tallest screen (${tallest.where}) needs scrolling`,
      ).toBeLessThanOrEqual(POPUP.height);
      await page.close();
    });
  }

  it('reflows at 200 % zoom without scrolling sideways, on every kind of screen', async () => {
    await saveSettings(SETTINGS);
    const startedAt = new Date(Date.now() - 60_000).toISOString();
    const incident = anIncident({
      id: 'walk-zoom',
      kind: 'no-sound',
      side: 'remote',
      startedAt,
      detectedAt: startedAt,
      endedAt: null,
    });
    const incidents = await openIncidents(lifeline);
    await incidents.importFile(
      'zoom.json',
      JSON.stringify(buildIncidentExport([incident], new Date())),
    );
    await incidents.page.close();
    const page = await lifeline.browser.newPage();
    // The walk window's 380 CSS pixels at 200 % zoom: 190 CSS pixels wide.
    await page.setViewport({ width: 190, height: 300, deviceScaleFactor: 2 });
    await page.goto(`chrome-extension://${lifeline.extensionId}/popup.html?incident=walk-zoom`);
    const walk = walkPage(page);
    await page.waitForSelector('[data-testid="walk"] [data-step]');
    const wide = async (where: string) =>
      expect((await walk.size()).width, `${where} scrolls sideways`).toBeLessThanOrEqual(190);
    await wide('the first step');
    await walk.way('Replacement');
    await wide('the replacement step');
    await walk.way('Abandon');
    await wide('the end');
    await walk.chooseOutcome('The session was abandoned');
    await page.click('.read-more summary');
    await wide('the report, with the email open');
    await page.close();
  });
});
