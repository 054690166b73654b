import { describe, expect, it } from 'vitest';
import { compactStats } from '@/lib/hook/compact-stats';
import { callSampleSchema } from '@/lib/hook/call-sample';

type Entry = Record<string, unknown> & { type: string; id: string };

// Shaped like Chromium 156's getStats() for a connected audio+video call (trimmed to what we read).
const chromiumReport: Entry[] = [
  { type: 'transport', id: 'T01', selectedCandidatePairId: 'CP1' },
  {
    type: 'candidate-pair',
    id: 'CP1',
    currentRoundTripTime: 0.0123,
    availableOutgoingBitrate: 2_345_678,
    nominated: true,
    state: 'succeeded',
  },
  { type: 'candidate-pair', id: 'CP2', currentRoundTripTime: 0.9, state: 'failed' },
  {
    type: 'inbound-rtp',
    id: 'IA',
    kind: 'audio',
    ssrc: 111,
    packetsReceived: 500,
    bytesReceived: 40_000,
    packetsLost: 3,
    jitter: 0.0042,
    concealedSamples: 960,
    totalSamplesReceived: 480_000,
  },
  {
    type: 'inbound-rtp',
    id: 'IV',
    kind: 'video',
    ssrc: 222,
    packetsReceived: 900,
    bytesReceived: 990_000,
    packetsLost: 0,
    jitter: 0.011,
    framesDecoded: 150,
    freezeCount: 1,
    totalFreezesDuration: 0.75,
    frameWidth: 640,
  },
  {
    type: 'outbound-rtp',
    id: 'OV',
    kind: 'video',
    ssrc: 333,
    packetsSent: 880,
    bytesSent: 970_000,
    qualityLimitationReason: 'bandwidth',
    frameWidth: 320,
    framesEncoded: 1_200,
    totalEncodeTime: 14.2567,
    targetBitrate: 49_600,
    remoteId: 'RIV',
  },
  {
    type: 'outbound-rtp',
    id: 'OA',
    kind: 'audio',
    ssrc: 444,
    packetsSent: 50,
    bytesSent: 4_000,
    targetBitrate: 32_000,
  },
  { type: 'remote-inbound-rtp', id: 'RIV', kind: 'video', fractionLost: 0.02, jitter: 0.005 },
  { type: 'media-source', id: 'MS', kind: 'audio', audioLevel: 0.3 },
];

describe('compactStats', () => {
  const sample = compactStats(chromiumReport, {
    pc: 'p-1',
    t: 1000,
    state: 'connected',
    tracks: [],
  });

  it('keeps the selected pair’s RTT in ms and available bitrate in kbps', () => {
    expect(sample.rttMs).toBe(12);
    expect(sample.availableOutgoingKbps).toBe(2346);
  });

  it('reads inbound audio and video counters, jitter in ms, freezes in ms', () => {
    expect(sample.inbound).toEqual([
      {
        id: '111',
        kind: 'audio',
        packets: 500,
        bytes: 40_000,
        lost: 3,
        jitterMs: 4.2,
        concealedSamples: 960,
        totalSamples: 480_000,
      },
      {
        id: '222',
        kind: 'video',
        packets: 900,
        bytes: 990_000,
        lost: 0,
        jitterMs: 11,
        framesDecoded: 150,
        freezeMs: 750,
      },
    ]);
  });

  it('joins outbound streams with what the other side reported back, and video’s target', () => {
    expect(sample.outbound).toEqual([
      {
        id: '333',
        kind: 'video',
        packets: 880,
        bytes: 970_000,
        qualityLimitation: 'bandwidth',
        framesEncoded: 1_200,
        encodeMs: 14_257,
        targetKbps: 50,
        remoteFractionLost: 0.02,
        remoteJitterMs: 5,
      },
      // Audio's target is constant and never judged, so it is not carried.
      { id: '444', kind: 'audio', packets: 50, bytes: 4_000 },
    ]);
  });

  it('counts what arrives on the transport with every pair’s STUN answers, and no DTLS news when it is up', () => {
    const report = [
      ...chromiumReport.filter((e) => e.type !== 'transport' && e.type !== 'candidate-pair'),
      {
        type: 'transport',
        id: 'T01',
        selectedCandidatePairId: 'CP1',
        packetsReceived: 60,
        dtlsState: 'connected',
      },
      { type: 'candidate-pair', id: 'CP1', responsesReceived: 4 },
      // ICE tries another pair while the far end is silent: its answers count too.
      { type: 'candidate-pair', id: 'CP2', responsesReceived: 1 },
    ];
    const s = compactStats(report, { pc: 'p', t: 1, state: 'connected', tracks: [] });
    expect(s.arrived).toBe(65);
    expect(s.dtls).toBeUndefined();
  });

  it.each(['closed', 'failed'] as const)('reports a %s DTLS transport', (dtlsState) => {
    const s = compactStats([{ type: 'transport', id: 'T', packetsReceived: 3, dtlsState }], {
      pc: 'p',
      t: 1,
      state: 'connected',
      tracks: [],
    });
    expect(s).toMatchObject({ arrived: 3, dtls: dtlsState });
    expect(callSampleSchema.safeParse(s).success).toBe(true);
  });

  it('produces something the relay’s schema accepts', () => {
    expect(callSampleSchema.safeParse(sample).success).toBe(true);
  });

  it('leaves out what the browser does not report, rather than saying zero', () => {
    // Firefox: no transport stats, no freeze or concealment counters, `mediaType` on old Safari.
    const firefox = compactStats(
      [
        { type: 'candidate-pair', id: 'CP', nominated: true, state: 'succeeded' },
        {
          type: 'inbound-rtp',
          id: 'I',
          mediaType: 'audio',
          packetsReceived: 10,
          bytesReceived: 800,
        },
      ],
      { pc: 'p', t: 1, state: 'connected', tracks: [] },
    );
    expect(firefox).toEqual({
      pc: 'p',
      t: 1,
      state: 'connected',
      inbound: [{ id: 'I', kind: 'audio', packets: 10, bytes: 800 }],
      outbound: [],
      tracks: [],
    });
  });

  it('uses the nominated succeeded pair when there is no transport entry', () => {
    const s = compactStats(
      [
        {
          type: 'candidate-pair',
          id: 'CP',
          nominated: true,
          state: 'succeeded',
          currentRoundTripTime: 0.05,
        },
      ],
      { pc: 'p', t: 1, state: 'connected', tracks: [] },
    );
    expect(s.rttMs).toBe(50);
  });

  it('ignores non-finite numbers and unknown limitation reasons', () => {
    const s = compactStats(
      [
        {
          type: 'outbound-rtp',
          id: 'O',
          kind: 'audio',
          packetsSent: Number.NaN,
          bytesSent: Infinity,
          qualityLimitationReason: 'aliens',
        },
      ],
      { pc: 'p', t: 1, state: 'connected', tracks: [] },
    );
    expect(s.outbound).toEqual([{ id: 'O', kind: 'audio', packets: 0, bytes: 0 }]);
  });
});
