// The shared whiteboard: a worksheet the tutor and student both write on. Strokes travel over a
// WebSocket as polylines in board coordinates (0..1), so every window size shows the same board.
// Like real whiteboard apps it reconnects with exponential backoff and keeps strokes drawn while
// offline, sending them once the server is back.

/** Width / height of the board; fixed so normalised coordinates mean the same everywhere. */
export const BOARD_ASPECT = 4 / 3;
const MAX_STROKES = 5000;
const MAX_OUTBOX = 1000;
const MAX_POINTS_PER_MESSAGE = 40;
const FLUSH_INTERVAL_MS = 50;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8000;

export const INK_COLORS = [
  { value: '#1d3557', name: 'Navy' },
  { value: '#d62828', name: 'Red' },
  { value: '#2a9d8f', name: 'Teal' },
  { value: '#f77f00', name: 'Orange' },
];

function drawFraction(ctx, x, y, num, den, size) {
  ctx.font = `600 ${size}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(String(num), x, y - size * 0.18);
  ctx.fillText(String(den), x, y + size * 0.86);
  ctx.fillRect(x - size * 0.42, y, size * 0.84, Math.max(1.5, size * 0.06));
}

function drawPie(ctx, x, y, r, parts, shaded, fill) {
  ctx.save();
  for (let i = 0; i < parts; i++) {
    const a0 = -Math.PI / 2 + (i / parts) * Math.PI * 2;
    const a1 = -Math.PI / 2 + ((i + 1) / parts) * Math.PI * 2;
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.arc(x, y, r, a0, a1);
    ctx.closePath();
    ctx.fillStyle = i < shaded ? fill : '#ffffff';
    ctx.fill();
    ctx.stroke();
  }
  ctx.restore();
}

/** The lesson's worksheet, drawn under the ink. W is the canvas width in device pixels. */
function drawWorksheet(ctx, W, H) {
  const u = W / 1000;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);

  // Squared paper, as in a maths exercise book; whole pixels keep the lines crisp.
  ctx.fillStyle = '#eef2f7';
  const line = Math.max(1, Math.round(u));
  for (let gx = 40; gx < 1000; gx += 40) ctx.fillRect(Math.round(gx * u), 0, line, H);
  for (let gy = 40; gy < 750; gy += 40) ctx.fillRect(0, Math.round(gy * u), W, line);

  ctx.fillStyle = '#1f2937';
  ctx.font = `700 ${34 * u}px system-ui, sans-serif`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText('Adding fractions', 48 * u, 78 * u);
  ctx.fillStyle = '#6b7280';
  ctx.font = `500 ${19 * u}px system-ui, sans-serif`;
  ctx.fillText('Make the denominators the same, then add the tops.', 48 * u, 110 * u);

  ctx.strokeStyle = '#334155';
  ctx.lineWidth = 2.5 * u;
  ctx.fillStyle = '#334155';
  ctx.font = `700 ${22 * u}px system-ui, sans-serif`;
  ctx.fillText('1.', 48 * u, 200 * u);
  drawPie(ctx, 150 * u, 230 * u, 62 * u, 2, 1, '#a8dadc');
  ctx.fillStyle = '#334155';
  ctx.font = `500 ${48 * u}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.fillText('+', 262 * u, 246 * u);
  drawPie(ctx, 374 * u, 230 * u, 62 * u, 4, 1, '#ffd6a5');
  ctx.fillStyle = '#334155';
  ctx.fillText('=', 486 * u, 246 * u);
  ctx.save();
  ctx.setLineDash([8 * u, 8 * u]);
  ctx.beginPath();
  ctx.arc(598 * u, 230 * u, 62 * u, 0, Math.PI * 2);
  ctx.stroke();
  ctx.restore();
  ctx.fillStyle = '#94a3b8';
  ctx.font = `600 ${44 * u}px system-ui, sans-serif`;
  ctx.fillText('?', 598 * u, 246 * u);

  ctx.fillStyle = '#1f2937';
  drawFraction(ctx, 150 * u, 368 * u, 1, 2, 34 * u);
  ctx.font = `500 ${34 * u}px system-ui, sans-serif`;
  ctx.fillText('+', 262 * u, 380 * u);
  drawFraction(ctx, 374 * u, 368 * u, 1, 4, 34 * u);
  ctx.font = `500 ${34 * u}px system-ui, sans-serif`;
  ctx.fillText('=', 486 * u, 380 * u);

  ctx.textAlign = 'left';
  ctx.fillStyle = '#334155';
  ctx.font = `700 ${22 * u}px system-ui, sans-serif`;
  ctx.fillText('2.', 48 * u, 520 * u);
  ctx.fillStyle = '#1f2937';
  drawFraction(ctx, 150 * u, 520 * u, 2, 3, 34 * u);
  ctx.font = `500 ${34 * u}px system-ui, sans-serif`;
  ctx.fillText('+', 262 * u, 532 * u);
  drawFraction(ctx, 374 * u, 520 * u, 1, 6, 34 * u);
  ctx.font = `500 ${34 * u}px system-ui, sans-serif`;
  ctx.fillText('=', 486 * u, 532 * u);

  ctx.strokeStyle = '#cbd5e1';
  ctx.lineWidth = 2 * u;
  ctx.beginPath();
  ctx.moveTo(720 * u, 160 * u);
  ctx.lineTo(720 * u, 700 * u);
  ctx.stroke();
  ctx.fillStyle = '#94a3b8';
  ctx.font = `600 ${17 * u}px system-ui, sans-serif`;
  ctx.textAlign = 'left';
  ctx.fillText('WORKING', 748 * u, 188 * u);
}

