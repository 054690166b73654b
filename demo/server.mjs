// The demo lesson's server: static files for the tutor's lesson page, a shared whiteboard over
// WebSocket, and fault switches that make the whiteboard server "go away" the way a crashed
// server does (sockets die without a close frame, new connections are refused).
//
// Run directly: `node demo/server.mjs` (PORT env, default 5757). Tests import startDemoServer().

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';

const PUBLIC_DIR = resolve(fileURLToPath(new URL('./public/', import.meta.url)));

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Oldest strokes are dropped beyond this, so a long lesson cannot grow the server without bound. */
const HISTORY_LIMIT = 5000;
/** A stroke batch is at most a few hundred points; anything bigger is not from our page. */
const MAX_MESSAGE_BYTES = 16 * 1024;
const MAX_POINTS_PER_STROKE = 500;
/** Per-socket budget: a fast mouse sends ~60 batches/s; more than this is a flood, dropped. */
const MAX_MESSAGES_PER_SECOND = 120;
const COLOR_PATTERN = /^#[0-9a-f]{6}$/i;

/**
 * Checks an incoming whiteboard message and returns a clean copy to store and relay, or null.
 * Re-serialising only known fields means a client cannot smuggle extra data to the others.
 */
function sanitizeMessage(raw) {
  let msg;
  try {
    msg = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!msg || typeof msg !== 'object') return null;
  if (msg.type === 'clear') return { type: 'clear' };
  if (msg.type !== 'stroke') return null;
  const { color, size, points } = msg;
  if (typeof color !== 'string' || !COLOR_PATTERN.test(color)) return null;
  if (typeof size !== 'number' || !(size >= 1 && size <= 40)) return null;
  if (!Array.isArray(points) || points.length < 1 || points.length > MAX_POINTS_PER_STROKE) {
    return null;
  }
  const clean = [];
  for (const p of points) {
    if (!Array.isArray(p) || p.length !== 2) return null;
    const [x, y] = p;
    if (typeof x !== 'number' || typeof y !== 'number') return null;
    if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) return null;
    // Four decimals is sub-pixel on any board size and keeps history small.
    clean.push([Math.round(x * 1e4) / 1e4, Math.round(y * 1e4) / 1e4]);
  }
  return { type: 'stroke', color: color.toLowerCase(), size, points: clean };
}

async function serveStatic(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    res.writeHead(400).end('Bad request');
    return;
  }
  if (pathname.endsWith('/')) pathname += 'index.html';
  const filePath = resolve(join(PUBLIC_DIR, pathname));
  // resolve() collapses `..`; anything that lands outside public/ is a traversal attempt.
  if (!filePath.startsWith(PUBLIC_DIR + sep) || pathname.includes('\0')) {
    res.writeHead(404).end('Not found');
    return;
  }
  try {
    const info = await stat(filePath);
    if (!info.isFile()) throw new Error('not a file');
    const body = await readFile(filePath);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(filePath)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      // The demo is edited while people try it; never serve a stale lesson script.
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
  }
}

/**
 * Starts the demo lesson server.
 * @param {{ port?: number, host?: string }} [options] port 0 picks a free port.
 * @returns {Promise<{ url: string, port: number, close(): Promise<void>,
 *   setWhiteboardDown(down: boolean): void }>}
 */
export async function startDemoServer({ port = 0, host = '127.0.0.1' } = {}) {
  const history = [];
  let whiteboardDown = false;

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  function setWhiteboardDown(down) {
    whiteboardDown = Boolean(down);
    if (!whiteboardDown) return;
    // terminate() drops the TCP connection without a close frame: the page sees code 1006,
    // exactly what it sees when a real whiteboard server crashes or its network path dies.
    for (const client of wss.clients) client.terminate();
  }

  wss.on('connection', (socket) => {
    let windowStart = Date.now();
    let windowCount = 0;
    socket.send(JSON.stringify({ type: 'history', strokes: history }));
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const now = Date.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        windowCount = 0;
      }
      if (++windowCount > MAX_MESSAGES_PER_SECOND) return;
      const msg = sanitizeMessage(data.toString('utf8'));
      if (!msg) return;
      if (msg.type === 'clear') history.length = 0;
      else {
        history.push(msg);
        if (history.length > HISTORY_LIMIT) history.splice(0, history.length - HISTORY_LIMIT);
      }
      const out = JSON.stringify(msg);
      for (const client of wss.clients) {
        if (client !== socket && client.readyState === client.OPEN) client.send(out);
      }
    });
    // Errors (oversized frames, resets) just end that socket; they must not crash the lesson.
    socket.on('error', () => socket.terminate());
  });

  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    if (req.method === 'POST' && pathname === '/fault/whiteboard-down') {
      setWhiteboardDown(true);
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'POST' && pathname === '/fault/whiteboard-up') {
      setWhiteboardDown(false);
      res.writeHead(204).end();
      return;
    }
    serveStatic(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  server.on('upgrade', (req, socket, head) => {
    // A client resetting mid-handshake must not surface as an unhandled 'error' and kill Node.
    socket.on('error', () => socket.destroy());
    const { pathname } = new URL(req.url, 'http://localhost');
    if (pathname !== '/whiteboard' || whiteboardDown) {
      socket.end(
        `HTTP/1.1 ${whiteboardDown ? '503 Service Unavailable' : '404 Not Found'}\r\n` +
          'Connection: close\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });

  const actualPort = server.address().port;
  return {
    url: `http://${host}:${actualPort}/`,
    port: actualPort,
    setWhiteboardDown,
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      return new Promise((resolvePromise) => {
        server.close(() => resolvePromise());
        // Keep-alive HTTP connections would otherwise hold close() open for seconds.
        server.closeAllConnections();
      });
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const demo = await startDemoServer({ port: Number(process.env.PORT) || 5757 });
  console.log(`Demo lesson: ${demo.url}`);
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await demo.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
