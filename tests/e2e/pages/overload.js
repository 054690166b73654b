// A loopback call whose sender the overload test can weigh down for real: Chromium's fake camera
// at a size the tests choose, and busy Web Workers that take the CPU from the encoder. The
// sender keeps its resolution under load (`maintain-resolution`), as a call sharing detail does,
// so an encoder that cannot keep up shows as frames a second falling (docs/detection.md).
//
// With `student`, the receiving end is another tab (`joinAsStudent`, signalled over a
// BroadcastChannel), as in a real lesson: in one tab, our own stalled video would also be the
// "other side's" video stopping, which only a loopback can show.
window.startSendingCall = async ({ width, height, student = false }) => {
  const a = new RTCPeerConnection();
  const b = student ? undefined : new RTCPeerConnection();
  const channel = student ? new BroadcastChannel('lifeline-overload-call') : undefined;
  a.onicecandidate = (e) => {
    if (!e.candidate) return;
    if (b) b.addIceCandidate(e.candidate);
    else channel.postMessage({ from: 'tutor', candidate: e.candidate.toJSON() });
  };
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: true,
    video: { width: { exact: width }, height: { exact: height } },
  });
  for (const track of stream.getTracks()) a.addTrack(track, stream);
  if (b) {
    b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
    b.ontrack = show;
  }
  const sender = a.getSenders().find((s) => s.track.kind === 'video');
  const parameters = sender.getParameters();
  parameters.degradationPreference = 'maintain-resolution';
  await sender.setParameters(parameters);
  await a.setLocalDescription();
  if (b) {
    await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription);
  } else {
    const answered = new Promise((resolve) => {
      channel.onmessage = async ({ data }) => {
        if (data.from !== 'student') return;
        if (data.answer) resolve(await a.setRemoteDescription(data.answer));
        if (data.candidate) await a.addIceCandidate(data.candidate);
      };
    });
    channel.postMessage({ from: 'tutor', offer: a.localDescription.toJSON() });
    await answered;
  }
  window.call = { a, b, camera: stream.getVideoTracks()[0], workers: [] };
};

/** The other end in its own tab: receives the tutor's call and shows it. */
window.joinAsStudent = () => {
  document.title = 'Student';
  const channel = new BroadcastChannel('lifeline-overload-call');
  const pc = new RTCPeerConnection();
  pc.ontrack = show;
  pc.onicecandidate = (e) =>
    e.candidate && channel.postMessage({ from: 'student', candidate: e.candidate.toJSON() });
  channel.onmessage = async ({ data }) => {
    if (data.from !== 'tutor') return;
    if (data.offer) {
      await pc.setRemoteDescription(data.offer);
      await pc.setLocalDescription();
      channel.postMessage({ from: 'student', answer: pc.localDescription.toJSON() });
    }
    if (data.candidate) await pc.addIceCandidate(data.candidate);
  };
  window.student = pc;
};

function show(e) {
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.srcObject = e.streams[0];
  document.body.append(video);
}

/** Weighs the computer down: a 4K picture to encode and `workers` threads that never rest. */
window.overload = async (workers) => {
  await window.call.camera.applyConstraints({
    width: { exact: 3840 },
    height: { exact: 2160 },
  });
  const busy = URL.createObjectURL(new Blob(['for (;;) {}'], { type: 'text/javascript' }));
  for (let i = 0; i < workers; i++) window.call.workers.push(new Worker(busy));
};

window.relieve = () => {
  for (const worker of window.call.workers) worker.terminate();
  window.call.workers = [];
};

/** What the sender's own stats say of its video now, as Chromium reports them. */
window.sentVideo = async () => {
  const report = await window.call.a.getStats();
  for (const s of report.values()) {
    if (s.type === 'outbound-rtp' && s.kind === 'video') {
      return {
        t: Date.now(),
        framesPerSecond: s.framesPerSecond,
        framesEncoded: s.framesEncoded,
        totalEncodeTime: s.totalEncodeTime,
        qualityLimitationReason: s.qualityLimitationReason,
        frameWidth: s.frameWidth,
      };
    }
  }
  return undefined;
};
