// The demo lesson is what Lifeline's detectors and benchmarks run against, so these tests check
// each fault through the same getStats() counters the extension reads, in real headless Chromium.

import { request } from 'node:http';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import { startDemoServer, type DemoServer } from '../../demo/server.mjs';
import { CHROMIUM_TEST_FLAGS } from '../../scripts/chromium-flags.mjs';

type FaultName =
  | 'theirSoundDrops'
  | 'myMicLost'
  | 'theirVideoDrops'
  | 'videoFreezes'
  | 'bandwidthCapped'
  | 'connectionCut'
  | 'whiteboardDown';

interface DemoState {
  ready: boolean;
  activeFaults: FaultName[];
  tutor: { connectionState: RTCPeerConnectionState } | null;
  student: { connectionState: RTCPeerConnectionState } | null;
  whiteboard: { status: 'connecting' | 'connected' | 'reconnecting'; strokes: number };
  media: { microphoneState: MediaStreamTrackState | null };
}

/** What the lesson page exposes; cast inline because evaluate() bodies run in the page. */
interface DemoWindow {
  lifelineDemo: {
    ready: Promise<void>;
    faults: Record<FaultName, () => Promise<void>>;
    restore(): Promise<void>;
    state(): DemoState;
    tutorPc(): RTCPeerConnection;
    studentPc(): RTCPeerConnection;
  };
  previousTutorPc?: RTCPeerConnection;
}

interface Inbound {
  audioPackets: number;
  videoPackets: number;
  framesDecoded: number;
}

/** Faults take effect within ~250 ms (measured); this leaves margin before a flat window. */
const SETTLE_MS = 800;
const WINDOW_MS = 2000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Page object for the tutor's lesson tab. */
function demoLesson(page: Page) {
  const inbound = (side: 'tutor' | 'student') =>
    page.evaluate(async (which) => {
      const demo = (window as unknown as DemoWindow).lifelineDemo;
      const pc = which === 'tutor' ? demo.tutorPc() : demo.studentPc();
      const counts = { audioPackets: 0, videoPackets: 0, framesDecoded: 0 };
      (await pc.getStats()).forEach((s) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'audio') counts.audioPackets += s.packetsReceived ?? 0;
        else {
          counts.videoPackets += s.packetsReceived ?? 0;
          counts.framesDecoded += s.framesDecoded ?? 0;
        }
      });
      return counts;
    }, side);

  return {
    state: () => page.evaluate(() => (window as unknown as DemoWindow).lifelineDemo.state()),
    fault: (name: FaultName) =>
      page.evaluate((f) => (window as unknown as DemoWindow).lifelineDemo.faults[f](), name),
    restore: () => page.evaluate(() => (window as unknown as DemoWindow).lifelineDemo.restore()),
    /** How much each inbound counter grew over `ms`, as seen by one side of the call. */
    async growth(side: 'tutor' | 'student', ms = WINDOW_MS): Promise<Inbound> {
      const before = await inbound(side);
      await sleep(ms);
      const after = await inbound(side);
      return {
        audioPackets: after.audioPackets - before.audioPackets,
        videoPackets: after.videoPackets - before.videoPackets,
        framesDecoded: after.framesDecoded - before.framesDecoded,
      };
    },
    outboundVideo: () =>
      page.evaluate(async () => {
        const pc = (window as unknown as DemoWindow).lifelineDemo.tutorPc();
        const sender = pc.getSenders().find((s) => s.track?.kind === 'video');
        let reason: string | undefined;
        (await pc.getStats()).forEach((s) => {
          if (s.type === 'outbound-rtp' && s.kind === 'video') reason = s.qualityLimitationReason;
        });
        return { reason, maxBitrate: sender?.getParameters().encodings[0]?.maxBitrate };
      }),
    /** Opens a fresh WebSocket to the whiteboard from the page and reports how it ends. */
    probeWhiteboard: () =>
      page.evaluate(
        () =>
          new Promise<'open' | 'failed'>((resolve) => {
            const ws = new window.WebSocket(`ws://${location.host}/whiteboard`);
            ws.onopen = () => {
              ws.close();
              resolve('open');
            };
            ws.onerror = () => resolve('failed');
          }),
      ),
    boardStatusText: () => page.$eval('#board-status', (el) => el.textContent?.trim() ?? ''),
  };
}

async function expectHealthy(lesson: ReturnType<typeof demoLesson>, ms = 1500) {
  const seen = await lesson.growth('tutor', ms);
  expect(seen.audioPackets).toBeGreaterThan(0);
  expect(seen.videoPackets).toBeGreaterThan(0);
  expect(seen.framesDecoded).toBeGreaterThan(0);
}

