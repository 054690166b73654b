import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchWithExtension, type LifelineBrowser } from './support/extension';
import { startJanus, ROOMS, type Janus } from './support/janus';
import { joinRoom, launchPlain } from './support/sfu-room';
import { servePages } from './support/static-server';
import type { Browser } from 'puppeteer-core';

let janus: Janus;
let lifeline: LifelineBrowser;
let others: Browser;
let pages: Awaited<ReturnType<typeof servePages>>;
beforeAll(async () => {
  pages = await servePages();
  lifeline = await launchWithExtension();
  others = await launchPlain();
});
afterAll(async () => {
  await lifeline?.close();
  await others?.close();
  await pages?.close();
  await janus?.stop();
});

const probe = (tutor: any) =>
  tutor.page.evaluate(async () => {
    const pc = (window as any).sfu.publisherConnection();
    const r = await pc.getStats();
    const out: any = { cs: pc.connectionState, ice: pc.iceConnectionState, dtls: pc.getSenders()[0].transport?.state };
    for (const e of r.values()) {
      if (e.type === 'transport') out.tr = { b: e.bytesReceived, p: e.packetsReceived, d: e.dtlsState, s: e.iceState, bs: e.bytesSent };
      if (e.type === 'candidate-pair' && e.nominated) out.cp = { st: e.state, rr: e.responsesReceived, rq: e.requestsReceived, b: e.bytesReceived, p: e.packetsReceived, lr: e.lastPacketReceivedTimestamp ? Math.round(Date.now() - e.lastPacketReceivedTimestamp) : null, cr: e.consentRequestsSent };
      if (e.type === 'remote-inbound-rtp') (out.ri ??= []).push({ k: e.kind, n: e.reportsReceived, age: Math.round(performance.timeOrigin + performance.now() - e.timestamp), m: e.roundTripTimeMeasurements });
    }
    return JSON.stringify(out);
  });

for (const how of ['kill', 'hangup']) {
  it('probe ' + how, async () => {
    janus = await startJanus();
    console.log('janus start ms', janus.startMs);
    const student = await joinRoom(others, pages.url, janus, { room: ROOMS.open, name: 's1', publish: false });
    const tutor = await joinRoom(lifeline.browser, pages.url, janus, { room: ROOMS.open, name: 't' });
    await student.subscribedTo(1);
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      console.log('before', await probe(tutor));
    }
    const t0 = Date.now();
    if (how === 'kill') await janus.kill();
    else await tutor.page.evaluate(() => (window as any).sfu.hangup());
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 500));
      console.log(Date.now() - t0, await probe(tutor), JSON.stringify((await lifeline.incidents()).filter(i=>!i.endedAt).map(i=>[i.kind,i.cause,i.side])));
    }
    await tutor.page.close(); await student.page.close();
    await janus.stop();
    expect(1).toBe(1);
  });
}
