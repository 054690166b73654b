import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { LOOPBACK_PEER_FLAGS } from '../../scripts/chromium-flags.mjs';
import {
  launchPlain,
  launchWithExtension,
  waitFor,
  type LifelineBrowser,
} from './support/extension';
import { servePages } from './support/static-server';

// A group lesson bundled on one connection, as Jitsi and Meet send it: one audio and one video
// transceiver per participant (tests/e2e/pages/group-call.js, shape "bundle"). The tutor's tab
// has the built extension; the participants run in a plain Chromium. Per-connection groups run
// through a real SFU in sfu.test.ts.
const PARTICIPANTS = 3;

interface GroupPage {
  offer(shape: string, participants: number): Promise<RTCSessionDescriptionInit[]>;
  answer(offers: RTCSessionDescriptionInit[]): Promise<RTCSessionDescriptionInit[]>;
  accept(answers: RTCSessionDescriptionInit[]): Promise<void>;
  stopSending(participant: number, kinds?: string[]): Promise<void>;
  connections(): string[];
  transceivers(): number;
}
/** The page's `window`, as group-call.js extends it (types only: evaluated in the page). */
type GroupWindow = Window & { group: GroupPage };

describe('a group call bundled on one connection', () => {
  let lifeline: LifelineBrowser;
  let others: Browser;
  let pages: Awaited<ReturnType<typeof servePages>>;

  beforeAll(async () => {
    pages = await servePages();
    // Two browsers talk over loopback: their candidates must be addresses, not mDNS names.
    lifeline = await launchWithExtension({ extraArgs: LOOPBACK_PEER_FLAGS });
    others = await launchPlain(LOOPBACK_PEER_FLAGS);
  });
  afterAll(async () => {
    await lifeline?.close();
    await others?.close();
    await pages?.close();
  });

  /** The tutor's page and the participants' page, connected, after a quiet stretch. */
  async function openBundledLesson() {
    const tutor = await lifeline.browser.newPage();
    const remote = await others.newPage();
    onTestFinished(async () => {
      await tutor.close().catch(() => undefined);
      await remote.close().catch(() => undefined);
    });
    await tutor.goto(`${pages.url}group-call.html?role=tutor`);
    await remote.goto(`${pages.url}group-call.html?role=participants`);
    const offers = await tutor.evaluate(
      (n) => (window as unknown as GroupWindow).group.offer('bundle', n),
      PARTICIPANTS,
    );
    const answers = await remote.evaluate(
      (o) => (window as unknown as GroupWindow).group.answer(o),
      offers,
    );
    await tutor.evaluate((a) => (window as unknown as GroupWindow).group.accept(a), answers);
    expect(
      await tutor.evaluate(() => (window as unknown as GroupWindow).group.connections()),
    ).toEqual(['connected']);
    expect(
      await tutor.evaluate(() => (window as unknown as GroupWindow).group.transceivers()),
    ).toBe(PARTICIPANTS * 2);
    const tabId = await lifeline.tabIdOf(tutor);
    // Longer than the 10 s warm-up of the quality rules, so a wrong one has time to fire.
    await new Promise((r) => setTimeout(r, 12_000));
    return { tutor, remote, tabId };
  }
  const fresh = async (before: Set<string>) =>
    (await lifeline.incidents()).filter((i) => !before.has(i.id));

  it('one participant hanging: their side, "1 of 3 participants", and nothing else', async () => {
    const before = new Set((await lifeline.incidents()).map((i) => i.id));
    const { remote, tabId } = await openBundledLesson();
    expect(await fresh(before)).toEqual([]);
    expect(await lifeline.badge(tabId)).toMatchObject({ text: '' });

    const stoppedAt = Date.now();
    await remote.evaluate(() => (window as unknown as GroupWindow).group.stopSending(1));
    const incident = await waitFor(async () => (await fresh(before))[0], {
      timeoutMs: 15_000,
      intervalMs: 100,
      what: 'an incident after a participant hung',
    });
    console.log(
      `bundled participant’s media stopped → ${incident.kind} in ${Date.now() - stoppedAt} ms`,
    );
    expect(incident).toMatchObject({
      kind: 'failed-connection',
      side: 'remote',
      cause: 'participant-lost',
      participants: { affected: 1, of: PARTICIPANTS },
    });
    await new Promise((r) => setTimeout(r, 4_000));
    expect((await fresh(before)).map((i) => i.kind)).toEqual(['failed-connection']);
  });

  it('one participant’s video alone stopping: no-video, theirs, "1 of 3"', async () => {
    const before = new Set((await lifeline.incidents()).map((i) => i.id));
    const { remote } = await openBundledLesson();
    expect(await fresh(before)).toEqual([]);

    const stoppedAt = Date.now();
    await remote.evaluate(() => (window as unknown as GroupWindow).group.stopSending(2, ['video']));
    const incident = await waitFor(async () => (await fresh(before))[0], {
      timeoutMs: 15_000,
      intervalMs: 100,
      what: 'an incident after a participant’s video stopped',
    });
    console.log(
      `bundled participant’s video stopped → ${incident.kind} in ${Date.now() - stoppedAt} ms`,
    );
    expect(incident).toMatchObject({
      kind: 'no-video',
      side: 'remote',
      cause: 'their-video-stopped',
      participants: { affected: 1, of: PARTICIPANTS },
    });
    await new Promise((r) => setTimeout(r, 4_000));
    expect((await fresh(before)).map((i) => i.kind)).toEqual(['no-video']);
  });
});
