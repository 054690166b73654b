import type { Browser } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  launchPlain,
  launchWithExtension,
  waitFor,
  type LifelineBrowser,
} from './support/extension';
import { ROOMS, startJanus, type Janus } from './support/janus';
import { joinRoom, type SfuParticipant } from './support/sfu-room';
import { servePages } from './support/static-server';

// Calls through a real SFU (Debian's Janus, started here on 127.0.0.1): the tutor's tab, with
// the built extension, publishes on a send-only connection and receives each other participant
// on a connection of its own; the others run in a plain Chromium without the extension.
describe('an SFU call (Janus videoroom)', () => {
  let lifeline: LifelineBrowser;
  let others: Browser;
  let pages: Awaited<ReturnType<typeof servePages>>;
  let janus: Janus | undefined;
  let joined: SfuParticipant[] = [];

  beforeAll(async () => {
    pages = await servePages();
    lifeline = await launchWithExtension();
    others = await launchPlain();
  });
  afterEach(async () => {
    for (const p of joined) await p.page.close().catch(() => undefined);
    joined = [];
    await janus?.stop();
    janus = undefined;
  });
  afterAll(async () => {
    await lifeline?.close();
    await others?.close();
    await pages?.close();
  });

  const join = async (
    browser: Browser,
    name: string,
    publish = true,
    room: number = ROOMS.open,
    watch = true,
  ) => {
    const p = await joinRoom(browser, pages.url, janus!, { room, name, publish, watch });
    joined.push(p);
    return p;
  };
  const openIncidents = async () => (await lifeline.incidents()).filter((i) => !i.endedAt);

  it('a healthy group lesson of three raises nothing over 30 s', async () => {
    janus = await startJanus();
    const students = [await join(others, 'student-1'), await join(others, 'student-2')];
    const tutor = await join(lifeline.browser, 'tutor');
    await tutor.subscribedTo(2);
    for (const s of students) await s.subscribedTo(2);
    // The topology of an SFU call: one send-only connection, one receive-only per participant.
    const connections = await tutor.connections();
    expect(connections).toEqual({ publisher: 'connected', subscribed: ['connected', 'connected'] });
    const tabId = await lifeline.tabIdOf(tutor.page);

    await new Promise((r) => setTimeout(r, 30_000));
    expect(await lifeline.incidents()).toEqual([]);
    expect(await lifeline.badge(tabId)).toMatchObject({ text: '' });
    // The extension saw the send-only connection as one: samples with outbound streams only.
    const shapes = await tutor.page.evaluate(() =>
      (
        window as unknown as {
          hookEvents: { sample?: { pc: string; inbound: []; outbound: [] } }[];
        }
      ).hookEvents
        .flatMap((e) => (e.sample ? [e.sample] : []))
        .slice(-6)
        .map((s) => [s.inbound.length, s.outbound.length]),
    );
    expect(shapes).toContainEqual([0, 2]);
    expect(shapes).toContainEqual([2, 0]);
  });

  it('a room capped at 128 kbps (REMB from the server) is the platform’s limit: a fact, no incident', async () => {
    janus = await startJanus();
    await join(others, 'student', true, ROOMS.capped128k);
    const tutor = await join(lifeline.browser, 'tutor', true, ROOMS.capped128k);
    await tutor.subscribedTo(1);
    const tabId = await lifeline.tabIdOf(tutor.page);
    const popup = await lifeline.browser.newPage();
    try {
      await popup.setViewport({ width: 380, height: 600 });
      await popup.goto(`chrome-extension://${lifeline.extensionId}/popup.html?tabId=${tabId}`);
      // Shown once the estimate's 15 s ramp-up is over and the cap has held for 8 s.
      const fact = await popup.waitForSelector('[data-testid=platform-limit]', { timeout: 40_000 });
      const words = await fact!.evaluate((e) => e.textContent ?? '');
      console.log(`capped room: ${words}`);
      const kbps = Number(/to (\d+)\u00a0kbps/.exec(words)?.[1]);
      expect(kbps).toBeGreaterThanOrEqual(100);
      expect(kbps).toBeLessThanOrEqual(128);
      // What the hook sent for the publish connection: the encoder aims its video under the cap.
      const targets = await tutor.page.evaluate(() =>
        (
          window as unknown as {
            hookEvents: { sample?: { outbound: { kind: string; targetKbps?: number }[] } }[];
          }
        ).hookEvents
          .flatMap((e) => e.sample?.outbound.filter((o) => o.kind === 'video') ?? [])
          .slice(-5)
          .map((o) => o.targetKbps),
      );
      for (const target of targets) expect(target).toBeLessThanOrEqual(128);
      // The issue measured an amber bandwidth-pressure 12 s in; the fact shows from 23 s, and the
      // call is held 15 s past it, longer than the 3 of 5 a real limit needs to raise.
      await new Promise((r) => setTimeout(r, 15_000));
      expect(await lifeline.incidents()).toEqual([]);
      expect(await lifeline.badge(tabId)).toMatchObject({ text: '' });
    } finally {
      await popup.close();
    }
  });

  it('a student leaving the group lesson gracefully raises nothing', async () => {
    janus = await startJanus();
    const students = [await join(others, 'student-1'), await join(others, 'student-2')];
    const tutor = await join(lifeline.browser, 'tutor');
    await tutor.subscribedTo(2);
    await new Promise((r) => setTimeout(r, 5_000));
    await students[0]!.leave();
    // Janus tells the room at once and the page closes that participant's connection.
    await waitFor(async () => (await tutor.connections()).subscribed.length === 1 || undefined, {
      timeoutMs: 10_000,
      what: 'the tutor’s page to drop the leaver',
    });
    await new Promise((r) => setTimeout(r, 8_000));
    expect(await lifeline.incidents()).toEqual([]);
  });

  it('a student’s machine hanging in a group of three: their side, "1 of 3 participants"', async () => {
    janus = await startJanus();
    {
      // The students only publish: the tutor's side is what is judged, and 2 cores are few.
      const vanishing = await join(others, 'student-1', true, ROOMS.open, false);
      for (const name of ['student-2', 'student-3']) {
        await join(others, name, true, ROOMS.open, false);
      }
      const tutor = await join(lifeline.browser, 'tutor');
      await tutor.subscribedTo(3);
      const tabId = await lifeline.tabIdOf(tutor.page);
      await new Promise((r) => setTimeout(r, 5_000));
      expect(await openIncidents()).toEqual([]);

      // Their media stops with no goodbye (no leave, no DTLS close): Janus goes on holding them.
      // (A crashed tab is different: its signalling socket closes and Janus drops it at once,
      // which is the graceful case above.)
      const killedAt = Date.now();
      await vanishing.stopSending();
      const incident = await waitFor(async () => (await openIncidents())[0], {
        timeoutMs: 15_000,
        intervalMs: 100,
        what: 'an incident after a participant vanished',
      });
      console.log(`participant’s media stopped → ${incident.kind} in ${Date.now() - killedAt} ms`);
      expect(incident).toMatchObject({
        kind: 'failed-connection',
        side: 'remote',
        cause: 'participant-lost',
        participants: { affected: 1, of: 3 },
      });
      // Janus itself still holds the vanished participant: every connection stays up.
      expect(await tutor.connections()).toEqual({
        publisher: 'connected',
        subscribed: ['connected', 'connected', 'connected'],
      });
      await new Promise((r) => setTimeout(r, 4_000));
      expect((await lifeline.incidents()).map((i) => i.kind)).toEqual(['failed-connection']);

      const popup = await lifeline.browser.newPage();
      try {
        await popup.setViewport({ width: 380, height: 600 });
        await popup.goto(`chrome-extension://${lifeline.extensionId}/popup.html?tabId=${tabId}`);
        // The popup opens on the incident's walk, its cause in words with the share of the group.
        const cause = await popup.waitForSelector('[data-testid=walk-cause]');
        expect(await cause!.evaluate((e) => e.textContent)).toContain('(1 of 3 participants)');
        await popup.goto(
          `chrome-extension://${lifeline.extensionId}/popup.html?incident=${encodeURIComponent(incident.id)}&screen=report`,
        );
        const body = await popup.waitForSelector('[data-testid=email-body]');
        expect(await body!.evaluate((e) => e.textContent)).toContain(
          'Participants affected: 1 of 3 participants',
        );
      } finally {
        await popup.close();
      }
    }
  });

  it('the server killed: the tutor’s send-only connection raises failed-connection in seconds', async () => {
    janus = await startJanus();
    // The student only watches, so all the tutor has is the send-only publish connection.
    const student = await join(others, 'student', false);
    const tutor = await join(lifeline.browser, 'tutor');
    await student.subscribedTo(1);
    expect(await tutor.connections()).toEqual({ publisher: 'connected', subscribed: [] });
    await new Promise((r) => setTimeout(r, 5_000));
    expect(await openIncidents()).toEqual([]);

    const killedAt = Date.now();
    await janus.kill();
    const incident = await waitFor(
      async () => (await openIncidents()).find((i) => i.kind === 'failed-connection'),
      // Under Chromium's own `disconnected` (about 7.5 s), so this is the new rule at work.
      { timeoutMs: 7_000, intervalMs: 50, what: 'failed-connection after the server died' },
    );
    console.log(`Janus killed → failed-connection in ${Date.now() - killedAt} ms`);
    expect(incident).toMatchObject({ cause: 'nothing-arriving', side: 'unknown' });
    // Chromium still calls the connection connected: only what stopped arriving tells.
    expect((await tutor.connections()).publisher).toBe('connected');
  });

  it('the server closing the publish connection (DTLS close) raises failed-connection at once', async () => {
    janus = await startJanus();
    const student = await join(others, 'student', false);
    const tutor = await join(lifeline.browser, 'tutor');
    await student.subscribedTo(1);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await openIncidents()).toEqual([]);

    const closedAt = Date.now();
    await tutor.hangup();
    const incident = await waitFor(
      async () => (await openIncidents()).find((i) => i.kind === 'failed-connection'),
      { timeoutMs: 2_500, intervalMs: 50, what: 'failed-connection after the DTLS close' },
    );
    console.log(`DTLS closed by Janus → failed-connection in ${Date.now() - closedAt} ms`);
    expect(incident).toMatchObject({ cause: 'far-end-closed' });
    expect((await tutor.connections()).publisher).toBe('connected');
  });
});
