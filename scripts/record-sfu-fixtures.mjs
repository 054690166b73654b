// Records tests/fixtures/sfu*.json: the hook's own samples from the tutor's tab in a real SFU call
// (Debian's Janus on 127.0.0.1, scripts/janus.mjs), the tutor publishing on a send-only
// connection to a student who only watches, through each fault. Same format as
// scripts/record-fixtures.mjs; run `npx wxt build && node scripts/record-sfu-fixtures.mjs [name…]`.
//
// Only the samples are kept, not the page's socket events: the room's signalling WebSocket dies
// with the server, and what the whiteboard rule makes of that is not what these fixtures are for.
import { launch, sleep } from '../bench/lesson-browser.mjs';
import { joinRoom } from '../bench/sfu-room.mjs';
import { serveTestPages } from '../bench/test-pages.mjs';
import { ROOMS, startJanus } from './janus.mjs';
import { saveFixture } from './fixture-file.mjs';

/** What each recording is and what it must raise. */
const RECORDINGS = {
  sfuHealthy: { expect: null, faultMs: 60_000, about: 'a healthy call, no fault' },
  sfuServerKilled: {
    expect: { kind: 'failed-connection', cause: 'nothing-arriving', closesAfterRestore: false },
    faultMs: 12_000,
    about: 'Janus killed (SIGKILL) at faultAt; nothing restored',
  },
  sfuFarEndClosed: {
    expect: { kind: 'failed-connection', cause: 'far-end-closed', closesAfterRestore: false },
    faultMs: 8_000,
    about: "Janus asked to hang up the tutor's publisher (DTLS close alert) at faultAt",
  },
};

const RECORD = () => {
  window.__lifelineRecording = [];
  document.addEventListener('lifeline:hook', (e) => window.__lifelineRecording.push(e.detail));
};

const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(RECORDINGS);
const pages = await serveTestPages();
const chromium = await launch();
const others = await launch({ extension: false });
try {
  for (const name of names) {
    const spec = RECORDINGS[name];
    if (!spec) throw new Error(`Unknown recording ${name}`);
    const janus = await startJanus();
    try {
      const room = { room: ROOMS.open };
      const student = await joinRoom(others.browser, pages.url, janus.wsUrl, {
        ...room,
        name: 'student',
        publish: false,
      });
      const tutor = await joinRoom(chromium.browser, pages.url, janus.wsUrl, {
        ...room,
        name: 'tutor',
        beforeLoad: RECORD,
      });
      await student.subscribedTo(1);
      await sleep(name === 'sfuHealthy' ? 0 : 8_000);
      const faultAt = await tutor.page.evaluate(() => Date.now());
      if (name === 'sfuServerKilled') await janus.kill();
      if (name === 'sfuFarEndClosed') await tutor.hangup();
      await sleep(spec.faultMs);
      const events = (await tutor.page.evaluate(() => window.__lifelineRecording))
        .map((d) => JSON.parse(d))
        .filter((e) => e.type === 'sample' || e.type === 'closed');
      saveFixture(name, {
        recorded: `${new Date().toISOString().slice(0, 10)}, ${await chromium.browser.version()}, Janus 1.1.2 videoroom (Debian) by scripts/record-sfu-fixtures.mjs, the tutor publishing to a watching student: ${spec.about}`,
        fault: name,
        expect: spec.expect,
        faultAt: name === 'sfuHealthy' ? null : faultAt,
        restoredAt: null,
        events,
      });
      await tutor.page.close();
      await student.page.close();
    } finally {
      await janus.stop();
    }
  }
} finally {
  await chromium.close();
  await others.close();
  await pages.close();
}
