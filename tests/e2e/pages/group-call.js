// A group lesson of remote participants for bench/group-call.mjs and tests/e2e/group-call.test.ts
// (issue 12). The tutor's page (`?role=tutor`, on 127.0.0.1 where Lifeline watches) holds only
// the tutor's side of the call; the participants' side runs in another browser
// (`?role=participants`), so the tutor's renderer does what a real tutor's tab does and no more.
// The caller carries the offers and answers between the two pages (no trickle: each description
// waits for its candidates).
//
// Two shapes of the same lesson:
// - mesh: one connection per participant; the tutor sends camera and microphone on each and
//   receives that participant's camera and microphone;
// - bundle: one connection (to an SFU, as it were) with two transceivers, one audio and one video,
//   per participant; the tutor's own camera and microphone go out on the first two.
const VIDEO = { width: 160, height: 90, frameRate: 15 };
const role = new URLSearchParams(location.search).get('role');
const connections = [];

async function camera() {
  return navigator.mediaDevices.getUserMedia({ audio: true, video: VIDEO });
}

async function gathered(pc) {
  if (pc.iceGatheringState !== 'complete') {
    await new Promise((resolve) => {
      const done = () => pc.iceGatheringState === 'complete' && resolve();
      pc.addEventListener('icegatheringstatechange', done);
    });
  }
  return { type: pc.localDescription.type, sdp: pc.localDescription.sdp };
}

/** Tutor: the offers for a lesson of `participants` in the given shape. */
async function offer(shape, participants) {
  const own = await camera();
  const pcs =
    shape === 'mesh'
      ? Array.from({ length: participants }, () => new RTCPeerConnection())
      : [new RTCPeerConnection()];
  for (const pc of pcs) {
    if (shape === 'mesh') {
      for (const track of own.getTracks()) pc.addTrack(track, own);
    } else {
      for (let i = 0; i < participants; i++) {
        for (const kind of ['audio', 'video']) {
          const track = i === 0 ? own.getTracks().find((t) => t.kind === kind) : undefined;
          pc.addTransceiver(track ?? kind, {
            direction: track ? 'sendrecv' : 'recvonly',
            ...(track && { streams: [own] }),
          });
        }
      }
    }
    connections.push(pc);
    await pc.setLocalDescription();
  }
  return Promise.all(pcs.map(gathered));
}

/** Participants: answers to the tutor's offers, each participant with a camera and microphone. */
let base;
async function answer(offers) {
  const answers = [];
  for (const description of offers) {
    const pc = new RTCPeerConnection();
    connections.push(pc);
    await pc.setRemoteDescription(description);
    for (const transceiver of pc.getTransceivers()) {
      // A clone per sender, so each participant's stream is encoded on its own.
      base ??= await camera();
      const kind = transceiver.receiver.track.kind;
      const track = base
        .getTracks()
        .find((t) => t.kind === kind)
        .clone();
      await transceiver.sender.replaceTrack(track);
      transceiver.sender.setStreams(new MediaStream([track]));
      // Where the tutor only receives, JSEP answers `sendonly` for this `sendrecv`.
      transceiver.direction = 'sendrecv';
    }
    await pc.setLocalDescription();
    answers.push(await gathered(pc));
  }
  return answers;
}

/** Tutor: takes the participants' answers and waits until every connection is connected. */
async function accept(answers) {
  const pcs = connections.filter((pc) => pc.signalingState === 'have-local-offer');
  await Promise.all(pcs.map((pc, i) => pc.setRemoteDescription(answers[i])));
  // Play what arrives, as a call page does (Chromium decodes video only for a sink).
  for (const pc of pcs) {
    for (const receiver of pc.getReceivers()) {
      const element = document.createElement(receiver.track.kind);
      element.srcObject = new MediaStream([receiver.track]);
      element.muted = true;
      element.autoplay = true;
      document.body.append(element);
    }
  }
  await new Promise((resolve) => {
    const check = () => pcs.every((pc) => pc.connectionState === 'connected');
    if (check()) return resolve();
    const timer = setInterval(() => check() && (clearInterval(timer), resolve()), 50);
  });
}

/** Video frames this page's side of the call has encoded and decoded so far. */
async function videoFrames() {
  let frames = 0;
  for (const pc of connections) {
    (await pc.getStats()).forEach((s) => {
      if (s.kind !== 'video') return;
      if (s.type === 'outbound-rtp') frames += s.framesEncoded ?? 0;
      if (s.type === 'inbound-rtp') frames += s.framesDecoded ?? 0;
    });
  }
  return frames;
}

/** What this page received so far: video freezes (count, seconds) and audio concealed. */
async function received() {
  const sum = { freezes: 0, freezeS: 0, concealed: 0, samples: 0 };
  for (const pc of connections) {
    (await pc.getStats()).forEach((s) => {
      if (s.type !== 'inbound-rtp') return;
      sum.freezes += s.freezeCount ?? 0;
      sum.freezeS += s.totalFreezesDuration ?? 0;
      sum.concealed += s.concealedSamples ?? 0;
      sum.samples += s.totalSamplesReceived ?? 0;
    });
  }
  return sum;
}

/**
 * Participants: participant `i` (from 0) stops sending, as a machine that hangs: their media
 * stops and every connection stays up. `kinds` limits it to their sound or their video.
 */
function stopSending(i, kinds = ['audio', 'video']) {
  const theirs =
    connections.length === 1
      ? connections[0].getTransceivers().slice(2 * i, 2 * i + 2)
      : connections[i].getTransceivers();
  return Promise.all(
    theirs
      .filter((t) => kinds.includes(t.receiver.track.kind))
      .map((t) => t.sender.replaceTrack(null)),
  );
}

/**
 * Reads every connection's stats `hz` times a second for `ms`, each report read whole, as a
 * poller does: what the browser's own getStats() costs a page, whoever calls it.
 */
async function pollLikeAHook(ms, hz) {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    await Promise.all(connections.map(async (pc) => [...(await pc.getStats()).values()]));
    await new Promise((resolve) => setTimeout(resolve, 1000 / hz));
  }
}

window.group = {
  role,
  offer,
  answer,
  accept,
  videoFrames,
  received,
  pollLikeAHook,
  stopSending,
  connections: () => connections.map((pc) => pc.connectionState),
  transceivers: () => connections.reduce((n, pc) => n + pc.getTransceivers().length, 0),
};
