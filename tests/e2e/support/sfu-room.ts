import type { Browser, Page } from 'puppeteer-core';
import type { Janus } from './janus';

interface SfuWindow {
  sfu: {
    ready: Promise<void>;
    connections(): { publisher?: RTCPeerConnectionState; subscribed: RTCPeerConnectionState[] };
    subscribedTo(count: number): Promise<void>;
    leave(): Promise<void>;
    hangup(): Promise<unknown>;
    stopSending(): Promise<unknown>;
  };
}

/** Page object for one participant of a Janus videoroom (tests/e2e/pages/sfu-room.html). */
export interface SfuParticipant {
  page: Page;
  /** Waits until this participant receives `count` others. */
  subscribedTo(count: number): Promise<void>;
  connections(): Promise<ReturnType<SfuWindow['sfu']['connections']>>;
  leave(): Promise<void>;
  /** Stops sending media without leaving: the participant's machine hangs. */
  stopSending(): Promise<void>;
  /** Asks Janus to hang up our publisher: it closes the DTLS transport with an alert. */
  hangup(): Promise<void>;
}

/**
 * Opens the room page in `browser` as participant `name` and waits until it publishes (its
 * send-only connection is connected).
 */
export async function joinRoom(
  browser: Browser,
  pagesUrl: string,
  janus: Janus,
  {
    room,
    name,
    publish = true,
    watch = true,
  }: { room: number; name: string; publish?: boolean; watch?: boolean },
): Promise<SfuParticipant> {
  const page = await browser.newPage();
  const query = new URLSearchParams({
    ws: janus.wsUrl,
    room: String(room),
    name,
    publish: publish ? '1' : '0',
    watch: watch ? '1' : '0',
  });
  await page.goto(`${pagesUrl}sfu-room.html?${query}`);
  await page.evaluate(() => (window as unknown as SfuWindow).sfu.ready);
  return {
    page,
    subscribedTo: (count) =>
      page.evaluate((n) => (window as unknown as SfuWindow).sfu.subscribedTo(n), count),
    connections: () => page.evaluate(() => (window as unknown as SfuWindow).sfu.connections()),
    leave: () => page.evaluate(() => (window as unknown as SfuWindow).sfu.leave()),
    stopSending: async () => {
      await page.evaluate(() => (window as unknown as SfuWindow).sfu.stopSending());
    },
    hangup: async () => {
      await page.evaluate(() => (window as unknown as SfuWindow).sfu.hangup());
    },
  };
}
