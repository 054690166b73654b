import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { useBlankPage } from './support/suite';

const ADAPTER_JS = createRequire(import.meta.url).resolve('webrtc-adapter/out/adapter.js');

interface LoopbackWindow {
  hookEvents: { type: string; sample?: { pc: string }; pc?: string }[];
  pageErrors: string[];
  connectPair(
    Ctor?: unknown,
    withMedia?: boolean,
  ): Promise<{ a: RTCPeerConnection; b: RTCPeerConnection }>;
}

// Pages nobody here controls do odd things with RTCPeerConnection. The hook must keep working
// where it can and never break the page where it cannot (issue "Hardening", point 6).
describe('the hook on pages that do odd things', () => {
  let page: Page;
  useBlankPage((p) => (page = p));

  it('keeps working under the real adapter.js, which re-wraps the constructor and getStats', async () => {
    await page.addScriptTag({ path: ADAPTER_JS });
    const result = await page.evaluate(async () => {
      const w = window as unknown as LoopbackWindow & {
        adapter?: { browserDetails: { browser: string } };
      };
      const { a, b } = await w.connectPair(RTCPeerConnection, true);
      await new Promise((r) => setTimeout(r, 2200));
      const stats = await a.getStats();
      const pcs = new Set(w.hookEvents.filter((e) => e.type === 'sample').map((e) => e.sample!.pc));
      a.close();
      b.close();
      return {
        browser: w.adapter?.browserDetails.browser,
        statsSize: stats.size > 0,
        monitored: pcs.size,
        errors: w.pageErrors,
      };
    });
    expect(result).toEqual({ browser: 'chrome', statsSize: true, monitored: 2, errors: [] });
  });

  it('lets a page replace RTCPeerConnection with its own, and monitors what it builds on ours', async () => {
    const result = await page.evaluate(async () => {
      const w = window as unknown as LoopbackWindow;
      const Ours = RTCPeerConnection;
      // A page's own wrapper, the old-fashioned way: a function that forwards to the original.
      function PageWrapper(this: unknown, config?: RTCConfiguration) {
        return new Ours(config);
      }
      PageWrapper.prototype = Ours.prototype;
      (window as unknown as { RTCPeerConnection: unknown }).RTCPeerConnection = PageWrapper;
      const { a, b } = await w.connectPair(PageWrapper, false);
      await new Promise((r) => setTimeout(r, 2200));
      const pcs = new Set(w.hookEvents.filter((e) => e.type === 'sample').map((e) => e.sample!.pc));
      a.close();
      b.close();
      // And a page that throws the constructor away entirely keeps its own choice.
      (window as unknown as { RTCPeerConnection: unknown }).RTCPeerConnection = undefined;
      return { monitored: pcs.size, errors: w.pageErrors, gone: typeof RTCPeerConnection };
    });
    expect(result).toEqual({ monitored: 2, errors: [], gone: 'undefined' });
  });

  it('survives 200 connections: all polled, the page stays responsive, polling stops when they close', async () => {
    const result = await page.evaluate(async () => {
      const w = window as unknown as LoopbackWindow;
      const pairs = [];
      for (let i = 0; i < 100; i++) pairs.push(await w.connectPair(RTCPeerConnection, false));
      // How late a 50 ms timer fires while the hook polls 200 connections: the page's own lag.
      let worstLag = 0;
      let last = performance.now();
      const lagTimer = setInterval(() => {
        const now = performance.now();
        worstLag = Math.max(worstLag, now - last - 50);
        last = now;
      }, 50);
      w.hookEvents.length = 0;
      await new Promise((r) => setTimeout(r, 3000));
      clearInterval(lagTimer);
      const polled = new Set(
        w.hookEvents.filter((e) => e.type === 'sample').map((e) => e.sample!.pc),
      ).size;
      for (const { a, b } of pairs) {
        a.close();
        b.close();
      }
      await new Promise((r) => setTimeout(r, 1500));
      const closed = w.hookEvents.filter((e) => e.type === 'closed').length;
      w.hookEvents.length = 0;
      await new Promise((r) => setTimeout(r, 1500));
      return { polled, closed, afterClose: w.hookEvents.length, worstLag, errors: w.pageErrors };
    });
    console.log(`200 connections: worst timer lag ${result.worstLag.toFixed(0)} ms`);
    expect(result.polled).toBe(200);
    expect(result.closed).toBe(200);
    expect(result.afterClose).toBe(0);
    expect(result.errors).toEqual([]);
  });
});
