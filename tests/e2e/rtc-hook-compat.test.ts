import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from './support/extension';
import { useBlankPage } from './support/suite';

// The MAIN-world hook wraps the page's RTCPeerConnection. These run in a real Chromium page with
// the built extension loaded and check that pages see no difference (design.md §2).
describe('RTCPeerConnection wrapper in a real page', () => {
  let page: Page;
  useBlankPage((p) => (page = p));

  it('is installed before page scripts run', async () => {
    expect(await page.evaluate(() => (window as never)[Symbol.for('lifeline.rtc-hook')])).toBe(
      true,
    );
  });

  it('keeps instanceof, prototype and constructor identity', async () => {
    const result = await page.evaluate(() => {
      const pc = new RTCPeerConnection();
      const out = {
        instance: pc instanceof RTCPeerConnection,
        proto: Object.getPrototypeOf(pc) === RTCPeerConnection.prototype,
        ctor: pc.constructor === RTCPeerConnection,
        name: RTCPeerConnection.name,
        length: RTCPeerConnection.length,
        native: Function.prototype.toString.call(RTCPeerConnection).includes('[native code]'),
      };
      pc.close();
      return out;
    });
    expect(result).toEqual({
      instance: true,
      proto: true,
      ctor: true,
      name: 'RTCPeerConnection',
      length: 0,
      native: true,
    });
  });

  it('keeps the static generateCertificate working, and certificates usable', async () => {
    const result = await page.evaluate(async () => {
      const cert = await RTCPeerConnection.generateCertificate({
        name: 'ECDSA',
        namedCurve: 'P-256',
      } as never);
      const pc = new RTCPeerConnection({ certificates: [cert] });
      // getConfiguration hands back new wrapper objects even without the hook; compare by value.
      const same = pc.getConfiguration().certificates?.[0]?.expires === cert.expires;
      pc.close();
      return { expires: cert.expires > Date.now(), same };
    });
    expect(result).toEqual({ expires: true, same: true });
  });

  it('accepts the optional second constructor argument as the browser does', async () => {
    const result = await page.evaluate(() => {
      const Ctor = RTCPeerConnection as unknown as new (
        a: unknown,
        b: unknown,
      ) => RTCPeerConnection;
      const pc = new Ctor({ iceServers: [] }, { optional: [{ googIPv6: true }] });
      const state = pc.signalingState;
      pc.close();
      let withoutNew = '';
      try {
        (RTCPeerConnection as unknown as () => void)();
      } catch (e) {
        withoutNew = (e as Error).constructor.name;
      }
      return { state, withoutNew };
    });
    expect(result).toEqual({ state: 'stable', withoutNew: 'TypeError' });
  });

  it('keeps getStats on connections, senders and receivers native in shape and in failure', async () => {
    const result = await page.evaluate(async () => {
      const protos = {
        pc: RTCPeerConnection.prototype,
        sender: RTCRtpSender.prototype,
        receiver: RTCRtpReceiver.prototype,
      };
      const shape = Object.entries(protos).map(([key, proto]) => {
        const d = Object.getOwnPropertyDescriptor(proto, 'getStats')!;
        const f = d.value as (...args: unknown[]) => unknown;
        return {
          key,
          name: f.name,
          length: f.length,
          native: Function.prototype.toString.call(f).includes('[native code]'),
          prototype: 'prototype' in f,
          flags: [d.writable, d.enumerable, d.configurable],
        };
      });
      let construct = '';
      try {
        new (RTCPeerConnection.prototype.getStats as unknown as new () => unknown)();
      } catch (e) {
        construct = (e as Error).constructor.name;
      }
      const outcome = (p: Promise<unknown>) =>
        p.then(
          (r) => (r instanceof RTCStatsReport ? 'report' : 'other'),
          (e: Error) => e.name,
        );
      const illegal = await outcome(RTCPeerConnection.prototype.getStats.call({} as never));
      const pc = new RTCPeerConnection();
      const [track] = (await navigator.mediaDevices.getUserMedia({ audio: true })).getTracks();
      const foreign = await outcome(pc.getStats(track!));
      class Quality extends RTCPeerConnection {
        override getStats(selector?: MediaStreamTrack | null) {
          return super.getStats(selector);
        }
      }
      const sub = new Quality();
      const viaSuper = await outcome(sub.getStats());
      pc.close();
      sub.close();
      track!.stop();
      return { shape, construct, illegal, foreign, viaSuper };
    });
    const native = { name: 'getStats', length: 0, native: true, prototype: false };
    const flags = [true, true, true];
    expect(result).toEqual({
      shape: [
        { key: 'pc', ...native, flags },
        { key: 'sender', ...native, flags },
        { key: 'receiver', ...native, flags },
      ],
      construct: 'TypeError',
      illegal: 'TypeError',
      foreign: 'InvalidAccessError',
      viaSuper: 'report',
    });
  });

  it('lets pages subclass it, and still monitors the subclass', async () => {
    const result = await page.evaluate(async () => {
      class TutorConnection extends RTCPeerConnection {
        label() {
          return 'tutor';
        }
      }
      const { a, b } = await (
        window as never as {
          connectPair: (c: unknown) => Promise<{ a: TutorConnection; b: TutorConnection }>;
        }
      ).connectPair(TutorConnection);
      await new Promise((r) => setTimeout(r, 2500));
      const events = (
        window as never as { hookEvents: { type: string; sample?: { pc: string } }[] }
      ).hookEvents;
      const pcs = new Set(events.filter((e) => e.type === 'sample').map((e) => e.sample!.pc));
      const out = {
        instance: a instanceof TutorConnection && a instanceof RTCPeerConnection,
        method: a.label(),
        proto: Object.getPrototypeOf(Object.getPrototypeOf(a)) === RTCPeerConnection.prototype,
        monitored: pcs.size,
      };
      a.close();
      b.close();
      return out;
    });
    expect(result).toEqual({ instance: true, method: 'tutor', proto: true, monitored: 2 });
  });

  it('never wraps twice: a second copy of the hook changes nothing', async () => {
    const before = await page.evaluate(() => {
      (window as never as { firstCtor: unknown }).firstCtor = RTCPeerConnection;
      (window as never as { firstGetStats: unknown }).firstGetStats =
        RTCRtpReceiver.prototype.getStats;
    });
    void before;
    await page.addScriptTag({ path: path.join(EXTENSION_DIR, 'content-scripts/rtc-hook.js') });
    const result = await page.evaluate(async () => {
      const w = window as never as {
        firstCtor: unknown;
        firstGetStats: unknown;
        hookEvents: { type: string; sample?: { pc: string } }[];
        connectPair: (
          c?: unknown,
          m?: boolean,
        ) => Promise<{ a: RTCPeerConnection; b: RTCPeerConnection }>;
      };
      const same =
        w.firstCtor === RTCPeerConnection && w.firstGetStats === RTCRtpReceiver.prototype.getStats;
      const { a, b } = await w.connectPair(RTCPeerConnection, false);
      w.hookEvents.length = 0;
      await new Promise((r) => setTimeout(r, 3200));
      const samples = w.hookEvents.filter((e) => e.type === 'sample').length;
      a.close();
      b.close();
      return { same, samples };
    });
    expect(result.same).toBe(true);
    // Two connections polled once a second for 3.2 s: 6 samples (7 if a tick lands on an edge),
    // never the 12+ a double wrap would produce.
    expect(result.samples).toBeGreaterThanOrEqual(5);
    expect(result.samples).toBeLessThanOrEqual(8);
  });

  it('never throws into the page: closing mid-poll, a page that breaks getStats, stopping', async () => {
    const result = await page.evaluate(async () => {
      const w = window as never as {
        pageErrors: string[];
        hookEvents: { type: string }[];
        connectPair: (
          c?: unknown,
          m?: boolean,
        ) => Promise<{ a: RTCPeerConnection; b: RTCPeerConnection }>;
      };
      const { a, b } = await w.connectPair(RTCPeerConnection, true);
      await new Promise((r) => setTimeout(r, 1100));
      // A page that replaces getStats with one that throws must not break the hook or itself.
      RTCPeerConnection.prototype.getStats = () => {
        throw new Error('page broke getStats');
      };
      b.close();
      await new Promise((r) => setTimeout(r, 1500));
      a.close();
      await new Promise((r) => setTimeout(r, 1500));
      return {
        errors: w.pageErrors,
        closed: w.hookEvents.filter((e) => e.type === 'closed').length,
      };
    });
    expect(result.errors).toEqual([]);
    expect(result.closed).toBe(2);
  });
  it('samples a DTLS close from the far end when it happens, not at the next tick', async () => {
    const result = await page.evaluate(async () => {
      type Sample = { pc: string; t: number; dtls?: string };
      const w = window as never as {
        hookEvents: { type: string; sample?: Sample }[];
        connectPair: (
          c?: unknown,
          m?: boolean,
        ) => Promise<{ a: RTCPeerConnection; b: RTCPeerConnection }>;
      };
      const samples = () => w.hookEvents.flatMap((e) => (e.sample ? [e.sample] : []));
      const { a, b } = await w.connectPair(RTCPeerConnection, true);
      await new Promise((r) => setTimeout(r, 2500));
      // Just after a tick, so the next one is most of a second away.
      const seen = samples().length;
      while (samples().length === seen) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 150));
      b.close();
      await new Promise((r) => setTimeout(r, 1500));
      const all = samples();
      const closed = all.find((s) => s.dtls === 'closed');
      const before = closed && all.filter((s) => s.pc === closed.pc && s.t < closed.t).at(-1);
      a.close();
      return { closed: Boolean(closed), gapMs: closed && before ? closed.t - before.t : undefined };
    });
    expect(result.closed).toBe(true);
    // A tick-driven sample would come a whole second (1000 ms) after the one before it.
    expect(result.gapMs).toBeLessThan(700);
  });

  it('keeps polling a page that breaks its senders’ and receivers’ transport', async () => {
    const result = await page.evaluate(async () => {
      const w = window as never as {
        pageErrors: string[];
        hookEvents: { type: string }[];
        connectPair: (
          c?: unknown,
          m?: boolean,
        ) => Promise<{ a: RTCPeerConnection; b: RTCPeerConnection }>;
      };
      for (const proto of [RTCRtpSender.prototype, RTCRtpReceiver.prototype]) {
        Object.defineProperty(proto, 'transport', {
          get() {
            throw new Error('page broke transport');
          },
        });
      }
      const { a, b } = await w.connectPair(RTCPeerConnection, true);
      w.hookEvents.length = 0;
      await new Promise((r) => setTimeout(r, 3200));
      const samples = w.hookEvents.filter((e) => e.type === 'sample').length;
      a.close();
      b.close();
      return { samples, errors: w.pageErrors };
    });
    expect(result.errors).toEqual([]);
    // Two connections once a second for 3.2 s.
    expect(result.samples).toBeGreaterThanOrEqual(5);
  });
});
