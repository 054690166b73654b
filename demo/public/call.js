// The lesson's call: a real WebRTC call between two peer connections in this page. "tutor" is
// the side the tutor's browser owns; "student" stands in for the student's laptop and sends a
// synthetic picture and voice, so every fault can be produced on demand and measured with
// getStats() exactly as on a real call.

export const STUDENT_VIDEO_WIDTH = 640;
export const STUDENT_VIDEO_HEIGHT = 360;
const FRAME_RATE = 15;

/**
 * A 15 Hz clock that keeps ticking in a background tab. Timers on the page are throttled to 1 Hz
 * (and later to once a minute) when the tab is hidden, which would freeze the synthetic videos and
 * look like a fault; a dedicated worker's timer is not throttled, and its messages still arrive.
 */
export function createTicker(fps = FRAME_RATE) {
  const listeners = new Set();
  const source =
    'let id = 0;' +
    'onmessage = (e) => { clearInterval(id); if (e.data > 0) id = setInterval(() => postMessage(0), e.data); };';
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  worker.onmessage = () => {
    for (const fn of listeners) fn();
  };
  worker.postMessage(Math.round(1000 / fps));
  return {
    add: (fn) => listeners.add(fn),
    remove: (fn) => listeners.delete(fn),
  };
}

/**
 * A voice-like hum that never goes silent: a filtered triangle wave whose loudness follows a
 * syllable rhythm. It must stay continuous so Opus DTX never thins the packets, which would make
 * a healthy student look like a sound drop. Returns the track and the envelope used to animate
 * the mouth in step with it.
 */
function createVoice(audioCtx, { pitch, level }) {
  const osc = audioCtx.createOscillator();
  osc.type = 'triangle';
  osc.frequency.value = pitch;
  const vibrato = audioCtx.createOscillator();
  vibrato.frequency.value = 0.35;
  const vibratoDepth = audioCtx.createGain();
  vibratoDepth.gain.value = pitch * 0.06;
  vibrato.connect(vibratoDepth).connect(osc.frequency);

  const filter = audioCtx.createBiquadFilter();
  filter.type = 'lowpass';
  filter.frequency.value = 900;

  // Base gain 0.6 with a 0.35-deep 3.7 Hz syllable LFO: loudness wanders but never reaches zero.
  const envelope = audioCtx.createGain();
  envelope.gain.value = 0.6;
  const syllables = audioCtx.createOscillator();
  syllables.frequency.value = 3.7;
  const syllableDepth = audioCtx.createGain();
  syllableDepth.gain.value = 0.35;
  syllables.connect(syllableDepth).connect(envelope.gain);

  const out = audioCtx.createGain();
  out.gain.value = level;
  const destination = audioCtx.createMediaStreamDestination();
  osc.connect(filter).connect(envelope).connect(out).connect(destination);
  const startedAt = audioCtx.currentTime;
  osc.start(startedAt);
  vibrato.start(startedAt);
  syllables.start(startedAt);

  return {
    track: destination.stream.getAudioTracks()[0],
    /** 0..1 loudness at the audio clock's current time, matching the syllable LFO. */
    loudness: () => 0.5 + 0.5 * Math.sin(2 * Math.PI * 3.7 * (audioCtx.currentTime - startedAt)),
  };
}

function roundRect(ctx, x, y, w, h, r) {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
}

/**
 * The student's camera and microphone: a person at a desk in a room with a wall clock. The
 * clock's sweeping hand and the blinking make a frozen picture obvious to the eye.
 */
