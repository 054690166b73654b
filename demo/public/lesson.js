// The tutor's view of the demo lesson: starts the call on load, wires the whiteboard and the
// fault panel, and exposes window.lifelineDemo so tests and benchmarks drive the same functions
// the buttons do.

import {
  acquireTutorMedia,
  connectPair,
  createStudentMedia,
  createTicker,
  waitForMediaFlow,
} from './call.js';
import { FAULTS, createFaults } from './faults.js';
import { INK_COLORS, createWhiteboard } from './whiteboard.js';

document.title = 'Lesson with A.B. — Lifeline demo';

const $ = (id) => document.getElementById(id);
const remoteVideo = $('remote-video');
const remoteAudio = $('remote-audio');
const localVideo = $('local-video');

const ICONS = {
  'speaker-off': '<path d="M11 5 6 9H3v6h3l5 4z"/><path d="m22 9-6 6"/><path d="m16 9 6 6"/>',
  'mic-off':
    '<path d="M9 9v3a3 3 0 0 0 5.1 2.1M15 9.3V5a3 3 0 0 0-5.9-.6"/><path d="M19 10v2a7 7 0 0 1-.7 3M5 10v2a7 7 0 0 0 11.8 5.1"/><path d="M12 19v3"/><path d="m2 2 20 20"/>',
  'video-off':
    '<path d="M16 16v1a2 2 0 0 1-2 2H3a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2h2m5 0h4a2 2 0 0 1 2 2v3.3l1 1L23 7v10"/><path d="m1 1 22 22"/>',
  freeze:
    '<rect x="3" y="4" width="18" height="14" rx="2"/><path d="M10 8v6M14 8v6"/><path d="M8 21h8"/>',
  gauge: '<path d="m12 14 4-4"/><path d="M3.3 19a10 10 0 1 1 17.4 0"/>',
  unplug:
    '<path d="m19 5 3-3"/><path d="m2 22 3-3"/><path d="M6.3 20.3a2.4 2.4 0 0 0 3.4 0L12 18l-6-6-2.3 2.3a2.4 2.4 0 0 0 0 3.4Z"/><path d="M7.5 13.5 10 11"/><path d="M10.5 16.5 13 14"/><path d="m12 6 6 6 2.3-2.3a2.4 2.4 0 0 0 0-3.4l-2.6-2.6a2.4 2.4 0 0 0-3.4 0Z"/>',
  'cloud-off':
    '<path d="m2 2 20 20"/><path d="M5.8 5.8A7 7 0 0 0 9 19h8.5a4.5 4.5 0 0 0 1.3-.2"/><path d="M21.5 15.5A4.5 4.5 0 0 0 17.5 9h-1.8a7 7 0 0 0-5.5-3.9"/>',
};

const audioCtx = new AudioContext();
const ticker = createTicker();

/** Everything the fault functions act on; `pair` and `tutor` are replaced as the call changes. */
const lesson = {
  audioCtx,
  active: new Set(),
  restoring: false,
  student: createStudentMedia(audioCtx, ticker),
  tutor: null,
  pair: null,
  whiteboard: null,
  ready: false,
  callStartedAt: 0,
  failure: null,
  queue: Promise.resolve(),
  /** Runs operations one at a time, so a fault pressed during a restore applies after it. */
  run(fn) {
    const result = lesson.queue.then(fn);
    lesson.queue = result.catch(() => {});
    return result;
  },
  setTutorAudio(track, source) {
    lesson.tutor.audioTrack = track;
    lesson.tutor.audioSource = source;
    render();
  },
  restartCall,
  waitHealthy: (pair) => waitHealthy(pair),
  changed: () => render(),
};

async function restartCall() {
  const old = lesson.pair;
  if (old) {
    old.studentPc.close();
    old.tutorPc.close();
  }
  const pair = await connectPair({
    tutorTracks: { audio: lesson.tutor.audioTrack, video: lesson.tutor.videoTrack },
    studentTracks: { audio: lesson.student.audioTrack, video: lesson.student.videoTrack },
  });
  lesson.pair = pair;
  for (const pc of [pair.tutorPc, pair.studentPc]) {
    pc.addEventListener('connectionstatechange', render);
  }
  remoteVideo.srcObject = pair.remoteStream;
  remoteAudio.srcObject = pair.remoteStream;
  playStudentSound();
  meter.attach(pair.remoteStream);
  render();
  await waitHealthy(pair);
  lesson.callStartedAt ||= Date.now();
  render();
}

/**
 * Browsers may refuse to play sound before the user interacts with the page. The call still
 * starts; the tutor is offered one click to hear the student.
 */
function playStudentSound() {
  if (audioCtx.state !== 'running') audioCtx.resume().catch(() => {});
  remoteAudio.play().then(
    () => {
      $('sound-unlock').hidden = audioCtx.state === 'running';
    },
    () => {
      $('sound-unlock').hidden = false;
    },
  );
}

