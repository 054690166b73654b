import { describe, expect, it } from 'vitest';
import { callParticipants } from '@/lib/detect/participants';
import { callViewOf } from '@/lib/health/tab-health';
import { EngineHarness, FakeConnection } from './support/fake-call';

// Group lessons through an SFU, on the real engine: each remote participant on a connection of
// their own (Janus), or all of them bundled as transceivers of one connection (Jitsi, Meet).

/** The tutor's send-only connection: the far end answers with RTCP reports. */
function publisher() {
  const send = new FakeConnection('publish');
  send.inbound = {};
  send.arrivedPerSec = 7;
  return send;
}

/** One receive-only connection per participant. */
function subscriber(n: number) {
  const c = new FakeConnection(`sub-${n}`);
  c.outbound = {};
  c.tracks = [];
  return c;
}

/** One connection carrying `count` participants, an audio and a video transceiver each. */
function bundled(count: number) {
  const c = new FakeConnection('bundle');
  const { audio, video } = c.inbound;
  c.inbound = {};
  for (let n = 1; n <= count; n++) {
    c.inbound[`audio-${n}`] = { ...audio! };
    c.inbound[`video-${n}`] = { ...video! };
  }
  c.arrivedPerSec = 50 * count;
  return c;
}

const silence = (c: FakeConnection, ...ids: string[]) => {
  for (const id of ids)
    Object.assign(c.inbound[id]!, { packetsPerSec: 0, kbps: 0, framesPerSec: 0 });
};

describe.each([1, 2, 3, 8])('a group lesson of %i remote participants', (count) => {
  it('one connection each: counted, and a healthy call raises nothing', () => {
    const engine = new EngineHarness();
    const calls = [publisher(), ...Array.from({ length: count }, (_, n) => subscriber(n + 1))];
    engine.run(60, ...calls);
    expect(callParticipants(callViewOf(engine.state, engine.now)).of).toBe(count);
    expect(engine.incidents()).toEqual([]);
  });

  it('bundled in one connection: counted, and a healthy call raises nothing', () => {
    const engine = new EngineHarness();
    const calls = [publisher(), bundled(count)];
    engine.run(60, ...calls);
    expect(callParticipants(callViewOf(engine.state, engine.now)).of).toBe(count);
    expect(engine.incidents()).toEqual([]);
  });
});

describe.each([2, 3, 8])('one of %i participants dropping out', (count) => {
  it('on a connection of their own: failed-connection, their side, "1 of N"', () => {
    const engine = new EngineHarness();
    const subs = Array.from({ length: count }, (_, n) => subscriber(n + 1));
    const calls = [publisher(), ...subs];
    engine.run(20, ...calls);
    silence(subs[0]!, 'audio', 'video');
    engine.run(6, ...calls);
    expect(engine.incidents()).toMatchObject([
      {
        kind: 'failed-connection',
        side: 'remote',
        cause: 'participant-lost',
        participants: { affected: 1, of: count },
      },
    ]);
  });

  it('bundled with the others: the same one incident', () => {
    const engine = new EngineHarness();
    const bundle = bundled(count);
    const calls = [publisher(), bundle];
    engine.run(20, ...calls);
    silence(bundle, 'audio-2', 'video-2');
    engine.run(6, ...calls);
    expect(engine.incidents()).toMatchObject([
      {
        kind: 'failed-connection',
        side: 'remote',
        cause: 'participant-lost',
        participants: { affected: 1, of: count },
      },
    ]);
  });
});

describe('the call as one whole', () => {
  it('a participant whose sound stops 0.7 s before their video is one dropping out, not no-sound', () => {
    const engine = new EngineHarness();
    const subs = [subscriber(1), subscriber(2), subscriber(3)];
    const send = publisher();
    engine.run(20, send, ...subs);
    // Their sound flows for the first 0.3 s of this second only; their video to its end.
    Object.assign(subs[0]!.inbound.audio!, { packetsPerSec: 15, kbps: 12 });
    engine.run(1, send, ...subs);
    silence(subs[0]!, 'audio', 'video');
    engine.run(8, send, ...subs);
    expect(engine.summary()).toEqual([
      { kind: 'failed-connection', side: 'remote', cause: 'participant-lost' },
    ]);
  });

  it('the same on one bundled connection: one dropping out, not their sound stopping', () => {
    const engine = new EngineHarness();
    const bundle = bundled(3);
    const send = publisher();
    engine.run(20, send, bundle);
    // The others' video outlives their sound on the same connection; their own video does not.
    Object.assign(bundle.inbound['audio-2']!, { packetsPerSec: 15, kbps: 12 });
    engine.run(1, send, bundle);
    silence(bundle, 'audio-2', 'video-2');
    engine.run(8, send, bundle);
    expect(engine.summary()).toEqual([
      { kind: 'failed-connection', side: 'remote', cause: 'participant-lost' },
    ]);
  });

  it('one participant’s video stopping is no-video, theirs, "1 of 3"', () => {
    const engine = new EngineHarness();
    const subs = [subscriber(1), subscriber(2), subscriber(3)];
    engine.run(20, publisher(), ...subs);
    silence(subs[1]!, 'video');
    engine.run(6, publisher(), ...subs);
    expect(engine.incidents()).toMatchObject([
      { kind: 'no-video', side: 'remote', participants: { affected: 1, of: 3 } },
    ]);
  });

  it('every participant stopping while the far end still answers the tutor: their side', () => {
    const engine = new EngineHarness();
    const send = publisher();
    const subs = [subscriber(1), subscriber(2)];
    engine.run(20, send, ...subs);
    for (const s of subs) silence(s, 'audio', 'video');
    engine.run(6, send, ...subs);
    expect(engine.incidents()).toMatchObject([
      {
        kind: 'failed-connection',
        side: 'remote',
        cause: 'media-stopped',
        participants: { affected: 2, of: 2 },
      },
    ]);
  });

  it('everything stopping, the far end silent too: not known whose', () => {
    const engine = new EngineHarness();
    const send = publisher();
    const subs = [subscriber(1), subscriber(2)];
    engine.run(20, send, ...subs);
    for (const s of subs) silence(s, 'audio', 'video');
    send.arrivedPerSec = 0;
    engine.run(2, send, ...subs);
    const [incident] = engine.incidents();
    expect(incident).toMatchObject({ kind: 'failed-connection', side: 'unknown' });
  });

  it('everything stopping while offline: the tutor’s side', () => {
    const engine = new EngineHarness();
    const subs = [subscriber(1), subscriber(2)];
    engine.run(20, publisher(), ...subs);
    engine.onLine = false;
    engine.run(1, publisher(), ...subs);
    expect(engine.incidents()[0]).toMatchObject({ kind: 'failed-connection', side: 'local' });
  });

  it('a simulcast layer switch (one stream replaced by another) is no one dropping out', () => {
    const engine = new EngineHarness();
    const bundle = bundled(3);
    engine.run(20, publisher(), bundle);
    silence(bundle, 'video-2');
    bundle.inbound['video-2b'] = { ...bundle.inbound['video-1']! };
    engine.run(30, publisher(), bundle);
    expect(engine.incidents()).toEqual([]);
    expect(callParticipants(callViewOf(engine.state, engine.now)).of).toBe(3);
  });
});
