// Faults the demo can inject, each made the way the real failure looks to the tutor's browser
// (design notes §3, "Chromium 156 facts measured here"). The extension's detectors are tuned on these
// signals, so each fault must change the same getStats() counters and events a real one does:
// a drop is a sender with no track (packets stop), not `enabled = false` (packets keep flowing).

import { acquireMicrophone } from './call.js';

/** The fault buttons, in the order shown. `key` names the function on lifelineDemo.faults. */
export const FAULTS = [
  {
    key: 'theirSoundDrops',
    id: 'fault-their-sound',
    label: 'Their sound drops',
    detail: "Student's microphone stops sending",
    icon: 'speaker-off',
  },
  {
    key: 'myMicLost',
    id: 'fault-my-mic',
    label: 'My microphone is lost',
    detail: 'Your microphone is unplugged',
    icon: 'mic-off',
  },
  {
    key: 'theirVideoDrops',
    id: 'fault-their-video',
    label: 'Their video drops',
    detail: "Student's camera stops sending",
    icon: 'video-off',
  },
  {
    key: 'videoFreezes',
    id: 'fault-video-freeze',
    label: 'Video freezes',
    detail: 'Picture stops, sound goes on',
    icon: 'freeze',
  },
  {
    key: 'bandwidthCapped',
    id: 'fault-bandwidth',
    label: 'The platform caps my video',
    detail: 'A 60 kbps limit the app sets: a fact, not a fault',
    icon: 'gauge',
  },
  {
    key: 'connectionCut',
    id: 'fault-connection-cut',
    label: 'Call connection is cut',
    detail: "Student's laptop dies mid-call",
    icon: 'unplug',
  },
  {
    key: 'whiteboardDown',
    id: 'fault-whiteboard-down',
    label: 'Whiteboard server goes away',
    detail: 'The board server crashes',
    icon: 'cloud-off',
  },
];

/**
 * 60 kbps is far below what 640x360 video needs, so the encoder reports a bandwidth limit; set by
 * the page (`maxBitrate`), as a platform's policy is, on a clean link: Lifeline shows it as the
 * platform's limit and raises nothing. A real link limit is in tests/e2e/link-faults.test.ts.
 */
const CAPPED_BITRATE_BPS = 60000;
const WHITEBOARD_RESTORE_TIMEOUT_MS = 10000;

/** Operations on a closed call reject; the fault is already moot then, so that is not an error. */
async function ignoreClosed(promise) {
  try {
    await promise;
  } catch (error) {
    if (error?.name !== 'InvalidStateError') throw error;
  }
}

async function postFault(path) {
  const response = await fetch(path, { method: 'POST' });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
}

/**
 * Removing maxBitrate alone leaves Chromium's encoder at the reduced resolution it adapted to,
 * still reporting qualityLimitationReason 'bandwidth' 15 s later (measured on Chromium 156), so
 * a restored lesson would look capped. Passing through 'balanced' and back to the original
 * preference clears the adapter's restrictions: full resolution and 'none' within a second.
 */
async function liftBitrateCap(sender) {
  let params = sender.getParameters();
  if (params.encodings?.[0]?.maxBitrate === undefined) return;
  const original = params.degradationPreference;
  delete params.encodings[0].maxBitrate;
  params.degradationPreference = 'balanced';
  await sender.setParameters(params);
  params = sender.getParameters();
  if (original === undefined) delete params.degradationPreference;
  else params.degradationPreference = original;
  await sender.setParameters(params);
}

function waitForWhiteboard(whiteboard, timeoutMs) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const check = () => {
      if (whiteboard.status === 'connected') resolve();
      else if (performance.now() - started > timeoutMs) {
        reject(new Error('The whiteboard did not reconnect.'));
      } else setTimeout(check, 100);
    };
    check();
  });
}

