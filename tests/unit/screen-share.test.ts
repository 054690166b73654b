import { describe, expect, it } from 'vitest';
import { compactStats } from '@/lib/hook/compact-stats';
import { callSampleSchema } from '@/lib/hook/call-sample';
import type { ConnectionTrack } from '@/lib/detect/call-tracker';
import { detectNoVideo } from '@/lib/detect/no-video';
import { tabHealthSchema } from '@/lib/health/tab-health';
import type { CallView } from '@/lib/detect/verdict';
import { EngineHarness, FakeConnection } from './support/fake-call';

// The tutor shares a screen beside the camera. Rates are those measured in Chromium 156 on a
// loopback call (docs/detection.md, "Screen sharing"): a moving share sends about 40 packets a
// second, a static one still about 38 (the encoder keeps sending while frames come at 1 a second).

/** A call with a healthy share, `seconds` long. */
function sharing(seconds = 20) {
  const engine = new EngineHarness();
  const call = new FakeConnection();
  call.outbound.screen = { kind: 'video', packetsPerSec: 40, kbps: 600, screen: true };
  engine.run(seconds, call);
  return { engine, call };
}

describe('a screen share in the call', () => {
  it('raises nothing while it keeps sending, for five minutes', () => {
    const { engine } = sharing(300);
    expect(engine.incidents()).toEqual([]);
  });

  it('raises a local no-video when a live share stops sending while the call goes on', () => {
    const { engine, call } = sharing();
    const faultAt = engine.now + 300;
    call.outbound.screen!.packetsPerSec = 0;
    call.outbound.screen!.kbps = 0;
    engine.run(10, call);
    expect(engine.summary()).toEqual([
      { kind: 'no-video', side: 'local', cause: 'screen-share-stopped' },
    ]);
    expect(engine.incidents()[0]).toMatchObject({ severity: 'failure', endedAt: null });
    expect(engine.latencyOf('no-video', faultAt)).toBeLessThanOrEqual(4);
  });

  it('closes it when the share reaches the other side again', () => {
    const { engine, call } = sharing();
    call.outbound.screen!.packetsPerSec = 0;
    engine.run(10, call);
    call.outbound.screen!.packetsPerSec = 40;
    engine.run(15, call);
    expect(engine.incidents()).toMatchObject([
      { cause: 'screen-share-stopped', endedAt: expect.any(String) },
    ]);
  });

  it('raises nothing when the share ends or is taken off the call (the hook stops flagging it)', () => {
    const { engine, call } = sharing();
    call.outbound.screen = { kind: 'video', packetsPerSec: 0, kbps: 0 };
    engine.run(60, call);
    expect(engine.incidents()).toEqual([]);
  });

  it('raises nothing for a share that has not sent since it was put on the call', () => {
    const engine = new EngineHarness();
    const call = new FakeConnection();
    // A camera's sender, already counting, given the screen by replaceTrack, then held back.
    call.outbound.video!.screen = true;
    call.outbound.video!.packetsPerSec = 0;
    engine.run(60, call);
    expect(engine.incidents()).toEqual([]);
  });

  it('raises nothing while the connection is down: that is failed-connection', () => {
    const { engine, call } = sharing();
    call.state = 'disconnected';
    call.outbound.screen!.packetsPerSec = 0;
    engine.run(6, call);
    expect(engine.incidents().filter((i) => i.kind === 'no-video')).toEqual([]);
  });

  it('survives a worker restart: the stored state reads back with the share in it', () => {
    const { engine, call } = sharing();
    call.outbound.screen!.packetsPerSec = 0;
    engine.run(2, call);
    const stored = JSON.parse(JSON.stringify(engine.state));
    expect(JSON.stringify(stored)).toContain('screenShare');
    expect(tabHealthSchema.parse(stored)).toEqual(stored);
  });

  it('still names the camera when the camera ends during a share', () => {
    const { engine, call } = sharing();
    call.tracks[1]!.readyState = 'ended';
    engine.run(1, call);
    expect(engine.summary()).toEqual([{ kind: 'no-video', side: 'local', cause: 'camera-ended' }]);
  });
});

describe('the far end must still be there', () => {
  const NOW = 1_700_000_100_000;
  const view = (over: Partial<ConnectionTrack>): CallView => ({
    now: NOW,
    onLine: true,
    connections: {
      '0:pub': {
        state: 'connected',
        stateSince: NOW - 60_000,
        firstSampleAt: NOW - 60_000,
        lastSampleAt: NOW,
        inbound: {},
        outboundBytes: 0,
        figures: {},
        screenShare: { packets: 900, sentAt: NOW - 2_500 },
        arrived: 700,
        arrivedAt: NOW - 200,
        ...over,
      },
    },
  });

  it('raises 2.5 s after the share last sent, counted from that sample', () => {
    expect(detectNoVideo(view({}))).toMatchObject({
      kind: 'no-video',
      side: 'local',
      cause: 'screen-share-stopped',
      since: NOW - 2_500,
      confirmed: true,
    });
    expect(detectNoVideo(view({ screenShare: { packets: 900, sentAt: NOW - 2_499 } }))).toBeNull();
  });

  it('stays quiet when nothing has come back from the far end for 2.5 s', () => {
    expect(detectNoVideo(view({ arrivedAt: NOW - 2_500 }))).toBeNull();
  });

  it('judges by the connection state alone where the browser has no transport stats', () => {
    expect(detectNoVideo(view({ arrived: undefined, arrivedAt: undefined }))?.cause).toBe(
      'screen-share-stopped',
    );
  });
});

describe('the hook flags the stream that carries a share', () => {
  type Entry = Record<string, unknown> & { type: string; id: string };
  const report: Entry[] = [
    { type: 'media-source', id: 'SV1', kind: 'video', trackIdentifier: 'camera-track' },
    { type: 'media-source', id: 'SV2', kind: 'video', trackIdentifier: 'screen-track' },
    {
      type: 'outbound-rtp',
      id: 'OV1',
      kind: 'video',
      ssrc: 1,
      packetsSent: 10,
      bytesSent: 9000,
      mediaSourceId: 'SV1',
    },
    {
      type: 'outbound-rtp',
      id: 'OV2',
      kind: 'video',
      ssrc: 2,
      packetsSent: 20,
      bytesSent: 8000,
      mediaSourceId: 'SV2',
      contentType: 'screenshare',
    },
    { type: 'outbound-rtp', id: 'OV3', kind: 'video', ssrc: 3, packetsSent: 30, bytesSent: 7000 },
  ];
  const base = { pc: 'a', t: 1, state: 'connected' as const, tracks: [] };

  it('by the track its media source names, and only for the live shares the hook passes', () => {
    const sample = compactStats(report, base, ['screen-track']);
    expect(sample.outbound.map((s) => [s.id, s.screen])).toEqual([
      ['1', undefined],
      ['2', true],
      ['3', undefined],
    ]);
    expect(callSampleSchema.safeParse(sample).success).toBe(true);
    expect(compactStats(report, base).outbound.some((s) => s.screen)).toBe(false);
  });

  it('is a flag the relay only accepts as true', () => {
    const forged = {
      ...base,
      inbound: [],
      outbound: [{ id: '1', kind: 'video', packets: 1, bytes: 1, screen: 'yes' }],
    };
    expect(callSampleSchema.safeParse(forged).success).toBe(false);
  });
});
