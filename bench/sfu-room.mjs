// Shared by `npm run bench -- sfu` and scripts/record-sfu-fixtures.mjs: a participant joining a
// Janus room through the e2e suite's room page (tests/e2e/pages/sfu-room.html, served by
// bench/test-pages.mjs). The e2e tests have the same, typed, in tests/e2e/support/sfu-room.ts.

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
