// Shared by `npm run bench -- sfu` and scripts/record-sfu-fixtures.mjs: the room page of the e2e
// suite (tests/e2e/pages/sfu-room.html) served on 127.0.0.1, and a participant joining a Janus
// room through it. The e2e tests have the same, typed, in tests/e2e/support/sfu-room.ts.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { ROOT } from './lesson-browser.mjs';

/** Serves tests/e2e/pages on 127.0.0.1 (an origin the content scripts run on). */
export async function serveRoomPage() {
  const root = path.join(ROOT, 'tests/e2e/pages');
  const server = createServer(async (req, res) => {
    const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname);
    try {
      const body = await readFile(path.join(root, name));
      const type = name.endsWith('.html') ? 'text/html' : 'text/javascript';
      res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * Opens the room page as participant `name` and waits until it publishes; `beforeLoad` runs in
 * the page before its scripts (a recorder).
 */
export async function joinRoom(
  browser,
  pagesUrl,
  wsUrl,
  { room, name, publish = true, watch = true, beforeLoad },
) {
  const page = await browser.newPage();
  if (beforeLoad) await page.evaluateOnNewDocument(beforeLoad);
  const query = new URLSearchParams({
    ws: wsUrl,
    room: String(room),
    name,
    publish: publish ? '1' : '0',
    watch: watch ? '1' : '0',
  });
  await page.goto(`${pagesUrl}sfu-room.html?${query}`);
  await page.evaluate(() => window.sfu.ready);
  return {
    page,
    subscribedTo: (count) => page.evaluate((n) => window.sfu.subscribedTo(n), count),
    hangup: () => page.evaluate(() => window.sfu.hangup()),
    stopSending: () => page.evaluate(() => window.sfu.stopSending()),
  };
}