/**
 * Both synthetic voices come from the AudioContext; while the browser keeps it suspended (no user
 * gesture yet) they produce no audio at all, so "healthy" has to wait for the tutor's click.
 */
function audioRunning() {
  if (audioCtx.state === 'running') return Promise.resolve();
  $('sound-unlock').hidden = false;
  return new Promise((resolve) => {
    const onChange = () => {
      if (audioCtx.state !== 'running') return;
      audioCtx.removeEventListener('statechange', onChange);
      resolve();
    };
    audioCtx.addEventListener('statechange', onChange);
  });
}

async function waitHealthy(pair) {
  await audioRunning();
  await waitForMediaFlow(pair);
}

function unlockSound() {
  audioCtx.resume().catch(() => {});
  remoteAudio.play().then(
    () => {
      $('sound-unlock').hidden = true;
      render();
    },
    () => {},
  );
}
$('sound-unlock').addEventListener('click', unlockSound);
document.addEventListener('pointerdown', () => $('sound-unlock').hidden || unlockSound());
audioCtx.addEventListener('statechange', () => {
  if (audioCtx.state === 'running' && !remoteAudio.paused) $('sound-unlock').hidden = true;
});

/** A small level meter of the student's sound, so a sound drop is visible as well as audible. */
const meter = (() => {
  const analyser = audioCtx.createAnalyser();
  analyser.fftSize = 512;
  const samples = new Uint8Array(analyser.fftSize);
  const bars = [...document.querySelectorAll('#meter i')];
  let source = null;
  let lit = -1;
  function frame() {
    analyser.getByteTimeDomainData(samples);
    let sum = 0;
    for (const v of samples) sum += (v - 128) ** 2;
    const rms = Math.sqrt(sum / samples.length) / 128;
    // The student's voice sits around 0.02 RMS; map its peaks onto the whole meter.
    const level = Math.min(bars.length, Math.round((rms / 0.025) * bars.length));
    if (level !== lit) {
      bars.forEach((bar, i) => bar.classList.toggle('on', i < level));
      lit = level;
    }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
  return {
    attach(stream) {
      source?.disconnect();
      source = stream.getAudioTracks().length ? audioCtx.createMediaStreamSource(stream) : null;
      source?.connect(analyser);
    },
  };
})();

function formatDuration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(total / 60);
  const s = String(total % 60).padStart(2, '0');
  return `${m}:${s}`;
}

const CALL_STATES = {
  new: ['Connecting…', 'wait'],
  connecting: ['Connecting…', 'wait'],
  connected: ['Connected', 'ok'],
  disconnected: ['Connection interrupted', 'warn'],
  failed: ['Call failed', 'bad'],
  closed: ['Call ended', 'bad'],
};

const BOARD_STATES = {
  connecting: ['Whiteboard connecting…', 'wait'],
  connected: ['Whiteboard connected', 'ok'],
  reconnecting: ['Whiteboard reconnecting…', 'warn'],
};

const STAND_INS = { camera: 'picture', microphone: 'tone' };

function render() {
  const pc = lesson.pair?.tutorPc;
  const connection = pc?.connectionState ?? 'new';
  const [label, tone] = lesson.failure ? ['Call failed', 'bad'] : CALL_STATES[connection];
  const pill = $('call-pill');
  pill.className = `pill pill-${tone}`;
  const timer = connection === 'connected' && lesson.callStartedAt;
  $('call-pill-text').textContent = timer
    ? `${label} · ${formatDuration(Date.now() - lesson.callStartedAt)}`
    : label;

  let status;
  if (lesson.failure) status = `The call could not start: ${lesson.failure}`;
  else if (!pc) status = 'Starting the call…';
  else if (connection === 'connected' && lesson.ready) {
    status = 'Call connected · you and A.B. can see and hear each other';
  } else if (connection === 'connected') status = 'Call connected · waiting for video and sound…';
  else status = `Call ${label.toLowerCase()}`;
  $('call-status').textContent = status;
  $('remote-overlay').hidden = lesson.ready;

  const note = $('media-note');
  const missing = [];
  if (lesson.tutor?.videoSource === 'synthetic') missing.push('camera');
  if (lesson.tutor?.audioSource === 'synthetic') missing.push('microphone');
  note.hidden = missing.length === 0;
  note.textContent = missing.length
    ? `No ${missing.join(' or ')} available (none found, or permission refused), so A.B. ` +
      `gets a stand-in ${missing.map((m) => STAND_INS[m]).join(' and ')} from you.`
    : '';

  const [boardText, boardTone] = BOARD_STATES[lesson.whiteboard?.status ?? 'connecting'];
  $('board-status').className = `chip chip-${boardTone}`;
  $('board-status-text').textContent = boardText;

  for (const f of FAULTS) {
    const button = $(f.id);
    const on = lesson.active.has(f.key);
    button.setAttribute('aria-pressed', String(on));
    button.classList.toggle('active', on);
  }
  const restoreButton = $('fault-restore');
  restoreButton.disabled = lesson.restoring;
  restoreButton.querySelector('span').textContent = lesson.restoring ? 'Restoring…' : 'Restore';
  const names = FAULTS.filter((f) => lesson.active.has(f.key)).map((f) => f.label);
  const summary = $('fault-summary');
  summary.classList.toggle('has-faults', names.length > 0);
  summary.textContent = lesson.restoring
    ? 'Restoring the lesson…'
    : names.length
      ? `Active: ${names.join(' · ')}. Press Restore to mend everything.`
      : 'Nothing is broken. The lesson is healthy.';
}

