import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../lib/incident';
import { openDemoLesson, startDemoServer, type DemoServer } from './support/demo-lesson';
import { launchWithExtension, waitFor, type LifelineBrowser } from './support/extension';
import { waitForPrompt, waitForWalkWindow } from './support/respond-pages';

/** Steps of the failed-connection walk that are recorded with their own "done" button. */
const STEPS = ['wait-for-rejoin', 'continue-by-typing', 'continue-by-phone'];

// Chromium stops an idle extension worker after 30 s, and a tutor working through the steps
// easily takes longer than that between two clicks. Here the worker is stopped before every
// step while the real fault goes on: the incident must stay one incident, and every step and the
// outcome must keep the time the tutor recorded it.
describe('the fallback walk across worker restarts', () => {
  let lifeline: LifelineBrowser;
  let demo: DemoServer;

  beforeAll(async () => {
    demo = await startDemoServer();
    lifeline = await launchWithExtension();
  });
  afterAll(async () => {
    await lifeline?.close();
    await demo?.close();
  });

  const stored = async (id: string) =>
    (await lifeline.incidents()).find((i) => i.id === id) as unknown as Incident;

  it('keeps one incident with every step and the outcome, timed, while the worker restarts', async () => {
    const lesson = await openDemoLesson(lifeline, demo);
    await lesson.page.bringToFront();
    await lesson.fault('connectionCut');
    const prompt = await waitForPrompt(lesson.page);
    const incident = await waitFor(async () => (await lifeline.incidents())[0], {
      what: 'the stored incident',
    });
    await prompt.fallback.click();
    const walk = await waitForWalkWindow(lifeline, incident.id);

    const times: { id: string; before: number; after: number }[] = [];
    for (const id of STEPS) {
      await lifeline.stopWorker();
      const before = Date.now();
      await walk.markDone(id);
      times.push({ id, before, after: Date.now() });
      // The fault goes on while the tutor reads the next step: the worker keeps judging it.
      await new Promise((r) => setTimeout(r, 1500));
    }
    await lifeline.stopWorker();
    const chosen = Date.now();
    await walk.chooseOutcome('We carried on by phone');
    const chosenBy = Date.now();
    await lifeline.stopWorker();

    // The call comes back while the worker keeps being stopped: the old connection's close,
    // said only once by the page, must still reach it, or the incident would never end.
    await Promise.all([
      lesson.restore(),
      (async () => {
        for (let n = 0; n < 4; n++) {
          // Stopped again as soon as the call page's next message has woken it.
          await waitFor(async () => lifeline.workerStatus() === 'running', {
            intervalMs: 50,
            what: 'the call page to wake the worker',
          });
          await lifeline.stopWorker();
        }
      })(),
    ]);
    const ended = await waitFor(
      async () => {
        const now = await stored(incident.id);
        return now.endedAt ? now : undefined;
      },
      { timeoutMs: 40_000, what: 'the incident to end' },
    );

    const all = await lifeline.incidents();
    expect(all.map((i) => i.id)).toEqual([incident.id]);
    expect(ended.steps.map((s) => s.id)).toEqual(STEPS);
    ended.steps.forEach((step, n) => {
      const at = Date.parse(step.at);
      // Timed by the worker when the click reached it, so between the click and its echo.
      expect(at).toBeGreaterThanOrEqual(times[n]!.before - 1000);
      expect(at).toBeLessThanOrEqual(times[n]!.after + 1000);
      expect(step.result).toBe('done');
    });
    expect(ended.outcome?.type).toBe('phone');
    expect(Date.parse(ended.outcome!.at)).toBeGreaterThanOrEqual(chosen - 1000);
    expect(Date.parse(ended.outcome!.at)).toBeLessThanOrEqual(chosenBy + 1000);
    expect(ended.startedAt).toBe(incident.startedAt);
    expect(Date.parse(ended.endedAt!)).toBeGreaterThan(Date.parse(ended.outcome!.at));

    // The walk window, still open through every restart, shows what was stored.
    await waitFor(async () => (await walk.email()).body.includes('Outcome: continued by phone'), {
      what: 'the walk to show the outcome',
    });
    await walk.page.close();
    await lesson.page.close();
  });
});