export function createStudentMedia(audioCtx, ticker) {
  const canvas = document.createElement('canvas');
  canvas.width = STUDENT_VIDEO_WIDTH;
  canvas.height = STUDENT_VIDEO_HEIGHT;
  const ctx = canvas.getContext('2d', { alpha: false });
  const voice = createVoice(audioCtx, { pitch: 196, level: 0.05 });
  const started = performance.now();
  let painting = true;

  function paint() {
    const t = (performance.now() - started) / 1000;
    const W = canvas.width;
    const H = canvas.height;

    // Flat colours, like a cartoon: they survive a low-bitrate encode without smearing.
    ctx.fillStyle = '#e6d8c3';
    ctx.fillRect(0, 0, W, H);
    ctx.fillStyle = '#d9c8ae';
    ctx.fillRect(0, H - 110, W, 84);

    // Bookshelf on the left.
    ctx.fillStyle = '#8a6a4b';
    ctx.fillRect(34, 70, 150, 10);
    ctx.fillRect(34, 150, 150, 10);
    const books = ['#3d5a80', '#ee6c4d', '#98c1d9', '#293241', '#e0a458', '#6a994e', '#bc4749'];
    books.forEach((color, i) => {
      ctx.fillStyle = color;
      ctx.fillRect(40 + i * 20, 30 + (i % 3) * 4, 16, 40 - (i % 3) * 4);
      ctx.fillRect(44 + i * 19, 112 - (i % 2) * 6, 15, 38 + (i % 2) * 6);
    });

    // Wall clock: the second hand sweeps continuously.
    const cx = 540;
    const cy = 78;
    ctx.fillStyle = '#fffdf8';
    ctx.strokeStyle = '#4a4e69';
    ctx.lineWidth = 5;
    ctx.beginPath();
    ctx.arc(cx, cy, 44, 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
    ctx.lineWidth = 2;
    for (let i = 0; i < 12; i++) {
      const a = (i / 12) * Math.PI * 2;
      ctx.beginPath();
      ctx.moveTo(cx + Math.sin(a) * 34, cy - Math.cos(a) * 34);
      ctx.lineTo(cx + Math.sin(a) * 39, cy - Math.cos(a) * 39);
      ctx.stroke();
    }
    const now = new Date();
    const seconds = now.getSeconds() + now.getMilliseconds() / 1000;
    const minutes = now.getMinutes() + seconds / 60;
    const hours = (now.getHours() % 12) + minutes / 60;
    const hand = (fraction, length, width, color) => {
      const a = fraction * Math.PI * 2;
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      ctx.lineCap = 'round';
      ctx.beginPath();
      ctx.moveTo(cx, cy);
      ctx.lineTo(cx + Math.sin(a) * length, cy - Math.cos(a) * length);
      ctx.stroke();
    };
    hand(hours / 12, 20, 4, '#22223b');
    hand(minutes / 60, 30, 3, '#22223b');
    hand(seconds / 60, 36, 1.5, '#d62828');

    // The student: a gentle sway, blinking every few seconds, mouth moving with the voice.
    const sway = Math.sin(t * 0.9) * 6;
    const bob = Math.sin(t * 1.7) * 2;
    const hx = W / 2 + sway;
    const hy = 168 + bob;

    ctx.fillStyle = '#457b9d';
    roundRect(ctx, hx - 120, hy + 88, 240, 140, 60);
    ctx.fill();
    ctx.fillStyle = '#e8b48f';
    ctx.fillRect(hx - 22, hy + 60, 44, 40);

    ctx.fillStyle = '#f1c5a3';
    ctx.beginPath();
    ctx.ellipse(hx, hy, 70, 84, 0, 0, Math.PI * 2);
    ctx.fill();

    ctx.fillStyle = '#3b2a20';
    ctx.beginPath();
    ctx.ellipse(hx, hy - 44, 78, 52, 0, Math.PI, Math.PI * 2);
    ctx.fill();
    ctx.beginPath();
    ctx.ellipse(hx - 58, hy - 20, 20, 44, 0.2, 0, Math.PI * 2);
    ctx.ellipse(hx + 58, hy - 20, 20, 44, -0.2, 0, Math.PI * 2);
    ctx.fill();

    const blinking = t % 4.2 < 0.16;
    ctx.fillStyle = '#2b2d42';
    for (const side of [-1, 1]) {
      ctx.beginPath();
      if (blinking) ctx.ellipse(hx + side * 26, hy + 2, 10, 1.6, 0, 0, Math.PI * 2);
      else ctx.ellipse(hx + side * 26, hy + 2, 7, 9, 0, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.strokeStyle = '#3b2a20';
    ctx.lineWidth = 3;
    for (const side of [-1, 1]) {
      ctx.beginPath();
      ctx.moveTo(hx + side * 16, hy - 18);
      ctx.quadraticCurveTo(hx + side * 27, hy - 24, hx + side * 38, hy - 17);
      ctx.stroke();
    }

    const open = 3 + voice.loudness() * 9;
    ctx.fillStyle = '#9d4452';
    ctx.beginPath();
    ctx.ellipse(hx, hy + 42, 16, open, 0, 0, Math.PI * 2);
    ctx.fill();

    // Desk edge in the foreground.
    ctx.fillStyle = '#a47148';
    ctx.fillRect(0, H - 26, W, 26);
    ctx.fillStyle = '#f8f9fa';
    ctx.save();
    ctx.translate(W - 150, H - 40);
    ctx.rotate(-0.08);
    ctx.fillRect(0, 0, 110, 20);
    ctx.restore();
  }

  const onTick = () => {
    if (painting) paint();
  };
  paint();
  ticker.add(onTick);
  const videoTrack = canvas.captureStream(FRAME_RATE).getVideoTracks()[0];
  // The browser encodes a canvas as "detail" content by default; a face is motion content.
  videoTrack.contentHint = 'motion';

  return {
    audioTrack: voice.track,
    videoTrack,
    /** Freezing stops painting: the capture produces no new frames, as with a hung camera. */
    setFrozen(frozen) {
      painting = !frozen;
    },
    get frozen() {
      return !painting;
    },
  };
}

/** A stand-in tone for the tutor's microphone, used when there is no usable microphone. */
export function createSyntheticMicrophone(audioCtx) {
  return createVoice(audioCtx, { pitch: 130, level: 0.04 }).track;
}

/** A stand-in picture for the tutor's camera, used when there is no usable camera. */
export function createSyntheticCamera(ticker) {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 360;
  const ctx = canvas.getContext('2d', { alpha: false });
  const started = performance.now();
  ticker.add(() => {
    const t = (performance.now() - started) / 1000;
    const g = ctx.createLinearGradient(0, 0, 640, 360);
    g.addColorStop(0, '#1d3557');
    g.addColorStop(1, '#2a9d8f');
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, 640, 360);
    for (let i = 0; i < 3; i++) {
      const r = 60 + ((t * 30 + i * 60) % 180);
      ctx.strokeStyle = `rgba(255,255,255,${0.25 * (1 - r / 240)})`;
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.arc(320, 180, r, 0, Math.PI * 2);
      ctx.stroke();
    }
    ctx.fillStyle = '#f1faee';
    ctx.beginPath();
    ctx.arc(320, 180, 58, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#1d3557';
    ctx.font = '600 44px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    // The self-view is shown mirrored, as call apps do; pre-mirror the label so it reads right.
    ctx.save();
    ctx.translate(640, 0);
    ctx.scale(-1, 1);
    ctx.fillText('You', 320, 182);
    ctx.restore();
  });
  return canvas.captureStream(FRAME_RATE).getVideoTracks()[0];
}

/**
 * The tutor's camera and microphone. Falls back per device to a synthetic stand-in, because a
 * laptop without a camera, or a refused permission, must still give a working demo.
 * @returns {Promise<{ audioTrack: MediaStreamTrack, videoTrack: MediaStreamTrack,
 *   audioSource: 'microphone' | 'synthetic', videoSource: 'camera' | 'synthetic' }>}
 */
export async function acquireTutorMedia(audioCtx, ticker) {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    return {
      audioTrack: stream.getAudioTracks()[0],
      videoTrack: stream.getVideoTracks()[0],
      audioSource: 'microphone',
      videoSource: 'camera',
    };
  } catch {
    // Both at once failed; one of them may still be available on its own.
  }
  const [audio, video] = await Promise.all([acquireMicrophone(audioCtx), acquireCamera(ticker)]);
  return {
    audioTrack: audio.track,
    videoTrack: video.track,
    audioSource: audio.source,
    videoSource: video.source,
  };
}

/** A fresh microphone track, or the synthetic tone if none can be had. */
export async function acquireMicrophone(audioCtx) {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    return { track: stream.getAudioTracks()[0], source: 'microphone' };
  } catch {
    return { track: createSyntheticMicrophone(audioCtx), source: 'synthetic' };
  }
}

async function acquireCamera(ticker) {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true });
    return { track: stream.getVideoTracks()[0], source: 'camera' };
  } catch {
    return { track: createSyntheticCamera(ticker), source: 'synthetic' };
  }
}