function rawGet(url: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * A raw whiteboard client. Messages are collected from the start: the server sends the history
 * right after the handshake, and ws can emit it before an `await`ed caller could attach a listener.
 */
function connectWhiteboard(url: string): Promise<{ ws: NodeWebSocket; messages: unknown[] }> {
  return new Promise((resolve, reject) => {
    const ws = new NodeWebSocket(`${url.replace('http', 'ws')}whiteboard`);
    const messages: unknown[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
  });
}

describe('demo lesson', () => {
  let server: DemoServer;
  let browser: Browser;
  let page: Page;
  let lesson: ReturnType<typeof demoLesson>;
  const foreignRequests: string[] = [];
  let readyMs = 0;

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await puppeteer.launch({
      executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
      headless: true,
      pipe: true,
      args: CHROMIUM_TEST_FLAGS,
    });
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    page.on('request', (req) => {
      const url = req.url();
      if (!url.startsWith(server.url) && !url.startsWith('blob:') && !url.startsWith('data:')) {
        foreignRequests.push(url);
      }
    });
    const started = Date.now();
    await page.goto(server.url);
    await page.evaluate(() => (window as unknown as DemoWindow).lifelineDemo.ready);
    readyMs = Date.now() - started;
    lesson = demoLesson(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe('healthy call', () => {
    it('starts by itself with media flowing both ways', async () => {
      expect(readyMs).toBeLessThan(10000);
      expect(await page.title()).toBe('Lesson with A.B. — Lifeline demo');
      const state = await lesson.state();
      expect(state.tutor?.connectionState).toBe('connected');
      expect(state.student?.connectionState).toBe('connected');
      expect(state.activeFaults).toEqual([]);
      await expectHealthy(lesson, WINDOW_MS);
      const student = await lesson.growth('student', 1000);
      expect(student.audioPackets).toBeGreaterThan(0);
      expect(student.videoPackets).toBeGreaterThan(0);
    });

    it('has a button for every fault', async () => {
      const labels = await page.$$eval('.faults button', (buttons) =>
        buttons.map((b) => {
          const label = b.querySelector('.fault-label') ?? b;
          return `${b.id}: ${label.textContent?.trim()}`;
        }),
      );
      expect(labels).toEqual([
        'fault-restore: Restore',
        'fault-their-sound: Their sound drops',
        'fault-my-mic: My microphone is lost',
        'fault-their-video: Their video drops',
        'fault-video-freeze: Video freezes',
        'fault-bandwidth: The platform caps my video',
        'fault-connection-cut: Call connection is cut',
        'fault-whiteboard-down: Whiteboard server goes away',
      ]);
    });

    it('talks only to its own origin', () => {
      expect(foreignRequests).toEqual([]);
    });
  });

  describe('server', () => {
    it('serves the lesson files and nothing outside them', async () => {
      expect(await rawGet(server.url, '/lesson.js')).toBe(200);
      expect(await rawGet(server.url, '/../server.mjs')).toBe(404);
      expect(await rawGet(server.url, '/..%2fserver.mjs')).toBe(404);
      expect(await rawGet(server.url, '/missing.html')).toBe(404);
    });

    it('relays whiteboard strokes and ignores malformed messages', async () => {
      const before = (await lesson.state()).whiteboard.strokes;
      const { ws } = await connectWhiteboard(server.url);
      ws.send('not json');
      ws.send(JSON.stringify({ type: 'stroke', color: 'red', size: 3, points: [[0.1, 0.1]] }));
      const stroke = {
        type: 'stroke',
        color: '#d62828',
        size: 3,
        points: [
          [0.1, 0.1],
          [0.2, 0.2],
        ],
      };
      ws.send(JSON.stringify(stroke));
      await expect.poll(async () => (await lesson.state()).whiteboard.strokes).toBe(before + 1);
      ws.close();

      const late = await connectWhiteboard(server.url);
      await expect.poll(() => late.messages.length).toBe(1);
      const [history] = late.messages as { type: string; strokes: unknown[] }[];
      expect(history?.type).toBe('history');
      expect(history?.strokes).toHaveLength(before + 1);
      expect(history?.strokes.at(-1)).toEqual(stroke);
      late.ws.close();
    });
  });

  describe('faults', () => {
    it('their sound drops: inbound audio stops, video goes on; restore mends it', async () => {
      await lesson.fault('theirSoundDrops');
      expect((await lesson.state()).activeFaults).toEqual(['theirSoundDrops']);
      await sleep(SETTLE_MS);
      const seen = await lesson.growth('tutor');
      expect(seen.audioPackets).toBe(0);
      expect(seen.videoPackets).toBeGreaterThan(0);
      await lesson.restore();
      expect((await lesson.state()).activeFaults).toEqual([]);
      await expectHealthy(lesson);
    });

    it('their video drops: inbound video stops, audio goes on; restore mends it', async () => {
      await lesson.fault('theirVideoDrops');
      await sleep(SETTLE_MS);
      const seen = await lesson.growth('tutor');
      expect(seen.videoPackets).toBe(0);
      expect(seen.framesDecoded).toBe(0);
      expect(seen.audioPackets).toBeGreaterThan(0);
      await lesson.restore();
      await expectHealthy(lesson);
    });

    it('video freezes: no new frames decoded, audio goes on; restore mends it', async () => {
      await lesson.fault('videoFreezes');
      await sleep(SETTLE_MS);
      const seen = await lesson.growth('tutor');
      expect(seen.framesDecoded).toBe(0);
      expect(seen.audioPackets).toBeGreaterThan(0);
      expect((await lesson.state()).tutor?.connectionState).toBe('connected');
      await lesson.restore();
      await expectHealthy(lesson);
    });

    it('my microphone is lost: the local track ends and the student hears nothing', async () => {
      await lesson.fault('myMicLost');
      expect((await lesson.state()).media.microphoneState).toBe('ended');
      const senderTrack = await page.evaluate(
        () =>
          (window as unknown as DemoWindow).lifelineDemo
            .tutorPc()
            .getSenders()
            .find((s) => s.track?.kind === 'audio')?.track?.readyState,
      );
      expect(senderTrack).toBe('ended');
      await sleep(SETTLE_MS);
      expect((await lesson.growth('student')).audioPackets).toBe(0);
      await lesson.restore();
      expect((await lesson.state()).media.microphoneState).toBe('live');
      expect((await lesson.growth('student', 1000)).audioPackets).toBeGreaterThan(0);
    });

    it('bandwidth is capped: Chromium reports a bandwidth limit; restore lifts it', async () => {
      await lesson.fault('bandwidthCapped');
      expect((await lesson.outboundVideo()).maxBitrate).toBe(60000);
      await expect
        .poll(async () => (await lesson.outboundVideo()).reason, { timeout: 12000, interval: 250 })
        .toBe('bandwidth');
      await lesson.restore();
      expect((await lesson.outboundVideo()).maxBitrate).toBeUndefined();
      await expect
        .poll(async () => (await lesson.outboundVideo()).reason, { timeout: 4000, interval: 250 })
        .toBe('none');
    });

    it('call connection is cut: all inbound media stops; restore builds a fresh call', async () => {
      await page.evaluate(() => {
        (window as unknown as DemoWindow).previousTutorPc = (
          window as unknown as DemoWindow
        ).lifelineDemo.tutorPc();
      });
      await lesson.fault('connectionCut');
      const state = await lesson.state();
      expect(state.student?.connectionState).toBe('closed');
      expect(state.tutor?.connectionState).not.toBe('closed');
      await sleep(SETTLE_MS);
      const seen = await lesson.growth('tutor');
      expect(seen.audioPackets).toBe(0);
      expect(seen.videoPackets).toBe(0);
      // The jitter buffer may still hand a frame or two to the decoder after the last packet.
      expect(seen.framesDecoded).toBeLessThan(5);

      await lesson.restore();
      const replaced = await page.evaluate(() => ({
        fresh:
          (window as unknown as DemoWindow).lifelineDemo.tutorPc() !==
          (window as unknown as DemoWindow).previousTutorPc,
        old: (window as unknown as DemoWindow).previousTutorPc?.connectionState,
      }));
      expect(replaced).toEqual({ fresh: true, old: 'closed' });
      expect((await lesson.state()).tutor?.connectionState).toBe('connected');
      await expectHealthy(lesson);
    });

    it('whiteboard server goes away: the page reconnects with backoff until restore', async () => {
      await lesson.fault('whiteboardDown');
      await expect.poll(async () => (await lesson.state()).whiteboard.status).toBe('reconnecting');
      expect(await lesson.boardStatusText()).toBe('Whiteboard reconnecting…');
      expect(await lesson.probeWhiteboard()).toBe('failed');
      await expect(connectWhiteboard(server.url)).rejects.toThrow(/503/);

      await lesson.restore();
      expect((await lesson.state()).whiteboard.status).toBe('connected');
      expect(await lesson.boardStatusText()).toBe('Whiteboard connected');
      expect(await lesson.probeWhiteboard()).toBe('open');
    });

    it('whiteboard outage driven from Node is recovered by the page on its own', async () => {
      server.setWhiteboardDown(true);
      await expect.poll(async () => (await lesson.state()).whiteboard.status).toBe('reconnecting');
      server.setWhiteboardDown(false);
      await expect
        .poll(async () => (await lesson.state()).whiteboard.status, { timeout: 10000 })
        .toBe('connected');
    });
  });
});
