/** See janus.mjs. */
export const ROOMS: {
  /** No cap from the server: the senders' own estimate rules. */
  readonly open: 1000;
  /** The room policy of issue 12: 128 kbps per publisher, sent to the browser as REMB. */
  readonly capped128k: 1001;
};

export interface Janus {
  /** The WebSocket API, `ws://127.0.0.1:PORT` (subprotocol `janus-protocol`). */
  wsUrl: string;
  /** How long the server took from spawn to answering `info`, ms. */
  startMs: number;
  /** Kills the server at once (SIGKILL), as a crashed SFU: no goodbye to any peer. */
  kill(): Promise<void>;
  /** Stops the server (if still running) and removes its temporary configuration. */
  stop(): Promise<void>;
  /** What the server printed, for failures. */
  log(): string;
}

export function startJanus(): Promise<Janus>;