/**
 * Candidates can arrive before the other side has its remote description; adding them then
 * throws, so they wait in a queue until it is set.
 */
function candidateChannel(target) {
  let queue = [];
  return {
    push(candidate) {
      if (queue) queue.push(candidate);
      else target.addIceCandidate(candidate).catch(() => {});
    },
    flush() {
      const pending = queue;
      queue = null;
      for (const c of pending) target.addIceCandidate(c).catch(() => {});
    },
  };
}

/**
 * The student's end of the loopback stands in for another person's computer, so Lifeline must
 * not see it, just as it never sees a real student's browser. Content scripts do not run in an
 * about:blank frame (the manifest sets no match_about_blank), so that frame's RTCPeerConnection
 * is the browser's own, unwrapped constructor.
 */
function studentRealm() {
  let frame = document.getElementById('student-realm');
  if (!frame) {
    frame = document.createElement('iframe');
    frame.id = 'student-realm';
    frame.hidden = true;
    frame.setAttribute('aria-hidden', 'true');
    document.body.append(frame);
  }
  return frame.contentWindow;
}

/**
 * Connects a fresh tutor/student pair with a real offer/answer and ICE exchange.
 * The tutor's RTCPeerConnection is looked up on window at call time, never cached, because
 * Lifeline wraps the constructor after this module may already have loaded.
 */
