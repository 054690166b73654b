import { describe, expect, it } from 'vitest';
import type { ConnectionTrack } from '@/lib/detect/call-tracker';
import type { StreamTrack } from '@/lib/detect/inbound-streams';
import { detectFailedConnection } from '@/lib/detect/failed-connection';
import type { CallView } from '@/lib/detect/verdict';

const NOW = 1_700_000_100_000;

const stream = (over: Partial<StreamTrack> = {}): StreamTrack => ({
  kind: 'audio',
  packets: 1000,
  bytes: 80_000,
  lastProgressAt: NOW,
  receiving: true,
  packetRate: 50,
  ...over,
});

const connection = (over: Partial<ConnectionTrack> = {}): ConnectionTrack => ({
  state: 'connected',
  stateSince: NOW - 60_000,
  firstSampleAt: NOW - 60_000,
  lastSampleAt: NOW,
  inbound: { 'audio:1': stream(), 'video:2': stream({ kind: 'video' }) },
  outboundBytes: 0,
  figures: {},
  ...over,
});

const view = (over: Partial<CallView> = {}): CallView => ({
  now: NOW,
  onLine: true,
  connections: { '0:a': connection() },
  ...over,
});

describe('failed-connection detection', () => {
  it('stays quiet on a healthy call', () => {
    expect(detectFailedConnection(view())).toBeNull();
  });

  it('raises at once, on the tutor’s side, when the browser goes offline', () => {
    expect(detectFailedConnection(view({ onLine: false, offlineSince: NOW - 300 }))).toEqual({
      kind: 'failed-connection',
      severity: 'failure',
      side: 'local',
      cause: 'browser-offline',
      since: NOW - 300,
      confirmed: true,
    });
  });

  it('raises at once when a connection is failed, side unknown', () => {
    const v = view({
      connections: { '0:a': connection({ state: 'failed', stateSince: NOW - 10 }) },
    });
    expect(detectFailedConnection(v)).toMatchObject({
      cause: 'connection-failed',
      side: 'unknown',
      since: NOW - 10,
      confirmed: true,
    });
  });

  it.each([
    [7_999, null],
    [8_000, 'connection-disconnected'],
  ])('treats %i ms disconnected as %s', (ms, cause) => {
    const v = view({
      connections: { '0:a': connection({ state: 'disconnected', stateSince: NOW - ms }) },
    });
    expect(detectFailedConnection(v)?.cause ?? null).toBe(cause);
  });

  it('raises when every receiving stream has been flat for 2.5 s, from the moment they stopped', () => {
    const stopped = NOW - 2_500;
    const v = view({
      connections: {
        '0:a': connection({
          inbound: {
            'audio:1': stream({ lastProgressAt: stopped - 200 }),
            'video:2': stream({ kind: 'video', lastProgressAt: stopped }),
          },
        }),
      },
    });
    expect(detectFailedConnection(v)).toMatchObject({
      cause: 'media-stopped',
      since: stopped,
      side: 'unknown',
    });
  });

  it('does not raise while any receiving stream still flows', () => {
    const v = view({
      connections: {
        '0:a': connection({
          inbound: {
            'audio:1': stream({ lastProgressAt: NOW - 10_000 }),
            'video:2': stream({ kind: 'video', lastProgressAt: NOW - 500 }),
          },
        }),
      },
    });
    expect(detectFailedConnection(v)).toBeNull();
  });

  it('ignores streams that never started', () => {
    const v = view({
      connections: {
        '0:a': connection({
          inbound: {
            'audio:1': stream({ receiving: false, packets: 0, lastProgressAt: NOW - 60_000 }),
          },
        }),
      },
    });
    expect(detectFailedConnection(v)).toBeNull();
  });

  it('judges all of a tab’s connections together (an SFU sends on one and receives on another)', () => {
    const v = view({
      connections: {
        '0:send': connection({ inbound: {} }),
        '0:recv': connection({ inbound: { 'audio:1': stream({ lastProgressAt: NOW - 3_000 }) } }),
      },
    });
    expect(detectFailedConnection(v)?.cause).toBe('media-stopped');
  });

  describe('transport death (an SFU’s send-only publish connection)', () => {
    // Sends video, receives nothing: only RTCP, DTLS and STUN answers show the far end is there.
    const sendOnly = (over: Partial<ConnectionTrack> = {}) =>
      view({
        connections: {
          '0:pub': connection({
            inbound: {},
            arrived: 65,
            arrivedAt: NOW - 2_000,
            sentVideoAt: NOW,
            ...over,
          }),
        },
      });

    it('raises when nothing at all has arrived for 2 s while we kept sending video', () => {
      expect(detectFailedConnection(sendOnly())).toMatchObject({
        kind: 'failed-connection',
        cause: 'nothing-arriving',
        since: NOW - 2_000,
        side: 'unknown',
        confirmed: true,
      });
    });

    it('waits while the last arrival is under 2 s old', () => {
      expect(detectFailedConnection(sendOnly({ arrivedAt: NOW - 1_999 }))).toBeNull();
    });

    it('does not blame the far end when we stopped sending first (camera off)', () => {
      const v = sendOnly({ arrivedAt: NOW - 5_000, sentVideoAt: NOW - 4_000 });
      expect(detectFailedConnection(v)).toBeNull();
    });

    it('keeps the incident up once Chromium calls the silent connection disconnected', () => {
      const v = sendOnly({ state: 'disconnected', stateSince: NOW - 500, arrivedAt: NOW - 8_000 });
      expect(detectFailedConnection(v)?.cause).toBe('nothing-arriving');
    });

    it('says nothing where the browser reports no transport counts (Firefox)', () => {
      const v = sendOnly({ arrived: undefined, arrivedAt: undefined });
      expect(detectFailedConnection(v)).toBeNull();
    });

    it('raises at once when the far end closes DTLS, though the connection still says connected', () => {
      const v = sendOnly({ arrivedAt: NOW, dtls: { state: 'closed', since: NOW - 300 } });
      expect(detectFailedConnection(v)).toMatchObject({
        cause: 'far-end-closed',
        since: NOW - 300,
        confirmed: true,
      });
    });

    it('names a failed DTLS transport as a failed connection', () => {
      const v = sendOnly({ arrivedAt: NOW, dtls: { state: 'failed', since: NOW - 10 } });
      expect(detectFailedConnection(v)?.cause).toBe('connection-failed');
    });
  });

  it('says nothing about a call that has no connections', () => {
    expect(detectFailedConnection(view({ connections: {} }))).toBeNull();
  });

  it('puts offline before everything else, so the side is local', () => {
    const v = view({ onLine: false, connections: { '0:a': connection({ state: 'failed' }) } });
    expect(detectFailedConnection(v)).toMatchObject({ cause: 'browser-offline', side: 'local' });
  });
});
