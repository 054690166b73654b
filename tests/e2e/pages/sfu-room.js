// A participant of a Janus videoroom (tests/e2e/support/janus.ts), spoken to in Janus' own JSON
// over its WebSocket API: one send-only connection publishes the fake camera and microphone, one
// receive-only connection per other publisher subscribes to them, as SFU call platforms do.
//
// Query: ws (the server), room, name, publish=0 to only watch. window.sfu.ready resolves once our
// publisher connection is connected; the page follows publishers as they come and go.
window.hookEvents = [];
document.addEventListener('lifeline:hook', (e) => window.hookEvents.push(JSON.parse(e.detail)));

const params = new URLSearchParams(location.search);
const room = Number(params.get('room') ?? 1000);
const name = params.get('name') ?? 'tutor';

const ws = new WebSocket(params.get('ws'), 'janus-protocol');
const waiting = new Map();
const handlers = new Map();
let session;
let sequence = 0;

/** Sends a Janus request; resolves with the reply that is not an `ack` (success, event…). */
function request(body, handle) {
  const transaction = `t${++sequence}`;
  const message = { ...body, transaction };
  if (session) message.session_id = session;
  if (handle) message.handle_id = handle;
  ws.send(JSON.stringify(message));
  return new Promise((resolve, reject) => waiting.set(transaction, { resolve, reject }));
}

ws.onmessage = (m) => {
  const msg = JSON.parse(m.data);
  const wait = msg.transaction && waiting.get(msg.transaction);
  if (msg.janus === 'ack') return;
  if (wait) {
    waiting.delete(msg.transaction);
    if (msg.janus === 'error' || msg.plugindata?.data?.error) wait.reject(new Error(m.data));
    else wait.resolve(msg);
    return;
  }
  if (msg.sender) handlers.get(msg.sender)?.(msg);
};

const opened = new Promise((resolve, reject) => {
  ws.onopen = resolve;
  ws.onerror = () => reject(new Error('no Janus at ' + params.get('ws')));
});

/** Offer or answer with every candidate in it: Janus is told the gathering is complete. */
async function gathered(pc) {
  if (pc.iceGatheringState !== 'complete') {
    await new Promise((resolve) =>
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve();
      }),
    );
  }
  return { type: pc.localDescription.type, sdp: pc.localDescription.sdp };
}

const connected = (pc) =>
  new Promise((resolve, reject) => {
    const check = () => {
      if (pc.connectionState === 'connected') resolve();
      if (pc.connectionState === 'failed') reject(new Error('connection failed'));
    };
    pc.addEventListener('connectionstatechange', check);
    check();
  });

const subscriptions = new Map();

async function subscribe(feed) {
  if (subscriptions.has(feed)) return;
  subscriptions.set(feed, null);
  const attached = await request({ janus: 'attach', plugin: 'janus.plugin.videoroom' });
  const handle = attached.data.id;
  const pc = new RTCPeerConnection();
  subscriptions.set(feed, { handle, pc });
  pc.ontrack = (e) => {
    const el = document.createElement(e.track.kind);
    el.srcObject = new MediaStream([e.track]);
    el.autoplay = true;
    el.muted = true;
    el.dataset.feed = String(feed);
    document.body.append(el);
  };
  const joined = await request(
    {
      janus: 'message',
      body: { request: 'join', ptype: 'subscriber', room, streams: [{ feed }] },
    },
    handle,
  );
  await pc.setRemoteDescription(joined.jsep);
  await pc.setLocalDescription();
  await request(
    { janus: 'message', body: { request: 'start', room }, jsep: await gathered(pc) },
    handle,
  );
  await connected(pc);
}

function unsubscribe(feed) {
  const sub = subscriptions.get(feed);
  if (!sub) return;
  subscriptions.delete(feed);
  sub.pc.close();
  for (const el of document.querySelectorAll(`[data-feed="${feed}"]`)) el.remove();
  request({ janus: 'detach' }, sub.handle).catch(() => undefined);
}

let publisher;
const follow = (data) => {
  // `watch=0`: a participant who only publishes, to keep a test's group light on 2 cores.
  if (params.get('watch') !== '0') {
    for (const p of data.publishers ?? []) subscribe(p.id).catch((e) => console.error(e));
  }
  if (data.unpublished !== undefined) unsubscribe(data.unpublished);
  if (data.leaving !== undefined) unsubscribe(data.leaving);
};

async function join() {
  await opened;
  session = (await request({ janus: 'create' })).data.id;
  // Janus ends a session silent for its session_timeout (60 s here).
  setInterval(
    () => ws.send(JSON.stringify({ janus: 'keepalive', session_id: session, transaction: 'k' })),
    20_000,
  );
  const handle = (await request({ janus: 'attach', plugin: 'janus.plugin.videoroom' })).data.id;
  handlers.set(handle, (msg) => msg.plugindata && follow(msg.plugindata.data));
  const joined = await request(
    { janus: 'message', body: { request: 'join', ptype: 'publisher', room, display: name } },
    handle,
  );
  follow(joined.plugindata.data);
  if (params.get('publish') === '0') return;
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  const pc = new RTCPeerConnection();
  publisher = { handle, pc, stream };
  for (const track of stream.getTracks())
    pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
  await pc.setLocalDescription();
  const configured = await request(
    {
      janus: 'message',
      body: { request: 'configure', audio: true, video: true },
      jsep: await gathered(pc),
    },
    handle,
  );
  await pc.setRemoteDescription(configured.jsep);
  await connected(pc);
}

window.sfu = {
  ready: join(),
  /** The publisher's connection, for a test reading its raw stats. */
  publisherConnection: () => publisher?.pc,
  /** Ends our publishing the way the server does on a hangup: Janus closes DTLS with an alert. */
  hangup: () => request({ janus: 'hangup' }, publisher?.handle),
  /** Our connections now: the publisher's and one per subscribed feed. */
  connections: () => ({
    publisher: publisher?.pc.connectionState,
    subscribed: [...subscriptions.values()].map((s) => s?.pc.connectionState),
  }),
  /** Resolves once `count` other participants' feeds are connected here. */
  subscribedTo: async (count) => {
    while (
      [...subscriptions.values()].filter((s) => s?.pc.connectionState === 'connected').length <
      count
    )
      await new Promise((r) => setTimeout(r, 100));
  },
  /**
   * Stops sending any media without leaving or closing anything, as a machine that hangs: the
   * connection and its RTCP stay up, so Janus goes on holding the participant.
   */
  stopSending: () =>
    Promise.all(publisher?.pc.getSenders().map((sender) => sender.replaceTrack(null)) ?? []),
  /** Leaves the room as a participant who hangs up: Janus tells the others. */
  leave: async () => {
    await request({ janus: 'message', body: { request: 'leave' } }, publisher?.handle);
    publisher?.pc.close();
  },
};