export async function connectPair({ tutorTracks, studentTracks }) {
  const tutorPc = new window.RTCPeerConnection();
  const studentPc = new (studentRealm().RTCPeerConnection)();
  const toStudent = candidateChannel(studentPc);
  const toTutor = candidateChannel(tutorPc);
  tutorPc.addEventListener('icecandidate', (e) => e.candidate && toStudent.push(e.candidate));
  studentPc.addEventListener('icecandidate', (e) => e.candidate && toTutor.push(e.candidate));

  const remoteStream = new MediaStream();
  tutorPc.addEventListener('track', (e) => remoteStream.addTrack(e.track));

  const tutorStream = new MediaStream([tutorTracks.audio, tutorTracks.video]);
  const studentStream = new MediaStream([studentTracks.audio, studentTracks.video]);
  const tutorSenders = {
    audio: tutorPc.addTrack(tutorTracks.audio, tutorStream),
    video: tutorPc.addTrack(tutorTracks.video, tutorStream),
  };
  const studentSenders = {
    audio: studentPc.addTrack(studentTracks.audio, studentStream),
    video: studentPc.addTrack(studentTracks.video, studentStream),
  };

  const offer = await tutorPc.createOffer();
  await tutorPc.setLocalDescription(offer);
  await studentPc.setRemoteDescription(offer);
  toStudent.flush();
  const answer = await studentPc.createAnswer();
  await studentPc.setLocalDescription(answer);
  await tutorPc.setRemoteDescription(answer);
  toTutor.flush();

  return { tutorPc, studentPc, tutorSenders, studentSenders, remoteStream };
}

async function inboundCounters(pc) {
  const counters = { audioPackets: 0, videoPackets: 0, framesDecoded: 0 };
  const report = await pc.getStats();
  report.forEach((s) => {
    if (s.type !== 'inbound-rtp') return;
    if (s.kind === 'audio') counters.audioPackets += s.packetsReceived ?? 0;
    if (s.kind === 'video') {
      counters.videoPackets += s.packetsReceived ?? 0;
      counters.framesDecoded += s.framesDecoded ?? 0;
    }
  });
  return counters;
}

/**
 * Resolves once both sides are connected and every stream is moving: the tutor decodes the
 * student's frames and receives their audio, and the student receives the tutor's audio and video.
 * Rejects after timeoutMs with what is still missing.
 */
export async function waitForMediaFlow(pair, { timeoutMs = 15000, intervalMs = 150 } = {}) {
  const deadline = performance.now() + timeoutMs;
  let previous = null;
  let missing = ['connection'];
  while (performance.now() < deadline) {
    const { tutorPc, studentPc } = pair;
    if (tutorPc.connectionState === 'closed' || studentPc.connectionState === 'closed') {
      throw new Error('The call was closed while it was starting.');
    }
    if (tutorPc.connectionState === 'connected' && studentPc.connectionState === 'connected') {
      const [tutor, student] = await Promise.all([
        inboundCounters(tutorPc),
        inboundCounters(studentPc),
      ]);
      if (previous) {
        missing = [];
        if (!(tutor.audioPackets > previous.tutor.audioPackets)) missing.push('student audio');
        if (!(tutor.framesDecoded > previous.tutor.framesDecoded)) missing.push('student video');
        if (!(student.audioPackets > previous.student.audioPackets)) missing.push('tutor audio');
        if (!(student.videoPackets > previous.student.videoPackets)) missing.push('tutor video');
        if (missing.length === 0) return;
      }
      previous = { tutor, student };
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`The call did not become healthy: no ${missing.join(', ')}.`);
}