/**
 * Builds the fault functions over a lesson. The lesson provides the current call (`pair`), the
 * tutor's and student's tracks, the whiteboard, the set of active fault keys, `run(fn)` to
 * serialise operations, `setTutorAudio(track, source)`, `restartCall()`, `waitHealthy(pair)` and
 * `changed()`.
 */
export function createFaults(lesson) {
  const { active } = lesson;

  /** Applies a fault once; pressing an active fault again changes nothing. */
  const fault = (key, apply) => () =>
    lesson.run(async () => {
      if (active.has(key)) return;
      active.add(key);
      lesson.changed();
      try {
        await apply();
      } catch (error) {
        active.delete(key);
        lesson.changed();
        throw error;
      }
    });

  const faults = {
    theirSoundDrops: fault('theirSoundDrops', () =>
      ignoreClosed(lesson.pair.studentSenders.audio.replaceTrack(null)),
    ),

    myMicLost: fault('myMicLost', () => {
      const track = lesson.tutor.audioTrack;
      track.stop();
      // stop() never fires 'ended' on the track it stops, but an unplugged microphone does, and
      // that event is what apps (and Lifeline) listen for.
      track.dispatchEvent(new Event('ended'));
    }),

    theirVideoDrops: fault('theirVideoDrops', () =>
      ignoreClosed(lesson.pair.studentSenders.video.replaceTrack(null)),
    ),

    videoFreezes: fault('videoFreezes', () => lesson.student.setFrozen(true)),

    bandwidthCapped: fault('bandwidthCapped', async () => {
      const sender = lesson.pair.tutorSenders.video;
      const params = sender.getParameters();
      if (!params.encodings?.length) return;
      params.encodings[0].maxBitrate = CAPPED_BITRATE_BPS;
      await ignoreClosed(sender.setParameters(params));
    }),

    connectionCut: fault('connectionCut', () => {
      // Only the student's side closes, as when their laptop dies: the tutor's connection stays
      // open and has to notice by itself that nothing arrives any more.
      lesson.pair.studentPc.close();
    }),

    whiteboardDown: fault('whiteboardDown', () => postFault('/fault/whiteboard-down')),
  };

  /**
   * Undoes every fault and resolves once the call carries media both ways again (and the
   * whiteboard is back, if this page took it down).
   */
  const restore = () =>
    lesson.run(async () => {
      const wasActive = new Set(active);
      lesson.restoring = true;
      lesson.changed();
      try {
        lesson.student.setFrozen(false);

        if (lesson.tutor.audioTrack.readyState === 'ended') {
          const mic = await acquireMicrophone(lesson.audioCtx);
          lesson.setTutorAudio(mic.track, mic.source);
        }

        if (wasActive.has('whiteboardDown')) await postFault('/fault/whiteboard-up');

        const { tutorPc, studentPc } = lesson.pair;
        const broken = (pc) => ['closed', 'failed'].includes(pc.connectionState);
        if (broken(tutorPc) || broken(studentPc)) {
          await lesson.restartCall();
        } else {
          const { tutorSenders, studentSenders } = lesson.pair;
          const putBack = (sender, track) =>
            sender.track === track ? undefined : sender.replaceTrack(track);
          await Promise.all([
            putBack(studentSenders.audio, lesson.student.audioTrack),
            putBack(studentSenders.video, lesson.student.videoTrack),
            putBack(tutorSenders.audio, lesson.tutor.audioTrack),
            putBack(tutorSenders.video, lesson.tutor.videoTrack),
          ]);
          await liftBitrateCap(tutorSenders.video);
        }

        active.clear();
        lesson.changed();
        await lesson.waitHealthy(lesson.pair);
        if (wasActive.has('whiteboardDown')) {
          // Skip the rest of the backoff: a real app would retry on its own a little later.
          lesson.whiteboard.reconnectNow();
          await waitForWhiteboard(lesson.whiteboard, WHITEBOARD_RESTORE_TIMEOUT_MS);
        }
      } finally {
        lesson.restoring = false;
        lesson.changed();
      }
    });

  return { faults, restore };
}
