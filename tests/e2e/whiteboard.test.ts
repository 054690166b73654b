import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer-core';
import { Server, type ServerOptions } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '@/lib/shared/incident';
import { launchWithExtension, waitFor, type LifelineBrowser } from './support/extension';
import { servePages } from './support/static-server';

/**
 * A real socket.io server on 127.0.0.1, which also serves the real socket.io client
 * (`/socket.io/socket.io.min.js`, from node_modules/socket.io-client). Restarting it closes every
 * connection as a crashed server would, and listens again on the same port.
 */
async function startBoard(port = 0, options: Partial<ServerOptions> = {}) {
  const http: HttpServer = createServer();
  const io = new Server(http, { cors: { origin: '*' }, ...options });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return {
    io,
    port: (http.address() as AddressInfo).port,
    async stop() {
      http.closeAllConnections();
      await io.close();
    },
  };
}
type Board = Awaited<ReturnType<typeof startBoard>>;

// Whiteboards that reconnect themselves (issue 12, point 6): socket.io reconnects by long-polling
// first, with backoff, and then upgrades to a WebSocket on a new URL. Lifeline must see the board
// connected again either way, on a page with no call at all.
describe('a whiteboard that reconnects by itself', () => {
  let lifeline: LifelineBrowser;
  let pages: Awaited<ReturnType<typeof servePages>>;
  let board: Board | undefined;
  let boards = 0;

  beforeAll(async () => {
    pages = await servePages();
    lifeline = await launchWithExtension();
  });
  afterAll(async () => {
    await lifeline?.close();
    await board?.stop();
    await pages?.close();
  });

  /** A whiteboard-only page (no RTCPeerConnection) with the real socket.io client connected. */
  const openBoard = async (port: number, transports?: string[]): Promise<Page> => {
    const page = await lifeline.browser.newPage();
    // A URL of its own: the tab is found by its URL.
    await page.goto(`${pages.url}blank.html?board=${++boards}`);
    await page.addScriptTag({ url: `http://127.0.0.1:${port}/socket.io/socket.io.min.js` });
    await page.evaluate(
      (url: string, transports?: string[]) => {
        const io = (window as unknown as { io(url: string, o: object): unknown }).io;
        (window as unknown as { board: unknown }).board = io(url, {
          reconnectionDelayMax: 5_000,
          ...(transports && { transports }),
        });
      },
      `http://127.0.0.1:${port}`,
      transports,
    );
    await waitFor(() => transport(page).then((t) => t === (transports?.[0] ?? 'websocket')), {
      what: 'the board to connect',
    });
    return page;
  };
  const transport = (page: Page) =>
    page.evaluate(() => {
      const board = (
        window as unknown as {
          board: { connected: boolean; io: { engine?: { transport?: { name: string } } } };
        }
      ).board;
      return board.connected ? (board.io.engine?.transport?.name ?? null) : null;
    });
  const boardIncidents = async (since: number) =>
    (await lifeline.incidents()).filter(
      (i) => i.kind === 'whiteboard-disconnected' && Date.parse(i.startedAt) >= since,
    ) as unknown as Incident[];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /**
   * Restarts the board mid-lesson: down until the incident has opened and a few seconds more,
   * then back on the same port. Returns the incident once it has closed.
   */
  const restartMidLesson = async (page: Page, restartWith: Partial<ServerOptions> = {}) => {
    const port = board!.port;
    await sleep(6_000); // a socket counts as established after 5 s
    const droppedAt = Date.now();
    await board!.stop();
    const [opened] = await waitFor(
      async () => {
        const found = await boardIncidents(droppedAt - 1_000);
        return found.length ? found : undefined;
      },
      { timeoutMs: 20_000, what: 'the whiteboard incident to open' },
    );
    expect(opened).toMatchObject({ severity: 'failure', endedAt: null });
    expect(await lifeline.badge(await lifeline.tabIdOf(page))).toEqual({
      text: '!',
      color: '#D93025',
    });
    await sleep(3_000);
    board = await startBoard(port, restartWith);
    const backAt = Date.now();
    await waitFor(async () => (await transport(page)) !== null, {
      timeoutMs: 30_000,
      what: 'the client to reconnect',
    });
    const reconnectedAt = Date.now();
    const closed = await waitFor(
      async () => (await boardIncidents(droppedAt - 1_000)).find((i) => i.endedAt !== null),
      { timeoutMs: 60_000, what: 'the whiteboard incident to close' },
    );
    console.log(
      `whiteboard: client back ${((reconnectedAt - backAt) / 1000).toFixed(1)} s after the ` +
        `server, incident closed ${((Date.now() - backAt) / 1000).toFixed(1)} s after the server`,
    );
    expect(await boardIncidents(droppedAt - 1_000)).toHaveLength(1);
    return { incident: closed, droppedAt };
  };

  it('closes the incident when socket.io reconnects and upgrades, and keeps its page and figures', async () => {
    board = await startBoard();
    const page = await openBoard(board.port);
    const tabId = await lifeline.tabIdOf(page);
    const { incident, droppedAt } = await restartMidLesson(page);

    expect(incident.page).toEqual({ origin: pages.url.slice(0, -1), title: 'Blank call page' });
    expect(Date.parse(incident.endedAt!)).toBeGreaterThan(droppedAt);
    expect(incident.metrics.downSeconds).toBeGreaterThan(3);
    expect(incident.metrics.reconnectAttempts).toBeGreaterThanOrEqual(1);
    expect(await lifeline.badge(tabId)).toMatchObject({ text: '' });

    // The email draft, as the report screen shows it.
    const report = await lifeline.browser.newPage();
    await report.goto(
      `chrome-extension://${lifeline.extensionId}/popup.html?incident=${encodeURIComponent(incident.id)}&screen=report`,
    );
    const body = await (await report.waitForSelector('[data-testid="email-body"]'))!.evaluate(
      (e) => e.textContent ?? '',
    );
    expect(body).toContain('What failed: Whiteboard disconnected.');
    expect(body).toMatch(/Key figures: whiteboard down \d+ s; \d+ reconnect attempts?/);
    expect(body).toContain(`Call page: ${incident.page.origin}`);
    await report.close();
    await page.close();
  });

  it('closes the incident when the board comes back on long-polling only', async () => {
    await board?.stop();
    board = await startBoard();
    const page = await openBoard(board.port);
    // After the restart the server refuses WebSockets: the client stays on long-polling.
    const { incident } = await restartMidLesson(page, { transports: ['polling'] });
    expect(await transport(page)).toBe('polling');
    expect(incident.page.title).toBe('Blank call page');
    expect(incident.metrics.downSeconds).toBeGreaterThan(3);
    await page.close();
  });

  it('counts a client forced to long-polling as connected', async () => {
    await board?.stop();
    board = await startBoard();
    const since = Date.now();
    const page = await openBoard(board.port, ['polling']);
    await sleep(20_000);
    expect(await transport(page)).toBe('polling');
    expect(await boardIncidents(since)).toEqual([]);
    expect(await lifeline.badge(await lifeline.tabIdOf(page))).toMatchObject({ text: '' });
    await page.close();
  });
});
