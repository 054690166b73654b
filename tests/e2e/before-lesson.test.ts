import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import type { CallPrepView } from '@/lib/prepare/prepare-service';
import { incidentEmail } from '@/lib/respond/report-email';
import type { Incident } from '@/lib/shared/incident';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/settings';
import { openDemoLesson, type DemoServer } from './support/demo-lesson';
import { inExtensionWorld } from './support/extension-world';
import { waitFor, type LifelineBrowser } from './support/extension';
import { servePages } from './support/static-server';
import { useDemoLessonBrowser } from './support/suite';

const POPUP = { width: 380, height: 600 };
const TZ = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Compute Pressure as DevTools emulates it for one page (Emulation.setPressureStateOverride). */
async function emulatePressure(page: Page, state: 'nominal' | 'fair' | 'serious' | 'critical') {
  const cdp = await page.createCDPSession();
  await cdp.send('Emulation.setPressureSourceOverrideEnabled', { enabled: true, source: 'cpu' });
  await cdp.send('Emulation.setPressureStateOverride', { source: 'cpu', state });
  return cdp;
}

/** The calm note of a call page (a heads-up or the readiness offer), read like the prompt is. */
async function noteIn(page: Page, timeout = 10_000) {
  const card = await page.waitForSelector('aria/Lifeline note[role="region"]', { timeout });
  return card!.evaluate((c) => ({
    text: c.querySelector('.line')?.textContent ?? '',
    buttons: [...c.querySelectorAll('button')].map((b) => b.textContent ?? ''),
    announced: c.querySelector('[aria-live]')?.getAttribute('aria-live') ?? '',
  }));
}

