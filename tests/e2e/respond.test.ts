import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '@/lib/shared/incident';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/settings';
import { icsUtcTime } from '@/lib/respond/ics';
import {
  addCalendarDays,
  clockTime,
  dateInWords,
  instantOfWallTime,
  isoDate,
  wallTimeAt,
} from '@/lib/shared/zoned-time';
import { durationInWords } from '@/lib/shared/plain-words';
import { openDemoLesson, startDemoServer, type DemoServer } from './support/demo-lesson';
import { launchWithExtension, waitFor, type LifelineBrowser } from './support/extension';
import { waitForPrompt, waitForWalkWindow, walkPage } from './support/respond-pages';
import { servePages } from './support/static-server';

const SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  incidentEmail: 'incidents@tutoring.example',
  tutorName: 'Sam Tutor',
};
// Chromium and this test run in the same process environment, so they share a time zone.
const TZ = Intl.DateTimeFormat().resolvedOptions().timeZone;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const shortDate = (ms: number) => {
  const w = wallTimeAt(ms, TZ);
  return `${w.day} ${MONTHS[w.month - 1]} ${w.year}`;
};

// Issue #4 end to end: a real fault in the demo lesson's real call raises the in-page prompt and the badge; the
// prompt opens the walk for that incident; the steps and outcome the tutor records are stored
// with their times; the email draft says what happened, to the configured address.
describe('responding to an incident, end to end', () => {
  let lifeline: LifelineBrowser;
  let pages: Awaited<ReturnType<typeof servePages>>;
  let demo: DemoServer;

  beforeAll(async () => {
    pages = await servePages();
    demo = await startDemoServer();
    lifeline = await launchWithExtension();
    const saved = await lifeline.control.evaluate(
      (settings) => chrome.runtime.sendMessage({ type: 'save-settings', settings }),
      SETTINGS,
    );
    expect(saved).toEqual(SETTINGS);
  });
  afterAll(async () => {
    await lifeline?.close();
    await pages?.close();
    await demo?.close();
  });

  const startCall = async (): Promise<{ page: Page; tabId: number }> => {
    const page = await lifeline.browser.newPage();
    await page.goto(`${pages.url}blank.html`);
    await page.evaluate(() =>
      (window as unknown as { connectPair(): Promise<unknown> }).connectPair(),
    );
    const tabId = await lifeline.tabIdOf(page);
    // Let a few samples establish the call before the fault.
    await new Promise((r) => setTimeout(r, 3000));
    return { page, tabId };
  };
  const notifications = () =>
    lifeline.control.evaluate(async () => Object.keys(await chrome.notifications.getAll()));
  const stored = async (id: string) =>
    (await lifeline.incidents()).find((i) => i.id === id) as unknown as Incident;

  it('prompts, walks, records the steps and outcome, and drafts the email', async () => {
    const before = new Set((await lifeline.incidents()).map((i) => i.id));
    const lesson = await openDemoLesson(lifeline, demo);
    await lesson.page.bringToFront();
    await lesson.fault('connectionCut');

    const prompt = await waitForPrompt(lesson.page);
    expect(await lesson.badge()).toEqual({ text: '!', color: '#D93025' });
    expect(await prompt.headline()).toMatch(/^The call connection has been down for \d+ s$/);
    // The policy's fallback for a cut call is sound over the phone: the prompt offers it itself.
    expect(await prompt.buttons()).toEqual(['Carry on by phone', 'Steps…', 'Dismiss']);
    await waitFor(
      async () =>
        (await prompt.announced()).startsWith('Lifeline: The call connection has been down'),
      { what: 'the prompt to be announced' },
    );
    const incident = await waitFor(
      async () => (await lifeline.incidents()).find((i) => !before.has(i.id)),
      { what: 'the stored incident' },
    );
    // The call tab is in front: the prompt is enough, no system notification.
    expect(
      (await notifications()).filter((id) => id.startsWith(`lifeline|${lesson.tabId}|`)),
    ).toEqual([]);

    await prompt.fallback.click();
    const walk = await waitForWalkWindow(lifeline, incident.id);
    // One step at a time: the first for a cut call on an unknown side, the rest folded away.
    expect(await walk.title()).toBe('Give the other side a minute to rejoin');
    expect(await walk.progress()).toBe('Step 1 of 8');
    expect(await walk.allStepIds()).toEqual([
      'wait-for-rejoin',
      'reload-call-tab',
      'continue-by-phone',
      'continue-by-typing',
      'approved-platforms-only',
      'first-lesson-or-new-location',
      'offer-replacement',
      'no-fee-talk',
    ]);

    const tried = Date.now();
    await walk.answer('no');
    expect(await walk.stepId()).toBe('reload-call-tab');
    await walk.way('Phone');
    expect(await walk.stepId()).toBe('continue-by-phone');
    await walk.answer('yes');
    expect(await walk.screen()).toBe('report');
    const recorded = await stored(incident.id);
    expect(recorded.steps).toEqual([
      {
        id: 'wait-for-rejoin',
        at: expect.any(String),
        result: 'done',
        title: 'Give the other side a minute to rejoin',
      },
      {
        id: 'continue-by-phone',
        at: expect.any(String),
        result: 'done',
        title: 'Carry on with sound over the phone',
      },
    ]);
    expect(Date.parse(recorded.steps[0]!.at)).toBeGreaterThanOrEqual(tried - 1000);
    expect(recorded.outcome).toEqual({ type: 'phone', at: expect.any(String) });
    expect(Date.parse(recorded.outcome!.at)).toBeGreaterThanOrEqual(
      Date.parse(recorded.steps[1]!.at),
    );

    // The call is restored: the incident ends after 10 s clean, and the draft gives its end.
    await lesson.restore();
    const ended = await waitFor(
      async () => {
        const now = await stored(incident.id);
        return now.endedAt ? now : undefined;
      },
      { timeoutMs: 30_000, what: 'the incident to end' },
    );
    await waitFor(async () => !(await walk.email()).body.includes('not over yet'), {
      what: 'the draft to show the end',
    });
    const started = Date.parse(ended.startedAt);
    const finished = Date.parse(ended.endedAt!);
    const email = await walk.email();
    expect(email.to).toBe('incidents@tutoring.example');
    expect(email.subject).toBe(
      `Lesson incident ${shortDate(started)} ${clockTime(started, TZ)}: continued by phone`,
    );
    expect(email.body).toContain('What failed: Call connection failed.');
    expect(email.body).toContain('Whose side: not known');
    expect(email.body).toContain(
      `Started: ${dateInWords(started, TZ)}, ${clockTime(started, TZ, true)} (${TZ})`,
    );
    expect(email.body).toContain(`Ended: ${clockTime(finished, TZ, true)}`);
    expect(email.body).toContain(`How long: ${durationInWords(finished - started)}`);
    expect(email.body).toContain(
      `- ${clockTime(Date.parse(recorded.steps[1]!.at), TZ, true)} Carry on with sound over the phone`,
    );
    expect(email.body).toContain('Outcome: continued by phone');
    await walk.page.close();

    // Later, from the toolbar: nothing is open any more, and the popup offers the last incident.
    const popup = await lifeline.browser.newPage();
    await popup.goto(`chrome-extension://${lifeline.extensionId}/popup.html?tabId=${lesson.tabId}`);
    await popup.waitForSelector('[data-testid="walk-recovered"]');
    expect(await walkPage(popup).screen()).toBe('report');
    expect(await walkPage(popup).email()).toEqual(email);
    await popup.close();
    await lesson.page.close();
  });

  it('closes the prompt from the keyboard and records that, keeping the failure real', async () => {
    const before = new Set((await lifeline.incidents()).map((i) => i.id));
    const call = await startCall();
    await call.page.setOfflineMode(true);
    await waitForPrompt(call.page);
    const incident = await waitFor(
      async () => (await lifeline.incidents()).find((i) => !before.has(i.id)),
      { what: 'the stored incident' },
    );
    const dismiss = await call.page.waitForSelector('aria/Dismiss[role="button"]');
    // Keyboard reachable: focus it and press Enter, as a keyboard user would.
    await dismiss!.focus();
    await call.page.keyboard.press('Enter');
    await waitFor(async () => (await stored(incident.id)).steps.length > 0, {
      what: 'the step to be stored',
    });
    expect((await stored(incident.id)).steps.map((s) => s.id)).toEqual(['prompt-dismissed']);
    expect((await stored(incident.id)).dismissed).toBe(false);
    expect(await call.page.$('aria/Dismiss[role="button"]')).toBeNull();
    await call.page.setOfflineMode(false);
    await call.page.close();
  });

  it('raises a system notification for a failure only when the call tab is hidden', async () => {
    const call = await startCall();
    const other = await lifeline.browser.newPage();
    await other.goto(`${pages.url}blank.html`);
    await other.bringToFront();
    await call.page.setOfflineMode(true);
    const ids = await waitFor(
      async () => {
        const all = await notifications();
        return all.find((id) => id.startsWith(`lifeline|${call.tabId}|`)) ? all : undefined;
      },
      { what: 'a notification for the hidden call tab' },
    );
    expect(ids.filter((id) => id.startsWith(`lifeline|${call.tabId}|`))).toHaveLength(1);
    await call.page.setOfflineMode(false);
    await other.close();
    await call.page.close();
  });

  it('agrees a replacement only inside the window, stores it and downloads its .ics', async () => {
    const before = new Set((await lifeline.incidents()).map((i) => i.id));
    const call = await startCall();
    await call.page.setOfflineMode(true);
    const incident = await waitFor(
      async () => (await lifeline.incidents()).find((i) => !before.has(i.id)),
      { what: 'the stored incident' },
    );
    const popup = await lifeline.browser.newPage();
    const downloads = await mkdtemp(path.join(tmpdir(), 'lifeline-ics-'));
    const cdp = await lifeline.browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', {
      behavior: 'allow',
      downloadPath: downloads,
      eventsEnabled: true,
    });
    await popup.goto(
      `chrome-extension://${lifeline.extensionId}/popup.html?tabId=${call.tabId}&incident=${incident.id}`,
    );
    const walk = walkPage(popup);
    await popup.waitForSelector('[data-testid="walk"]');
    await walk.way('Replacement');
    await popup.waitForSelector('[data-testid="replacement-picker"]');

    const started = Date.parse(incident.startedAt);
    const lessonDay = wallTimeAt(started, TZ);
    const day = (n: number) => isoDate(addCalendarDays(lessonDay, n));
    await walk.proposeReplacement(`${day(7)}T10:00`);
    expect(await walk.replacementError()).toMatch(/^Too late: a replacement must be within 7 days/);
    expect(await walk.canAgree()).toBe(false);

    await walk.proposeReplacement(`${day(6)}T23:30`);
    expect(await walk.replacementError()).toBe('');
    await walk.agree();
    const agreed = await stored(incident.id);
    expect(agreed.outcome).toMatchObject({
      type: 'rescheduled',
      replacementAt: new Date(
        instantOfWallTime({ ...addCalendarDays(lessonDay, 6), hour: 23, minute: 30 }, TZ)!,
      ).toISOString(),
    });
    expect(agreed.steps.map((s) => s.id)).toEqual(['offer-replacement']);
    expect(await walk.screen()).toBe('report');

    await popup.click('[data-testid="replacement-ics"] button');
    const file = await waitFor(
      async () => (await readdir(downloads)).find((f) => f.endsWith('.ics')),
      { what: 'the .ics download' },
    );
    const ics = await readFile(path.join(downloads, file), 'utf8');
    expect(ics).toContain(`DTSTART:${icsUtcTime(Date.parse(agreed.outcome!.replacementAt!))}`);
    expect(ics).toContain(`UID:${incident.id}-replacement@lifeline.invalid`);
    await rm(downloads, { recursive: true, force: true });
    await popup.close();
    await call.page.setOfflineMode(false);
    await call.page.close();
  });
});
