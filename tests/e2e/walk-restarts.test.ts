import { describe, expect, it } from 'vitest';
import type { Incident } from '@/lib/shared/incident';
import { openDemoLesson, type DemoServer } from './support/demo-lesson';
import { waitFor, type LifelineBrowser } from './support/extension';
import { useDemoLessonBrowser } from './support/suite';
import { rawDb } from './support/raw-db';
import { waitForPrompt, waitForWalkWindow } from './support/respond-pages';

/** The failed-connection walk's first two steps, tried without luck, then the phone. */
const TRIED = ['wait-for-rejoin', 'reload-call-tab'];
const STEPS = [...TRIED, 'continue-by-phone'];

// Chromium stops an idle extension worker after 30 s, and a tutor working through the steps
// easily takes longer than that between two clicks. Here the worker is stopped before every
// step while the real fault goes on, and again and again while the call is restored: the
// incident must stay one incident, and every step and the outcome must keep the time the tutor
// recorded it.
describe('the fallback walk across worker restarts', () => {
  let lifeline: LifelineBrowser;
  let demo: DemoServer;
  useDemoLessonBrowser((l, s) => ([lifeline, demo] = [l, s]));

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
    for (const id of TRIED) {
      await lifeline.stopWorker();
      expect(await walk.stepId()).toBe(id);
      const before = Date.now();
      await walk.answer('no');
      times.push({ id, before, after: Date.now() });
      // The fault goes on while the tutor reads the next step: the worker keeps judging it.
      await new Promise((r) => setTimeout(r, 1500));
    }
    await lifeline.stopWorker();
    expect(await walk.stepId()).toBe('continue-by-phone');
    const chosen = Date.now();
    await walk.answer('yes');
    const chosenBy = Date.now();
    times.push({ id: 'continue-by-phone', before: chosen, after: chosenBy });
    await lifeline.stopWorker();

    /** One incident, the one opened, with every step and the outcome at the time recorded. */
    const expectAllKept = async () => {
      const all = (await lifeline.incidents()) as unknown as Incident[];
      expect(all.map((i) => i.id)).toEqual([incident.id]);
      const kept = all[0]!;
      expect(kept.startedAt).toBe(incident.startedAt);
      expect(kept.steps.map((s) => s.id)).toEqual(STEPS);
      kept.steps.forEach((step, n) => {
        const at = Date.parse(step.at);
        // Timed by the worker when the click reached it, so between the click and its echo.
        expect(at).toBeGreaterThanOrEqual(times[n]!.before - 1000);
        expect(at).toBeLessThanOrEqual(times[n]!.after + 1000);
        expect(step.result).toBe('done');
      });
      expect(kept.outcome?.type).toBe('phone');
      expect(Date.parse(kept.outcome!.at)).toBeGreaterThanOrEqual(chosen - 1000);
      expect(Date.parse(kept.outcome!.at)).toBeLessThanOrEqual(chosenBy + 1000);
    };
    await expectAllKept();

    // The call comes back while the worker keeps being stopped: the worker sees the new call,
    // and it neither opens a second incident nor loses what the tutor recorded on the first.
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
    await waitFor(
      async () => {
        const [health] = (await rawDb(lifeline.control).all('health')) as {
          connections: Record<string, { state: string; firstSampleAt: number }>;
        }[];
        return Object.values(health?.connections ?? {}).some(
          (c) => c.state === 'connected' && c.firstSampleAt > chosenBy,
        );
      },
      { what: 'the worker to see the restored call' },
    );
    await new Promise((r) => setTimeout(r, 3000));
    await expectAllKept();
    // And the incident ends once the call is back, even where the old connection's "closed"
    // message was lost to a restart: a connection silent 10 s beside a live one is forgotten.
    await waitFor(async () => ((await lifeline.incidents()) as unknown as Incident[])[0]?.endedAt, {
      timeoutMs: 45_000,
      what: 'the incident to end after the call came back',
    });
    await expectAllKept();

    // The walk window, still open through every restart, shows what was stored.
    await waitFor(async () => (await walk.email()).body.includes('Outcome: continued by phone'), {
      what: 'the walk to show the outcome',
    });
    await walk.page.close();
    await lesson.page.close();
  });
});
