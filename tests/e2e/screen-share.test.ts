import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { waitFor, type LifelineBrowser, type StoredIncidentRow } from './support/extension';
import { useBlankPage } from './support/suite';

// The tutor shares a screen in a real loopback call in Chromium with the built extension:
// Chromium's fake capture (--use-fake-device-for-media-stream, --use-fake-ui-for-media-stream)
// answers getDisplayMedia with an 800×600 moving test screen, no picker. Connection `a` is the
// tutor (microphone, camera and the share), `b` the student.

type ShareWindow = Window & {
  share: {
    a: RTCPeerConnection;
    b: RTCPeerConnection;
    sender: RTCRtpSender;
    track: MediaStreamTrack;
  };
  hookEvents: {
    type: string;
    sample?: { pc: string; outbound: { screen?: true }[]; tracks: unknown[] };
  }[];
};

/** Starts the call with the share on its own sender, as call platforms send it. */
async function startSharing(page: Page) {
  await page.evaluate(async () => {
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
    b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
    const camera = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    for (const track of camera.getTracks()) a.addTrack(track, camera);
    const screen = await navigator.mediaDevices.getDisplayMedia({ video: true });
    const track = screen.getVideoTracks()[0]!;
    const sender = a.addTrack(track, screen);
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    // The student watches: received video is played, as a call page does.
    for (const receiver of b.getReceivers()) {
      const video = document.createElement('video');
      video.muted = true;
      video.srcObject = new MediaStream([receiver.track]);
      document.body.append(video);
      void video.play();
    }
    (window as unknown as ShareWindow).share = { a, b, sender, track };
  });
}

/** The tutor connection's bandwidth estimate and per-stream packet counts, one line a sample. */
const outgoingSeries = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as ShareWindow).hookEvents
      .filter((e) => e.type === 'sample' && e.sample!.outbound.length)
      .map((e) => JSON.stringify(e.sample))
      .join('\n'),
  );

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('screen sharing, end to end', () => {
  let page: Page;
  let lifeline: LifelineBrowser;
  useBlankPage((p, l) => ([page, lifeline] = [p, l]));

  const newIncidents = async (before: Set<string>): Promise<StoredIncidentRow[]> =>
    (await lifeline.incidents()).filter((i) => !before.has(i.id));

  it('wraps getDisplayMedia without changing what the page sees, failures included', async () => {
    const result = await page.evaluate(async () => {
      const d = Object.getOwnPropertyDescriptor(MediaDevices.prototype, 'getDisplayMedia')!;
      const f = d.value as (...args: unknown[]) => unknown;
      const outcome = (run: () => Promise<unknown>) =>
        run().then(
          (s) => (s instanceof MediaStream ? 'stream' : 'other'),
          (e: Error) => e.name,
        );
      const noVideo = await outcome(() => navigator.mediaDevices.getDisplayMedia({ video: false }));
      const illegal = await outcome(() => f.call({}) as Promise<unknown>);
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: true });
      stream.getTracks().forEach((t) => t.stop());
      return {
        name: f.name,
        length: f.length,
        native: Function.prototype.toString.call(f).includes('[native code]'),
        flags: [d.writable, d.enumerable, d.configurable],
        noVideo,
        illegal,
        stream: stream instanceof MediaStream,
        errors: (window as unknown as { pageErrors: string[] }).pageErrors,
      };
    });
    expect(result).toEqual({
      name: 'getDisplayMedia',
      length: 0,
      native: true,
      flags: [true, true, true],
      noVideo: 'TypeError',
      illegal: 'TypeError',
      stream: true,
      errors: [],
    });
  });

  it('raises nothing over 12 s of a healthy share', async () => {
    const before = new Set((await lifeline.incidents()).map((i) => i.id));
    await startSharing(page);
    await pause(12_000);
    const seen = await page.evaluate(() => {
      const w = window as unknown as ShareWindow;
      const samples = w.hookEvents.filter((e) => e.type === 'sample').map((e) => e.sample!);
      const last = samples.filter((s) => s.outbound.length === 3).at(-1)!;
      return { flagged: last.outbound.filter((s) => s.screen).length, tracks: last.tracks.length };
    });
    // The share's stream is flagged; the share is not one of the tutor's devices.
    expect(seen).toEqual({ flagged: 1, tracks: 2 });
    expect(await newIncidents(before)).toEqual([]);
  });

  it('raises a local no-video when the share stops reaching the other side', async () => {
    const before = new Set((await lifeline.incidents()).map((i) => i.id));
    await startSharing(page);
    await pause(8_000);
    // The platform holds the share back while the tutor still shares: what an SFU client's layer
    // control does (LiveKit's dynacast, Jitsi's sender constraints) when it wrongly believes nobody
    // watches. The track stays live and on its sender; its packets stop.
    const faultAt = Date.now();
    await page.evaluate(async () => {
      const { sender } = (window as unknown as ShareWindow).share;
      const parameters = sender.getParameters();
      for (const encoding of parameters.encodings) encoding.active = false;
      await sender.setParameters(parameters);
    });
    const [incident] = await waitFor(
      async () => {
        const found = await newIncidents(before);
        return found.length ? found : undefined;
      },
      { timeoutMs: 8_000, intervalMs: 50, what: 'a no-video incident' },
    );
    console.log(`share held back → incident in ${Date.now() - faultAt} ms`);
    expect(incident).toMatchObject({
      kind: 'no-video',
      severity: 'failure',
      side: 'local',
      cause: 'screen-share-stopped',
      endedAt: null,
    });
    await pause(3_000);
    expect(await newIncidents(before)).toHaveLength(1);

    await page.evaluate(async () => {
      const { sender } = (window as unknown as ShareWindow).share;
      const parameters = sender.getParameters();
      for (const encoding of parameters.encodings) encoding.active = true;
      await sender.setParameters(parameters);
    });
    await waitFor(
      async () => (await newIncidents(before)).find((i) => i.id === incident!.id && i.endedAt),
      { timeoutMs: 20_000, what: 'the incident to close once the share flows again' },
    );
  });

  it('raises nothing when the tutor stops sharing (track.stop())', async () => {
    const before = new Set((await lifeline.incidents()).map((i) => i.id));
    await startSharing(page);
    await pause(8_000);
    await page.evaluate(() => (window as unknown as ShareWindow).share.track.stop());
    await pause(12_000);
    const raised = await newIncidents(before);
    // What the tutor's side reported, to tell a false alarm from a real one if this ever fails.
    if (raised.length) console.log(await outgoingSeries(page));
    expect(raised).toEqual([]);
  });

  it('raises nothing when the page takes the share off the call (replaceTrack, removeTrack)', async () => {
    const before = new Set((await lifeline.incidents()).map((i) => i.id));
    await startSharing(page);
    await pause(8_000);
    await page.evaluate(() => (window as unknown as ShareWindow).share.sender.replaceTrack(null));
    await pause(6_000);
    await page.evaluate(async () => {
      const { a, b, sender } = (window as unknown as ShareWindow).share;
      a.removeTrack(sender);
      await a.setLocalDescription();
      await b.setRemoteDescription(a.localDescription!);
      await b.setLocalDescription();
      await a.setRemoteDescription(b.localDescription!);
    });
    await pause(6_000);
    expect(await newIncidents(before)).toEqual([]);
  });
});
