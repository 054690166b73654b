import { describe, expect, it } from 'vitest';
import type { ConnectionTrack } from '@/lib/detect/call-tracker';
import { THRESHOLDS } from '@/lib/detect/thresholds';
import { detectUnstableConnection } from '@/lib/detect/unstable-connection';

const NOW = 1_700_000_100_000;

/** A settled connection whose other side reports our audio arriving with 120 ms jitter. */
const connection = (over: Partial<ConnectionTrack>): ConnectionTrack => ({
  state: 'connected',
  stateSince: NOW - 60_000,
  connectedAt: NOW - 60_000,
  firstSampleAt: NOW - 60_000,
  lastSampleAt: NOW,
  inbound: {},
  outboundBytes: 0,
  figures: { remoteAudioJitterMs: 120 },
  ...over,
});
const judge = (c: ConnectionTrack) =>
  detectUnstableConnection({ now: NOW, onLine: true, connections: { '0:a': c } });

describe('unstable-connection around a restarted microphone', () => {
  it('counts the other side’s jitter report on a steady call', () => {
    expect(judge(connection({}))).toMatchObject({ cause: 'jitter', side: 'local' });
  });

  it('ignores it while our microphone is ended', () => {
    expect(
      judge(connection({ localTrouble: { audio: { state: 'ended', since: NOW - 3000 } } })),
    ).toBeNull();
  });

  it('ignores it while the restarted microphone settles, and judges it again after', () => {
    expect(judge(connection({ localRecoveredAt: { audio: NOW - 2000 } }))).toBeNull();
    const settled = NOW - THRESHOLDS.qualityWarmupMs;
    expect(judge(connection({ localRecoveredAt: { audio: settled } }))).toMatchObject({
      cause: 'jitter',
    });
  });
});
