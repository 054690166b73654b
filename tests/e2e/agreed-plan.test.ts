import { describe, expect, it } from 'vitest';
import type { Incident } from '@/lib/shared/incident';
import { DEFAULT_SETTINGS } from '@/lib/settings/settings';
import { openDemoLesson, type DemoServer } from './support/demo-lesson';
import { waitFor, type LifelineBrowser } from './support/extension';
import { openOptions } from './support/records-pages';
import { waitForPrompt, waitForWalkWindow } from './support/respond-pages';
import { useDemoLessonBrowser } from './support/suite';

// Issue 14, point 4, in real Chromium: a plan saved on the options page leads the walk of the
// lesson it was agreed for, and its paragraph for the client's contract is one click away.
describe("the client's agreed plan", () => {
  let lifeline: LifelineBrowser;
  let demo: DemoServer;
  useDemoLessonBrowser((l, s) => ([lifeline, demo] = [l, s]));

  const ask = <T>(request: unknown) =>
    lifeline.control.evaluate((r) => chrome.runtime.sendMessage(r), request) as Promise<T>;

  it('is saved on the options page, refused with contact details, and leads the walk for its lesson', async () => {
    await ask({
      type: 'save-settings',
      settings: {
        ...DEFAULT_SETTINGS,
        incidentEmail: 'incidents@tutoring.example',
        organisationName: 'Bright Tutors',
      },
    });
    const options = await openOptions(lifeline);
    const page = options.page;
    await page.waitForSelector('[data-testid="no-plans"]');
    await options.fill('plan-ref', 'AB');
    // The agreed order: typing first, then the phone (the default ticks phone, then typing).
    await page.click('input[name="plan-way"][value="phone"]');
    await page.click('input[name="plan-way"][value="phone"]');
    await page.click('#plan-message');
    await options.fill('plan-note', 'ring 07700 900123 if it drops');
    await page.click('.plan-form button[type=submit]');
    const refused = await page.waitForSelector('[data-testid="plans-status"].field-error');
    expect(await refused!.evaluate((n) => n.textContent)).toMatch(
      /Leave phone numbers and email addresses out/,
    );
    await options.fill('plan-note', 'Their mum helps with the laptop.');
    await page.click('.plan-form button[type=submit]');
    await waitFor(() => page.$('[data-plan="AB"]'), { what: 'the saved plan in the list' });
    const listed = await page.$eval('[data-plan="AB"] ol', (ol) =>
      [...ol.querySelectorAll('li')].map((li) => li.textContent),
    );
    expect(listed).toEqual([
      'Carry on by typing in the call',
      'Phone: you phone them',
      'A message may be left.',
      'Their mum helps with the laptop.',
    ]);

    // One click: the paragraph for AB's contract.
    await (await page.waitForSelector(
      '[data-plan="AB"] ::-p-text(Copy paragraph for the contract)',
    ))!.click();
    const paragraph = await page.waitForSelector('[data-testid="contract-paragraph"]');
    expect(await paragraph!.evaluate((t) => (t as HTMLTextAreaElement).value)).toMatch(
      /If it does not come back, we carry on by typing in the call; if that does not work, I will phone you.*I may leave a short message.*Bright Tutors/,
    );
    await page.close();

    // A lesson breaks: the walk asks which lesson it is, then puts AB's plan first.
    const lesson = await openDemoLesson(lifeline, demo);
    await lesson.page.bringToFront();
    const before = new Set((await lifeline.incidents()).map((i) => i.id));
    await lesson.fault('theirSoundDrops');
    const prompt = await waitForPrompt(lesson.page, 20_000);
    const row = await waitFor(
      async () => (await lifeline.incidents()).find((i) => !before.has(i.id)),
      {
        what: 'the incident',
      },
    );
    await prompt.fallback.click();
    const walk = await waitForWalkWindow(lifeline, row.id);
    await walk.page.waitForSelector('[data-testid="which-lesson"]');
    expect(await walk.page.$('[data-testid="agreed-plan"]')).toBeNull();
    await walk.page.select('#which-lesson', 'AB');
    await walk.page.click('[data-testid="which-lesson"] button[type=submit]');
    const banner = await walk.page.waitForSelector('[data-testid="agreed-plan"]');
    expect(await banner!.evaluate((b) => b.querySelector('h3')?.textContent)).toBe(
      'Agreed with AB',
    );
    const ways = await walk.page.$$eval('nav[aria-label="Ways on"] button', (bs) =>
      bs.map((b) => [b.textContent, b.classList.contains('agreed')]),
    );
    expect(ways).toEqual([
      ['Typing', true],
      ['Phone', true],
      ['Replacement', false],
      ['Abandon', false],
    ]);
    const stored = await ask<Incident>({ type: 'get-incident', id: row.id });
    expect(stored.lessonRef).toBe('AB');

    // "Typing now" goes straight to the agreed way's step.
    await (await banner!.$('button'))!.click();
    await waitFor(async () => (await walk.stepId()) === 'continue-by-typing', {
      what: 'the typing step',
    });
    await Promise.all([walk.page.close(), lesson.page.close()]);
  });
});