// Issue 14, points 2 and 3, in real Chromium: the readiness check with emulated computer load
// and another tab playing sound, the once-per-call offer, and a heads-up that never touches the
// badge, then quoted by the email of the incident that follows.
describe('before the lesson', () => {
  let lifeline: LifelineBrowser;
  let demo: DemoServer;
  useDemoLessonBrowser((l, s) => ([lifeline, demo] = [l, s]), { sound: true });

  const ask = <T>(request: unknown) =>
    lifeline.control.evaluate((r) => chrome.runtime.sendMessage(r), request) as Promise<T>;
  const saveSettings = (settings: Settings) => ask({ type: 'save-settings', settings });
  const prepOf = (tabId: number) => ask<CallPrepView>({ type: 'get-call-prep', tabId });

  it('offers the readiness check once when a call starts, and opens it on "Check now"', async () => {
    await saveSettings({ ...DEFAULT_SETTINGS, incidentEmail: 'incidents@tutoring.example' });
    const lesson = await openDemoLesson(lifeline, demo);
    const offer = await noteIn(lesson.page);
    expect(offer.text).toMatch(/ready for this lesson/);
    expect(offer.buttons).toEqual(['Check now', 'Not now']);
    expect(offer.announced).toBe('polite');
    expect((await lesson.badge()).text).toBe('');

    const windowOpened = lifeline.browser.waitForTarget(
      (t) => t.url().includes('screen=readiness') && t.url().includes(`tabId=${lesson.tabId}`),
      { timeout: 10_000 },
    );
    await (await lesson.page.waitForSelector('aria/Check now[role="button"]'))!.click();
    const checkPage = (await (await windowOpened).page())!;
    await checkPage.waitForSelector('[data-testid="readiness"] .readiness-item');
    expect(await lesson.page.$('lifeline-note')).toBeNull();
    await checkPage.close();

    // A reload is the same lesson: no second offer.
    await lesson.page.reload();
    await lesson.page.evaluate(
      () => (window as unknown as { lifelineDemo: { ready: Promise<void> } }).lifelineDemo.ready,
    );
    await new Promise((r) => setTimeout(r, 4000));
    expect(await lesson.page.$('lifeline-note')).toBeNull();
    await lesson.page.close();
  });

  it('checks pressure, other tabs playing sound, devices and settings, and the email quotes it', async () => {
    await saveSettings({ ...DEFAULT_SETTINGS, incidentEmail: '' });
    const lesson = await openDemoLesson(lifeline, demo);
    // Another tab playing sound: the browser marks it audible while its oscillator runs.
    const music = await lifeline.browser.newPage();
    await music.goto(`${demo.url}?lesson=music`);
    await music.evaluate(() => {
      const ctx = new AudioContext();
      const osc = ctx.createOscillator();
      osc.connect(ctx.destination);
      osc.start();
      return ctx.resume();
    });
    const musicTab = await lifeline.tabIdOf(music);
    await waitFor(
      () =>
        lifeline.control.evaluate(
          async (id) => (await chrome.tabs.get(id)).audible === true,
          musicTab,
        ),
      { what: 'the other tab to be audible' },
    );

    const check = await lifeline.browser.newPage();
    await check.setViewport(POPUP);
    await emulatePressure(check, 'critical');
    await check.goto(
      `chrome-extension://${lifeline.extensionId}/popup.html?tabId=${lesson.tabId}&screen=readiness`,
    );
    const items = async () =>
      check.$$eval('.readiness-item', (lis) =>
        lis.map((li) => ({
          id: (li as HTMLElement).dataset.item,
          level: [...li.classList].find((c) => c.startsWith('level-')),
          words: li.querySelector('.readiness-words')?.textContent ?? '',
          fix: li.querySelector('.readiness-fix')?.textContent ?? '',
        })),
      );
    await check.waitForSelector('.readiness-item');
    let read = await items();
    const item = (id: string) => read.find((i) => i.id === id)!;
    expect(item('computer').level).toBe('level-red');
    expect(item('media-tabs').level).not.toBe('level-green');
    expect(item('media-tabs').words).toMatch(/1 other tab/);
    expect(await check.$('[data-testid="media-tabs"]')).not.toBeNull();
    expect(item('settings').level).not.toBe('level-green');
    expect(item('devices').level).toBe('level-green');
    // Headless Chromium's Battery Status API reports a mains-powered machine.
    expect(item('battery').words).toMatch(/100 ?%/);

    // The call's own upload: its best estimate over the first 20 s, read again once they are over.
    expect(await check.$eval('[data-testid="readiness"]', (r) => r.textContent)).toMatch(
      /Measuring the call’s upload over its first 20 seconds/,
    );
    read = await waitFor(
      async () => {
        const measuring = await check.$eval('[data-testid="readiness"]', (r) =>
          r.textContent!.includes('Measuring'),
        );
        return measuring ? undefined : await items();
      },
      { timeoutMs: 30_000, what: 'the first 20 s of the call measured' },
    );
    const kept = await prepOf(lesson.tabId);
    expect(kept.uploadKbps).toBeGreaterThan(0);
    expect(item('upload').words).toMatch(/^Upload: about [\d.]+ (kbps|Mbps)/);

    // Mute from the check itself: the other tab stops counting.
    await (await check.waitForSelector('[data-testid="media-tabs"] button'))!.click();
    await waitFor(
      () =>
        lifeline.control.evaluate(
          async (id) => (await chrome.tabs.get(id)).mutedInfo?.muted === true,
          musicTab,
        ),
      { what: 'the other tab muted' },
    );

    const stored = await waitFor(async () => (await prepOf(lesson.tabId)).readiness, {
      what: 'the readiness kept with the call',
    });
    expect(stored.items.find((i) => i.id === 'computer')?.level).toBe('red');

    const before = new Set((await lifeline.incidents()).map((i) => i.id));
    await lesson.fault('theirSoundDrops');
    const row = await waitFor(
      async () => (await lifeline.incidents()).find((i) => !before.has(i.id)),
      { timeoutMs: 20_000, what: 'the incident' },
    );
    const incident = await ask<Incident>({ type: 'get-incident', id: row.id });
    expect(incident.before?.readiness?.items.map((i) => i.id)).toContain('computer');
    const email = incidentEmail(incident, {
      settings: DEFAULT_SETTINGS,
      timeZone: TZ,
      now: Date.now(),
    });
    expect(email.body).toMatch(/Before it happened:\n- Readiness check at \d\d:\d\d:\d\d: /);
    await Promise.all([check.close(), music.close(), lesson.page.close()]);
  });

  it('gives a heads-up for critical pressure that leaves the badge empty', async () => {
    await saveSettings({ ...DEFAULT_SETTINGS, incidentEmail: 'incidents@tutoring.example' });
    // Emulated from before the page loads: DevTools' override only reaches observers that start
    // after it (as the watcher does, when the call starts).
    const page = await lifeline.browser.newPage();
    const pressure = await emulatePressure(page, 'nominal');
    await page.goto(`${demo.url}?lesson=pressure`);
    await page.evaluate(
      () => (window as unknown as { lifelineDemo: { ready: Promise<void> } }).lifelineDemo.ready,
    );
    const tabId = await lifeline.tabIdOf(page);
    const lesson = { page, tabId, badge: () => lifeline.badge(tabId) };
    await waitFor(async () => (await prepOf(lesson.tabId)).callStartedAt, {
      what: 'the call to start',
    });
    await new Promise((r) => setTimeout(r, 1000));
    await pressure.send('Emulation.setPressureStateOverride', { source: 'cpu', state: 'critical' });
    const note = await waitFor(
      async () => {
        const shown = await noteIn(lesson.page, 1000);
        return /working at its limit/.test(shown.text) ? shown : undefined;
      },
      { timeoutMs: 40_000, intervalMs: 500, what: 'the heads-up about the computer' },
    );
    expect(note.buttons).toEqual(['OK']);
    expect(note.announced).toBe('polite');
    expect((await lesson.badge()).text).toBe('');
    const prep = await prepOf(lesson.tabId);
    expect(prep.headsUps.map((h) => h.kind)).toEqual(['computer-overloaded']);
    expect(await lesson.page.$('lifeline-prompt')).toBeNull();

    // The incident that follows cites it.
    const before = new Set((await lifeline.incidents()).map((i) => i.id));
    await page.evaluate(() =>
      (window as unknown as { lifelineDemo: { faults: Record<string, () => Promise<void>> } })
        .lifelineDemo.faults.theirSoundDrops!(),
    );
    const row = await waitFor(
      async () => (await lifeline.incidents()).find((i) => !before.has(i.id)),
      { timeoutMs: 20_000, what: 'the incident' },
    );
    const incident = await ask<Incident>({ type: 'get-incident', id: row.id });
    expect(incident.before?.headsUps?.map((h) => h.kind)).toEqual(['computer-overloaded']);
    const email = incidentEmail(incident, {
      settings: DEFAULT_SETTINGS,
      timeZone: TZ,
      now: Date.now(),
    });
    expect(email.body).toMatch(/- (just before|\d+ min before): /);
    await lesson.page.close();
  });

  it('warns as the battery runs down, from the watcher in the call tab', async () => {
    // The seam: headless Chromium has no battery to drain, so the extension's world in the call
    // tab gets a Battery Status object the test controls, and a clock that moves a minute per
    // step, before the call starts and the watcher (entrypoints/watch.ts) is injected. Everything
    // after navigator.getBattery() is the real code: the watcher's events and messages, the
    // background, the heads-up rules, the note.
    const pages = await servePages();
    const page = await lifeline.browser.newPage();
    try {
      await page.goto(`${pages.url}blank.html`);
      await inExtensionWorld(
        page,
        lifeline.extensionId,
        `(() => {
          const battery = new EventTarget();
          battery.level = 0.2;
          battery.charging = false;
          const realNow = Date.now.bind(Date);
          let minutes = 0;
          Date.now = () => realNow() - 9 * 60_000 + minutes * 60_000;
          Object.defineProperty(Navigator.prototype, 'getBattery', {
            configurable: true,
            value: () => Promise.resolve(battery),
          });
          globalThis.drainBattery = (level) => {
            minutes += 1;
            battery.level = level;
            battery.dispatchEvent(new Event('levelchange'));
          };
        })()`,
      );
      await page.evaluate(() =>
        (window as unknown as { connectPair(): Promise<void> }).connectPair(),
      );
      const tabId = await lifeline.tabIdOf(page);
      await waitFor(async () => (await prepOf(tabId)).callStartedAt, { what: 'the call to start' });
      // The watcher's first reading (20 %) goes out as it starts; give it a moment to land.
      await new Promise((r) => setTimeout(r, 1000));
      // 1 % a minute: the estimate first says under 15 minutes at 14 %.
      for (let level = 19; level >= 12; level--) {
        await inExtensionWorld(page, lifeline.extensionId, `drainBattery(${level / 100})`);
      }
      const note = await waitFor(
        async () => {
          const shown = await noteIn(page, 1000);
          return /Battery/.test(shown.text) ? shown : undefined;
        },
        { timeoutMs: 10_000, intervalMs: 300, what: 'the battery heads-up' },
      );
      expect(note.text).toBe('Battery 14 %, about 14 min left. Plug the computer in.');
      expect((await lifeline.badge(tabId)).text).toBe('');
      expect((await prepOf(tabId)).headsUps.map((h) => h.kind)).toEqual(['battery-low']);
    } finally {
      await page.close();
      await pages.close();
    }
  });
});
