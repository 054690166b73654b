/** The running demo lesson server. */
export interface DemoServer {
  /** Base URL of the lesson page, e.g. `http://127.0.0.1:5757/`. */
  url: string;
  port: number;
  /** Terminates open sockets and stops listening. */
  close(): Promise<void>;
  /** Kills every whiteboard socket and refuses new ones (`true`) until called with `false`. */
  setWhiteboardDown(down: boolean): void;
}

/** Starts the demo lesson server on 127.0.0.1; port 0 picks a free port. */
export function startDemoServer(options?: { port?: number; host?: string }): Promise<DemoServer>;