const { faults, restore } = createFaults(lesson);

function buildFaultButtons() {
  const grid = $('fault-buttons');
  for (const f of FAULTS) {
    const button = document.createElement('button');
    button.type = 'button';
    button.id = f.id;
    button.className = 'fault';
    button.setAttribute('aria-pressed', 'false');
    button.innerHTML =
      `<svg viewBox="0 0 24 24" aria-hidden="true">${ICONS[f.icon]}</svg>` +
      '<span class="fault-text"><span class="fault-label"></span>' +
      '<span class="fault-detail"></span></span><span class="fault-flag">On</span>';
    button.querySelector('.fault-label').textContent = f.label;
    button.querySelector('.fault-detail').textContent = f.detail;
    button.addEventListener('click', () => faults[f.key]().catch(reportError));
    grid.append(button);
  }
  $('fault-restore').addEventListener('click', () => restore().catch(reportError));
}

function buildInkPicker() {
  const group = $('ink-colors');
  INK_COLORS.forEach((ink, i) => {
    const swatch = document.createElement('button');
    swatch.type = 'button';
    swatch.className = 'swatch';
    swatch.style.setProperty('--ink', ink.value);
    swatch.setAttribute('role', 'radio');
    swatch.setAttribute('aria-checked', String(i === 0));
    swatch.setAttribute('aria-label', ink.name);
    swatch.title = ink.name;
    swatch.addEventListener('click', () => {
      lesson.whiteboard.setColor(ink.value);
      for (const other of group.children) other.setAttribute('aria-checked', 'false');
      swatch.setAttribute('aria-checked', 'true');
    });
    group.append(swatch);
  });
  $('board-clear').addEventListener('click', () => lesson.whiteboard.clear());
}

function reportError(error) {
  console.error(error);
  $('fault-summary').textContent = `Something went wrong: ${error?.message ?? error}`;
}

buildFaultButtons();
buildInkPicker();
lesson.whiteboard = createWhiteboard({
  canvas: $('board'),
  url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/whiteboard`,
  onStatus: render,
});
render();
setInterval(render, 1000);

const ready = lesson.run(async () => {
  lesson.tutor = await acquireTutorMedia(audioCtx, ticker);
  localVideo.srcObject = new MediaStream([lesson.tutor.videoTrack]);
  await restartCall();
  lesson.ready = true;
  render();
});
ready.catch((error) => {
  lesson.failure = error?.message ?? String(error);
  render();
});

const stateOf = (pc) =>
  pc ? { connectionState: pc.connectionState, iceConnectionState: pc.iceConnectionState } : null;

window.lifelineDemo = {
  /** Resolves when the first call is connected and media flows both ways. */
  ready,
  faults,
  restore,
  /** The tutor's current RTCPeerConnection (a new one after a cut connection is restored). */
  tutorPc: () => lesson.pair?.tutorPc ?? null,
  /** The simulated student's current RTCPeerConnection. */
  studentPc: () => lesson.pair?.studentPc ?? null,
  state: () => ({
    ready: lesson.ready,
    activeFaults: FAULTS.map((f) => f.key).filter((key) => lesson.active.has(key)),
    restoring: lesson.restoring,
    tutor: stateOf(lesson.pair?.tutorPc),
    student: stateOf(lesson.pair?.studentPc),
    whiteboard: {
      status: lesson.whiteboard.status,
      strokes: lesson.whiteboard.strokeCount,
      reconnects: lesson.whiteboard.reconnects,
    },
    media: {
      camera: lesson.tutor?.videoSource ?? null,
      microphone: lesson.tutor?.audioSource ?? null,
      microphoneState: lesson.tutor?.audioTrack.readyState ?? null,
      studentSoundPlaying: !remoteAudio.paused && audioCtx.state === 'running',
      studentVideoFrozen: lesson.student.frozen,
    },
  }),
};
