import type { RelayWireMessage } from '@/lib/shared/messages';

/** What of `runtime.Port` the channel uses, so it can be tested without a browser. */
export interface PortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

export interface BackgroundChannelOptions {
  /** Opens a port to the background (`runtime.connect`); may throw once the extension is gone. */
  connect: () => PortLike;
  later: (run: () => void, ms: number) => void;
  /** How many times in all a message that needs an answer is sent. */
  tries?: number;
}

/** What the background posts back on the port once it has committed (or refused) a message. */
export type ChannelAnswer = { answered: number };

/**
 * The relay's one way to the background: a port kept open (lib/shared/relay-port.ts). A
 * message costs the call page far less on a port than as its own `runtime.sendMessage`, which
 * opens and closes a channel each time, and one port's messages arrive in the order they were
 * sent, so a connection's last sample cannot overtake its close.
 *
 * A worker that stops closes the port; the next message opens another, which starts the worker
 * again. Samples repeat every second by themselves, but nothing repeats a connection or socket
 * closing, or a dropped board answering a poll: those are sent with `needsAnswer`, and if the
 * port closes before the background answers them they go again on the next one, a second later,
 * up to `tries` times in all. A close is the last word on its key, and an answer only says the
 * board was back by then, so one that arrives twice undoes nothing.
 *
 * @example
 *   const channel = createBackgroundChannel({
 *     connect: () => browser.runtime.connect({ name: RELAY_PORT_NAME }),
 *     later: setTimeout,
 *   });
 *   channel.send({ type: 'page-event', event: text }, true);
 */
export function createBackgroundChannel(options: BackgroundChannelOptions) {
  const tries = options.tries ?? 10;
  let port: PortLike | undefined;
  let closed = false;
  let numbered = 0;
  const unanswered = new Map<number, { message: RelayWireMessage; left: number }>();

  const open = (): PortLike => {
    const opened = options.connect();
    port = opened;
    opened.onMessage.addListener((reply) => {
      const id = (reply as Partial<ChannelAnswer> | null)?.answered;
      if (typeof id === 'number') unanswered.delete(id);
    });
    opened.onDisconnect.addListener(() => {
      if (port !== opened) return;
      port = undefined;
      if (unanswered.size && !closed) options.later(sendUnanswered, 1000);
    });
    return opened;
  };

  const post = (message: RelayWireMessage) => {
    if (closed) return;
    try {
      (port ?? open()).postMessage(message);
    } catch {
      // Closed before its onDisconnect arrived: once more, on a new port.
      port = undefined;
      try {
        open().postMessage(message);
      } catch {
        port = undefined;
      }
    }
  };

  const sendUnanswered = () => {
    for (const [id, entry] of unanswered) {
      if (entry.left <= 0) {
        unanswered.delete(id);
        continue;
      }
      entry.left -= 1;
      post(entry.message);
    }
  };

  return {
    send(message: RelayWireMessage, needsAnswer = false) {
      if (!needsAnswer || message.type !== 'page-event') return post(message);
      const numberedMessage = { ...message, id: ++numbered };
      unanswered.set(numberedMessage.id, { message: numberedMessage, left: tries - 1 });
      post(numberedMessage);
    },
    /** The extension was updated or removed: nothing more is sent. */
    close() {
      closed = true;
      unanswered.clear();
      try {
        port?.disconnect();
      } catch {
        // already gone with the extension
      }
      port = undefined;
    },
  };
}
