import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { launchWithExtension, waitFor, type LifelineBrowser } from './support/extension';
import { servePages } from './support/static-server';

// The MAIN-world WebSocket wrapper in a real page, against a real WebSocket server: pages see no
// difference, and a server that goes away shows up as whiteboard-disconnected (design.md §3).
describe('page WebSockets in a real page', () => {
  let lifeline: LifelineBrowser;
  let pages: Awaited<ReturnType<typeof servePages>>;
  let server: WebSocketServer;
  let wsUrl: string;
  const clients: ServerSocket[] = [];

  beforeAll(async () => {
    pages = await servePages();
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    wsUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/board?token=secret`;
    server.on('connection', (socket) => clients.push(socket));
    lifeline = await launchWithExtension();
  });
  afterAll(async () => {
    await lifeline?.close();
    server?.close();
    await pages?.close();
  });

  const openPage = async (): Promise<Page> => {
    const page = await lifeline.browser.newPage();
    await page.goto(`${pages.url}blank.html`);
    return page;
  };

  it('keeps instanceof, statics and a native-looking close', async () => {
    const page = await openPage();
    const result = await page.evaluate(async (url: string) => {
      const ws = new WebSocket(url);
      await new Promise((resolve) => ws.addEventListener('open', resolve));
      class Sub extends WebSocket {}
      const sub = new Sub(url);
      const out = {
        hooked: (window as never)[Symbol.for('lifeline.ws-hook')] === true,
        instance: ws instanceof WebSocket && sub instanceof Sub && sub instanceof WebSocket,
        ctor: ws.constructor === WebSocket,
        statics: [WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED],
        closeLooksNative: Function.prototype.toString.call(ws.close).includes('[native code]'),
      };
      ws.close();
      sub.close();
      return out;
    }, wsUrl);
    expect(result).toEqual({
      hooked: true,
      instance: true,
      ctor: true,
      statics: [0, 1, 2, 3],
      closeLooksNative: true,
    });
    await page.close();
  });

  it('raises whiteboard-disconnected when the server drops an established socket', async () => {
    const page = await openPage();
    clients.length = 0;
    await page.evaluate((url: string) => {
      const keep = new WebSocket(url);
      (window as unknown as { keep: WebSocket }).keep = keep;
      // A socket the page closes itself must never count.
      const mine = new WebSocket(url);
      mine.addEventListener('open', () => setTimeout(() => mine.close(), 5_500));
    }, wsUrl);
    await waitFor(async () => clients.length === 2, { what: 'two sockets' });
    await new Promise((r) => setTimeout(r, 6_000));
    const tabId = await lifeline.tabIdOf(page);
    expect(await lifeline.incidents()).toEqual([]);
    for (const c of clients) c.terminate();
    const incident = await waitFor(
      async () => (await lifeline.incidents()).find((i) => i.kind === 'whiteboard-disconnected'),
      { timeoutMs: 20_000, what: 'whiteboard incident' },
    );
    expect(incident).toMatchObject({ severity: 'failure', side: 'unknown', endedAt: null });
    expect(await lifeline.badge(tabId)).toEqual({ text: '!', color: '#D93025' });
    expect(
      (await lifeline.incidents()).filter((i) => i.kind === 'whiteboard-disconnected'),
    ).toHaveLength(1);
    await page.close();
  });
});
