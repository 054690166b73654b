// Helpers the page-compatibility tests call from page.evaluate: a real loopback call between two
// connections made with whatever constructor the test passes (native, wrapped or a subclass).
window.hookEvents = [];
document.addEventListener('lifeline:hook', (e) => window.hookEvents.push(JSON.parse(e.detail)));

window.pageErrors = [];
window.addEventListener('error', (e) => window.pageErrors.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => window.pageErrors.push(String(e.reason)));

window.connectPair = async (Ctor = RTCPeerConnection, withMedia = true) => {
  const a = new Ctor();
  const b = new Ctor();
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
  if (withMedia) {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    for (const track of stream.getTracks()) a.addTrack(track, stream);
  } else {
    a.createDataChannel('chat');
  }
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription);
  await new Promise((resolve) => {
    const check = () => a.connectionState === 'connected' && b.connectionState === 'connected';
    if (check()) return resolve();
    const timer = setInterval(() => check() && (clearInterval(timer), resolve()), 50);
  });
  return { a, b };
};

window.samplesFor = (pcId) =>
  window.hookEvents.filter((e) => e.type === 'sample' && e.sample.pc === pcId);
