// What a page does with getStats() around the moments the hook also polls, after the WebRTC
// conformance subtests of issue 13: read stats right after a connection connects, right after a
// remote track unmutes, after close. Each run records, per call, the set of stats types in the
// report, whether the report was gathered after the call (its timestamp is the gathering time) and
// how long the call took. tests/e2e/stats-parity.test.ts runs it with and without the extension;
// bench/stats-parity.mjs times it.
window.hookEvents = [];
document.addEventListener('lifeline:hook', (e) => window.hookEvents.push(JSON.parse(e.detail)));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const epochNow = () => performance.timeOrigin + performance.now();

/** The moment the page's own call went out, its report's types, freshness and duration. */
async function observe(call) {
  const at = epochNow();
  let report;
  try {
    report = await call();
  } catch (e) {
    return { types: `rejected:${e.name}`, age: 0, ms: epochNow() - at };
  }
  const ms = epochNow() - at;
  const entries = [...report.values()];
  const types = [...new Set(entries.map((s) => s.type))].sort().join(',');
  // Every entry carries the gathering time: a negative age is a report gathered before the call.
  const age = entries.length > 0 ? entries[0].timestamp - at : 0;
  return { types, age, ms };
}

const streams = {};
async function media(kind) {
  streams[kind] ??= await navigator.mediaDevices.getUserMedia({
    audio: kind === 'audio',
    video: kind === 'video',
  });
  return streams[kind].getTracks()[0];
}

/**
 * A loopback call carrying one track of `kind`, sent from `sender` to `receiver`; with
 * `transceiver` the receiving side asks for it with addTransceiver (as the subtests do), otherwise
 * the sending side uses addTrack. `onConnected` runs inside the receiving side's
 * connectionstatechange handler, as a page's quality indicator would.
 */
async function call({ kind, transceiver, onConnected }) {
  const sending = new RTCPeerConnection();
  const receiving = new RTCPeerConnection();
  sending.onicecandidate = (e) => e.candidate && receiving.addIceCandidate(e.candidate);
  receiving.onicecandidate = (e) => e.candidate && sending.addIceCandidate(e.candidate);
  const track = await media(kind);
  sending.addTrack(track);
  let caller = sending;
  let callee = receiving;
  if (transceiver) {
    receiving.addTransceiver(kind);
    [caller, callee] = [receiving, sending];
  }
  const connected = new Promise((resolve) => {
    receiving.addEventListener('connectionstatechange', () => {
      if (receiving.connectionState !== 'connected') return;
      resolve(onConnected?.({ sending, receiving }));
    });
  });
  await caller.setLocalDescription();
  await callee.setRemoteDescription(caller.localDescription);
  await callee.setLocalDescription();
  await caller.setRemoteDescription(callee.localDescription);
  const receiver = receiving.getReceivers().find((r) => r.track.kind === kind);
  const unmuted = new Promise((resolve) =>
    receiver.track.muted ? receiver.track.addEventListener('unmute', resolve) : resolve(),
  );
  const atConnect = await connected;
  return {
    sending,
    receiving,
    receiver,
    sender: sending.getSenders().find((s) => s.track?.kind === kind),
    unmuted,
    atConnect,
    close() {
      sending.close();
      receiving.close();
    },
  };
}

/** Each scenario makes one fresh call and returns what the page's call saw. */
const SCENARIOS = {
  'pc.getStats() after the remote track unmutes': (kind, transceiver) =>
    once(
      { kind, transceiver },
      async (c) => (await c.unmuted, observe(() => c.receiving.getStats())),
    ),
  'pc.getStats(track) after the remote track unmutes': (kind, transceiver) =>
    once({ kind, transceiver }, async (c) => {
      await c.unmuted;
      return observe(() => c.receiving.getStats(c.receiver.track));
    }),
  'receiver.getStats() after the remote track unmutes': (kind, transceiver) =>
    once(
      { kind, transceiver },
      async (c) => (await c.unmuted, observe(() => c.receiver.getStats())),
    ),
  'sender.getStats() after the remote track unmutes': (kind, transceiver) =>
    once({ kind, transceiver }, async (c) => {
      await c.unmuted;
      return observe(() => c.sender.getStats());
    }),
  'pc.getStats() inside connectionstatechange to connected': (kind, transceiver) =>
    once(
      { kind, transceiver, onConnected: ({ receiving }) => observe(() => receiving.getStats()) },
      (c) => c.atConnect,
    ),
  'receiver.getStats() after close': (kind, transceiver) =>
    once({ kind, transceiver }, async (c) => {
      await c.unmuted;
      c.receiving.close();
      return observe(() => c.receiver.getStats());
    }),
  'pc.getStats() after close': (kind, transceiver) =>
    once({ kind, transceiver }, async (c) => {
      await c.unmuted;
      c.receiving.close();
      return observe(() => c.receiving.getStats());
    }),
};

async function once(options, read) {
  const c = await call(options);
  try {
    return await read(c);
  } finally {
    c.close();
  }
}

/**
 * Runs one scenario `reps` times, alternating audio and video and addTrack and addTransceiver;
 * returns how often each set of types was seen (per variant), and every call's report age and
 * duration in ms.
 */
window.runScenario = async (name, reps) => {
  const sets = {};
  const ms = [];
  const ages = [];
  for (let i = 0; i < reps; i++) {
    const kind = i % 2 ? 'video' : 'audio';
    const transceiver = i % 4 >= 2;
    const seen = await SCENARIOS[name](kind, transceiver);
    const key = `${kind} ${transceiver ? 'addTransceiver' : 'addTrack'}: ${seen.types}`;
    sets[key] = (sets[key] ?? 0) + 1;
    ages.push(seen.age);
    ms.push(seen.ms);
  }
  return { sets, ages, ms };
};
window.scenarioNames = Object.keys(SCENARIOS);

/**
 * A steady call the page polls at random moments, 60 to 140 ms apart, on the connection, the
 * receiver and the sender in turn: the hook's once-a-second poll lands within a cache lifetime
 * before about one call in twenty.
 */
window.runSteady = async (calls) => {
  const c = await call({ kind: 'video', transceiver: false });
  await c.unmuted;
  await sleep(300);
  const reads = [
    () => c.receiving.getStats(),
    () => c.receiver.getStats(),
    () => c.sender.getStats(),
  ];
  const ms = [];
  const ages = [];
  try {
    for (let i = 0; i < calls; i++) {
      await sleep(60 + Math.random() * 80);
      const seen = await observe(reads[i % reads.length]);
      ages.push(seen.age);
      ms.push(seen.ms);
    }
  } finally {
    c.close();
  }
  return { ages, ms, samples: window.hookEvents.filter((e) => e.type === 'sample').length };
};

/**
 * The worst moment for the page: a getStats() the instant the hook's sample event arrives, that
 * is, just after Lifeline's own report came (bench/stats-parity.mjs; only with the extension).
 */
window.runAfterHook = async (calls) => {
  const c = await call({ kind: 'video', transceiver: false });
  await c.unmuted;
  const seen = [];
  try {
    for (let i = 0; i < calls; i++) {
      seen.push(
        await new Promise((resolve) => {
          const once = () => {
            document.removeEventListener('lifeline:hook', once);
            resolve(observe(() => c.receiving.getStats()));
          };
          document.addEventListener('lifeline:hook', once);
        }),
      );
      await sleep(200);
    }
  } finally {
    c.close();
  }
  return { ages: seen.map((s) => s.age), ms: seen.map((s) => s.ms) };
};
