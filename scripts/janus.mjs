// Debian's Janus SFU for the e2e tests, `npm run bench` and the fixture recorder: started on
// 127.0.0.1 with a configuration of its own, stopped (or killed) by whoever started it. Plain
// JavaScript so the scripts run on Node without a build step; types in janus.d.mts.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';

/** Debian's janus (1.1.x): the binary and where its plugins and transports live. */
const JANUS_BIN = process.env.JANUS_PATH ?? '/usr/bin/janus';
/** Debian puts the modules under the architecture's triplet: /usr/lib/x86_64-linux-gnu/janus… */
const JANUS_LIB =
  process.env.JANUS_LIB ??
  [
    ...readdirSync('/usr/lib')
      .filter((d) => d.endsWith('-linux-gnu'))
      .map((d) => `/usr/lib/${d}/janus`),
    '/usr/lib/janus',
    '/opt/janus/lib/janus',
  ].find((d) => existsSync(path.join(d, 'plugins/libjanus_videoroom.so'))) ??
  '/usr/lib/janus';

/** The videoroom rooms every test server has; the page joins one by number. */
export const ROOMS = {
  /** No cap from the server: the senders' own estimate rules. */
  open: 1000,
  /** The room policy of issue 12: 128 kbps per publisher, sent to the browser as REMB. */
  capped128k: 1001,
};

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts Debian's Janus on 127.0.0.1 with a configuration of its own in a temporary folder: the
 * videoroom plugin and the WebSocket transport only, ICE on the loopback interface alone, no
 * STUN, no 1:1 NAT. Resolves once the server answers an `info` request.
 *
 * @example
 *   const janus = await startJanus();
 *   try { ... page joins janus.wsUrl ... } finally { await janus.stop(); }
 */
export async function startJanus() {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeline-janus-'));
  const wsPort = await freePort();
  // Only the two modules the tests use are visible to this server.
  for (const [folder, lib] of [
    ['plugins', 'libjanus_videoroom.so'],
    ['transports', 'libjanus_websockets.so'],
  ]) {
    await mkdir(path.join(dir, folder));
    await symlink(path.join(JANUS_LIB, folder, lib), path.join(dir, folder, lib));
  }
  await mkdir(path.join(dir, 'empty'));
  const rtpBase = 20_000 + Math.floor(Math.random() * 400) * 100;
  await writeFile(
    path.join(dir, 'janus.jcfg'),
    `general: {
  configs_folder = "${dir}"
  plugins_folder = "${dir}/plugins"
  transports_folder = "${dir}/transports"
  events_folder = "${dir}/empty"
  loggers_folder = "${dir}/empty"
  debug_level = 4
  session_timeout = 60
}
media: {
  rtp_port_range = "${rtpBase}-${rtpBase + 99}"
}
nat: {
  ice_enforce_list = "lo"
  ignore_mdns = true
}
plugins: {}
transports: {}
events: {}
loggers: {}
`,
  );
  await writeFile(
    path.join(dir, 'janus.transport.websockets.jcfg'),
    `general: {
  json = "plain"
  ws = true
  ws_port = ${wsPort}
  ws_ip = "127.0.0.1"
  wss = false
}
admin: {
  admin_ws = false
  admin_wss = false
}
`,
  );
  const room = (id, description, bitrate) => `room-${id}: {
  description = "${description}"
  publishers = 10
  bitrate = ${bitrate}
  fir_freq = 10
  record = false
}
`;
  await writeFile(
    path.join(dir, 'janus.plugin.videoroom.jcfg'),
    `general: {}
${room(ROOMS.open, 'open', 0)}${room(ROOMS.capped128k, 'capped', 128_000)}`,
  );

  const startedAt = Date.now();
  let output = '';
  const child = spawn(
    JANUS_BIN,
    ['-F', dir, '-C', path.join(dir, 'janus.jcfg'), '-o', '-i', '127.0.0.1'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let failed;
  // Not installed (spawn ENOENT): `.ci/run` installs Debian's janus.
  child.once('error', (e) => (failed = e));
  const exited = new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  child.stdout?.on('data', (d) => (output += d.toString()));
  child.stderr?.on('data', (d) => (output += d.toString()));

  // A test run that ends without stopping it (a crash, Ctrl-C) leaves no server behind.
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  const kill = async () => {
    process.off('exit', orphan);
    if (!failed && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const stop = async () => {
    await kill();
    await rm(dir, { recursive: true, force: true });
  };
  const wsUrl = `ws://127.0.0.1:${wsPort}`;
  try {
    await answers(wsUrl, () => failed !== undefined || child.exitCode !== null);
  } catch (e) {
    await stop();
    throw new Error(
      `Janus (${JANUS_BIN}) did not start: ${(failed ?? e).message}\n${output.slice(-4000)}`,
    );
  }
  return { wsUrl, startMs: Date.now() - startedAt, kill, stop, log: () => output };
}

/** Resolves once Janus answers `info` over its WebSocket API; rejects after 15 s or if it exits. */
async function answers(wsUrl, gone) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (gone()) throw new Error('the process exited');
    const ok = await new Promise((resolve) => {
      const ws = new WebSocket(wsUrl, 'janus-protocol');
      const done = (v) => {
        ws.removeAllListeners();
        ws.on('error', () => undefined);
        ws.terminate();
        resolve(v);
      };
      ws.on('open', () => ws.send(JSON.stringify({ janus: 'info', transaction: 'ready' })));
      ws.on('message', (m) => done(m.toString().includes('"server_info"')));
      ws.on('error', () => done(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no answer within 15 s');
}