function drawStroke(ctx, stroke, W, H) {
  const { points } = stroke;
  ctx.strokeStyle = stroke.color;
  ctx.fillStyle = stroke.color;
  ctx.lineWidth = (stroke.size * W) / 1000;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  if (points.length === 1) {
    ctx.beginPath();
    ctx.arc(points[0][0] * W, points[0][1] * H, ctx.lineWidth / 2, 0, Math.PI * 2);
    ctx.fill();
    return;
  }
  ctx.beginPath();
  ctx.moveTo(points[0][0] * W, points[0][1] * H);
  for (let i = 1; i < points.length; i++) ctx.lineTo(points[i][0] * W, points[i][1] * H);
  ctx.stroke();
}

/**
 * Mounts the whiteboard on a canvas and connects it to the server.
 * @param {{ canvas: HTMLCanvasElement, url: string,
 *   onStatus?: (s: { status: 'connecting' | 'connected' | 'reconnecting', retryInMs: number,
 *   attempts: number }) => void }} options
 */
export function createWhiteboard({ canvas, url, onStatus = () => {} }) {
  const ctx = canvas.getContext('2d');
  let strokes = [];
  const outbox = [];
  let socket = null;
  let status = 'connecting';
  let attempts = 0;
  let reconnects = 0;
  let retryTimer = 0;
  let retryInMs = 0;
  let color = INK_COLORS[0].value;
  let size = 4;
  let current = null;
  let flushTimer = 0;

  function report() {
    onStatus({ status, retryInMs, attempts });
  }

  function redraw() {
    drawWorksheet(ctx, canvas.width, canvas.height);
    for (const s of strokes) drawStroke(ctx, s, canvas.width, canvas.height);
  }

  function resize() {
    const dpr = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(canvas.clientWidth * dpr));
    const height = Math.max(1, Math.round(width / BOARD_ASPECT));
    if (canvas.width === width && canvas.height === height) return;
    canvas.width = width;
    canvas.height = height;
    redraw();
  }
  new ResizeObserver(resize).observe(canvas);
  resize();

  function remember(stroke) {
    strokes.push(stroke);
    if (strokes.length > MAX_STROKES) strokes.splice(0, strokes.length - MAX_STROKES);
  }

  function send(msg) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(msg));
      return;
    }
    outbox.push(msg);
    if (outbox.length > MAX_OUTBOX) outbox.splice(0, outbox.length - MAX_OUTBOX);
  }

  function connect() {
    clearTimeout(retryTimer);
    retryTimer = 0;
    retryInMs = 0;
    // Looked up at call time so a WebSocket wrapper installed later (Lifeline's hook) sees it.
    const ws = new window.WebSocket(url);
    socket = ws;
    ws.addEventListener('open', () => {
      if (socket !== ws) return;
      if (attempts > 0 || status === 'reconnecting') reconnects++;
      attempts = 0;
      status = 'connected';
      report();
    });
    ws.addEventListener('message', (event) => {
      if (socket !== ws || typeof event.data !== 'string') return;
      let msg;
      try {
        msg = JSON.parse(event.data);
      } catch {
        return;
      }
      if (msg.type === 'history' && Array.isArray(msg.strokes)) {
        // The server's history plus what was drawn while offline, which is sent right after.
        strokes = msg.strokes.concat(outbox.filter((m) => m.type === 'stroke'));
        redraw();
        const pending = outbox.splice(0);
        for (const m of pending) ws.send(JSON.stringify(m));
      } else if (msg.type === 'stroke' && Array.isArray(msg.points)) {
        remember(msg);
        drawStroke(ctx, msg, canvas.width, canvas.height);
      } else if (msg.type === 'clear') {
        strokes = [];
        redraw();
      }
    });
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    attempts++;
    // Exponential backoff with ±25 % jitter, as real clients do so a restarted server is not
    // hit by every client in the same millisecond.
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempts - 1));
    retryInMs = Math.round(base * (0.75 + Math.random() * 0.5));
    status = 'reconnecting';
    retryTimer = setTimeout(connect, retryInMs);
    report();
  }

  function point(event) {
    const rect = canvas.getBoundingClientRect();
    const x = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
    const y = Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height));
    return [x, y];
  }

  function flush() {
    if (!current || current.points.length === 0) return;
    const msg = {
      type: 'stroke',
      color: current.color,
      size: current.size,
      points: current.points,
    };
    remember(msg);
    send(msg);
    // The next batch starts where this one ended, so the line stays unbroken on other screens.
    const last = current.points[current.points.length - 1];
    current.points = [];
    current.last = last;
  }

  function endStroke() {
    if (!current) return;
    flush();
    current = null;
    clearInterval(flushTimer);
  }

  canvas.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    const p = point(event);
    current = { color, size, points: [p], last: null };
    drawStroke(ctx, { color, size, points: [p] }, canvas.width, canvas.height);
    flushTimer = setInterval(flush, FLUSH_INTERVAL_MS);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!current) return;
    const p = point(event);
    const prev = current.points[current.points.length - 1] ?? current.last;
    if (current.points.length === 0 && current.last) current.points.push(current.last);
    current.points.push(p);
    drawStroke(ctx, { color, size, points: [prev, p] }, canvas.width, canvas.height);
    if (current.points.length >= MAX_POINTS_PER_MESSAGE) flush();
  });
  canvas.addEventListener('pointerup', endStroke);
  canvas.addEventListener('pointercancel', endStroke);

  connect();
  report();

  return {
    get status() {
      return status;
    },
    get strokeCount() {
      return strokes.length;
    },
    get reconnects() {
      return reconnects;
    },
    setColor(value) {
      color = value;
    },
    clear() {
      strokes = [];
      redraw();
      send({ type: 'clear' });
    },
    /** Skips the remaining backoff, e.g. when the server is known to be back. */
    reconnectNow() {
      if (socket) return;
      connect();
    },
  };
}
